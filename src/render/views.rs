//! What each template sees: the list of output files ([`Job`]) and, for each, the
//! context handed to its template. Views are plain serialisable structs built from the
//! analysed site; no view reads a file or the clock.

use serde::Serialize;
use tera::Context;

use super::Output;
use crate::content::{Page, PlanInfo, Section};
use crate::diagnostics::Diagnostic;
use crate::markdown::{self, Heading};
use crate::site::Site;

/// One file to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Job {
    /// A section's list page (index into `content.sections`); section 0 is the home page.
    Section(usize),
    /// A content page (index into `content.pages`).
    Page(usize),
    NotFound,
    Sitemap,
    Robots,
    /// Indicator, task, agency, methodology and open-data pages.
    Progress(super::progress_views::ProgressJob),
    /// The notice-board sheet of a plan (index into `content.pages`): `<plan>/in/`.
    PrintSheet(usize),
    /// A plan's appendix of indicators and tasks with their bars: `<plan>/chi-tieu/`.
    PlanAppendix(usize),
    /// `/van-ban/`: every cited document, 100 a page (`/van-ban/trang/<n+1>/`).
    Register(usize),
    /// `/van-ban/<slug>/` (index into the register's documents).
    Document(usize),
    /// The search page and its index shards.
    Search,
    /// `atom.xml`: new plans and each month's progress report.
    Feed,
}

impl Job {
    /// What kind of page it is, for timings.
    pub fn kind(&self) -> &'static str {
        match self {
            Job::Section(_) => "mục",
            Job::Page(_) => "trang",
            Job::NotFound | Job::Sitemap | Job::Robots => "tệp phụ",
            Job::Progress(super::progress_views::ProgressJob::Indicator(_)) => "chỉ tiêu",
            Job::Progress(super::progress_views::ProgressJob::Agency(_)) => "cơ quan",
            Job::Progress(super::progress_views::ProgressJob::Indicators(..)) => "danh sách chỉ tiêu",
            Job::Progress(super::progress_views::ProgressJob::Tasks(..)) => "danh sách nhiệm vụ",
            Job::Progress(super::progress_views::ProgressJob::Agencies(_)) => "danh sách cơ quan",
            Job::Progress(super::progress_views::ProgressJob::OpenData) => "dữ liệu mở",
            Job::Progress(super::progress_views::ProgressJob::Methodology) => "phương pháp",
            Job::PrintSheet(_) => "bản in",
            Job::PlanAppendix(_) => "phụ lục",
            Job::Register(_) => "danh mục văn bản",
            Job::Document(_) => "văn bản",
            Job::Search => "tìm kiếm",
            Job::Feed => "atom",
        }
    }
}

pub fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = Vec::with_capacity(site.content.pages.len() + site.content.sections.len() + 3);
    // The search index is one big job: first, so it runs beside the rest, not after.
    jobs.push(Job::Search);
    jobs.extend((0..site.content.sections.len()).map(Job::Section));
    jobs.extend((0..site.content.pages.len()).map(Job::Page));
    jobs.extend(site.content.pages.iter().enumerate().filter(|(_, p)| p.is_plan()).map(|(i, _)| Job::PrintSheet(i)));
    jobs.extend(
        site.content
            .pages
            .iter()
            .enumerate()
            .filter(|(_, p)| p.is_plan() && site.plan_progress(&p.slug).is_some())
            .map(|(i, _)| Job::PlanAppendix(i)),
    );
    jobs.extend([Job::NotFound, Job::Sitemap, Job::Robots, Job::Feed]);
    let register_pages = super::progress_views::page_count(site.citations.register.documents.len());
    jobs.extend((0..register_pages).map(Job::Register));
    jobs.extend((0..site.citations.register.documents.len()).map(Job::Document));
    if let Some(progress) = &site.progress {
        jobs.extend(super::progress_views::jobs(progress).into_iter().map(Job::Progress));
    }
    jobs
}

/// The output path of a job and a fingerprint of everything it is rendered from: equal
/// fingerprints mean byte-identical output (given the same templates), so `serve`
/// skips the job.
pub fn fingerprint(site: &Site, job: &Job) -> (String, u64) {
    let mut hasher = Fingerprint::new(site.fingerprint_base);
    let path = match job {
        Job::Section(index) => {
            let section = &site.content.sections[*index];
            hasher.json(section);
            hasher.text(&section.body);
            if section.path.is_empty()
                && let Some(progress) = &site.progress
            {
                super::progress_views::home_fingerprint(site, progress, &mut hasher);
            }
            for &i in &section.pages {
                hasher.json(&summary(site, &site.content.pages[i]));
            }
            format!("{}index.html", section.path)
        }
        Job::Page(index) => {
            let page = &site.content.pages[*index];
            hasher.json(page);
            hasher.number(page.body_hash);
            if page.is_plan() {
                hasher.json(&site.plan_progress_hash(&page.slug));
                for &d in &site.citations.links_of(*index).bases {
                    hasher.json(&site.document_heading_hash(d));
                }
            }
            for link in &site.citations.links_of(*index).links {
                hasher.json(&(link.range.start, link.range.end, &link.href, &link.id));
            }
            format!("{}index.html", page.path)
        }
        Job::PrintSheet(index) => {
            let page = &site.content.pages[*index];
            hasher.json(page);
            if page.is_plan() {
                hasher.json(&site.plan_progress_hash(&page.slug));
            }
            format!("{}in/index.html", page.path)
        }
        Job::PlanAppendix(index) => {
            let page = &site.content.pages[*index];
            hasher.json(page);
            hasher.json(&site.plan_progress_hash(&page.slug));
            format!("{}chi-tieu/index.html", page.path)
        }
        Job::NotFound => "404.html".to_string(),
        Job::Sitemap => {
            for page in &site.content.pages {
                hasher.json(&(page.date, page.updated));
            }
            "sitemap.xml".to_string()
        }
        Job::Robots => "robots.txt".to_string(),
        Job::Register(n) => {
            let order = site.register_order();
            for &(_, d) in super::progress_views::page_slice(order, *n) {
                hasher.json(&site.citations.register.documents[d]);
            }
            hasher.json(&order.iter().map(|(level, _)| level.slug()).collect::<Vec<_>>());
            hasher.json(&site.plan_headings_hash());
            super::progress_views::list_path("van-ban/", None, *n)
        }
        Job::Document(index) => {
            // What the pages show: the heading, and per citing passage its plan's title
            // and URL, its anchor and its text (not the whole text of each citing plan,
            // so that editing another paragraph leaves the document's pages alone).
            let document = &site.citations.register.documents[*index];
            hasher.text(&document.slug);
            hasher.number(site.document_heading_hash(*index));
            for citation in &document.citations {
                hasher.number(site.page_heading_hash(citation.plan));
                hasher.number(citation.mention as u64);
                hasher.number(site.passage_hash(citation));
            }
            format!("van-ban/{}/index.html", document.slug)
        }
        Job::Search => {
            for page in &site.content.pages {
                hasher.json(&(&page.path, &page.title, page.body_hash));
            }
            hasher.json(&site.progress_key);
            "tim-kiem/index.html".to_string()
        }
        Job::Feed => {
            for page in &site.content.pages {
                hasher.json(&(&page.path, &page.title, page.date, &page.plan));
            }
            hasher.json(&site.progress_key);
            "atom.xml".to_string()
        }
        Job::Progress(job) => match &site.progress {
            Some(progress) => super::progress_views::fingerprint_inputs(site, progress, job, &mut hasher),
            None => String::new(),
        },
    };
    (path, hasher.finish())
}

/// Hashes values through their JSON form, so a view's inputs are hashed exactly as
/// the template sees them.
pub struct Fingerprint(std::collections::hash_map::DefaultHasher);

impl Fingerprint {
    pub fn new(seed: u64) -> Fingerprint {
        use std::hash::Hasher;
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        hasher.write_u64(seed);
        Fingerprint(hasher)
    }

    /// Hashes `value`'s JSON form, written into a buffer kept per thread and hashed in
    /// one call: serde_json writes a value in many tiny pieces (a quote, a key, a colon),
    /// and SipHash pays a call's overhead for each.
    pub fn json(&mut self, value: &(impl Serialize + ?Sized)) {
        use std::hash::Hasher;
        thread_local! {
            static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
        }
        BUFFER.with(|buffer| match buffer.try_borrow_mut() {
            Ok(mut buffer) => {
                buffer.clear();
                let _ = serde_json::to_writer(&mut *buffer, value);
                self.0.write(&buffer);
                // Keep what a page's inputs need, not the largest value ever hashed.
                if buffer.capacity() > 1 << 20 {
                    *buffer = Vec::new();
                }
            }
            // A value whose serialisation hashes another (not done today): its own buffer.
            Err(_) => self.0.write(&serde_json::to_vec(value).unwrap_or_default()),
        });
        self.0.write_u8(0xff);
    }

    pub fn number(&mut self, n: u64) {
        use std::hash::Hasher;
        self.0.write_u64(n);
    }

    pub fn text(&mut self, text: &str) {
        use std::hash::Hasher;
        self.0.write(text.as_bytes());
        self.0.write_u8(0xff);
    }

    pub fn finish(&self) -> u64 {
        use std::hash::Hasher;
        self.0.finish()
    }
}

pub fn render_job(site: &Site, job: &Job) -> Result<Vec<Output>, Vec<Diagnostic>> {
    match (job, &site.progress) {
        (Job::Search, _) => super::discovery::render_search(site),
        (Job::Register(n), _) => super::register_views::render_register(site, *n).map(|o| vec![o]),
        (Job::Document(index), _) => super::register_views::render_document(site, *index),
        (Job::Feed, _) => super::discovery::render_feed(site).map(|o| vec![o]),
        (Job::Progress(job), Some(progress)) => super::progress_views::render(site, progress, job),
        (Job::Progress(_), None) => Ok(Vec::new()),
        _ => render_one(site, job).map(|out| vec![out]),
    }
}

fn render_one(site: &Site, job: &Job) -> Result<Output, Vec<Diagnostic>> {
    match job {
        Job::Section(index) => render_section(site, *index),
        Job::Page(index) => render_page(site, *index),
        Job::NotFound => {
            let context = base_context(site, "404.html", "Không tìm thấy trang", Vec::new());
            html(site, "404.html", "404.html", &context)
        }
        Job::Sitemap => {
            let mut context = Context::new();
            context.insert("urls", &sitemap_urls(site));
            text(site, "sitemap.xml", "sitemap.xml", &context)
        }
        Job::Robots => {
            let mut context = Context::new();
            context.insert("sitemap_url", &super::join_url(&site.config.base_url, "sitemap.xml"));
            text(site, "robots.txt", "robots.txt", &context)
        }
        Job::Progress(_) | Job::Search | Job::Feed | Job::Register(_) | Job::Document(_) => Err(Vec::new()),
        Job::PrintSheet(index) => render_print_sheet(site, *index),
        Job::PlanAppendix(index) => render_plan_appendix(site, *index),
    }
}

/// A link in navigation or breadcrumbs.
#[derive(Clone, Debug, Serialize)]
pub struct Crumb {
    pub title: String,
    pub url: String,
}

/// What every page template sees besides the globals.
pub fn base_context(site: &Site, path: &str, title: &str, breadcrumbs: Vec<Crumb>) -> Context {
    let mut context = Context::new();
    context.insert("current_path", path);
    context.insert("page_title", title);
    context.insert("canonical_url", &super::join_url(&site.config.base_url, path));
    context.insert("breadcrumbs", &breadcrumbs);
    context
}

pub fn html(site: &Site, template: &str, output: &str, context: &Context) -> Result<Output, Vec<Diagnostic>> {
    let bytes = site.templates.render_bytes(template, context).map_err(|d| vec![d])?;
    Ok(Output { path: output.to_string(), bytes })
}

fn text(site: &Site, template: &str, output: &str, context: &Context) -> Result<Output, Vec<Diagnostic>> {
    html(site, template, output, context)
}

/// A page as a list item.
#[derive(Clone, Debug, Serialize)]
pub struct PageSummary<'a> {
    pub title: &'a str,
    pub url: String,
    pub date: Option<String>,
    pub date_iso: Option<String>,
    pub description: Option<&'a str>,
    pub plan: Option<&'a PlanInfo>,
}

pub fn summary<'a>(site: &Site, page: &'a Page) -> PageSummary<'a> {
    PageSummary {
        title: &page.title,
        url: site.url(&page.path),
        date: page.date.map(|d| d.vi()),
        date_iso: page.date.map(|d| d.iso()),
        description: page.description.as_deref().or(page.plan.as_ref().map(|p| p.summary.as_str())),
        plan: page.plan.as_ref(),
    }
}

/// A section as its template sees it.
#[derive(Serialize)]
struct SectionView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    url: String,
    content: String,
    pages: Vec<PageSummary<'a>>,
    extra: &'a toml::Table,
}

fn render_section(site: &Site, index: usize) -> Result<Output, Vec<Diagnostic>> {
    let section: &Section = &site.content.sections[index];
    let rendered = render_markdown(site, &section.file, &section.body, section.body_line, &[])?;
    let pages = section.pages.iter().map(|&i| summary(site, &site.content.pages[i])).collect();
    let view = SectionView {
        title: &section.title,
        description: section.description.as_deref(),
        url: site.url(&section.path),
        content: rendered.html,
        pages,
        extra: &section.extra,
    };
    let is_home = section.path.is_empty();
    let title = if is_home { site.config.title.clone() } else { section.title.clone() };
    let crumbs = if is_home { Vec::new() } else { vec![home_crumb(site)] };
    let mut context = base_context(site, &section.path, &title, crumbs);
    context.insert("section", &view);
    if is_home && let Some(progress) = &site.progress {
        super::progress_views::home_context(site, progress, &mut context);
    }
    let template =
        section.template.clone().unwrap_or_else(|| if is_home { "index.html" } else { "section.html" }.to_string());
    html(site, &template, &format!("{}index.html", section.path), &context)
}

pub fn home_crumb(site: &Site) -> Crumb {
    Crumb { title: "Trang chủ".to_string(), url: site.url("") }
}

/// A page as its template sees it.
#[derive(Serialize)]
struct PageView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    url: String,
    permalink: String,
    date: Option<String>,
    date_iso: Option<String>,
    updated: Option<String>,
    updated_iso: Option<String>,
    plan: Option<&'a PlanInfo>,
    attachment_url: Option<String>,
    toc: Vec<Heading>,
    content: String,
    extra: &'a toml::Table,
}

/// Ids the page templates use themselves; heading ids avoid them.
pub const RESERVED_IDS: &[&str] =
    &["noi-dung", "muc-luc", "thong-tin-van-ban", "can-cu", "chi-tieu", "nhiem-vu", "dau-trang"];

fn render_page(site: &Site, index: usize) -> Result<Output, Vec<Diagnostic>> {
    let page = &site.content.pages[index];
    let links = &site.citations.links_of(index).links;
    let rendered = render_markdown(site, &page.file, &page.body, page.body_line, links)?;
    let show_toc = page.toc.unwrap_or(page.is_plan() && rendered.headings.len() >= 3);
    let view = PageView {
        title: &page.title,
        description: page.description.as_deref(),
        url: site.url(&page.path),
        permalink: super::join_url(&site.config.base_url, &page.path),
        date: page.date.map(|d| d.vi()),
        date_iso: page.date.map(|d| d.iso()),
        updated: page.updated.map(|d| d.vi()),
        updated_iso: page.updated.map(|d| d.iso()),
        plan: page.plan.as_ref(),
        attachment_url: page
            .plan
            .as_ref()
            .and_then(|p| p.attachment.as_ref())
            .map(|a| site.url(&format!("{}{}", page.path, a.trim_start_matches("./")))),
        toc: if show_toc { rendered.headings.into_iter().filter(|h| h.level <= 3).collect() } else { Vec::new() },
        content: rendered.html,
        extra: &page.extra,
    };
    let mut crumbs = vec![home_crumb(site)];
    if let Some(section) = site.section_at(&page.section).filter(|s| !s.path.is_empty()) {
        crumbs.push(Crumb { title: section.title.clone(), url: site.url(&section.path) });
    }
    let mut context = base_context(site, &page.path, &page.title, crumbs);
    context.insert("page", &view);
    if page.is_plan() {
        super::progress_views::plan_context(site, &page.slug, &mut context);
        let bases: Vec<super::register_views::DocumentView> = site
            .citations
            .links_of(index)
            .bases
            .iter()
            .map(|&d| super::register_views::document_heading(site, &site.citations.register.documents[d]))
            .collect();
        context.insert("bases", &bases);
    }
    let section_template = site.section_at(&page.section).and_then(|s| s.page_template.clone());
    let template = page
        .template
        .clone()
        .or(section_template)
        .unwrap_or_else(|| if page.is_plan() { "plan.html" } else { "page.html" }.to_string());
    html(site, &template, &format!("{}index.html", page.path), &context)
}

/// A plan's notice-board sheet: its indicators and tasks in large type, the report
/// date, and a QR code to the live page.
fn render_print_sheet(site: &Site, index: usize) -> Result<Output, Vec<Diagnostic>> {
    let page = &site.content.pages[index];
    let permalink = super::join_url(&site.config.base_url, &page.path);
    let path = format!("{}in/", page.path);
    let crumbs = vec![home_crumb(site), Crumb { title: page.title.clone(), url: site.url(&page.path) }];
    let mut context = base_context(site, &path, &format!("Bản in bảng tin: {}", page.title), crumbs);
    context.insert("page", &summary(site, page));
    context.insert("permalink", &permalink);
    context.insert("qr", &crate::qr::svg(&permalink, &format!("Mã QR dẫn tới trang {}", page.title)));
    super::progress_views::plan_context(site, &page.slug, &mut context);
    html(site, "ban-in.html", &format!("{path}index.html"), &context)
}

/// A plan's appendix page: its indicators by group with their bars, and its tasks.
fn render_plan_appendix(site: &Site, index: usize) -> Result<Output, Vec<Diagnostic>> {
    let page = &site.content.pages[index];
    let path = format!("{}chi-tieu/", page.path);
    let crumbs = vec![home_crumb(site), Crumb { title: page.title.clone(), url: site.url(&page.path) }];
    let mut context = base_context(site, &path, &format!("Phụ lục chỉ tiêu: {}", page.title), crumbs);
    context.insert("page", &summary(site, page));
    super::progress_views::plan_context(site, &page.slug, &mut context);
    html(site, "phu-luc.html", &format!("{path}index.html"), &context)
}

/// Markdown of a content file to HTML; broken `@/` links become errors located in the file.
fn render_markdown(
    site: &Site,
    file: &str,
    body: &str,
    body_line: usize,
    links: &[markdown::SpanLink],
) -> Result<markdown::Rendered, Vec<Diagnostic>> {
    let resolve = |target: &str| site.resolve_internal_link(target);
    let rendered = markdown::render(body, links, &resolve, RESERVED_IDS);
    if rendered.broken_links.is_empty() {
        return Ok(rendered);
    }
    Err(rendered
        .broken_links
        .iter()
        .map(|(offset, message)| {
            let (line, col) = crate::diagnostics::line_col(body, *offset);
            Diagnostic::error(file, line + body_line - 1, col, message.clone())
                .with_hint("viết đường dẫn tới tệp Markdown tính từ content/, ví dụ: [Kế hoạch](@/ke-hoach/chuyen-doi-so-2026/index.md)")
        })
        .collect())
}

#[derive(Serialize)]
struct SitemapUrl {
    loc: String,
    lastmod: Option<String>,
}

fn sitemap_urls(site: &Site) -> Vec<SitemapUrl> {
    let mut urls: Vec<SitemapUrl> = site
        .content
        .sections
        .iter()
        .map(|s| SitemapUrl { loc: super::join_url(&site.config.base_url, &s.path), lastmod: None })
        .chain(site.content.pages.iter().map(|p| SitemapUrl {
            loc: super::join_url(&site.config.base_url, &p.path),
            lastmod: p.updated.or(p.date).map(|d| d.iso()),
        }))
        .collect();
    urls.sort_by(|a, b| a.loc.cmp(&b.loc));
    urls
}
