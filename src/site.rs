//! The pipeline end to end: `load` reads config, content, data files and templates
//! (collecting every problem), `analyse` links citations and computes progress,
//! `build` renders every job and writes them through a staging folder, and `check`
//! does everything `build` does except writing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{self, Content, LoadOptions};
use crate::date::Date;
use crate::diagnostics::{self, Diagnostic};
use crate::output;
use crate::progress;
use crate::render::{self, FileSet, Job, Templates};

/// What the command line asked for.
#[derive(Clone, Debug)]
pub struct BuildOptions {
    /// The site folder (holding `config.toml` and `content/`).
    pub root: PathBuf,
    /// Where the site is written; `public` under the root by default.
    pub output_dir: Option<PathBuf>,
    /// Overrides `base_url` from the config.
    pub base_url: Option<String>,
    /// Runs minify-html over every HTML page. Off by default: the templates are
    /// compacted when loaded, and this pass would cost more time than it saves bytes.
    pub minify: bool,
    /// The report date (`--today`), overriding config and `SOURCE_DATE_EPOCH`.
    pub today: Option<Date>,
    /// Value of `SOURCE_DATE_EPOCH`, read by the CLI (the library never reads the
    /// environment or the clock).
    pub source_date_epoch: Option<i64>,
    pub drafts: bool,
    /// `build --check`: also checks every internal link and anchor of the pages written,
    /// as `check` does, in the same pass (CI needs one run, not a check and a build).
    pub check_links: bool,
    /// `--strict`: warnings count as errors (`build` then leaves the output as it was).
    pub strict: bool,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> BuildOptions {
        BuildOptions {
            root: root.into(),
            output_dir: None,
            base_url: None,
            minify: false,
            today: None,
            source_date_epoch: None,
            drafts: false,
            check_links: false,
            strict: false,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        match &self.output_dir {
            Some(dir) if dir.is_absolute() => dir.clone(),
            Some(dir) => dir.clone(),
            None => self.root.join("public"),
        }
    }
}

/// Where the report date came from, shown on the methodology page.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportDateSource {
    CommandLine,
    ProgressFile,
    Config,
    SourceDateEpoch,
    LatestData,
}

/// The loaded and analysed site: everything rendering needs, nothing more to read.
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub content: Content,
    pub templates: Templates,
    pub statics: FileSet,
    pub report_date: Date,
    pub report_date_source: ReportDateSource,
    /// Indicators and tasks evaluated at the report date (when `content/chi-tieu.toml` exists).
    /// Shared with `serve`'s cache, which reuses it while its inputs do not change.
    pub progress: Option<std::sync::Arc<progress::Progress>>,
    /// The legal documents the plans cite, and where (links, căn cứ, anchors).
    pub citations: crate::analyse::Citations,
    /// `content/…/x.md` (relative to `content/`) → page or section URL path.
    internal_links: HashMap<String, String>,
    /// Plan slug → index in `content.pages`.
    plans_by_slug: HashMap<String, usize>,
    /// Section path → index in `content.sections` (the first with that path).
    sections_by_path: HashMap<String, usize>,
    /// Plan slug → index in `progress.plans`.
    plan_progress_by_slug: HashMap<String, usize>,
    /// Hash of what every page depends on (config, report date, every page's URL):
    /// the seed of each output's fingerprint.
    pub fingerprint_base: u64,
    /// Stands for the whole evaluated indicator file in fingerprints: a hash of every
    /// input it is computed from.
    pub progress_key: u64,
    /// A hash of each plan's evaluated progress (same order as `progress.plans`), made
    /// when first asked (only `serve` fingerprints pages) and kept with the evaluated
    /// file in `serve`'s cache, so a plan's pages do not serialise its indicators again.
    plan_progress_hashes: Arc<std::sync::OnceLock<Vec<u64>>>,
    /// The register's documents in display order, computed once when first asked.
    register_order: std::sync::OnceLock<Vec<(crate::legal::Level, usize)>>,
    /// A hash of every plan's URL, title and number (what the register shows of the
    /// plans citing a document), computed once when first asked.
    plan_headings_hash: std::sync::OnceLock<u64>,
    /// A hash of each page's URL, title and plan details, computed once when first asked.
    page_heading_hashes: std::sync::OnceLock<Vec<u64>>,
    /// A hash of each register document's heading (what plan pages show of the
    /// documents they rest on), computed once when first asked.
    document_heading_hashes: std::sync::OnceLock<Vec<u64>>,
}

impl Site {
    /// The URL of a site path (`ke-hoach/a/`), with the base path in front.
    pub fn url(&self, path: &str) -> String {
        render::join_url(&self.config.base_path, path)
    }

    /// The section whose path is `path` (`ke-hoach/binh-chuong/`).
    pub fn section_at(&self, path: &str) -> Option<&crate::content::Section> {
        self.sections_by_path.get(path).map(|&i| &self.content.sections[i])
    }

    /// The plan page with this slug.
    pub fn plan_page(&self, slug: &str) -> Option<&crate::content::Page> {
        self.plans_by_slug.get(slug).map(|&i| &self.content.pages[i])
    }

    /// A hash of [`Site::plan_progress`] (stable while the indicator file is unchanged).
    pub fn plan_progress_hash(&self, slug: &str) -> Option<u64> {
        let index = *self.plan_progress_by_slug.get(slug)?;
        let hashes = self.plan_progress_hashes.get_or_init(|| {
            self.progress.as_ref().map_or_else(Vec::new, |progress| {
                progress
                    .plans
                    .par_iter()
                    .map(|plan| {
                        let mut f = crate::render::Fingerprint::new(3);
                        f.json(plan);
                        f.finish()
                    })
                    .collect()
            })
        });
        hashes.get(index).copied()
    }

    /// The register's documents grouped by level, in the order the register lists them.
    pub fn register_order(&self) -> &[(crate::legal::Level, usize)] {
        self.register_order.get_or_init(|| {
            self.citations
                .register
                .by_level()
                .into_iter()
                .flat_map(|(level, docs)| docs.into_iter().map(move |d| (level, d)))
                .collect()
        })
    }

    /// A hash of every plan's URL, title and plan details, in page order.
    pub fn plan_headings_hash(&self) -> u64 {
        *self.plan_headings_hash.get_or_init(|| {
            let mut f = crate::render::Fingerprint::new(4);
            for (index, _) in self.content.pages.iter().enumerate().filter(|(_, p)| p.is_plan()) {
                f.number(self.page_heading_hash(index));
            }
            f.finish()
        })
    }

    /// A hash of page `index`'s URL, title and plan details.
    pub fn page_heading_hash(&self, index: usize) -> u64 {
        let hashes = self.page_heading_hashes.get_or_init(|| {
            self.content
                .pages
                .par_iter()
                .map(|page| {
                    let mut f = crate::render::Fingerprint::new(9);
                    f.json(&(&page.path, &page.title, &page.plan));
                    f.finish()
                })
                .collect()
        });
        hashes.get(index).copied().unwrap_or(0)
    }

    /// A hash of the heading of register document `index` (see `document_heading`).
    pub fn document_heading_hash(&self, index: usize) -> u64 {
        let hashes = self.document_heading_hashes.get_or_init(|| {
            self.citations
                .register
                .documents
                .par_iter()
                .map(|document| {
                    let mut f = crate::render::Fingerprint::new(8);
                    f.json(&crate::render::document_heading(self, document));
                    f.finish()
                })
                .collect()
        });
        hashes.get(index).copied().unwrap_or(0)
    }

    /// A hash of the passage a document's page shows for `citation`.
    pub fn passage_hash(&self, citation: &crate::legal::CitationRef) -> u64 {
        let (Some(page), Some(Some(extraction))) =
            (self.content.pages.get(citation.plan), self.citations.extractions.get(citation.plan))
        else {
            return 0;
        };
        self.citations.links_of(citation.plan).passage_hash(&page.body, extraction, citation.mention)
    }

    /// The progress of the plan with this slug.
    pub fn plan_progress(&self, slug: &str) -> Option<&progress::PlanProgress> {
        let progress = self.progress.as_ref()?;
        self.plan_progress_by_slug.get(slug).map(|&i| &progress.plans[i])
    }

    /// Resolves the target of an `@/ke-hoach/a.md` link (without `@/`).
    pub fn resolve_internal_link(&self, target: &str) -> Option<String> {
        self.internal_links.get(target.trim_start_matches('/')).map(|path| self.url(path))
    }
}

/// Time spent in each stage, for `--timings` and the benchmark.
#[derive(Clone, Debug, Default)]
pub struct Timings {
    pub load: Duration,
    pub analyse: Duration,
    /// The two branches of the analysis, run side by side: the indicator file, the citations.
    pub analyse_progress: Duration,
    pub analyse_citations: Duration,
    pub render: Duration,
    pub write: Duration,
    /// Render + minify + write time summed over threads, per kind of page: (files, time).
    pub by_kind: std::collections::BTreeMap<&'static str, (usize, Duration)>,
}

/// Loads and analyses the site. On failure returns every diagnostic (errors and
/// warnings); on success the site and its warnings.
pub fn load(options: &BuildOptions) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    let mut timings = Timings::default();
    load_timed(options, &mut timings)
}

pub fn load_timed(options: &BuildOptions, timings: &mut Timings) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    load_with_cache(options, timings, &mut Caches::default())
}

/// What `serve` keeps between loads: parsed Markdown files and citation extractions.
#[derive(Default)]
pub struct Caches {
    pub content: content::FileCache,
    pub extractions: crate::analyse::ExtractionCache,
    /// The evaluated indicator file, keyed by everything it was computed from.
    pub progress: Option<(u64, ProgressOutcome)>,
}

/// What the progress branch of the analysis produces.
#[derive(Clone)]
pub struct ProgressOutcome {
    progress: Option<std::sync::Arc<progress::Progress>>,
    /// A hash of each evaluated plan, made when first asked (see [`Site::plan_progress_hash`]).
    plan_hashes: Arc<std::sync::OnceLock<Vec<u64>>>,
    report_date: Date,
    report_date_source: ReportDateSource,
    diagnostics: Vec<Diagnostic>,
}

/// Everything the evaluated indicator file depends on: its text, the report-date
/// inputs, and the plans it may refer to.
fn progress_key(options: &BuildOptions, config: &Config, content: &Content) -> u64 {
    let mut f = crate::render::Fingerprint::new(1);
    f.text(content.progress_file.as_ref().map_or("", |data| data.text.as_str()));
    f.json(&(options.today, config.report_date, options.source_date_epoch));
    let plans: Vec<(&str, &str)> =
        content.pages.iter().filter(|p| p.is_plan()).map(|p| (p.slug.as_str(), p.file.as_str())).collect();
    f.json(&plans);
    f.json(&content.pages.iter().filter_map(|p| p.updated.or(p.date)).max());
    f.finish()
}

/// [`load`], reusing what an earlier load parsed and extracted (for `serve`).
pub fn load_with_cache(
    options: &BuildOptions,
    timings: &mut Timings,
    caches: &mut Caches,
) -> Result<(Site, Vec<Diagnostic>), Vec<Diagnostic>> {
    let started = Instant::now();
    let root = options.root.clone();
    let mut diagnostics = Vec::new();

    let config_path = root.join("config.toml");
    let config_text = match content::read_text(&config_path, "config.toml") {
        Ok(text) => text,
        Err(mut d) => {
            if !config_path.exists() {
                d = Diagnostic::error("config.toml", 1, 1, "không tìm thấy config.toml trong thư mục trang").with_hint(format!(
                    "chạy lệnh trong thư mục của trang, dùng --root <thư mục>, hoặc tạo trang mới bằng `congkhai init <thư mục>` (đang tìm ở {})",
                    root.display()
                ));
            }
            return Err(vec![d]);
        }
    };
    let mut config = match crate::config::parse("config.toml", &config_text) {
        Ok(config) => Some(config),
        Err(mut ds) => {
            diagnostics.append(&mut ds);
            None
        }
    };
    if let (Some(config), Some(url)) = (config.as_mut(), &options.base_url) {
        let mut url = url.clone();
        if !url.ends_with('/') {
            url.push('/');
        }
        config.base_path = crate::config::base_path_of(&url);
        config.base_url = url;
    }

    let (content, mut content_diagnostics) =
        content::load_with_cache(&root, LoadOptions { drafts: options.drafts }, &mut caches.content);
    diagnostics.append(&mut content_diagnostics);

    let Some(config) = config else {
        diagnostics::sort(&mut diagnostics);
        return Err(diagnostics);
    };
    let templates = match Templates::load(&root, &config) {
        Ok(t) => Some(t),
        Err(mut ds) => {
            diagnostics.append(&mut ds);
            None
        }
    };
    let statics = match render::theme::collect(&root, &config.theme, "static") {
        Ok(s) => s,
        Err(mut ds) => {
            diagnostics.append(&mut ds);
            FileSet::new()
        }
    };
    timings.load = started.elapsed();

    let started = Instant::now();
    // The progress data and the citations do not depend on each other: analyse both at once.
    let key = progress_key(options, &config, &content);
    let cached = caches.progress.as_ref().filter(|(k, _)| *k == key).map(|(_, outcome)| outcome.clone());
    let (progress_branch, citation_branch) = rayon::join(
        || {
            let started = Instant::now();
            if let Some(outcome) = cached {
                return (outcome, started.elapsed());
            }
            let mut diagnostics = Vec::new();
            let progress_file = content.progress_file.as_ref().map(|data| {
                let (file, mut problems) = progress::load(&data.file, &data.text);
                diagnostics.append(&mut problems);
                file
            });
            let (report_date, report_date_source) = report_date(options, &config, &content, progress_file.as_ref());
            let plan_slugs = plan_slugs(&content, &mut diagnostics);
            let progress = progress_file.map(|file| {
                let slugs: Vec<&str> = plan_slugs.iter().map(String::as_str).collect();
                diagnostics.extend(progress::validate(&file, &slugs, report_date));
                std::sync::Arc::new(progress::evaluate(&file, report_date))
            });
            let outcome =
                ProgressOutcome { progress, plan_hashes: Arc::default(), report_date, report_date_source, diagnostics };
            (outcome, started.elapsed())
        },
        || {
            let started = Instant::now();
            let mut diagnostics = Vec::new();
            let registry = match &content.registry_file {
                Some(data) => {
                    let (registry, mut problems) = crate::legal::load_registry(&data.file, &data.text);
                    diagnostics.append(&mut problems);
                    registry
                }
                None => crate::legal::RegistryFile::default(),
            };
            let (citations, mut citation_warnings) =
                crate::analyse::citations(&content, &config, &registry, &mut caches.extractions);
            diagnostics.append(&mut citation_warnings);
            (citations, internal_links(&content), diagnostics, started.elapsed())
        },
    );
    let (progress_branch, progress_time) = progress_branch;
    timings.analyse_progress = progress_time;
    caches.progress = Some((key, progress_branch.clone()));
    let ProgressOutcome {
        progress,
        plan_hashes: plan_progress_hashes,
        report_date,
        report_date_source,
        diagnostics: mut progress_diagnostics,
    } = progress_branch;
    let (citations, internal_links, mut citation_diagnostics, citation_time) = citation_branch;
    timings.analyse_citations = citation_time;
    diagnostics.append(&mut progress_diagnostics);
    diagnostics.append(&mut citation_diagnostics);
    timings.analyse = started.elapsed();

    let Some(mut templates) = templates else {
        diagnostics::sort(&mut diagnostics);
        return Err(diagnostics);
    };
    if diagnostics::has_errors(&diagnostics) {
        diagnostics::sort(&mut diagnostics);
        return Err(diagnostics);
    }
    set_globals(&mut templates, &config, &content, report_date, progress.is_some());
    if let Some(progress) = &progress {
        templates.set_task_pages(&config.base_path, crate::render::progress_views::task_pages(progress));
    }
    let fingerprint_base = {
        let mut f = crate::render::Fingerprint::new(0);
        f.json(&config);
        f.json(&(report_date, report_date_source));
        let mut links: Vec<(&String, &String)> = internal_links.iter().collect();
        links.sort();
        f.json(&links);
        // Links to tasks name the page of the task list they are on.
        if let Some(progress) = &progress {
            f.json(&progress.tasks.iter().map(|t| &t.id).collect::<Vec<_>>());
        }
        f.finish()
    };
    let plans_by_slug: HashMap<String, usize> =
        content.pages.iter().enumerate().filter(|(_, p)| p.is_plan()).map(|(i, p)| (p.slug.clone(), i)).collect();
    let mut sections_by_path: HashMap<String, usize> = HashMap::new();
    for (i, section) in content.sections.iter().enumerate() {
        sections_by_path.entry(section.path.clone()).or_insert(i);
    }
    let plan_progress_by_slug: HashMap<String, usize> = progress
        .as_ref()
        .map(|p| p.plans.iter().enumerate().map(|(i, plan)| (plan.slug.clone(), i)).collect())
        .unwrap_or_default();
    let site = Site {
        root,
        config,
        content,
        templates,
        statics,
        report_date,
        report_date_source,
        progress,
        citations,
        internal_links,
        plans_by_slug,
        sections_by_path,
        plan_progress_by_slug,
        fingerprint_base,
        progress_key: key,
        plan_progress_hashes,
        register_order: std::sync::OnceLock::new(),
        plan_headings_hash: std::sync::OnceLock::new(),
        page_heading_hashes: std::sync::OnceLock::new(),
        document_heading_hashes: std::sync::OnceLock::new(),
    };
    diagnostics::sort(&mut diagnostics);
    Ok((site, diagnostics))
}

/// The report date: `--today`, else the indicator file's `report_date`, else config,
/// else `SOURCE_DATE_EPOCH`, else the latest date found in the data. Never the clock,
/// so builds are reproducible.
fn report_date(
    options: &BuildOptions,
    config: &Config,
    content: &Content,
    progress: Option<&progress::ProgressFile>,
) -> (Date, ReportDateSource) {
    if let Some(today) = options.today {
        return (today, ReportDateSource::CommandLine);
    }
    if let Some(date) = progress.and_then(|p| p.report_date) {
        return (date, ReportDateSource::ProgressFile);
    }
    if let Some(date) = config.report_date {
        return (date, ReportDateSource::Config);
    }
    if let Some(epoch) = options.source_date_epoch {
        return (Date::from_unix_seconds(epoch), ReportDateSource::SourceDateEpoch);
    }
    let latest_figure = progress.into_iter().flat_map(|p| {
        p.indicators
            .iter()
            .flat_map(|i| i.history.iter().map(|m| m.date))
            .chain(p.measurements.iter().map(|m| m.measurement.date))
            .chain(p.tasks.iter().flat_map(|t| t.updates.iter().map(|u| u.date)))
    });
    let latest_page = content.pages.iter().filter_map(|p| p.updated.or(p.date));
    let latest = latest_figure.chain(latest_page).max();
    (latest.unwrap_or_else(|| Date::from_days(0)), ReportDateSource::LatestData)
}

/// Slugs of plan pages (what the indicator file refers to); two plans with one slug
/// would make those references ambiguous.
fn plan_slugs(content: &Content, diagnostics: &mut Vec<Diagnostic>) -> Vec<String> {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for page in content.pages.iter().filter(|p| p.is_plan()) {
        if let Some(other) = seen.insert(&page.slug, &page.file) {
            diagnostics.push(
                Diagnostic::error(
                    &page.file,
                    1,
                    1,
                    format!("hai văn bản cùng tên đường dẫn \"{}\" (cùng với {other})", page.slug),
                )
                .with_hint(
                    "tệp chỉ tiêu gọi kế hoạch bằng tên đường dẫn: đặt slug = \"...\" khác nhau cho hai văn bản",
                ),
            );
        }
    }
    let mut slugs: Vec<String> = seen.into_keys().map(str::to_string).collect();
    slugs.sort();
    slugs
}

fn internal_links(content: &Content) -> HashMap<String, String> {
    let mut links = HashMap::new();
    for page in &content.pages {
        links.insert(page.file.trim_start_matches("content/").to_string(), page.path.clone());
    }
    for section in &content.sections {
        links.insert(section.file.trim_start_matches("content/").to_string(), section.path.clone());
    }
    links
}

/// A navigation entry.
#[derive(serde::Serialize)]
struct NavItem {
    title: &'static str,
    path: String,
}

fn set_globals(templates: &mut Templates, config: &Config, content: &Content, report_date: Date, progress: bool) {
    templates.set_global("config", config);
    templates.set_global("base_path", &config.base_path);
    templates.set_global("base_url", &config.base_url);
    // "https://example.gov.vn" for print styles that show whole addresses; empty when
    // base_url is a bare path.
    let origin = config
        .base_url
        .split_once("://")
        .map_or(String::new(), |(scheme, rest)| format!("{scheme}://{}", rest.split('/').next().unwrap_or("")));
    templates.set_global("site_origin", &origin);
    templates.set_global("commune_full_name", &config.commune_full_name());
    templates.set_global("report_date", &report_date.vi());
    templates.set_global("report_date_iso", &report_date.iso());
    let mut nav = vec![NavItem { title: "Trang chủ", path: String::new() }];
    let has_section = |path: &str| content.sections.iter().any(|s| s.path == path);
    let has_page = |path: &str| content.pages.iter().any(|p| p.path == path);
    if has_section("ke-hoach/") {
        nav.push(NavItem { title: "Kế hoạch", path: "ke-hoach/".into() });
    }
    if progress {
        nav.push(NavItem { title: "Chỉ tiêu", path: "chi-tieu/".into() });
        nav.push(NavItem { title: "Nhiệm vụ", path: "nhiem-vu/".into() });
        nav.push(NavItem { title: "Cơ quan", path: "co-quan/".into() });
    }
    nav.push(NavItem { title: "Văn bản", path: "van-ban/".into() });
    nav.push(NavItem { title: "Tìm kiếm", path: "tim-kiem/".into() });
    if has_page("gioi-thieu/") {
        nav.push(NavItem { title: "Giới thiệu", path: "gioi-thieu/".into() });
    }
    templates.set_global("nav", &nav);
    let mut footer = Vec::new();
    if progress {
        footer.push(NavItem { title: "Phương pháp tính tiến độ", path: "phuong-phap/".into() });
        footer.push(NavItem { title: "Dữ liệu mở", path: "du-lieu/".into() });
    }
    if has_page("huong-dan-cap-nhat/") {
        footer.push(NavItem {
            title: "Hướng dẫn cập nhật (cho Ban biên tập)", path: "huong-dan-cap-nhat/".into()
        });
    }
    templates.set_global("footer_links", &footer);
    // Plans by slug, for templates that name the plan of an indicator or a task.
    let plans: std::collections::BTreeMap<&str, serde_json::Value> = content
        .pages
        .iter()
        .filter_map(|p| {
            let plan = p.plan.as_ref()?;
            Some((
                p.slug.as_str(),
                serde_json::json!({
                    "title": p.title,
                    "url": crate::render::join_url(&config.base_path, &p.path),
                    "number": plan.number,
                }),
            ))
        })
        .collect();
    templates.set_global("plans_by_slug", &plans);
}

/// The outcome of a build or a check.
pub struct Report {
    /// Every problem, sorted: errors mean nothing was published.
    pub diagnostics: Vec<Diagnostic>,
    /// Files written (build) or rendered (check).
    pub files: usize,
    pub timings: Timings,
}

impl Report {
    /// Whether the site may be published: no error, and no warning either if `strict`.
    pub fn publishable(&self, strict: bool) -> bool {
        self.ok() && (!strict || self.diagnostics.is_empty())
    }

    pub fn ok(&self) -> bool {
        !diagnostics::has_errors(&self.diagnostics)
    }
}

/// Builds the site into its output folder, atomically.
pub fn build(options: &BuildOptions) -> Report {
    let mut timings = Timings::default();
    let output_dir = options.output_dir();
    if let Err(d) = output::check_output_dir(&options.root, &output_dir) {
        return Report { diagnostics: vec![d], files: 0, timings };
    }
    let (site, warnings) = match load_timed(options, &mut timings) {
        Ok(loaded) => loaded,
        Err(diagnostics) => return Report { diagnostics, files: 0, timings },
    };
    let staging = match output::Staging::new(&output_dir) {
        Ok(s) => s,
        Err(e) => {
            let d = Diagnostic::error(
                output_dir.display().to_string(),
                1,
                1,
                format!("không tạo được thư mục tạm để dựng trang: {e}"),
            )
            .with_hint("kiểm tra quyền ghi vào thư mục chứa thư mục xuất");
            return Report { diagnostics: vec![d], files: 0, timings };
        }
    };
    // With `--check`, each page is reduced to its ids and links as it is written.
    let links = options.check_links.then(crate::links::Collected::default);
    let mut report = write_site(&site, &staging, options.minify, links.as_ref(), &mut timings);
    timings.by_kind = std::mem::take(&mut report.timings.by_kind);
    report.diagnostics.extend(warnings);
    if let Some(links) = links {
        let pages = links.into_pages();
        report.diagnostics.extend(crate::links::check(&site, &pages, &copies(&site)));
        drop_in_background(pages);
    }
    diagnostics::sort(&mut report.diagnostics);
    if report.publishable(options.strict) {
        let started = Instant::now();
        if let Err(e) = staging.commit() {
            report.diagnostics.push(
                Diagnostic::error(output_dir.display().to_string(), 1, 1, format!("không thay được thư mục xuất: {e}"))
                    .with_hint("kiểm tra quyền ghi và đóng các chương trình đang mở tệp trong thư mục xuất"),
            );
        }
        timings.write += started.elapsed();
    }
    report.timings = timings;
    drop_in_background(site);
    report
}

/// Frees `value` on a thread of its own. A loaded site is hundreds of thousands of
/// allocations (90 ms to free at 1,000 plans, on one core, after the output is in
/// place); the command line need not wait for that before it exits, since the system
/// takes the memory back at exit anyway, and a caller that goes on gets it back soon.
pub(crate) fn drop_in_background<T: Send + 'static>(value: T) {
    // If no thread can be started, the closure, and `value` with it, is dropped here.
    let _ = std::thread::Builder::new().name("drop".into()).spawn(move || drop(value));
}

impl Timings {
    /// One line per stage, then per kind of page, for `build --timings`.
    pub fn report(&self) -> String {
        let mut out = format!(
            "thời gian: đọc {:.0} ms, phân tích {:.0} ms (chỉ tiêu {:.0} ms, văn bản {:.0} ms cùng lúc), dựng {:.0} ms, ghi {:.0} ms",
            self.load.as_secs_f64() * 1e3,
            self.analyse.as_secs_f64() * 1e3,
            self.analyse_progress.as_secs_f64() * 1e3,
            self.analyse_citations.as_secs_f64() * 1e3,
            self.render.as_secs_f64() * 1e3,
            self.write.as_secs_f64() * 1e3
        );
        let mut kinds: Vec<_> = self.by_kind.iter().collect();
        kinds.sort_by_key(|kind| std::cmp::Reverse(kind.1.1));
        for (kind, (count, time)) in kinds {
            out.push_str(&format!(
                "\n  {kind}: {count} việc, {:.0} ms (dựng + rút gọn + ghi, cộng các luồng)",
                time.as_secs_f64() * 1e3
            ));
        }
        out
    }
}

/// Renders every job and writes it into `staging`; all render errors are collected.
/// With `links`, what the link check needs of each file written is kept there.
pub fn write_site(
    site: &Site,
    staging: &output::Staging,
    minify: bool,
    links: Option<&crate::links::Collected>,
    timings: &mut Timings,
) -> Report {
    let started = Instant::now();
    let jobs = render::jobs(site);
    let results: Vec<(Result<(), Vec<Diagnostic>>, Duration)> = jobs
        .par_iter()
        .map(|job| {
            let started = Instant::now();
            let result = render::render_job_into(site, job, &|out| {
                let bytes =
                    if minify && out.path.ends_with(".html") { output::minify_html(&out.bytes) } else { out.bytes };
                staging.write(&out.path, &bytes).map_err(|e| vec![write_error(&out.path, &e)])?;
                if let Some(links) = links {
                    links.keep(&render::Output { path: out.path, bytes });
                }
                Ok(())
            });
            (result, started.elapsed())
        })
        .collect();
    for (job, (_, elapsed)) in jobs.iter().zip(&results) {
        let entry = timings.by_kind.entry(job.kind()).or_default();
        entry.0 += 1;
        entry.1 += *elapsed;
    }
    let mut diagnostics: Vec<Diagnostic> = results.into_iter().filter_map(|(r, _)| r.err()).flatten().collect();
    timings.render = started.elapsed();

    let started = Instant::now();
    let copies = copies(site);
    let copy_errors: Vec<Diagnostic> = copies
        .par_iter()
        .filter_map(|(relative, source)| {
            let result = if relative.ends_with(".css") {
                read_source(source).and_then(|css| staging.write(relative, output::minify_css(&css).as_bytes()))
            } else {
                staging.copy(relative, source)
            };
            result.err().map(|e| write_error(relative, &e))
        })
        .collect();
    diagnostics.extend(copy_errors);
    timings.write = started.elapsed();
    diagnostics::sort(&mut diagnostics);
    let by_kind = std::mem::take(&mut timings.by_kind);
    Report { diagnostics, files: jobs.len() + copies.len(), timings: Timings { by_kind, ..Timings::default() } }
}

fn read_source(source: &render::Source) -> std::io::Result<String> {
    let bytes = match source {
        render::Source::Builtin(bytes) => bytes.to_vec(),
        render::Source::File(path) => std::fs::read(path)?,
    };
    String::from_utf8(bytes).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
}

fn write_error(relative: &str, error: &std::io::Error) -> Diagnostic {
    Diagnostic::error(relative, 1, 1, format!("không ghi được tệp: {error}"))
        .with_hint("kiểm tra dung lượng đĩa và quyền ghi vào thư mục xuất")
}

/// Static files, content assets and page attachments, as (output path, source).
pub fn copies(site: &Site) -> Vec<(String, render::Source)> {
    let mut copies: Vec<(String, render::Source)> =
        site.statics.iter().map(|(name, file)| (name.clone(), file.source.clone())).collect();
    for asset in site.content.assets.iter().chain(site.content.pages.iter().flat_map(|p| p.assets.iter())) {
        copies.push((asset.output.clone(), render::Source::File(asset.source.clone())));
    }
    copies.sort_by(|a, b| a.0.cmp(&b.0));
    copies
}

/// Everything `build` does except writing: loads, analyses and renders every page
/// (so template errors are caught), then checks internal links.
pub fn check(options: &BuildOptions) -> Report {
    let mut timings = Timings::default();
    let (site, warnings) = match load_timed(options, &mut timings) {
        Ok(loaded) => loaded,
        Err(diagnostics) => return Report { diagnostics, files: 0, timings },
    };
    let started = Instant::now();
    let jobs = render::jobs(&site);
    // Each page is rendered, reduced to what the link check needs and dropped: the
    // whole site's HTML is never held (2.5 GB at 10,000 plans when it was).
    // The search index goes through the same sink file by file, as `build` writes it.
    let pages = crate::links::Collected::default();
    let keep = |output: render::Output| -> Result<(), Vec<Diagnostic>> {
        pages.keep(&output);
        Ok(())
    };
    let results: Vec<Result<(), Vec<Diagnostic>>> =
        jobs.par_iter().map(|job| render::render_job_into(&site, job, &keep)).collect();
    let mut diagnostics = warnings;
    for result in results {
        if let Err(mut ds) = result {
            diagnostics.append(&mut ds);
        }
    }
    let pages = pages.into_pages();
    timings.render = started.elapsed();
    diagnostics.extend(crate::links::check(&site, &pages, &copies(&site)));
    diagnostics::sort(&mut diagnostics);
    let files = pages.len();
    drop_in_background((site, pages));
    Report { diagnostics, files, timings }
}

/// Renders the whole site in memory (for `serve`): output path → bytes.
pub fn render_all(site: &Site, minify: bool) -> Result<Vec<render::Output>, Vec<Diagnostic>> {
    let jobs: Vec<Job> = render::jobs(site);
    let results: Vec<Result<Vec<render::Output>, Vec<Diagnostic>>> = jobs
        .par_iter()
        .map(|job| {
            let mut outs = render::render_job(site, job)?;
            for out in &mut outs {
                if minify && out.path.ends_with(".html") {
                    out.bytes = output::minify_html(&out.bytes);
                }
            }
            Ok(outs)
        })
        .collect();
    let mut outputs = Vec::with_capacity(results.len());
    let mut diagnostics = Vec::new();
    for result in results {
        match result {
            Ok(mut outs) => outputs.append(&mut outs),
            Err(mut ds) => diagnostics.append(&mut ds),
        }
    }
    if diagnostics.is_empty() {
        Ok(outputs)
    } else {
        diagnostics::sort(&mut diagnostics);
        Err(diagnostics)
    }
}

/// The site's root folder as given (for messages).
pub fn display_root(root: &Path) -> String {
    root.display().to_string()
}
