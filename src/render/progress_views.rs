//! The progress pages: indicators (all, and filtered by status), one page per
//! indicator with its chart, tasks (all, and by status), agencies, the methodology, the
//! open-data page and files, and the notice-board sheet of each plan. Filters are
//! separate pages, so they work without JavaScript.

use serde::Serialize;
use tera::Context;

use super::Output;
use super::views::{Crumb, base_context, home_crumb, html};
use crate::diagnostics::Diagnostic;
use crate::progress::{
    self, AgencyProgress, EvaluatedIndicator, EvaluatedTask, GroupProgress, IndicatorStatus, Progress, TaskStatus,
};
use crate::site::Site;

/// Status keys that get a filtered list page.
pub const INDICATOR_FILTERS: [IndicatorStatus; 4] = IndicatorStatus::ALL;
pub const TASK_FILTERS: [TaskStatus; 4] = TaskStatus::ALL;

/// Rows per page of the indicator and task lists: a province-level site has thousands.
pub const PER_PAGE: usize = 100;

/// A progress page to render.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ProgressJob {
    /// `/chi-tieu/` or `/chi-tieu/trang-thai/<key>/`, page `n` (0-based; `trang/<n+1>/` after the first).
    Indicators(Option<IndicatorStatus>, usize),
    /// `/chi-tieu/<id>/` (index into `progress.indicators`).
    Indicator(usize),
    /// `/nhiem-vu/` or `/nhiem-vu/trang-thai/<key>/`, page `n`.
    Tasks(Option<TaskStatus>, usize),
    /// `/co-quan/`, page `n`.
    Agencies(usize),
    /// `/co-quan/<slug>/` (index into `progress.agencies`).
    Agency(usize),
    /// `/phuong-phap/`.
    Methodology,
    /// `/du-lieu/` and the open-data files.
    OpenData,
}

/// How many list pages `count` rows take (at least one, which may say "none").
pub(crate) fn page_count(count: usize) -> usize {
    count.div_ceil(PER_PAGE).max(1)
}

fn matching_indicators(progress: &Progress, filter: Option<IndicatorStatus>) -> Vec<&EvaluatedIndicator> {
    progress.indicators.iter().map(|i| &**i).filter(|i| filter.is_none_or(|s| i.status == s)).collect()
}

fn matching_tasks(progress: &Progress, filter: Option<TaskStatus>) -> Vec<&EvaluatedTask> {
    progress.tasks.iter().map(|t| &**t).filter(|t| filter.is_none_or(|s| t.status == s)).collect()
}

pub fn jobs(progress: &Progress) -> Vec<ProgressJob> {
    let mut jobs = Vec::new();
    for filter in std::iter::once(None).chain(INDICATOR_FILTERS.iter().copied().map(Some)) {
        let pages = page_count(matching_indicators(progress, filter).len());
        jobs.extend((0..pages).map(|n| ProgressJob::Indicators(filter, n)));
    }
    jobs.extend((0..progress.indicators.len()).map(ProgressJob::Indicator));
    for filter in std::iter::once(None).chain(TASK_FILTERS.iter().copied().map(Some)) {
        let pages = page_count(matching_tasks(progress, filter).len());
        jobs.extend((0..pages).map(|n| ProgressJob::Tasks(filter, n)));
    }
    jobs.extend((0..page_count(progress.agencies.len())).map(ProgressJob::Agencies));
    jobs.extend((0..progress.agencies.len()).map(ProgressJob::Agency));
    jobs.push(ProgressJob::Methodology);
    jobs.push(ProgressJob::OpenData);
    jobs
}

/// Folder of page `page` (0-based) of the full task list.
pub fn task_list_dir(page: usize) -> String {
    list_dir("nhiem-vu/", None, page)
}

/// Which page of the full task list shows each task, by task id.
pub fn task_pages(progress: &Progress) -> std::collections::HashMap<String, usize> {
    progress.tasks.iter().enumerate().map(|(i, t)| (t.id.clone(), i / PER_PAGE)).collect()
}

/// URL path of an indicator's page.
pub fn indicator_path(id: &str) -> String {
    format!("chi-tieu/{}/", crate::vi::slugify(id))
}

pub fn agency_path(slug: &str) -> String {
    format!("co-quan/{slug}/")
}

/// The output path(s) of a job, and what its fingerprint must cover.
/// `site.progress_key` stands for the whole of `progress` (see [`crate::site::Site::progress_key`]).
pub fn fingerprint_inputs(
    site: &Site,
    progress: &Progress,
    job: &ProgressJob,
    hasher: &mut super::Fingerprint,
) -> String {
    match job {
        ProgressJob::Indicators(filter, n) => {
            for i in page_slice(&matching_indicators(progress, *filter), *n) {
                hasher.number(i.fingerprint());
            }
            hasher.json(&progress.overall);
            // Each plan's heading (title, number, URL).
            hasher.number(site.plan_headings_hash());
            list_path("chi-tieu/", filter.map(IndicatorStatus::key), *n)
        }
        ProgressJob::Indicator(i) => {
            let indicator = &progress.indicators[*i];
            hasher.number(indicator.fingerprint());
            hasher.json(&plan_ref(site, &indicator.plan));
            hasher.json(&evidence_urls(site, indicator));
            format!("{}index.html", indicator_path(&indicator.id))
        }
        ProgressJob::Tasks(filter, n) => {
            for t in page_slice(&matching_tasks(progress, *filter), *n) {
                hasher.number(t.fingerprint());
            }
            hasher.json(&progress.overall);
            hasher.number(site.plan_headings_hash());
            list_path("nhiem-vu/", filter.map(TaskStatus::key), *n)
        }
        ProgressJob::Agencies(n) => {
            hasher.json(&site.progress_key);
            list_path("co-quan/", None, *n)
        }
        ProgressJob::Agency(i) => {
            // Every field (a new one fails to compile here until it is hashed): what it
            // leads, and what it cooperates on (listed with each one's status).
            let progress::AgencyProgress {
                id,
                slug,
                name,
                aliases,
                rollup,
                indicators,
                tasks,
                cooperating_indicators,
                cooperating_tasks,
            } = &progress.agencies[*i];
            hasher.json(&(id, slug, name, aliases, rollup));
            for list in [indicators, cooperating_indicators] {
                hasher.number(list.len() as u64);
                list.iter().for_each(|i| hasher.number(i.fingerprint()));
            }
            for list in [tasks, cooperating_tasks] {
                hasher.number(list.len() as u64);
                list.iter().for_each(|t| hasher.number(t.fingerprint()));
            }
            format!("{}index.html", agency_path(slug))
        }
        ProgressJob::Methodology => "phuong-phap/index.html".to_string(),
        ProgressJob::OpenData => {
            hasher.json(&site.progress_key);
            hasher.number(site.plan_headings_hash());
            "du-lieu/index.html".to_string()
        }
    }
}

/// `chi-tieu/`, `chi-tieu/trang-thai/dat/`, `chi-tieu/trang-thai/dat/trang/2/` + `index.html`.
pub(crate) fn list_path(base: &str, filter: Option<&str>, page: usize) -> String {
    format!("{}index.html", list_dir(base, filter, page))
}

pub(crate) fn list_dir(base: &str, filter: Option<&str>, page: usize) -> String {
    let mut path = match filter {
        Some(key) => format!("{base}trang-thai/{key}/"),
        None => base.to_string(),
    };
    if page > 0 {
        path.push_str(&format!("trang/{}/", page + 1));
    }
    path
}

pub(crate) fn page_slice<T>(rows: &[T], page: usize) -> &[T] {
    let start = (page * PER_PAGE).min(rows.len());
    &rows[start..(start + PER_PAGE).min(rows.len())]
}

/// Links between the pages of a list.
#[derive(Serialize)]
pub(crate) struct Pagination {
    current: usize,
    total: usize,
    prev: Option<String>,
    next: Option<String>,
    pages: Vec<PageLink>,
}

#[derive(Serialize)]
struct PageLink {
    number: usize,
    url: String,
    current: bool,
}

/// Links between the pages of a list of `rows` rows under `base` (optionally filtered).
pub(crate) fn pagination(site: &Site, base: &str, filter: Option<&str>, page: usize, rows: usize) -> Pagination {
    let total = page_count(rows);
    let url = |n: usize| site.url(&list_dir(base, filter, n));
    Pagination {
        current: page + 1,
        total,
        prev: (page > 0).then(|| url(page - 1)),
        next: (page + 1 < total).then(|| url(page + 1)),
        pages: (0..total).map(|n| PageLink { number: n + 1, url: url(n), current: n == page }).collect(),
    }
}

/// Indicators (in plan, group, TT order) grouped by plan, then group, for a list page.
fn group_indicators<'a>(site: &'a Site, rows: &[&'a EvaluatedIndicator]) -> Vec<PlanSection<'a>> {
    let mut sections: Vec<PlanSection<'a>> = Vec::new();
    for &indicator in rows {
        if sections.last().is_none_or(|s| s.plan.slug != indicator.plan) {
            sections.push(empty_section(site, &indicator.plan));
        }
        let Some(section) = sections.last_mut() else { continue };
        let group_id = indicator.group.clone().unwrap_or_else(|| "khac".to_string());
        if section.groups.last().is_none_or(|g| g.id != group_id) {
            let rollup = site
                .plan_progress(&indicator.plan)
                .and_then(|p| p.groups.iter().find(|g| g.id == group_id))
                .map(|g| &g.rollup);
            let title = indicator.group_title.clone().unwrap_or_else(|| "Chỉ tiêu khác".to_string());
            section.groups.push(GroupView { id: group_id, title, rollup, indicators: Vec::new() });
        }
        if let Some(group) = section.groups.last_mut() {
            group.indicators.push(indicator);
        }
    }
    sections
}

/// Tasks (in plan order) grouped by plan, for a list page.
fn group_tasks<'a>(site: &'a Site, rows: &[&'a EvaluatedTask]) -> Vec<PlanSection<'a>> {
    let mut sections: Vec<PlanSection<'a>> = Vec::new();
    for &task in rows {
        if sections.last().is_none_or(|s| s.plan.slug != task.plan) {
            sections.push(empty_section(site, &task.plan));
        }
        if let Some(section) = sections.last_mut() {
            section.tasks.push(task);
        }
    }
    sections
}

fn empty_section<'a>(site: &'a Site, slug: &str) -> PlanSection<'a> {
    static NONE: std::sync::OnceLock<progress::Rollup> = std::sync::OnceLock::new();
    let rollup = site.plan_progress(slug).map_or_else(|| NONE.get_or_init(progress::Rollup::default), |p| &p.rollup);
    PlanSection { plan: plan_ref(site, slug), groups: Vec::new(), tasks: Vec::new(), rollup }
}

/// What most pages need to know of progress (the report date, whether figures are
/// illustrative, the overall counts): small, so no page pays for serialising every
/// indicator of the site into its template context.
#[derive(Serialize)]
pub struct ProgressView<'a> {
    pub report_date: crate::date::Date,
    pub report_date_vi: &'a str,
    pub illustrative: bool,
    pub overall: &'a progress::Rollup,
    pub statuses: &'a [progress::StatusInfo],
}

impl<'a> ProgressView<'a> {
    /// The view as a template value, serialised once per build (every progress page,
    /// plan page and sheet shows it).
    pub fn value(progress: &Progress) -> tera::Value {
        progress.view.get(|| ProgressView::of(progress))
    }

    pub fn of(progress: &'a Progress) -> ProgressView<'a> {
        ProgressView {
            report_date: progress.report_date,
            report_date_vi: &progress.report_date_vi,
            illustrative: progress.illustrative,
            overall: &progress.overall,
            statuses: &progress.statuses,
        }
    }
}

/// A plan as the progress pages name it.
#[derive(Clone, Debug, Serialize)]
pub struct PlanRef {
    pub slug: String,
    pub title: String,
    pub url: String,
    pub number: Option<String>,
}

pub fn plan_ref(site: &Site, slug: &str) -> PlanRef {
    match site.plan_page(slug) {
        Some(page) => PlanRef {
            slug: slug.to_string(),
            title: page.title.clone(),
            url: site.url(&page.path),
            number: page.plan.as_ref().map(|p| p.number.clone()),
        },
        None => PlanRef { slug: slug.to_string(), title: slug.to_string(), url: site.url(""), number: None },
    }
}

/// A plan's indicators (grouped) and tasks, after a status filter.
#[derive(Serialize)]
struct PlanSection<'a> {
    plan: PlanRef,
    groups: Vec<GroupView<'a>>,
    tasks: Vec<&'a EvaluatedTask>,
    rollup: &'a progress::Rollup,
}

#[derive(Serialize)]
struct GroupView<'a> {
    id: String,
    title: String,
    rollup: Option<&'a progress::Rollup>,
    indicators: Vec<&'a EvaluatedIndicator>,
}

fn plan_section<'a>(
    site: &Site,
    plan: &'a progress::PlanProgress,
    indicator_filter: Option<IndicatorStatus>,
    task_filter: Option<TaskStatus>,
) -> PlanSection<'a> {
    {
        {
            let keep = |i: &&EvaluatedIndicator| indicator_filter.is_none_or(|s| i.status == s);
            let mut groups: Vec<GroupView> = plan
                .groups
                .iter()
                .map(|g: &GroupProgress| GroupView {
                    id: g.id.clone(),
                    title: g.title.clone(),
                    rollup: Some(&g.rollup),
                    indicators: g.indicators.iter().map(|i| &**i).filter(keep).collect(),
                })
                .collect();
            let ungrouped: Vec<&EvaluatedIndicator> = plan.ungrouped.iter().map(|i| &**i).filter(keep).collect();
            if !ungrouped.is_empty() {
                groups.push(GroupView {
                    id: "khac".into(),
                    title: "Chỉ tiêu khác".into(),
                    rollup: None,
                    indicators: ungrouped,
                });
            }
            groups.retain(|g| !g.indicators.is_empty());
            PlanSection {
                plan: plan_ref(site, &plan.slug),
                groups,
                tasks: plan.tasks.iter().map(|t| &**t).filter(|t| task_filter.is_none_or(|s| t.status == s)).collect(),
                rollup: &plan.rollup,
            }
        }
    }
}

/// A link of the filter bar.
#[derive(Serialize)]
struct FilterLink {
    key: &'static str,
    label: &'static str,
    url: String,
    count: usize,
    current: bool,
}

fn indicator_filters(site: &Site, progress: &Progress, current: Option<IndicatorStatus>) -> Vec<FilterLink> {
    let counts = &progress.overall.indicators;
    let mut links = vec![FilterLink {
        key: "tat-ca",
        label: "Tất cả",
        url: site.url("chi-tieu/"),
        count: counts.total,
        current: current.is_none(),
    }];
    for status in INDICATOR_FILTERS {
        let count = match status {
            IndicatorStatus::Dat => counts.dat,
            IndicatorStatus::DungTienDo => counts.dung_tien_do,
            IndicatorStatus::ChamTienDo => counts.cham_tien_do,
            IndicatorStatus::ChuaCoSoLieu => counts.chua_co_so_lieu,
        };
        links.push(FilterLink {
            key: status.key(),
            label: status.label(),
            url: site.url(&format!("chi-tieu/trang-thai/{}/", status.key())),
            count,
            current: current == Some(status),
        });
    }
    links
}

fn task_filters(site: &Site, progress: &Progress, current: Option<TaskStatus>) -> Vec<FilterLink> {
    let counts = &progress.overall.tasks;
    let mut links = vec![FilterLink {
        key: "tat-ca",
        label: "Tất cả",
        url: site.url("nhiem-vu/"),
        count: counts.total,
        current: current.is_none(),
    }];
    for status in TASK_FILTERS {
        let count = match status {
            TaskStatus::HoanThanh => counts.hoan_thanh,
            TaskStatus::DangThucHien => counts.dang_thuc_hien,
            TaskStatus::QuaHan => counts.qua_han,
            TaskStatus::ThuongXuyen => counts.thuong_xuyen,
        };
        links.push(FilterLink {
            key: status.key(),
            label: status.label(),
            url: site.url(&format!("nhiem-vu/trang-thai/{}/", status.key())),
            count,
            current: current == Some(status),
        });
    }
    links
}

pub fn render(site: &Site, progress: &Progress, job: &ProgressJob) -> Result<Vec<Output>, Vec<Diagnostic>> {
    match job {
        ProgressJob::Indicators(filter, n) => {
            let mut title = match filter {
                Some(s) => format!("Chỉ tiêu: {}", s.label()),
                None => "Chỉ tiêu".to_string(),
            };
            let rows = matching_indicators(progress, *filter);
            if *n > 0 {
                title.push_str(&format!(" — trang {}", n + 1));
            }
            let key = filter.map(IndicatorStatus::key);
            let path = list_path("chi-tieu/", key, *n);
            let url_path = path.trim_end_matches("index.html");
            let mut crumbs = vec![home_crumb(site)];
            if filter.is_some() || *n > 0 {
                crumbs.push(Crumb { title: "Chỉ tiêu".into(), url: site.url("chi-tieu/") });
            }
            let mut context = base_context(site, url_path, &title, crumbs);
            context.insert("filters", &indicator_filters(site, progress, *filter));
            context.insert("filter", &filter.map(|s| s.label()));
            context.insert("plans", &group_indicators(site, page_slice(&rows, *n)));
            context.insert("pagination", &pagination(site, "chi-tieu/", key, *n, rows.len()));
            context.insert_value("progress", ProgressView::value(progress));
            one(html(site, "chi-tieu.html", &path, &context))
        }
        ProgressJob::Indicator(index) => {
            let indicator = &progress.indicators[*index];
            let path = indicator_path(&indicator.id);
            let crumbs = vec![home_crumb(site), Crumb { title: "Chỉ tiêu".into(), url: site.url("chi-tieu/") }];
            let mut context = base_context(site, &path, &indicator.name, crumbs);
            context.insert("indicator", indicator);
            context.insert("plan", &plan_ref(site, &indicator.plan));
            context.insert("chart", &progress::history_svg(indicator));
            context.insert("evidence_urls", &evidence_urls(site, indicator));
            context.insert_value("progress", ProgressView::value(progress));
            one(html(site, "chi-tieu-trang.html", &format!("{path}index.html"), &context))
        }
        ProgressJob::Tasks(filter, n) => {
            let mut title = match filter {
                Some(s) => format!("Nhiệm vụ: {}", s.label()),
                None => "Nhiệm vụ".to_string(),
            };
            let rows = matching_tasks(progress, *filter);
            if *n > 0 {
                title.push_str(&format!(" — trang {}", n + 1));
            }
            let key = filter.map(TaskStatus::key);
            let path = list_path("nhiem-vu/", key, *n);
            let url_path = path.trim_end_matches("index.html");
            let mut crumbs = vec![home_crumb(site)];
            if filter.is_some() || *n > 0 {
                crumbs.push(Crumb { title: "Nhiệm vụ".into(), url: site.url("nhiem-vu/") });
            }
            let mut context = base_context(site, url_path, &title, crumbs);
            context.insert("filters", &task_filters(site, progress, *filter));
            context.insert("filter", &filter.map(|s| s.label()));
            context.insert("plans", &group_tasks(site, page_slice(&rows, *n)));
            context.insert("pagination", &pagination(site, "nhiem-vu/", key, *n, rows.len()));
            context.insert_value("progress", ProgressView::value(progress));
            one(html(site, "nhiem-vu.html", &path, &context))
        }
        ProgressJob::Agencies(n) => {
            let url_path = list_dir("co-quan/", None, *n);
            let mut context = base_context(site, &url_path, "Cơ quan", vec![home_crumb(site)]);
            context.insert("agencies", page_slice(&progress.agencies, *n));
            context.insert("agencies_total", &progress.agencies.len());
            context.insert("pagination", &pagination(site, "co-quan/", None, *n, progress.agencies.len()));
            context.insert_value("progress", ProgressView::value(progress));
            one(html(site, "co-quan.html", &list_path("co-quan/", None, *n), &context))
        }
        ProgressJob::Agency(index) => {
            let agency: &AgencyProgress = &progress.agencies[*index];
            let path = agency_path(&agency.slug);
            let crumbs = vec![home_crumb(site), Crumb { title: "Cơ quan".into(), url: site.url("co-quan/") }];
            let mut context = base_context(site, &path, &agency.name, crumbs);
            context.insert("agency", agency);
            context.insert("cooperating_indicators", &agency.cooperating_indicators);
            context.insert("cooperating_tasks", &agency.cooperating_tasks);
            context.insert_value("progress", ProgressView::value(progress));
            one(html(site, "co-quan-trang.html", &format!("{path}index.html"), &context))
        }
        ProgressJob::Methodology => {
            let mut context = base_context(site, "phuong-phap/", "Phương pháp tính tiến độ", vec![home_crumb(site)]);
            context.insert_value("progress", ProgressView::value(progress));
            context.insert("report_date_source", &site.report_date_source);
            one(html(site, "phuong-phap.html", "phuong-phap/index.html", &context))
        }
        ProgressJob::OpenData => {
            // The four files at once: this one job was the longest of a measurement's
            // rebuild in `serve` (94 ms on one core at 1,000 plans).
            let ((indicators_json, indicators_csv), (tasks_json, tasks_csv)) = rayon::join(
                || {
                    rayon::join(
                        || progress::open_data::indicators_json(progress),
                        || progress::open_data::indicators_csv(progress),
                    )
                },
                || {
                    rayon::join(
                        || progress::open_data::tasks_json(progress),
                        || progress::open_data::tasks_csv(progress),
                    )
                },
            );
            let files = [
                ("du-lieu/chi-tieu.json", indicators_json, "Chỉ tiêu và số liệu (JSON)"),
                ("du-lieu/chi-tieu.csv", indicators_csv, "Chỉ tiêu và số liệu (CSV, mở bằng Excel)"),
                ("du-lieu/nhiem-vu.json", tasks_json, "Nhiệm vụ và cập nhật (JSON)"),
                ("du-lieu/nhiem-vu.csv", tasks_csv, "Nhiệm vụ và cập nhật (CSV, mở bằng Excel)"),
            ];
            #[derive(Serialize)]
            struct FileView<'a> {
                url: String,
                name: &'a str,
                title: &'a str,
                size: String,
            }
            let views: Vec<FileView> = files
                .iter()
                .map(|(path, contents, title)| FileView {
                    url: site.url(path),
                    name: path.trim_start_matches("du-lieu/"),
                    title,
                    size: format_size(contents.len()),
                })
                .collect();
            let mut context = base_context(site, "du-lieu/", "Dữ liệu mở", vec![home_crumb(site)]);
            context.insert("files", &views);
            context.insert("dictionary", &progress::open_data::dictionary());
            context.insert_value("progress", ProgressView::value(progress));
            let page = html(site, "du-lieu.html", "du-lieu/index.html", &context)?;
            let mut outputs = vec![page];
            outputs.extend(
                files
                    .into_iter()
                    .map(|(path, contents, _)| Output { path: path.to_string(), bytes: contents.into_bytes() }),
            );
            Ok(outputs)
        }
    }
}

/// The documents named as sources of an indicator's figures: (number as written, number).
fn source_documents(indicator: &EvaluatedIndicator) -> impl Iterator<Item = (&String, crate::legal::DocumentNumber)> {
    indicator.rows.iter().filter_map(|row| {
        let source = row.source.as_ref().filter(|source| source.kind == "document")?;
        let reference = source.reference.as_ref()?;
        Some((reference, crate::legal::DocumentNumber::parse(reference)?))
    })
}

/// Register pages of the documents named as sources of an indicator's figures, by
/// the number as written (only numbers that name exactly one cited document).
fn evidence_urls(site: &Site, indicator: &EvaluatedIndicator) -> std::collections::BTreeMap<String, String> {
    let mut urls = std::collections::BTreeMap::new();
    for (reference, number) in source_documents(indicator) {
        if let Some(document) = site.citations.register.unique_by_number(number.key_str()) {
            urls.insert(reference.clone(), site.url(&super::register_views::document_path(&document.slug)));
        }
    }
    urls
}

/// A hash of what every indicator's sources link to: the one register document with
/// each source's number, if there is one. Indicator pages change with it, not with
/// every new document cited.
pub fn evidence_key(site: &Site, progress: &Progress) -> u64 {
    let numbers = progress.source_numbers.get_or_init(|| {
        let numbers: std::collections::BTreeSet<String> = progress
            .indicators
            .iter()
            .flat_map(|i| source_documents(i).map(|(_, number)| number.key_str().to_string()))
            .collect();
        numbers.into_iter().collect()
    });
    let mut hasher = super::Fingerprint::new(11);
    for number in numbers {
        hasher.text(site.citations.register.unique_by_number(number).map_or("", |d| d.slug.as_str()));
    }
    hasher.finish()
}

fn one(result: Result<Output, Vec<Diagnostic>>) -> Result<Vec<Output>, Vec<Diagnostic>> {
    result.map(|o| vec![o])
}

/// "12,3 KB".
pub fn format_size(bytes: usize) -> String {
    if bytes < 1024 {
        format!("{bytes} byte")
    } else if bytes < 1024 * 1024 {
        format!("{} KB", crate::vi::format_number(bytes as f64 / 1024.0, 1))
    } else {
        format!("{} MB", crate::vi::format_number(bytes as f64 / (1024.0 * 1024.0), 1))
    }
}

/// Adds what a plan page (and its notice-board sheet) shows of progress: its
/// indicators by group (`plan_groups`, ungrouped ones last) and its tasks.
pub fn plan_context(site: &Site, slug: &str, context: &mut Context) {
    if let Some(progress) = &site.progress
        && let Some(plan) = site.plan_progress(slug)
    {
        let section = plan_section(site, plan, None, None);
        context.insert_value("plan_progress", plan.view.get(|| plan));
        context.insert("plan_groups", &section.groups);
        context.insert_value("progress", ProgressView::value(progress));
    }
}

/// Items shown on the home page before "see all": the dashboard stays short at any scale.
const HOME_LIST: usize = 15;

/// A plan on the home dashboard: its counts and its groups' counts, no indicator rows.
#[derive(Serialize)]
struct HomePlan<'a> {
    plan: PlanRef,
    rollup: &'a progress::Rollup,
    groups: Vec<HomeGroup<'a>>,
}

#[derive(Serialize)]
struct HomeGroup<'a> {
    id: &'a str,
    title: &'a str,
    rollup: &'a progress::Rollup,
}

#[derive(Serialize)]
struct HomeLatest<'a> {
    label: &'a str,
    changes: &'a [progress::Change],
    more_changes: usize,
    task_updates: &'a [progress::TaskChange],
    more_task_updates: usize,
}

/// The plans shown on the home page: the most recently issued first, at most
/// [`HOME_LIST`] (a province's site links to the full list instead).
fn home_plans<'a>(site: &Site, progress: &'a Progress) -> Vec<HomePlan<'a>> {
    let issued = |slug: &str| site.plan_page(slug).and_then(|page| page.date);
    let mut plans: Vec<&progress::PlanProgress> = progress.plans.iter().collect();
    plans.sort_by_key(|p| std::cmp::Reverse(issued(&p.slug)));
    plans.truncate(HOME_LIST);
    plans
        .into_iter()
        .map(|p| HomePlan {
            plan: plan_ref(site, &p.slug),
            rollup: &p.rollup,
            groups: p.groups.iter().map(|g| HomeGroup { id: &g.id, title: &g.title, rollup: &g.rollup }).collect(),
        })
        .collect()
}

fn home_latest(progress: &Progress) -> Option<HomeLatest<'_>> {
    progress.latest_report.as_ref().map(|r| HomeLatest {
        label: &r.label,
        changes: &r.changes[..r.changes.len().min(HOME_LIST)],
        more_changes: r.changes.len().saturating_sub(HOME_LIST),
        task_updates: &r.task_updates[..r.task_updates.len().min(HOME_LIST)],
        more_task_updates: r.task_updates.len().saturating_sub(HOME_LIST),
    })
}

/// The home page's dashboard: overall counts, the latest report's changes, overdue
/// tasks, and each plan with its groups' counts.
pub fn home_context(site: &Site, progress: &Progress, context: &mut Context) {
    context.insert_value("progress", ProgressView::value(progress));
    context.insert("latest_report", &home_latest(progress));
    context.insert("overdue", &progress.overdue[..progress.overdue.len().min(HOME_LIST)]);
    context.insert("overdue_total", &progress.overdue.len());
    context.insert("home_plans", &home_plans(site, progress));
    context.insert("home_plans_total", &progress.plans.len());
}

pub fn home_fingerprint(site: &Site, progress: &Progress, hasher: &mut super::Fingerprint) {
    hasher.json(&ProgressView::of(progress));
    hasher.json(&home_latest(progress));
    hasher.json(&&progress.overdue[..progress.overdue.len().min(HOME_LIST)]);
    hasher.json(&progress.overdue.len());
    hasher.json(&home_plans(site, progress));
    hasher.json(&progress.plans.len());
}
