//! Helpers for integration tests: copy a fixture site into a temp folder, run the real
//! `congkhai` binary on it, and read the result the way a reader would (visible text,
//! links).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The crate root (where `tests/fixtures` and the example site live).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests").join("fixtures").join(name)
}

/// Copies `from` into `to` (recursively), files in sorted or reverse-sorted order.
pub fn copy_tree(from: &Path, to: &Path, reverse: bool) {
    let mut entries: Vec<_> = walk(from);
    if reverse {
        entries.reverse();
    }
    for path in entries {
        let relative = path.strip_prefix(from).expect("inside");
        let target = to.join(relative);
        std::fs::create_dir_all(target.parent().expect("has parent")).expect("mkdir");
        std::fs::copy(&path, &target).expect("copy");
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// A fixture site copied into a fresh temp folder: `valid`, then the overlay
/// `broken/<name>` if given.
pub struct Site {
    pub dir: tempfile::TempDir,
}

impl Site {
    pub fn valid() -> Site {
        Site::from_fixture("valid", None)
    }

    pub fn broken(overlay: &str) -> Site {
        Site::from_fixture("valid", Some(overlay))
    }

    pub fn from_fixture(base: &str, overlay: Option<&str>) -> Site {
        let dir = tempfile::tempdir().expect("temp dir");
        copy_tree(&fixture(base), dir.path(), false);
        if let Some(overlay) = overlay {
            copy_tree(&fixture("broken").join(overlay), dir.path(), false);
        }
        Site { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.root().join(relative);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.root().join(relative)).unwrap_or_else(|e| panic!("read {relative}: {e}"))
    }

    /// Runs `congkhai --root <site> <args…>`.
    pub fn run(&self, args: &[&str]) -> Run {
        run_in(self.root(), args)
    }

    pub fn build(&self) -> Run {
        let run = self.run(&["build"]);
        assert!(run.ok(), "build failed:\n{}", run.stderr);
        run
    }

    /// The visible text of an output page.
    pub fn text_of(&self, page: &str) -> String {
        visible_text(&self.read(&format!("public/{page}")))
    }
}

pub fn run_in(root: &Path, args: &[&str]) -> Run {
    let output: Output = Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .arg("--root")
        .arg(root)
        .args(args)
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .expect("run congkhai");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn ok(&self) -> bool {
        self.code == 0
    }

    /// The `path:line:col: error: …` lines printed.
    pub fn errors(&self) -> Vec<&str> {
        self.stderr.lines().chain(self.stdout.lines()).filter(|l| l.contains(": error: ")).collect()
    }
}

/// Text a reader sees: tags removed, entities decoded, white space collapsed.
pub fn visible_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut skip_until: Option<&str> = None;
    let lower = html.to_lowercase();
    let mut i = 0;
    let bytes = html.as_bytes();
    while i < bytes.len() {
        if let Some(end) = skip_until {
            match lower[i..].find(end) {
                Some(p) => {
                    i += p + end.len();
                    skip_until = None;
                    continue;
                }
                None => break,
            }
        }
        let c = bytes[i];
        if c == b'<' {
            if lower[i..].starts_with("<script") {
                skip_until = Some("</script>");
            } else if lower[i..].starts_with("<style") {
                skip_until = Some("</style>");
            }
            in_tag = true;
            out.push(' ');
        } else if c == b'>' && in_tag {
            in_tag = false;
        } else if !in_tag {
            let ch_len = html[i..].chars().next().map_or(1, char::len_utf8);
            out.push_str(&html[i..i + ch_len]);
            i += ch_len;
            continue;
        }
        i += 1;
    }
    let decoded = out
        .replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Values of `href` attributes (quoted or unquoted).
pub fn hrefs(html: &str) -> Vec<String> {
    attribute(html, "href")
}

pub fn attribute(html: &str, name: &str) -> Vec<String> {
    let needle = format!(" {name}=");
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(p) = html[from..].find(&needle) {
        let start = from + p + needle.len();
        let rest = &html[start..];
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or(""),
        };
        out.push(value.replace("&amp;", "&"));
        from = start + value.len().max(1);
    }
    out
}

/// Every file under `dir` with its bytes, by relative path.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    walk(dir)
        .into_iter()
        .map(|p| {
            (p.strip_prefix(dir).expect("inside").to_string_lossy().into_owned(), std::fs::read(&p).expect("read"))
        })
        .collect()
}
