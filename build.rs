//! Embeds the default theme (`themes/default/`) into the binary, so that a commune
//! site made with `congkhai init` anywhere on disk renders without copying a theme.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // The manifest folder of this build, read when the script runs: `env!` would bake in
    // the folder the script was compiled for, which a second checkout sharing the target
    // folder (a git worktree) reuses.
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let theme = Path::new(&manifest).join("themes").join("default");
    println!("cargo::rerun-if-changed={}", theme.display());
    let mut files = Vec::new();
    collect(&theme, &theme, &mut files);
    files.sort();
    assert!(
        files.iter().any(|(relative, _)| relative == "templates/base.html"),
        "the default theme is missing: no templates/base.html in {}",
        theme.display()
    );
    let mut code = String::from(
        "/// Files of the built-in default theme: (path inside the theme, bytes).\npub static FILES: &[(&str, &[u8])] = &[\n",
    );
    for (relative, absolute) in &files {
        println!("cargo::rerun-if-changed={absolute}");
        let _ = writeln!(code, "    ({relative:?}, include_bytes!({absolute:?})),");
    }
    code.push_str("];\n");
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("default_theme.rs");
    std::fs::write(out, code).expect("write default_theme.rs");
}

fn collect(base: &Path, dir: &Path, files: &mut Vec<(String, String)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(base, &path, files);
        } else if path.is_file() {
            let relative = path.strip_prefix(base).expect("inside theme").to_string_lossy().replace('\\', "/");
            files.push((relative, path.to_string_lossy().into_owned()));
        }
    }
}
