//! Writing the site: every file goes into a staging folder beside the output folder,
//! HTML is minified on the way, and only when everything succeeded is the staging
//! folder swapped in. A failed build leaves the previous `public/` exactly as it was.

use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;
use crate::render::Source;

/// A staging folder that becomes the output folder on [`Staging::commit`] and is
/// removed if dropped uncommitted.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
    /// Folders already made: each is made once, not once per file in it.
    made: std::sync::Mutex<std::collections::HashSet<PathBuf>>,
}

impl Staging {
    /// Creates `.<name>.staging` beside `target` (same file system, so the final swap is
    /// a rename), clearing any leftover from an interrupted build.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let dir = sibling(target, "staging");
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir_all(&dir)?;
        Ok(Staging { dir, target: target.to_path_buf(), committed: false, made: Default::default() })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` at `relative` (a `/`-separated path) inside the staging folder.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path_of(relative)?;
        self.make_parent(&path)?;
        std::fs::write(path, bytes)
    }

    fn make_parent(&self, path: &Path) -> io::Result<()> {
        let Some(parent) = path.parent() else { return Ok(()) };
        if self.made.lock().is_ok_and(|made| made.contains(parent)) {
            return Ok(());
        }
        std::fs::create_dir_all(parent)?;
        if let Ok(mut made) = self.made.lock() {
            made.insert(parent.to_path_buf());
        }
        Ok(())
    }

    /// Copies a file into the staging folder.
    pub fn copy(&self, relative: &str, source: &Source) -> io::Result<()> {
        match source {
            Source::Builtin(bytes) => self.write(relative, bytes),
            Source::File(from) => {
                let path = self.path_of(relative)?;
                self.make_parent(&path)?;
                std::fs::copy(from, path).map(|_| ())
            }
        }
    }

    fn path_of(&self, relative: &str) -> io::Result<PathBuf> {
        let mut path = self.dir.clone();
        for part in relative.split('/') {
            if part.is_empty() || part == "." {
                continue;
            }
            if part == ".." {
                return Err(io::Error::new(io::ErrorKind::InvalidInput, format!("path leaves the output: {relative}")));
            }
            path.push(part);
        }
        Ok(path)
    }

    /// Swaps the staging folder in place of the target.
    pub fn commit(mut self) -> io::Result<()> {
        let old = sibling(&self.target, "old");
        if old.exists() {
            std::fs::remove_dir_all(&old)?;
        }
        let had_target = self.target.exists();
        if had_target {
            std::fs::rename(&self.target, &old)?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.target) {
            if had_target {
                // Put the previous site back rather than leave nothing.
                let _ = std::fs::rename(&old, &self.target);
            }
            return Err(e);
        }
        self.committed = true;
        if had_target {
            remove_tree(&old)?;
        }
        Ok(())
    }
}

/// `remove_dir_all`, with files unlinked in parallel and folders removed deepest first
/// (a site of 1,000 plans is 13,000 files in as many folders).
fn remove_tree(dir: &Path) -> io::Result<()> {
    use rayon::prelude::*;
    let mut files = Vec::new();
    let mut dirs: Vec<(usize, PathBuf)> = Vec::new();
    for entry in walkdir::WalkDir::new(dir) {
        let entry = entry.map_err(io::Error::other)?;
        if entry.file_type().is_dir() {
            dirs.push((entry.depth(), entry.into_path()));
        } else {
            files.push(entry.into_path());
        }
    }
    files.par_iter().try_for_each(std::fs::remove_file)?;
    dirs.sort_by_key(|(depth, _)| std::cmp::Reverse(*depth));
    for level in dirs.chunk_by(|a, b| a.0 == b.0) {
        level.par_iter().try_for_each(|(_, path)| std::fs::remove_dir(path))?;
    }
    Ok(())
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// `.public.staging` beside `public`.
fn sibling(target: &Path, suffix: &str) -> PathBuf {
    let name = target.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    target.with_file_name(format!(".{name}.{suffix}"))
}

/// Refuses output folders whose replacement would destroy the site's sources: the site
/// folder itself, one of its ancestors, or its `content/`, `templates/`, `static/`,
/// `themes/`.
pub fn check_output_dir(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let absolute = |p: &Path| -> PathBuf {
        let p = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
        normalise(&p)
    };
    let root = absolute(root);
    let output = absolute(output);
    let protected = ["content", "templates", "static", "themes", "src", ".git"];
    let dangerous = root.starts_with(&output) || protected.iter().any(|p| output.starts_with(root.join(p)));
    if dangerous || output.parent().is_none() {
        return Err(Diagnostic::error(
            output.display().to_string(),
            1,
            1,
            "thư mục xuất trùng với thư mục nguồn của trang",
        )
        .with_hint("chọn thư mục xuất riêng, ví dụ --output-dir public"));
    }
    if output.exists() && !output.is_dir() {
        return Err(Diagnostic::error(
            output.display().to_string(),
            1,
            1,
            "đường dẫn xuất đã có và không phải thư mục",
        )
        .with_hint("xóa tệp này hoặc chọn thư mục xuất khác"));
    }
    Ok(())
}

/// Removes `.` and `..` components without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// Minifies an HTML document, keeping it valid HTML (doctype, `<html lang>`, quoted
/// attributes where needed).
pub fn minify_html(bytes: &[u8]) -> Vec<u8> {
    let cfg = minify_html::Cfg {
        keep_html_and_head_opening_tags: true,
        keep_closing_tags: false,
        minify_css: false,
        minify_js: false,
        minify_doctype: false,
        allow_noncompliant_unquoted_attribute_values: false,
        allow_removing_spaces_between_attributes: false,
        allow_optimal_entities: false,
        keep_comments: false,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(bytes, &cfg)
}

/// Minifies a stylesheet without changing what it means: comments dropped, white
/// space collapsed, and removed next to `{`, `}`, `;`, `,` and `>`. Strings and
/// `url(…)` are copied as they are; `+`, `-` and `:` keep their spaces (they matter in
/// `calc()` and selectors).
pub fn minify_css(css: &str) -> String {
    let bytes = css.as_bytes();
    let mut out = String::with_capacity(css.len());
    let mut i = 0;
    let mut pending_space = false;
    let tight = |c: char| matches!(c, '{' | '}' | ';' | ',' | '>');
    while i < bytes.len() {
        let c = bytes[i];
        if c == b'/' && bytes.get(i + 1) == Some(&b'*') {
            i = css[i + 2..].find("*/").map_or(bytes.len(), |end| i + 2 + end + 2);
            pending_space = true;
            continue;
        }
        if c.is_ascii_whitespace() {
            pending_space = true;
            i += 1;
            continue;
        }
        let ch = css[i..].chars().next().unwrap_or(' ');
        if pending_space && !out.is_empty() && !out.ends_with(tight) && !tight(ch) {
            out.push(' ');
        }
        pending_space = false;
        if c == b'"' || c == b'\'' {
            // Copy a string verbatim, escapes included.
            let mut j = i + 1;
            while j < bytes.len() && bytes[j] != c {
                j += if bytes[j] == b'\\' { 2 } else { 1 };
            }
            let end = (j + 1).min(bytes.len());
            out.push_str(&css[i..end]);
            i = end;
            continue;
        }
        if css[i..].starts_with("url(") {
            let end = css[i..].find(')').map_or(bytes.len(), |e| i + e + 1);
            out.push_str(&css[i..end]);
            i = end;
            continue;
        }
        if ch == '}' && out.ends_with(';') {
            out.pop();
        }
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_build_leaves_previous_output() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("public");
        std::fs::create_dir_all(&target).expect("mkdir");
        std::fs::write(target.join("index.html"), "cũ").expect("write");
        {
            let staging = Staging::new(&target).expect("staging");
            staging.write("index.html", "mới".as_bytes()).expect("write");
            // dropped without commit
        }
        assert_eq!(std::fs::read_to_string(target.join("index.html")).ok().as_deref(), Some("cũ"));
        assert!(!sibling(&target, "staging").exists());
    }

    #[test]
    fn commit_swaps_in_new_output() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("public");
        std::fs::create_dir_all(&target).expect("mkdir");
        std::fs::write(target.join("stale.html"), "x").expect("write");
        let staging = Staging::new(&target).expect("staging");
        staging.write("a/index.html", b"new").expect("write");
        staging.commit().expect("commit");
        assert!(target.join("a/index.html").is_file());
        assert!(!target.join("stale.html").exists());
    }

    #[test]
    fn the_previous_output_is_removed_whole_after_the_swap() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("public");
        for page in ["a/b/c", "a/d", "e"] {
            std::fs::create_dir_all(target.join(page)).expect("mkdir");
            std::fs::write(target.join(page).join("index.html"), "cũ").expect("write");
        }
        let staging = Staging::new(&target).expect("staging");
        staging.write("index.html", b"new").expect("write");
        staging.commit().expect("commit");
        assert!(!sibling(&target, "old").exists(), "the old tree is gone");
        assert!(!target.join("a").exists());
        let names: Vec<_> = std::fs::read_dir(dir.path()).expect("list").flatten().map(|e| e.file_name()).collect();
        assert_eq!(names, vec![std::ffi::OsString::from("public")], "nothing left beside the output");
    }

    #[test]
    fn css_minifies_without_touching_strings_or_calc() {
        let css = "/* note */\n.a  >  .b ,\n.c {\n  content: \"✓ , ; \" / \"\";\n  width: calc(100% - 2rem);\n}\n@media (max-width: 40rem) { a:hover { color: red; } }\n";
        assert_eq!(
            minify_css(css),
            ".a>.b,.c{content: \"✓ , ; \" / \"\";width: calc(100% - 2rem)}@media (max-width: 40rem){a:hover{color: red}}"
        );
    }

    #[test]
    fn refuses_to_replace_sources() {
        let root = Path::new("/srv/site");
        assert!(check_output_dir(root, Path::new("/srv/site/content")).is_err());
        assert!(check_output_dir(root, Path::new("/srv/site")).is_err());
        assert!(check_output_dir(root, Path::new("/srv")).is_err());
        assert!(check_output_dir(root, Path::new("/srv/site/public")).is_ok());
    }

    #[test]
    fn minified_html_keeps_doctype_and_lang() {
        let out = minify_html(
            b"<!DOCTYPE html>\n<html lang=\"vi\">\n<head><title>A</title></head>\n<body>\n<p>  x  </p>\n</body></html>",
        );
        let text = String::from_utf8(out).unwrap_or_default();
        assert!(text.to_lowercase().starts_with("<!doctype html><html lang=vi>"), "{text}");
    }
}
