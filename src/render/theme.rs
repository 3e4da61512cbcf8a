//! Where templates and static files come from. A site's own `templates/` and
//! `static/` override its theme's file by file; the theme is `themes/<name>/` in the
//! site folder, and the built-in default theme (embedded in the binary) fills
//! whatever neither provides, so `congkhai init` sites need no theme folder at all.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostics::Diagnostic;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// Where a file's bytes come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    File(PathBuf),
    Builtin(&'static [u8]),
}

/// A template or static file chosen for the site.
#[derive(Clone, Debug)]
pub struct ThemeFile {
    pub source: Source,
    /// The path shown in messages: `templates/page.html`, `themes/default/templates/page.html`
    /// or `(giao diện mặc định) templates/page.html`.
    pub display: String,
}

impl ThemeFile {
    pub fn read(&self) -> Result<Vec<u8>, Diagnostic> {
        match &self.source {
            Source::Builtin(bytes) => Ok(bytes.to_vec()),
            Source::File(path) => std::fs::read(path)
                .map_err(|e| Diagnostic::error(&self.display, 1, 1, format!("không đọc được tệp: {e}"))),
        }
    }
}

/// Files of one kind (`templates` or `static`), by their path inside that folder.
pub type FileSet = BTreeMap<String, ThemeFile>;

/// Collects `kind` files (`"templates"` or `"static"`): built-in default theme first,
/// then `themes/<theme>/<kind>/`, then the site's `<kind>/`, each overriding the last.
pub fn collect(root: &Path, theme: &str, kind: &str) -> Result<FileSet, Vec<Diagnostic>> {
    let mut files = FileSet::new();
    let prefix = format!("{kind}/");
    for (path, bytes) in builtin::FILES {
        if let Some(name) = path.strip_prefix(&prefix) {
            files.insert(
                name.to_string(),
                ThemeFile { source: Source::Builtin(bytes), display: format!("(giao diện mặc định) {path}") },
            );
        }
    }
    let theme_dir = root.join("themes").join(theme);
    if theme != "default" && !theme_dir.is_dir() {
        return Err(vec![
            Diagnostic::error("config.toml", 1, 1, format!("không tìm thấy giao diện \"{theme}\""))
                .with_hint(format!("tạo thư mục themes/{theme}/ hoặc dùng theme = \"default\"")),
        ]);
    }
    let mut problems = Vec::new();
    for (dir, display_prefix) in
        [(theme_dir.join(kind), format!("themes/{theme}/{kind}/")), (root.join(kind), format!("{kind}/"))]
    {
        if !dir.is_dir() {
            continue;
        }
        for entry in walkdir::WalkDir::new(&dir).follow_links(true).sort_by_file_name() {
            match entry {
                Ok(entry) if entry.file_type().is_file() => {
                    let name = entry
                        .path()
                        .strip_prefix(&dir)
                        .unwrap_or(entry.path())
                        .components()
                        .map(|c| c.as_os_str().to_string_lossy().into_owned())
                        .collect::<Vec<_>>()
                        .join("/");
                    if name.split('/').any(|p| p.starts_with('.')) || name.ends_with('~') {
                        continue;
                    }
                    let display = format!("{display_prefix}{name}");
                    files.insert(name, ThemeFile { source: Source::File(entry.path().to_path_buf()), display });
                }
                Ok(_) => {}
                Err(e) => {
                    problems.push(Diagnostic::error(display_prefix.clone(), 1, 1, format!("không đọc được: {e}")))
                }
            }
        }
    }
    if problems.is_empty() { Ok(files) } else { Err(problems) }
}
