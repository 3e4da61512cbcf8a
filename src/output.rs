//! Writing the site: every file goes into a staging folder beside the output folder,
//! HTML is minified on the way, and only when everything succeeded is the staging
//! folder swapped in. A failed build leaves the previous `public/` exactly as it was.
//!
//! The output that a swap replaces is not deleted: it is kept beside the output as
//! `.public.old` and becomes the next build's staging folder. Unchanged files are left
//! as they are, changed ones are rewritten in place and whatever the new build did not
//! write is pruned before the swap. A site of 1,000 plans is 25,000 files and folders;
//! making and deleting that many on every build is most of a build's time on some file
//! systems (ext4 without a journal scans past every recently deleted inode each time it
//! makes a new one), and rewriting the same bytes is needless disk traffic.

use std::collections::HashSet;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rayon::prelude::*;

use crate::diagnostics::Diagnostic;
use crate::render::Source;

/// A staging folder that becomes the output folder on [`Staging::commit`]. Dropped
/// uncommitted, it is kept as the spare for the next build, never swapped in.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    committed: bool,
    /// Folders already made: each is made once, not once per file in it.
    made: Mutex<HashSet<PathBuf>>,
    /// What a recycled previous output held; `None` when the staging folder started empty.
    recycled: Option<Recycled>,
}

/// The files and folders of a recycled output: the files this build has not written
/// yet, pruned on commit with the folders no written file is in.
struct Recycled {
    leftover_files: Mutex<HashSet<PathBuf>>,
    folders: Vec<PathBuf>,
}

impl Staging {
    /// Opens `.<name>.staging` beside `target` (same file system, so the final swap is
    /// a rename). It starts from the previous output kept by the last swap
    /// (`.<name>.old`), or from a staging folder an interrupted build left, or empty.
    pub fn new(target: &Path) -> io::Result<Staging> {
        let dir = sibling(target, "staging");
        if !is_real_folder(&dir) {
            remove_entry(&dir)?;
            let spare = sibling(target, "old");
            if is_real_folder(&spare) {
                std::fs::rename(&spare, &dir)?;
            } else {
                remove_entry(&spare)?;
            }
        }
        let recycled = if is_real_folder(&dir) {
            Some(inventory(&dir)?)
        } else {
            std::fs::create_dir_all(&dir)?;
            None
        };
        Ok(Staging { dir, target: target.to_path_buf(), committed: false, made: Default::default(), recycled })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` at `relative` (a `/`-separated path) inside the staging folder.
    /// A recycled file that already holds these bytes is left untouched.
    pub fn write(&self, relative: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.path_of(relative)?;
        if self.claim(&path) && holds(&path, bytes) {
            return self.make_parent(&path);
        }
        self.make_way(&path, || std::fs::write(&path, bytes))
    }

    /// Copies a file into the staging folder.
    pub fn copy(&self, relative: &str, source: &Source) -> io::Result<()> {
        match source {
            Source::Builtin(bytes) => self.write(relative, bytes),
            Source::File(from) => {
                let path = self.path_of(relative)?;
                self.claim(&path);
                self.make_way(&path, || std::fs::copy(from, &path).map(|_| ()))
            }
        }
    }

    /// Marks a recycled file as written by this build; true if it was there before.
    fn claim(&self, path: &Path) -> bool {
        self.recycled.as_ref().is_some_and(|r| r.leftover_files.lock().is_ok_and(|mut files| files.remove(path)))
    }

    /// Makes `path`'s folder and runs `write`. In a recycled folder, an old file where
    /// a folder is now needed, or an old folder where a file now goes, is removed first.
    fn make_way(&self, path: &Path, write: impl Fn() -> io::Result<()>) -> io::Result<()> {
        let first = self.make_parent(path).and_then(|()| write());
        match first {
            Err(e) if self.recycled.is_some() => {
                if !self.clear_old_entries_in_the_way(path) {
                    return Err(e);
                }
                self.make_parent(path)?;
                write()
            }
            other => other,
        }
    }

    /// Removes what a recycled output has at `path` or at its ancestors that blocks
    /// writing a file there, unless this build wrote it (then the build itself has a
    /// file and a folder at the same place, which is reported, not hidden). True if
    /// something was removed.
    fn clear_old_entries_in_the_way(&self, path: &Path) -> bool {
        let mut removed = false;
        let relative = path.strip_prefix(&self.dir).unwrap_or(path);
        let mut at = self.dir.clone();
        let parts: Vec<_> = relative.components().collect();
        for (i, part) in parts.iter().enumerate() {
            at.push(part);
            let Ok(meta) = std::fs::symlink_metadata(&at) else { return removed };
            let last = i + 1 == parts.len();
            if meta.is_dir() && last {
                let ours = self.made.lock().is_ok_and(|made| made.iter().any(|m| m.starts_with(&at)));
                return !ours && std::fs::remove_dir_all(&at).is_ok();
            }
            if !meta.is_dir() && !last {
                if self.claim(&at) {
                    removed |= std::fs::remove_file(&at).is_ok();
                }
                return removed;
            }
        }
        removed
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

    /// Removes what a recycled output held that this build did not write: its files,
    /// then its folders that hold no written file, deepest first.
    fn prune(&mut self) -> io::Result<()> {
        let Some(recycled) = self.recycled.take() else { return Ok(()) };
        let files = recycled.leftover_files.into_inner().unwrap_or_default();
        files.par_iter().try_for_each(|file| ignore_missing(std::fs::remove_file(file)))?;
        let mut kept: HashSet<PathBuf> = HashSet::new();
        for folder in self.made.get_mut().map(std::mem::take).unwrap_or_default() {
            let mut at: &Path = &folder;
            while at.starts_with(&self.dir) && kept.insert(at.to_path_buf()) {
                let Some(parent) = at.parent() else { break };
                at = parent;
            }
        }
        // A stale folder may have been replaced by a file of the same name since.
        let mut stale: Vec<&PathBuf> =
            recycled.folders.iter().filter(|f| !kept.contains(*f) && is_real_folder(f)).collect();
        stale.sort_by_key(|f| std::cmp::Reverse(f.components().count()));
        for level in stale.chunk_by(|a, b| a.components().count() == b.components().count()) {
            level.par_iter().try_for_each(|folder| ignore_missing(std::fs::remove_dir(folder)))?;
        }
        Ok(())
    }

    /// Swaps the staging folder in place of the target; the previous output is kept as
    /// the next build's staging folder.
    pub fn commit(mut self) -> io::Result<()> {
        self.prune()?;
        let old = sibling(&self.target, "old");
        if is_real_folder(&old) {
            remove_tree(&old)?;
        } else {
            remove_entry(&old)?;
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
            mark_as_spare(&old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    /// An uncommitted staging folder becomes the spare that the next build recycles.
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let spare = sibling(&self.target, "old");
        if std::fs::symlink_metadata(&spare).is_err() && std::fs::rename(&self.dir, &spare).is_ok() {
            mark_as_spare(&spare);
        } else {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Lists a recycled folder's files and folders; anything else in it (a symbolic link a
/// write could follow out of the output, a socket) is removed now.
fn inventory(dir: &Path) -> io::Result<Recycled> {
    let mut files = HashSet::new();
    let mut folders = Vec::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.map_err(io::Error::other)?;
        let kind = entry.file_type();
        if kind.is_dir() {
            folders.push(entry.into_path());
        } else if kind.is_file() {
            files.insert(entry.into_path());
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(Recycled { leftover_files: Mutex::new(files), folders })
}

/// Whether the file at `path` holds exactly `bytes`.
fn holds(path: &Path, bytes: &[u8]) -> bool {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else { return false };
    if file.metadata().map(|m| m.len()).ok() != Some(bytes.len() as u64) {
        return false;
    }
    let mut buffer = [0u8; 16 * 1024];
    let mut rest = bytes;
    while !rest.is_empty() {
        let want = rest.len().min(buffer.len());
        if file.read_exact(&mut buffer[..want]).is_err() || buffer[..want] != rest[..want] {
            return false;
        }
        rest = &rest[want..];
    }
    true
}

/// Tells git (and people) that the kept previous output is not part of the site. An
/// output folder that was a link to elsewhere is not written into.
fn mark_as_spare(dir: &Path) {
    if !is_real_folder(dir) {
        return;
    }
    let _ = std::fs::write(
        dir.join(".gitignore"),
        "# congkhai: the previous output, kept to be reused by the next build; safe to delete.\n*\n",
    );
}

fn is_real_folder(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Removes a file, a symbolic link or a folder at `path`, if there is one.
fn remove_entry(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(_) => Ok(()),
    }
}

/// Pruning an old file that is gone already, or whose folder is now a file, is done.
fn ignore_missing(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(e) if matches!(e.kind(), io::ErrorKind::NotFound | io::ErrorKind::NotADirectory) => Ok(()),
        other => other,
    }
}

/// `remove_dir_all`, with files unlinked in parallel and folders removed deepest first
/// (a site of 1,000 plans is 13,000 files in as many folders).
fn remove_tree(dir: &Path) -> io::Result<()> {
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

    /// Every file under `dir` with its contents, as (`/`-separated path, text).
    fn files_in(dir: &Path) -> Vec<(String, String)> {
        let mut files: Vec<_> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let relative = e.path().strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/");
                (relative, std::fs::read_to_string(e.path()).expect("read"))
            })
            .collect();
        files.sort();
        files
    }

    fn folders_in(dir: &Path) -> Vec<String> {
        let mut folders: Vec<_> = walkdir::WalkDir::new(dir)
            .min_depth(1)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_dir())
            .map(|e| e.path().strip_prefix(dir).expect("inside").to_string_lossy().replace('\\', "/"))
            .collect();
        folders.sort();
        folders
    }

    fn build(target: &Path, files: &[(&str, &str)]) {
        let staging = Staging::new(target).expect("staging");
        for (path, text) in files {
            staging.write(path, text.as_bytes()).expect("write");
        }
        staging.commit().expect("commit");
    }

    fn expected(files: &[(&str, &str)]) -> Vec<(String, String)> {
        let mut files: Vec<_> = files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
        files.sort();
        files
    }

    #[test]
    fn the_previous_output_is_kept_aside_marked_as_not_part_of_the_site() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("public");
        build(&target, &[("a/b/c/index.html", "cũ"), ("e/index.html", "cũ")]);
        build(&target, &[("index.html", "mới")]);
        assert_eq!(files_in(&target), expected(&[("index.html", "mới")]));
        assert!(folders_in(&target).is_empty(), "{:?}", folders_in(&target));
        let spare = sibling(&target, "old");
        let kept = files_in(&spare);
        assert!(kept.contains(&("a/b/c/index.html".into(), "cũ".into())), "{kept:?}");
        assert!(kept.iter().any(|(p, t)| p == ".gitignore" && t.lines().any(|l| l == "*")), "{kept:?}");
        let names: Vec<_> = std::fs::read_dir(dir.path()).expect("list").flatten().map(|e| e.file_name()).collect();
        assert_eq!(names.len(), 2, "the output and its spare, no staging folder: {names:?}");
    }

    #[test]
    fn a_rebuild_reuses_the_previous_output_and_prunes_what_is_gone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("public");
        let first =
            [("index.html", "trang chủ"), ("a/index.html", "giữ"), ("b/index.html", "cũ"), ("c/d/index.html", "bỏ")];
        build(&target, &first);
        build(&target, &[("index.html", "lần hai")]);
        #[cfg(unix)]
        let inode = {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(sibling(&target, "old").join("a/index.html")).expect("kept").ino()
        };
        let third =
            [("index.html", "lần ba"), ("a/index.html", "giữ"), ("b/index.html", "mới"), ("e/index.html", "thêm")];
        build(&target, &third);
        assert_eq!(files_in(&target), expected(&third), "exactly this build's files");
        assert_eq!(folders_in(&target), vec!["a", "b", "e"], "the folder of a page that is gone is pruned");
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let now = std::fs::metadata(target.join("a/index.html")).expect("written").ino();
            assert_eq!(now, inode, "an unchanged file is the same file, not a new one");
        }
        assert_eq!(files_in(&sibling(&target, "old")).len(), 2, "the second build's output, and .gitignore");
    }

    #[test]
    fn a_rebuild_replaces_old_files_and_folders_that_are_in_the_way() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("public");
        build(&target, &[("x", "tệp"), ("y/index.html", "thư mục"), ("z/w", "sâu")]);
        build(&target, &[("index.html", "giữa")]);
        let third = [("x/index.html", "giờ là thư mục"), ("y", "giờ là tệp"), ("z/w/v/index.html", "sâu hơn")];
        build(&target, &third);
        assert_eq!(files_in(&target), expected(&third));
    }

    #[test]
    fn a_build_writing_a_file_and_a_folder_at_one_place_fails_even_when_recycling() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("public");
        build(&target, &[("x/index.html", "1")]);
        build(&target, &[("x/index.html", "2")]);
        let staging = Staging::new(&target).expect("staging");
        staging.write("y/index.html", b"folder").expect("write");
        assert!(staging.write("y", b"file").is_err(), "the build's own folder is not removed");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_the_previous_output_is_removed_not_written_through() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("public");
        let outside = dir.path().join("outside.txt");
        std::fs::write(&outside, "không được ghi đè").expect("write");
        build(&target, &[("index.html", "1")]);
        build(&target, &[("index.html", "2")]);
        std::os::unix::fs::symlink(&outside, sibling(&target, "old").join("a.html")).expect("link");
        build(&target, &[("index.html", "3"), ("a.html", "trang")]);
        assert_eq!(std::fs::read_to_string(&outside).expect("read"), "không được ghi đè");
        assert_eq!(files_in(&target), expected(&[("a.html", "trang"), ("index.html", "3")]));
    }

    #[cfg(unix)]
    #[test]
    fn an_output_folder_that_is_a_link_is_replaced_without_touching_where_it_pointed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let elsewhere = dir.path().join("www");
        std::fs::create_dir_all(&elsewhere).expect("mkdir");
        std::fs::write(elsewhere.join("index.html"), "máy chủ").expect("write");
        let target = dir.path().join("public");
        std::os::unix::fs::symlink(&elsewhere, &target).expect("link");
        build(&target, &[("index.html", "1")]);
        build(&target, &[("index.html", "2")]);
        build(&target, &[("index.html", "3")]);
        assert_eq!(files_in(&elsewhere), expected(&[("index.html", "máy chủ")]));
        assert_eq!(files_in(&target), expected(&[("index.html", "3")]));
    }

    #[test]
    fn a_failed_rebuild_keeps_the_output_and_a_spare() {
        let dir = tempfile::tempdir().expect("temp dir");
        let target = dir.path().join("public");
        build(&target, &[("index.html", "1")]);
        build(&target, &[("index.html", "2"), ("a/index.html", "2")]);
        {
            let staging = Staging::new(&target).expect("staging");
            staging.write("index.html", b"3").expect("write");
            // dropped without commit: the build failed
        }
        assert_eq!(files_in(&target), expected(&[("a/index.html", "2"), ("index.html", "2")]));
        assert!(!sibling(&target, "staging").exists());
        build(&target, &[("index.html", "4")]);
        assert_eq!(files_in(&target), expected(&[("index.html", "4")]));
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
