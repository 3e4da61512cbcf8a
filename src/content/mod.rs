//! Loading `content/`: every Markdown file becomes a [`Page`] or (for `_index.md`) a
//! [`Section`]; files next to a page are its assets; `chi-tieu.toml` and
//! `van-ban.toml` are kept as data sources for the later stages.
//!
//! Loading never stops at the first problem and never panics: unreadable files,
//! invalid UTF-8, huge files and symlink loops all become located diagnostics.

pub mod front_matter;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::date::Date;
use crate::diagnostics::Diagnostic;
pub use front_matter::{PlanInfo, PlanStatus, SortBy};

/// Markdown files larger than this are refused: a plan is a few hundred kilobytes;
/// anything this big is a mistake (a pasted PDF, a log) that would slow every build.
pub const MAX_MARKDOWN_BYTES: u64 = 8 * 1024 * 1024;

/// The file names of the data files read from the root of `content/`.
pub const PROGRESS_FILE: &str = "chi-tieu.toml";
pub const REGISTRY_FILE: &str = "van-ban.toml";

/// A page: a plan or any other Markdown page.
#[derive(Clone, Debug, Serialize)]
pub struct Page {
    /// Path of the source file relative to the site root, with `/` separators.
    pub file: String,
    /// Last part of the URL.
    pub slug: String,
    /// URL path relative to the site root, e.g. `ke-hoach/chuyen-doi-so-2026/`.
    pub path: String,
    /// Path of the section it belongs to (`""` for the home section).
    pub section: String,
    pub title: String,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub weight: i64,
    pub template: Option<String>,
    pub toc: Option<bool>,
    pub plan: Option<PlanInfo>,
    pub extra: toml::Table,
    #[serde(skip)]
    pub body: std::sync::Arc<str>,
    /// A hash of `body`, made when the file is parsed (and so kept with it by `serve`'s
    /// cache): with the citing context it keys the citation cache; fingerprints of
    /// outputs made from many pages' text use it.
    #[serde(skip)]
    pub body_hash: u64,
    /// 1-based line of the body's first line in the file.
    #[serde(skip)]
    pub body_line: usize,
    /// Files copied next to the page's `index.html`.
    #[serde(skip)]
    pub assets: Vec<Asset>,
    /// Line of the `attachment` key, to locate a missing-file error.
    #[serde(skip)]
    pub attachment_line: usize,
}

impl Page {
    pub fn is_plan(&self) -> bool {
        self.plan.is_some()
    }
}

/// A file copied into the output.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Asset {
    pub source: PathBuf,
    /// Output path relative to the output folder, `/` separated.
    pub output: String,
}

/// A section (`_index.md`): a list of pages.
#[derive(Clone, Debug, Serialize)]
pub struct Section {
    pub file: String,
    /// URL path relative to the site root (`""` for the home page, `ke-hoach/`).
    pub path: String,
    pub title: String,
    pub description: Option<String>,
    pub sort_by: SortBy,
    pub template: Option<String>,
    pub page_template: Option<String>,
    pub weight: i64,
    pub extra: toml::Table,
    #[serde(skip)]
    pub body: std::sync::Arc<str>,
    #[serde(skip)]
    pub body_line: usize,
    /// Indices into [`Content::pages`], in the section's order.
    pub pages: Vec<usize>,
}

/// A data file found in `content/`, kept as text for the stage that parses it.
#[derive(Clone, Debug)]
pub struct DataFile {
    pub file: String,
    pub text: String,
}

/// Everything read from `content/`, sorted by path so that nothing depends on the
/// order the file system lists directories in.
#[derive(Clone, Debug, Default)]
pub struct Content {
    pub pages: Vec<Page>,
    pub sections: Vec<Section>,
    /// Files under `content/` that are not Markdown and not next to a page.
    pub assets: Vec<Asset>,
    pub progress_file: Option<DataFile>,
    pub registry_file: Option<DataFile>,
}

/// Options that change what is loaded.
#[derive(Clone, Copy, Debug, Default)]
pub struct LoadOptions {
    /// Include pages marked `draft = true`.
    pub drafts: bool,
}

/// One file found while walking `content/`.
#[derive(Clone)]
struct Found {
    path: PathBuf,
    /// Relative to `content/`, `/` separated.
    relative: String,
}

/// Reads `root/content`. `root` is the site folder; paths in diagnostics are relative
/// to it.
pub fn load(root: &Path, options: LoadOptions) -> (Content, Vec<Diagnostic>) {
    load_with_cache(root, options, &mut FileCache::default())
}

/// Parsed Markdown files kept between rebuilds by `serve`: a file is read and parsed
/// again only after [`FileCache::invalidate`] names it (or it appears for the first
/// time).
#[derive(Default)]
pub struct FileCache {
    parsed: HashMap<String, Result<Parsed, Vec<Diagnostic>>>,
    /// The files found by the last walk of `content/`, kept while only files already
    /// in it are edited (a new, removed or renamed file means walking again).
    listing: Option<(PathBuf, Vec<Found>)>,
}

impl FileCache {
    /// Forgets the files whose paths (relative to the site root, `/`-separated) are
    /// given; the listing of `content/` is kept only if each of them was in it and
    /// still exists.
    pub fn invalidate(&mut self, files: &[String]) {
        for file in files {
            self.parsed.remove(file);
        }
        let still_listed = self.listing.as_ref().is_some_and(|(root, listing)| {
            files.iter().all(|file| {
                let relative = file.strip_prefix("content/").unwrap_or(file);
                listing.iter().any(|f| f.relative == relative) && root.join(file).is_file()
            })
        });
        if !still_listed {
            self.listing = None;
        }
    }

    pub fn clear(&mut self) {
        self.parsed.clear();
        self.listing = None;
    }
}

/// [`load`], reusing what `cache` already parsed.
pub fn load_with_cache(root: &Path, options: LoadOptions, cache: &mut FileCache) -> (Content, Vec<Diagnostic>) {
    let content_dir = root.join("content");
    let mut diagnostics = Vec::new();
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error("content", 1, 1, "không tìm thấy thư mục content/")
                .with_hint("tạo thư mục content/ chứa các trang Markdown, hoặc chạy `congkhai init` để tạo trang mới"),
        );
        return (Content::default(), diagnostics);
    }

    let mut files = Vec::new();
    let listed = cache.listing.as_ref().filter(|(listed_root, _)| listed_root == root).map(|(_, files)| files.clone());
    let walk = if listed.is_some() { None } else { Some(walkdir::WalkDir::new(&content_dir).follow_links(true)) };
    for entry in walk.into_iter().flat_map(|w| w.sort_by_file_name()) {
        match entry {
            Ok(entry) if entry.file_type().is_file() => {
                let relative = relative_slash(entry.path(), &content_dir);
                if is_hidden_or_temporary(&relative) {
                    continue;
                }
                files.push(Found { path: entry.path().to_path_buf(), relative });
            }
            Ok(_) => {}
            Err(error) => {
                let where_ = error.path().map_or_else(|| "content".to_string(), |p| relative_slash(p, root));
                let message = if error.loop_ancestor().is_some() {
                    "liên kết tượng trưng (symlink) tạo thành vòng lặp".to_string()
                } else {
                    format!("không đọc được: {error}")
                };
                diagnostics.push(
                    Diagnostic::error(where_, 1, 1, message)
                        .with_hint("xóa hoặc sửa liên kết/thư mục này trong content/"),
                );
            }
        }
    }

    match listed {
        Some(listed) => files = listed,
        None if diagnostics.is_empty() => cache.listing = Some((root.to_path_buf(), files.clone())),
        None => {}
    }

    // Folders holding an index.md are page bundles: their other files belong to the page.
    let bundle_dirs: Vec<String> = files
        .iter()
        .filter(|f| f.relative.ends_with("/index.md"))
        .map(|f| parent_of(&f.relative).to_string())
        .collect();

    let mut content = Content::default();
    let mut markdown = Vec::new();
    let mut loose_assets = Vec::new();
    for found in files {
        let file = format!("content/{}", found.relative);
        if found.relative.ends_with(".md") {
            markdown.push((found, file));
        } else if found.relative == PROGRESS_FILE || found.relative == REGISTRY_FILE {
            match read_text(&found.path, &file) {
                Ok(text) => {
                    let data = DataFile { file, text };
                    if found.relative == PROGRESS_FILE {
                        content.progress_file = Some(data);
                    } else {
                        content.registry_file = Some(data);
                    }
                }
                Err(d) => diagnostics.push(d),
            }
        } else {
            loose_assets.push(found);
        }
    }

    // Parse Markdown files in parallel; results keep the sorted file order.
    let parsed: Vec<Result<Parsed, Vec<Diagnostic>>> = markdown
        .par_iter()
        .map(|(found, file)| match cache.parsed.get(file) {
            Some(cached) => cached.clone(),
            None => parse_markdown_file(found, file, &content_dir),
        })
        .collect();
    cache.parsed = markdown.iter().map(|(_, file)| file.clone()).zip(parsed.iter().cloned()).collect();

    let mut pages = Vec::new();
    let mut sections = Vec::new();
    for result in parsed {
        match result {
            Ok(Parsed::Page(page)) => {
                let (page, draft) = *page;
                if draft && !options.drafts {
                    continue;
                }
                pages.push(page);
            }
            Ok(Parsed::Section(section)) => sections.push(*section),
            Err(mut ds) => diagnostics.append(&mut ds),
        }
    }

    for asset in loose_assets {
        let dir = parent_of(&asset.relative);
        let owner = bundle_dirs.iter().filter(|b| is_within(dir, b)).max_by_key(|b| b.len());
        let output = match owner {
            Some(bundle) => {
                // Keep the file's place inside the bundle, under the page's URL.
                let page =
                    pages.iter_mut().find(|p| parent_of(p.file.trim_start_matches("content/")) == bundle.as_str());
                let inner = asset.relative[bundle.len()..].trim_start_matches('/');
                match page {
                    Some(page) => {
                        let output = format!("{}{}", page.path, inner);
                        page.assets.push(Asset { source: asset.path.clone(), output });
                        continue;
                    }
                    // A draft bundle: its files are left out with it.
                    None => continue,
                }
            }
            None => output_path_of_dir(dir) + file_name(&asset.relative),
        };
        content.assets.push(Asset { source: asset.path, output });
    }

    attach_sections(&mut pages, &mut sections, &mut diagnostics);
    check_attachments(&pages, &mut diagnostics);
    check_path_collisions(&pages, &sections, &mut diagnostics);

    content.pages = pages;
    content.sections = sections;
    (content, diagnostics)
}

#[derive(Clone)]
enum Parsed {
    /// The page and whether it is a draft.
    Page(Box<(Page, bool)>),
    Section(Box<Section>),
}

fn parse_markdown_file(found: &Found, file: &str, content_dir: &Path) -> Result<Parsed, Vec<Diagnostic>> {
    let text = read_text(&found.path, file).map_err(|d| vec![d])?;
    let split = front_matter::split(file, &text).map_err(|d| vec![d])?;
    let name = file_name(&found.relative);
    let dir = parent_of(&found.relative);
    if name == "_index.md" {
        let fm = front_matter::parse_section(file, &split)?;
        return Ok(Parsed::Section(Box::new(Section {
            file: file.to_string(),
            path: output_path_of_dir(dir),
            title: fm.title,
            description: fm.description,
            sort_by: fm.sort_by,
            template: fm.template,
            page_template: fm.page_template,
            weight: fm.weight,
            extra: fm.extra,
            body: split.body.into(),
            body_line: split.body_line,
            pages: Vec::new(),
        })));
    }
    let fm = front_matter::parse_page(file, &split)?;
    let (parent_dir, default_slug) = if name == "index.md" {
        let parent = parent_of(dir);
        (parent, crate::vi::slugify(file_name(dir)))
    } else {
        (dir, crate::vi::slugify(name.trim_end_matches(".md")))
    };
    let slug = fm.slug.clone().unwrap_or(default_slug);
    if slug.is_empty() {
        return Err(vec![
            Diagnostic::error(file, 1, 1, "không tạo được đường dẫn cho trang từ tên tệp")
                .with_hint("đặt tên tệp bằng chữ, ví dụ: ke-hoach-2026.md, hoặc thêm slug = \"ke-hoach-2026\""),
        ]);
    }
    let path = format!("{}{slug}/", output_path_of_dir(parent_dir));
    let mut assets = Vec::new();
    let mut errors = Vec::new();
    if let Some(plan) = &fm.plan
        && let Some(attachment) = &plan.attachment
    {
        // An attachment of a page that is not a bundle sits next to its .md file.
        if name != "index.md" {
            let source = content_dir.join(dir).join(attachment);
            if source.is_file() {
                assets.push(Asset { source, output: format!("{path}{}", file_name(attachment)) });
            } else {
                errors.push(missing_attachment(file, fm.attachment_line, attachment));
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let draft = fm.draft;
    Ok(Parsed::Page(Box::new((
        Page {
            file: file.to_string(),
            slug,
            path,
            section: String::new(),
            title: fm.title,
            description: fm.description,
            date: fm.date,
            updated: fm.updated,
            weight: fm.weight,
            template: fm.template,
            toc: fm.toc,
            plan: fm.plan,
            extra: fm.extra,
            body: split.body.into(),
            body_hash: {
                let mut f = crate::render::Fingerprint::new(2);
                f.text(split.body);
                f.finish()
            },
            body_line: split.body_line,
            assets,
            attachment_line: fm.attachment_line,
        },
        draft,
    ))))
}

fn missing_attachment(file: &str, line: usize, attachment: &str) -> Diagnostic {
    Diagnostic::error(file, line, 1, format!("không tìm thấy tệp đính kèm \"{attachment}\""))
        .with_hint("đặt tệp PDF cạnh tệp Markdown của trang (hoặc trong thư mục của trang, cạnh index.md) và ghi đúng tên tệp, kể cả chữ hoa/thường")
}

/// Bundle pages (`index.md`) declare their attachment relative to their folder: check it
/// is among the files copied with the page.
fn check_attachments(pages: &[Page], diagnostics: &mut Vec<Diagnostic>) {
    for page in pages {
        let Some(attachment) = page.plan.as_ref().and_then(|p| p.attachment.as_ref()) else { continue };
        if !page.file.ends_with("/index.md") {
            continue;
        }
        let wanted = format!("{}{}", page.path, attachment.trim_start_matches("./"));
        if !page.assets.iter().any(|a| a.output == wanted) {
            diagnostics.push(missing_attachment(&page.file, page.attachment_line, attachment));
        }
    }
}

/// Puts each page in the nearest section above it and orders each section's pages.
fn attach_sections(pages: &mut [Page], sections: &mut Vec<Section>, diagnostics: &mut Vec<Diagnostic>) {
    sections.sort_by(|a, b| a.path.cmp(&b.path));
    if !sections.iter().any(|s| s.path.is_empty()) {
        // The home section is implicit when content/_index.md is absent.
        sections.insert(
            0,
            Section {
                file: "content/_index.md".to_string(),
                path: String::new(),
                title: String::new(),
                description: None,
                sort_by: SortBy::Date,
                template: None,
                page_template: None,
                weight: 0,
                extra: toml::Table::new(),
                body: "".into(),
                body_line: 1,
                pages: Vec::new(),
            },
        );
    }
    let _ = diagnostics;
    for (index, page) in pages.iter_mut().enumerate() {
        let page_dir = parent_path(&page.path);
        let section =
            sections.iter_mut().filter(|s| page_dir.starts_with(s.path.as_str())).max_by_key(|s| s.path.len());
        if let Some(section) = section {
            page.section = section.path.clone();
            section.pages.push(index);
        }
    }
    for section in sections.iter_mut() {
        let sort_by = section.sort_by;
        section.pages.sort_by(|&a, &b| {
            let (a, b) = (&pages[a], &pages[b]);
            let primary = match sort_by {
                SortBy::Date => b.date.cmp(&a.date),
                SortBy::Weight => a.weight.cmp(&b.weight),
                SortBy::Title => crate::vi::fold(&a.title).cmp(&crate::vi::fold(&b.title)),
            };
            primary.then_with(|| a.path.cmp(&b.path))
        });
    }
}

/// Two pages (or a page and a section) that would be written to the same URL.
fn check_path_collisions(pages: &[Page], sections: &[Section], diagnostics: &mut Vec<Diagnostic>) {
    let mut owners: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for page in pages {
        owners.entry(&page.path).or_default().push(&page.file);
    }
    for section in sections {
        owners.entry(&section.path).or_default().push(&section.file);
    }
    for (path, files) in owners {
        if files.len() > 1 {
            for file in &files {
                let others: Vec<&str> = files.iter().filter(|f| *f != file).copied().collect();
                diagnostics.push(
                    Diagnostic::error(*file, 1, 1, format!("trang trùng đường dẫn /{path} với {}", others.join(", ")))
                        .with_hint("đổi tên tệp hoặc thêm slug = \"...\" khác nhau ở phần đầu trang"),
                );
            }
        }
    }
}

/// Reads a file as UTF-8 text, refusing huge files and reporting the first invalid byte.
pub fn read_text(path: &Path, display: &str) -> Result<String, Diagnostic> {
    let metadata =
        std::fs::metadata(path).map_err(|e| Diagnostic::error(display, 1, 1, format!("không đọc được tệp: {e}")))?;
    let is_markdown = display.ends_with(".md") || display.ends_with(".toml");
    if is_markdown && metadata.len() > MAX_MARKDOWN_BYTES {
        return Err(Diagnostic::error(
            display,
            1,
            1,
            format!("tệp quá lớn ({} MB; tối đa {} MB)", metadata.len() / (1024 * 1024), MAX_MARKDOWN_BYTES / (1024 * 1024)),
        )
        .with_hint("một kế hoạch chỉ vài trăm KB: kiểm tra xem có dán nhầm nội dung khác vào tệp không, hoặc tách thành nhiều trang"));
    }
    let bytes =
        std::fs::read(path).map_err(|e| Diagnostic::error(display, 1, 1, format!("không đọc được tệp: {e}")))?;
    // Vietnamese text has a multi-byte letter in almost every word, which defeats std's
    // ASCII fast path: validating with SIMD and copying is several times faster.
    if let Ok(text) = simdutf8::basic::from_utf8(&bytes) {
        return Ok(text.to_owned());
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let prefix = String::from_utf8_lossy(&bytes[..valid]);
        let (line, col) = crate::diagnostics::line_col(&prefix, prefix.len());
        Diagnostic::error(display, line, col, "tệp có ký tự không phải UTF-8")
            .with_hint("mở tệp bằng trình soạn thảo và lưu lại với bảng mã UTF-8 (Save with Encoding → UTF-8)")
    })
}

/// Editor backups and hidden files are never content: `.#a.md`, `a.md~`, `.DS_Store`.
fn is_hidden_or_temporary(relative: &str) -> bool {
    relative.split('/').any(|part| part.starts_with('.'))
        || relative.ends_with('~')
        || relative.ends_with(".swp")
        || relative.ends_with(".tmp")
}

fn relative_slash(path: &Path, base: &Path) -> String {
    let relative = path.strip_prefix(base).unwrap_or(path);
    relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

fn parent_of(relative: &str) -> &str {
    relative.rfind('/').map_or("", |i| &relative[..i])
}

fn file_name(relative: &str) -> &str {
    relative.rfind('/').map_or(relative, |i| &relative[i + 1..])
}

/// Whether folder `dir` is `bundle` or inside it.
fn is_within(dir: &str, bundle: &str) -> bool {
    dir == bundle || dir.starts_with(&format!("{bundle}/"))
}

/// URL path of a content folder: each part slugified, ending in `/` (`""` for the root).
fn output_path_of_dir(dir: &str) -> String {
    dir.split('/').filter(|p| !p.is_empty()).map(|p| format!("{}/", crate::vi::slugify(p))).collect()
}

/// `ke-hoach/` for `ke-hoach/a/`.
fn parent_path(path: &str) -> &str {
    let trimmed = path.trim_end_matches('/');
    trimmed.rfind('/').map_or("", |i| &trimmed[..=i])
}
