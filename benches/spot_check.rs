//! Spot-checks a built site against its sources, as a reader would: issue 7 asks that
//! the 10,000-plan output be "spot-checked (pages present, register complete, bars
//! right)". Used by `benches/perf.rs` after each build (`--worker verify SITE OUT` runs
//! it alone) and by `tests/generated_site.rs` on a small generated site.
//!
//! It reads the inputs itself (front matter, `chi-tieu.toml`, `van-ban.toml`) with the
//! `toml` crate, not through congkhai, and the output as HTML text:
//!
//! - every plan has its page (with its title as the heading) and its notice-board
//!   sheet;
//! - every indicator has its page, and its bar shows the latest measurement of the
//!   input file (history and batch measurements, by date): `aria-valuenow` is that
//!   value, the bar's width is its share of the meter's range, the text beside the bar
//!   starts with the value as written; an indicator never measured has the empty bar;
//! - every task is on a task list page (its `nv-` anchor);
//! - every document of `van-ban.toml` has its page, is linked from the register's list
//!   pages, and every "cited in" link on it leads to a plan page holding that anchor;
//! - every link inside the checked pages (root-relative or `#fragment`) leads to a file
//!   of the output, and to an element with that id.
//!
//! Plans, indicators and tasks are sampled: item `i` of each list is checked when
//! `i % every == 0`, so that the check of 10,000 plans stays a few seconds. The
//! register is always checked whole.

#![allow(dead_code)] // Compiled into two crates that each use part of it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

/// What was checked, and what was wrong (empty: all good).
#[derive(Debug, Default)]
pub struct Report {
    pub plans: usize,
    pub indicators: usize,
    pub bars: usize,
    pub tasks: usize,
    pub documents: usize,
    pub links: usize,
    pub problems: Vec<String>,
}

impl Report {
    pub fn summary(&self) -> String {
        format!(
            "{} plans, {} indicators ({} bars with a value), {} tasks, {} register documents, {} links checked: {}",
            self.plans,
            self.indicators,
            self.bars,
            self.tasks,
            self.documents,
            self.links,
            if self.problems.is_empty() {
                "no problem".to_string()
            } else {
                format!("{} problems", self.problems.len())
            }
        )
    }

    fn problem(&mut self, text: String) {
        // A broken build can break everything: the first hundred say enough.
        if self.problems.len() < 100 {
            self.problems.push(text);
        }
    }
}

/// Checks the output `out` of the site at `site`, one item in `every` of each list.
pub fn check(site: &Path, out: &Path, every: usize) -> Report {
    let every = every.max(1);
    let mut report = Report::default();
    // Links carry the base URL's path ("/cong-khai/" for https://xa.gov.vn/cong-khai/).
    let config: toml::Table =
        std::fs::read_to_string(site.join("config.toml")).ok().and_then(|text| text.parse().ok()).unwrap_or_default();
    let base_url = config.get("base_url").and_then(toml::Value::as_str).unwrap_or("/");
    let base_path = base_url.split("://").nth(1).and_then(|rest| rest.find('/').map(|at| &rest[at..])).unwrap_or("/");
    let mut pages = Pages::new(out, base_path);
    check_plans(site, out, every, &mut pages, &mut report);
    check_progress(site, every, &mut pages, &mut report);
    check_register(site, &mut pages, &mut report);
    check_links(&mut pages, &mut report);
    report
}

// ---------------------------------------------------------------------------------------
// Plans

fn check_plans(site: &Path, out: &Path, every: usize, pages: &mut Pages, report: &mut Report) {
    let content = site.join("content");
    let mut plans: Vec<PathBuf> = walkdir::WalkDir::new(&content)
        .into_iter()
        .filter_map(Result::ok)
        .map(walkdir::DirEntry::into_path)
        .filter(|p| p.extension().is_some_and(|e| e == "md") && !p.ends_with("_index.md"))
        .collect();
    plans.sort();
    for file in plans.into_iter().step_by(every) {
        let Ok(text) = std::fs::read_to_string(&file) else { continue };
        let front = front_matter(&text);
        if front.get("plan").is_none() && front.get("number").is_none() {
            continue; // not a plan
        }
        report.plans += 1;
        let relative = file.strip_prefix(&content).unwrap_or(&file);
        let dir = if relative.ends_with("index.md") {
            relative.parent().map(Path::to_path_buf).unwrap_or_default()
        } else {
            relative.with_extension("")
        };
        let url = format!("/{}/", dir.to_string_lossy().replace('\\', "/"));
        let title = front.get("title").and_then(toml::Value::as_str).unwrap_or_default();
        match pages.get(&url) {
            None => report.problem(format!("{}: no page at {url}", file.display())),
            Some(page) => {
                let h1 = between(&page.html, "<h1", "</h1>").map(strip_tags).unwrap_or_default();
                if !h1.contains(&escape(title)) {
                    report.problem(format!("{url}: heading {h1:?} is not the plan's title {title:?}"));
                }
                pages.mark(&url);
            }
        }
        // Every plan has its notice-board sheet; a plan with indicators or tasks has its
        // appendix too (its page links to it: the link check below sees it is there).
        let sheet = out.join(url.trim_start_matches('/')).join("in").join("index.html");
        if !sheet.is_file() {
            report.problem(format!("{}: no notice-board sheet ({})", file.display(), sheet.display()));
        }
    }
}

/// A Markdown file's TOML front matter (between `+++` lines); empty if none or invalid.
fn front_matter(text: &str) -> toml::Table {
    let Some(rest) = text.strip_prefix("+++\n").or_else(|| text.strip_prefix("+++\r\n")) else {
        return toml::Table::new();
    };
    let end = rest.find("\n+++").unwrap_or(0);
    rest[..end].parse().unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// Indicators and tasks

fn check_progress(site: &Path, every: usize, pages: &mut Pages, report: &mut Report) {
    let Some(file) = content_toml(site, "chi-tieu.toml", report) else { return };
    let list = |key: &str| file.get(key).and_then(toml::Value::as_array).cloned().unwrap_or_default();
    // Every measurement of each indicator: (date, value as written).
    let mut measured: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for m in list("measurements") {
        if let (Some(id), Some(date), Some(value)) = (str_of(&m, "indicator"), date_of(&m), str_of(&m, "value")) {
            measured.entry(id).or_default().push((date, value));
        }
    }
    let indicators = list("indicators");
    for indicator in &indicators {
        let Some(id) = str_of(indicator, "id") else { continue };
        for m in indicator.get("history").and_then(toml::Value::as_array).into_iter().flatten() {
            if let (Some(date), Some(value)) = (date_of(m), str_of(m, "value")) {
                measured.entry(id.clone()).or_default().push((date, value));
            }
        }
    }
    for indicator in indicators.iter().step_by(every) {
        let Some(id) = str_of(indicator, "id") else { continue };
        report.indicators += 1;
        let url = format!("/chi-tieu/{}/", slug(&id));
        let Some(page) = pages.get(&url) else {
            report.problem(format!("indicator {id}: no page at {url}"));
            continue;
        };
        pages.mark(&url);
        let name = str_of(indicator, "name").unwrap_or_default();
        if !page.html.contains(&escape(&name)) {
            report.problem(format!("{url}: the indicator's name is not on its page"));
        }
        let latest = measured.get(&id).and_then(|all| {
            let date = all.iter().map(|(d, _)| d).max()?;
            Some(all.iter().filter(|(d, _)| d == date).map(|(_, v)| v.clone()).collect::<Vec<_>>())
        });
        if let Some(problem) = bar_problem(&page.html, latest.as_deref()) {
            report.problem(format!("{url}: {problem}"));
        } else if latest.is_some() {
            report.bars += 1;
        }
    }
    // Tasks: each on a page of the full list, under its anchor.
    let tasks = list("tasks");
    if tasks.is_empty() {
        return;
    }
    let mut anchors = HashSet::new();
    for n in 1.. {
        let url = if n == 1 { "/nhiem-vu/".to_string() } else { format!("/nhiem-vu/trang/{n}/") };
        let Some(page) = pages.get(&url) else { break };
        anchors.extend(page.ids.iter().cloned());
    }
    for task in tasks.iter().step_by(every) {
        let Some(id) = str_of(task, "id") else { continue };
        report.tasks += 1;
        if !anchors.contains(&format!("nv-{}", slug(&id))) {
            report.problem(format!("task {id}: not on the task list (no #nv-{} on /nhiem-vu/ pages)", slug(&id)));
        }
    }
}

/// What is wrong with the first bar of an indicator page, given the values measured
/// last (several if measurements share the last date), or `None` when it is right.
fn bar_problem(html: &str, latest: Option<&[String]>) -> Option<String> {
    let Some(start) = html.find("class=do-luong").or_else(|| html.find("class=\"do-luong\"")) else {
        return Some("no bar (class do-luong)".into());
    };
    let bar = &html[start..];
    let text = between(bar, "class=thanh-chu>", "</p>")
        .or_else(|| between(bar, "class=\"thanh-chu\">", "</p>"))
        .map(unescape)
        .unwrap_or_default();
    let Some(values) = latest else {
        let empty = bar.find("thanh-trong").is_some_and(|at| at < bar.find("</div>").unwrap_or(0));
        return (!empty || !text.starts_with("Chưa có số liệu"))
            .then(|| format!("never measured, but the bar is not the empty one (text {text:?})"));
    };
    let tag_start = bar.find("<div")?;
    let tag = &bar[tag_start..tag_start + bar[tag_start..].find('>')? + 1];
    let attrs = attributes(tag);
    if attrs.get("role").map(String::as_str) != Some("meter") {
        return Some(format!("measured ({values:?}) but no meter: {tag}"));
    }
    let number = |key: &str| attrs.get(key).and_then(|v| v.parse::<f64>().ok());
    let (Some(min), Some(max), Some(now)) = (number("aria-valuemin"), number("aria-valuemax"), number("aria-valuenow"))
    else {
        return Some(format!("meter without numbers: {tag}"));
    };
    let Some(written) = values.iter().find(|v| text.starts_with(v.as_str())) else {
        return Some(format!("the text beside the bar, {text:?}, does not start with the last value {values:?}"));
    };
    let expected = match written.as_str() {
        "Hoàn thành" => Some(1.0),
        "Chưa hoàn thành" => Some(0.0),
        other => vi_number(other),
    };
    if let Some(expected) = expected
        && (expected - now).abs() > 1e-6
    {
        return Some(format!("aria-valuenow {now} is not the last value {written}"));
    }
    let width = between(bar, "class=thanh-day style=\"width:", "%")
        .or_else(|| between(bar, "class=\"thanh-day\" style=\"width:", "%"))
        .and_then(|w| w.parse::<f64>().ok());
    let share = if max > min { ((now - min) / (max - min)).clamp(0.0, 1.0) * 100.0 } else { 0.0 };
    match width {
        // CSS widths are written with one decimal at most.
        Some(width) if (width - share).abs() <= 0.051 => None,
        Some(width) => Some(format!("bar width {width}% is not {now} in {min}..{max} ({share:.2}%)")),
        None => Some("meter without a width".into()),
    }
}

/// `content/<name>` as TOML; `None` if the site has none, or (reported) if it is not TOML.
fn content_toml(site: &Path, name: &str, report: &mut Report) -> Option<toml::Table> {
    let path = site.join("content").join(name);
    let text = std::fs::read_to_string(&path).ok()?;
    text.parse().map_err(|e| report.problem(format!("{}: not valid TOML: {e}", path.display()))).ok()
}

/// "56,5%" → 56.5, "1.234" → 1234 (Vietnamese separators); `None` if not a number.
fn vi_number(text: &str) -> Option<f64> {
    let digits: String = text.trim().trim_end_matches('%').trim().replace('.', "").replace(',', ".");
    digits.parse().ok()
}

// ---------------------------------------------------------------------------------------
// The register

/// Every document, whatever the sampling: the register is short, and must be complete.
fn check_register(site: &Path, pages: &mut Pages, report: &mut Report) {
    let Some(file) = content_toml(site, "van-ban.toml", report) else { return };
    // Every document page the register's list pages link to.
    let mut listed = HashSet::new();
    for n in 1.. {
        let url = if n == 1 { "/van-ban/".to_string() } else { format!("/van-ban/trang/{n}/") };
        let Some(page) = pages.get(&url) else { break };
        listed.extend(page.links.iter().map(|l| l.split('#').next().unwrap_or_default().to_string()));
    }
    let documents = file.get("documents").and_then(toml::Value::as_array).cloned().unwrap_or_default();
    for document in &documents {
        let (Some(number), Some(date)) = (str_of(document, "number"), date_of(document)) else { continue };
        report.documents += 1;
        let url = format!("/van-ban/{}-{date}/", slug(&number));
        if !listed.contains(&url) {
            report.problem(format!("document {number} of {date}: not linked from the register's list pages ({url})"));
        }
        let Some(page) = pages.get(&url) else {
            report.problem(format!("document {number} of {date}: no page at {url}"));
            continue;
        };
        pages.mark(&url);
        let heading = between(&page.html, "<h1", "</h1>").map(strip_tags).unwrap_or_default();
        if !heading.contains(&escape(&number)) {
            report.problem(format!("{url}: heading {heading:?} does not name {number}"));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Links

/// Every link of the pages checked above leads somewhere that exists.
fn check_links(pages: &mut Pages, report: &mut Report) {
    let marked: Vec<String> = pages.marked.iter().cloned().collect();
    for url in marked {
        let Some(page) = pages.get(&url) else { continue };
        let links = page.links.clone();
        for link in links {
            report.links += 1;
            let (target, fragment) = match link.split_once('#') {
                Some((target, fragment)) => (target.to_string(), Some(fragment.to_string())),
                None => (link.clone(), None),
            };
            let target = if target.is_empty() { url.clone() } else { target };
            if !target.ends_with('/') {
                // A file (style.css, atom.xml, data): it must exist.
                if !pages.out.join(percent_decode(target.trim_start_matches('/'))).is_file() {
                    report.problem(format!("{url}: link to {link}: no such file"));
                }
                continue;
            }
            match pages.get(&target) {
                None => report.problem(format!("{url}: link to {link}: no such page")),
                Some(linked) => {
                    if let Some(fragment) = fragment.filter(|f| !f.is_empty())
                        && !linked.ids.contains(&percent_decode(&fragment))
                    {
                        report.problem(format!("{url}: link to {link}: no element with id {fragment:?} there"));
                    }
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Reading the output

/// A page of the output: its HTML, ids and root-relative or fragment links.
struct Page {
    html: String,
    ids: HashSet<String>,
    links: Vec<String>,
}

/// The output's pages, read when first asked for (by URL path) and kept.
struct Pages {
    out: PathBuf,
    read: HashMap<String, Option<std::rc::Rc<Page>>>,
    /// Pages whose links are to be checked.
    marked: std::collections::BTreeSet<String>,
    /// The base URL's path without its last slash ("" or "/cong-khai").
    base_path: String,
}

impl Pages {
    fn new(out: &Path, base_path: &str) -> Self {
        let base_path = base_path.trim_end_matches('/').to_string();
        Pages { out: out.to_path_buf(), base_path, read: HashMap::new(), marked: Default::default() }
    }

    fn get(&mut self, url: &str) -> Option<std::rc::Rc<Page>> {
        if let Some(page) = self.read.get(url) {
            return page.clone();
        }
        let file = self.out.join(percent_decode(url.trim_start_matches('/'))).join("index.html");
        let page = std::fs::read_to_string(file).ok().map(|html| {
            let mut ids = HashSet::new();
            let mut links = Vec::new();
            for tag in html.split('<').skip(1) {
                let Some(end) = tag.find('>') else { continue };
                let attrs = attributes(&tag[..end]);
                if let Some(id) = attrs.get("id") {
                    ids.insert(unescape(id));
                }
                let Some(href) = attrs.get("href").map(|h| unescape(h)) else { continue };
                if href.starts_with('#') {
                    links.push(href);
                } else if href.starts_with('/') && !href.starts_with("//") {
                    // Site-relative: without the base path ("/cong-khai/van-ban/" → "/van-ban/");
                    // a link outside it is kept as is, and is then not found.
                    match href.strip_prefix(&self.base_path) {
                        Some(inside) if inside.starts_with('/') => links.push(inside.to_string()),
                        _ => links.push(format!("{href} (outside the base path {})", self.base_path)),
                    }
                }
            }
            links.sort();
            links.dedup();
            std::rc::Rc::new(Page { html, ids, links })
        });
        self.read.insert(url.to_string(), page.clone());
        page
    }

    fn mark(&mut self, url: &str) {
        self.marked.insert(url.to_string());
    }
}

/// The attributes of a start tag (`div a=b c="d e" f`), quoted or not (the output is
/// minified), values as written.
fn attributes(tag: &str) -> BTreeMap<String, String> {
    let mut attrs = BTreeMap::new();
    let tag = tag.trim_start_matches('<');
    // Skip the element name.
    let mut rest = tag.trim_start_matches(|c: char| !c.is_whitespace() && c != '>');
    loop {
        rest = rest.trim_start();
        if rest.is_empty() || rest.starts_with('>') || rest.starts_with('/') {
            break;
        }
        let name_end = rest.find(|c: char| c == '=' || c.is_whitespace() || c == '>').unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = &rest[name_end..];
        if let Some(after) = rest.strip_prefix('=') {
            let (value, left) = if let Some(quoted) = after.strip_prefix('"') {
                let end = quoted.find('"').unwrap_or(quoted.len());
                (&quoted[..end], quoted.get(end + 1..).unwrap_or(""))
            } else if let Some(quoted) = after.strip_prefix('\'') {
                let end = quoted.find('\'').unwrap_or(quoted.len());
                (&quoted[..end], quoted.get(end + 1..).unwrap_or(""))
            } else {
                let end = after.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(after.len());
                (&after[..end], &after[end..])
            };
            attrs.insert(name, value.to_string());
            rest = left;
        } else {
            attrs.insert(name, String::new());
        }
    }
    attrs
}

/// The text between the first `start` (then the end of its tag, when `start` opens
/// one) and the next `end`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let mut from = text.find(start)? + start.len();
    if start.starts_with('<') && !start.ends_with('>') {
        from += text[from..].find('>')? + 1;
    }
    let to = from + text[from..].find(end)?;
    Some(&text[from..to])
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(hi), Some(lo)) =
                (bytes.get(i + 1).and_then(|&b| hex(b)), bytes.get(i + 2).and_then(|&b| hex(b)))
        {
            out.push((hi * 16 + lo) as u8);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn str_of(value: &toml::Value, key: &str) -> Option<String> {
    value.get(key).and_then(toml::Value::as_str).map(str::to_string)
}

/// A TOML date (or a "dd/mm/yyyy" string) as "yyyy-mm-dd".
fn date_of(value: &toml::Value) -> Option<String> {
    match value.get("date")? {
        toml::Value::Datetime(d) => d.date.map(|d| format!("{:04}-{:02}-{:02}", d.year, d.month, d.day)),
        toml::Value::String(s) => {
            let parts: Vec<&str> = s.split('/').collect();
            match parts.as_slice() {
                [d, m, y] => Some(format!("{y:0>4}-{m:0>2}-{d:0>2}")),
                _ => Some(s.clone()),
            }
        }
        _ => None,
    }
}

/// Lower-case ASCII letters and digits, other runs as one hyphen, Vietnamese letters
/// without their marks, đ as d: how the site's URLs and ids are made.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        let base = match c {
            'a'..='z' | '0'..='9' => Some(c),
            'đ' => Some('d'),
            _ => base_letter(c),
        };
        match base {
            Some(b) => out.push(b),
            None if !out.ends_with('-') && !out.is_empty() => out.push('-'),
            None => {}
        }
    }
    out.trim_end_matches('-').to_string()
}

/// The base letter of a Vietnamese letter with marks.
fn base_letter(c: char) -> Option<char> {
    const GROUPS: [(char, &str); 6] = [
        ('a', "àáảãạăằắẳẵặâầấẩẫậ"),
        ('e', "èéẻẽẹêềếểễệ"),
        ('i', "ìíỉĩị"),
        ('o', "òóỏõọôồốổỗộơờớởỡợ"),
        ('u', "ùúủũụưừứửữự"),
        ('y', "ỳýỷỹỵ"),
    ];
    GROUPS.iter().find(|(_, letters)| letters.contains(c)).map(|(base, _)| *base)
}
