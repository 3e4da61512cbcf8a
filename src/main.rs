//! The `congkhai` command line: parses flags, calls the library, prints diagnostics
//! and sets the exit code.

fn main() {
    println!("congkhai");
}
