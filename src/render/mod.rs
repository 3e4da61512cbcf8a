//! Rendering: a pure function from the analysed [`Site`] to output files. Templates
//! are tera 2 templates (site `templates/` over the theme over the built-in default);
//! filters format numbers and dates the Vietnamese way.
//!
//! Every output file is a [`Job`]; jobs render independently (in parallel), so a build,
//! a `check` and the `serve` loop all call the same [`render_job`].

mod compact;
mod discovery;
pub(crate) mod progress_views;
mod register_views;
pub mod theme;
mod views;

use std::collections::{BTreeMap, HashMap};

use tera::{Context, Kwargs, State, Tera};

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::site::Site;
pub use register_views::document_heading;
pub use theme::{FileSet, Source, ThemeFile};
pub use views::{Fingerprint, Job};

/// The loaded templates of a site, ready to render.
pub struct Templates {
    /// The templates with their white space compacted ([`compact::compact_template`]):
    /// what pages are rendered with.
    tera: Tera,
    /// The templates as written, used only to locate a rendering error at the line the
    /// editor sees.
    exact: Tera,
    files: FileSet,
}

impl Templates {
    /// Loads and compiles every template. All syntax errors of all templates are
    /// reported, each at its file, line and column.
    pub fn load(root: &std::path::Path, config: &Config) -> Result<Templates, Vec<Diagnostic>> {
        let files = theme::collect(root, &config.theme, "templates")?;
        let mut sources: BTreeMap<String, String> = BTreeMap::new();
        let mut diagnostics = Vec::new();
        for (name, file) in &files {
            match file.read().map(String::from_utf8) {
                Ok(Ok(text)) => {
                    sources.insert(name.clone(), text);
                }
                Ok(Err(_)) => diagnostics.push(
                    Diagnostic::error(&file.display, 1, 1, "mẫu giao diện không phải UTF-8")
                        .with_hint("lưu lại tệp với bảng mã UTF-8"),
                ),
                Err(d) => diagnostics.push(d),
            }
        }
        // tera stops at the first bad template: drop it and retry, so that every bad
        // template is reported in one run.
        let mut attempts = sources.len() + 1;
        loop {
            let mut tera = new_tera(config);
            match tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str()))) {
                Ok(()) => {
                    if !diagnostics.is_empty() {
                        return Err(diagnostics);
                    }
                    let mut compacted = new_tera(config);
                    let compact_sources = sources.iter().map(|(name, text)| {
                        let text = if name.ends_with(".html") { compact::compact_template(text) } else { text.clone() };
                        (name.as_str(), text)
                    });
                    return match compacted.add_raw_templates(compact_sources.collect::<Vec<_>>()) {
                        Ok(()) => Ok(Templates { tera: compacted, exact: tera, files }),
                        // Compacting never changes tera syntax; should it ever, render
                        // the templates as written rather than fail.
                        Err(_) => Ok(Templates { tera: tera.clone(), exact: tera, files }),
                    };
                }
                Err(error) => {
                    let diagnostic = tera_diagnostic(&error, &files);
                    let culprit = error_template(&error);
                    diagnostics.push(diagnostic);
                    attempts -= 1;
                    match culprit {
                        Some(name) if attempts > 0 && sources.remove(&name).is_some() => continue,
                        _ => return Err(diagnostics),
                    }
                }
            }
        }
    }

    pub fn has(&self, name: &str) -> bool {
        self.tera.contains_template(name)
    }

    /// Sets values every template sees (`config`, `base_path`…).
    /// Points `task_url` at the page of the task list that shows each task (the list is
    /// split into pages of [`progress_views::PER_PAGE`]); unknown ids go to the first.
    pub fn set_task_pages(&mut self, base_path: &str, pages: HashMap<String, usize>) {
        let pages = std::sync::Arc::new(pages);
        for tera in [&mut self.tera, &mut self.exact] {
            let base = base_path.to_string();
            let pages = pages.clone();
            tera.register_filter("task_url", move |id: &str, _: Kwargs, _: &State| {
                let page = pages.get(id).copied().unwrap_or(0);
                join_url(&base, &format!("{}#nv-{}", progress_views::task_list_dir(page), crate::vi::slugify(id)))
            });
        }
    }

    pub fn set_global(&mut self, key: &'static str, value: &impl serde::Serialize) {
        self.tera.global_context().insert(key, value);
        self.exact.global_context().insert(key, value);
    }

    /// Renders `name`; a failure becomes a diagnostic at the line of the template as
    /// written (the compacted template's positions would not match the file).
    pub fn render(&self, name: &str, context: &Context) -> Result<String, Diagnostic> {
        self.tera.render(name, context).map_err(|error| self.locate(name, context, &error))
    }

    /// [`Templates::render`] into bytes, skipping tera's final UTF-8 check of the whole
    /// page (every piece it writes is already a `str`).
    pub fn render_bytes(&self, name: &str, context: &Context) -> Result<Vec<u8>, Diagnostic> {
        let mut out = Vec::with_capacity(16 * 1024);
        self.tera.render_to(name, context, &mut out).map_err(|error| self.locate(name, context, &error))?;
        Ok(out)
    }

    /// The diagnostic of a rendering error, at the template line as written.
    fn locate(&self, name: &str, context: &Context, compact_error: &tera::Error) -> Diagnostic {
        match self.exact.render(name, context) {
            Err(error) => tera_diagnostic(&error, &self.files),
            Ok(_) => tera_diagnostic(compact_error, &self.files),
        }
    }

    /// The file a template name comes from, as shown in messages.
    pub fn display(&self, name: &str) -> String {
        self.files.get(name).map_or_else(|| format!("templates/{name}"), |f| f.display.clone())
    }
}

fn new_tera(config: &Config) -> Tera {
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    let base_path = config.base_path.clone();
    let base_url = config.base_url.clone();
    tera.register_filter("vi_number", |value: f64, kwargs: Kwargs, _: &State| {
        let decimals = kwargs.get::<i64>("decimals").ok().flatten().unwrap_or(2).clamp(0, 6) as usize;
        crate::vi::format_number(value, decimals)
    });
    tera.register_filter("vi_int", |value: i64, _: Kwargs, _: &State| crate::vi::format_int(value));
    tera.register_filter("vi_percent", |value: f64, _: Kwargs, _: &State| crate::vi::format_percent(value));
    tera.register_filter("vi_date", |value: &str, _: Kwargs, _: &State| {
        crate::date::Date::parse(value).map_or_else(|| value.to_string(), crate::date::Date::vi)
    });
    // A 0..=1 fraction as a CSS percentage with a dot ("77.5%"), for bar widths.
    tera.register_filter("css_percent", |value: f64, _: Kwargs, _: &State| {
        let percent = (value.clamp(0.0, 1.0) * 1000.0).round() / 10.0;
        format!("{percent}%")
    });
    tera.register_filter("slugify", |value: &str, _: Kwargs, _: &State| crate::vi::slugify(value));
    tera.register_filter("url", move |value: &str, _: Kwargs, _: &State| join_url(&base_path, value));
    tera.register_filter("abs_url", move |value: &str, _: Kwargs, _: &State| join_url(&base_url, value));
    let base = config.base_path.clone();
    tera.register_filter("indicator_url", move |id: &str, _: Kwargs, _: &State| {
        join_url(&base, &progress_views::indicator_path(id))
    });
    let base = config.base_path.clone();
    tera.register_filter("agency_url", move |slug: &str, _: Kwargs, _: &State| {
        join_url(&base, &progress_views::agency_path(slug))
    });
    let base = config.base_path.clone();
    tera.register_filter("task_url", move |id: &str, _: Kwargs, _: &State| {
        join_url(&base, &format!("nhiem-vu/#nv-{}", crate::vi::slugify(id)))
    });
    tera
}

/// `base` + `path` without a doubled slash, with path segments percent-encoded.
pub fn join_url(base: &str, path: &str) -> String {
    if path.starts_with("http://") || path.starts_with("https://") || path.starts_with("mailto:") {
        return path.to_string();
    }
    let mut out = String::with_capacity(base.len() + path.len());
    out.push_str(base);
    if !out.ends_with('/') {
        out.push('/');
    }
    out.push_str(&encode_path(path.trim_start_matches('/')));
    out
}

/// Percent-encodes what may not stand in a URL path (spaces, non-ASCII), keeping `/`,
/// `#` and already-encoded `%xx`.
pub fn encode_path(path: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = path.as_bytes();
    // All ASCII: runs of bytes kept as they are, each other byte as %XX.
    let mut out = Vec::with_capacity(bytes.len());
    let mut from = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        if matches!(byte, b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' | b'#' | b'%' | b'?' | b'=' | b'&')
        {
            continue;
        }
        out.extend_from_slice(&bytes[from..at]);
        out.extend_from_slice(&[b'%', HEX[usize::from(byte >> 4)], HEX[usize::from(byte & 15)]]);
        from = at + 1;
    }
    out.extend_from_slice(&bytes[from..]);
    String::from_utf8(out).unwrap_or_default()
}

fn error_template(error: &tera::Error) -> Option<String> {
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) | tera::ErrorKind::RenderingError(report) => {
            Some(report.filename().to_string())
        }
        tera::ErrorKind::MissingParent { current, .. } => Some(current.clone()),
        tera::ErrorKind::CircularExtend { tpl, .. } | tera::ErrorKind::CircularInclude { tpl, .. } => Some(tpl.clone()),
        _ => None,
    }
}

/// A tera error as `path:line:col: error: …` pointing into the template file.
fn tera_diagnostic(error: &tera::Error, files: &FileSet) -> Diagnostic {
    let display = |name: &str| files.get(name).map_or_else(|| format!("templates/{name}"), |f| f.display.clone());
    let hint = "sửa mẫu giao diện tại dòng này; biến có thể vắng mặt thì dùng `| default(value=\"\")`";
    match error.kind() {
        tera::ErrorKind::SyntaxError(report) => {
            let span = report.span();
            Diagnostic::error(
                display(report.filename()),
                span.start_line,
                span.start_col + 1,
                format!("lỗi cú pháp mẫu: {}", report.message()),
            )
            .with_hint("kiểm tra các cặp {{ }} và {% %} và tên bộ lọc trên dòng này")
        }
        tera::ErrorKind::RenderingError(report) => {
            let span = report.span();
            Diagnostic::error(
                display(report.filename()),
                span.start_line,
                span.start_col + 1,
                format!("lỗi khi dựng trang: {}", report.message()),
            )
            .with_hint(hint)
        }
        tera::ErrorKind::MissingParent { current, parent } => {
            Diagnostic::error(display(current), 1, 1, format!("mẫu kế thừa \"{parent}\" nhưng không có mẫu đó"))
                .with_hint("sửa tên trong {% extends \"...\" %} cho đúng tên tệp trong templates/")
        }
        tera::ErrorKind::TemplateNotFound(name) => {
            Diagnostic::error(display(name), 1, 1, format!("không có mẫu \"{name}\""))
                .with_hint("kiểm tra `template = ...` ở phần đầu trang, hoặc tạo tệp mẫu này trong templates/")
        }
        _ => Diagnostic::error("templates", 1, 1, format!("lỗi mẫu giao diện: {error}")).with_hint(hint),
    }
}

/// One output file.
pub struct Output {
    /// Relative to the output folder, `/` separated (`ke-hoach/a/index.html`).
    pub path: String,
    pub bytes: Vec<u8>,
}

/// All the files a site renders to, in a fixed order.
pub fn jobs(site: &Site) -> Vec<Job> {
    views::jobs(site)
}

/// A stable name for a job and a fingerprint of its inputs (see [`views::fingerprint`]).
pub fn fingerprint(site: &Site, job: &Job) -> (String, u64) {
    views::fingerprint(site, job)
}

/// Renders the file(s) of one job. Pure: reads only `site`.
pub fn render_job(site: &Site, job: &Job) -> Result<Vec<Output>, Vec<Diagnostic>> {
    views::render_job(site, job)
}

/// Where a job's files go as they are made (`build` writes them at once).
pub type Sink<'a> = dyn Fn(Output) -> Result<(), Vec<Diagnostic>> + Sync + 'a;

/// Renders the file(s) of one job into `sink`, each as soon as it is made: the search
/// index (a third of a large site's bytes) is then never held whole in memory.
pub fn render_job_into(site: &Site, job: &Job, sink: &Sink) -> Result<(), Vec<Diagnostic>> {
    match job {
        Job::Search => discovery::render_search_into(site, sink),
        _ => views::render_job(site, job)?.into_iter().try_for_each(sink),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `encode_path` as first written, byte by byte.
    fn encode_path_reference(path: &str) -> String {
        let mut out = String::new();
        for byte in path.bytes() {
            match byte {
                b'A'..=b'Z'
                | b'a'..=b'z'
                | b'0'..=b'9'
                | b'-'
                | b'_'
                | b'.'
                | b'~'
                | b'/'
                | b'#'
                | b'%'
                | b'?'
                | b'='
                | b'&' => out.push(byte as char),
                _ => out.push_str(&format!("%{byte:02X}")),
            }
        }
        out
    }

    #[test]
    fn paths_are_percent_encoded() {
        assert_eq!(encode_path("văn bản/57-NQ TW#x"), "v%C4%83n%20b%E1%BA%A3n/57-NQ%20TW#x");
        assert_eq!(join_url("/xa/", "/tim-kiem/"), "/xa/tim-kiem/");
        assert_eq!(join_url("/xa", "https://example.org/ả"), "https://example.org/ả");
    }

    proptest::proptest! {
        #[test]
        fn paths_encode_as_byte_by_byte(path in "\\PC*") {
            proptest::prop_assert_eq!(encode_path(&path), encode_path_reference(&path));
        }
    }
}
