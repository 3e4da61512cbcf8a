//! The `congkhai` command line: parses flags, calls the library, prints diagnostics
//! and sets the exit code.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use congkhai::legal::cli::{CitationsFormat, run_citations};

#[derive(Parser)]
#[command(name = "congkhai", version, about = "Trang công khai kế hoạch của xã")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Tìm các văn bản được trích dẫn trong tệp văn bản thuần hoặc Markdown.
    Citations {
        /// Định dạng kết quả.
        #[arg(long, value_enum, default_value_t = CitationsFormat::Json)]
        format: CitationsFormat,
        /// Các tệp cần quét.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Citations { format, files } => run_citations(&files, format),
    };
    std::process::exit(code);
}
