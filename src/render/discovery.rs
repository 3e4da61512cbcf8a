//! How readers find things: the search page and its index (plans by section, pages,
//! indicators, tasks, agencies, documents) and the Atom feed of new plans and monthly
//! progress reports.

use std::collections::BTreeMap;

use serde::Serialize;
use tera::Context;

use super::Output;
use super::views::{RESERVED_IDS, base_context, home_crumb, html};
use crate::diagnostics::Diagnostic;
use crate::search::{self, Entry};
use crate::site::Site;

/// The search entries of group `group`: a page's parts for each page, then one last
/// group with documents, indicators, tasks and agencies.
fn search_group(site: &Site, group: usize) -> Vec<Entry> {
    match site.content.pages.get(group) {
        Some(page) => page_entries(site, page),
        None => {
            let mut entries = Vec::new();
            add_other_entries(site, &mut entries);
            entries
        }
    }
}

/// A page's entries: one per part between headings.
fn page_entries(site: &Site, page: &crate::content::Page) -> Vec<Entry> {
    let mut entries = Vec::new();
    {
        let url = site.url(&page.path);
        let kind = page.plan.as_ref().map_or_else(|| "Trang".to_string(), |p| p.kind.clone());
        let mut head = page.title.clone();
        if let Some(plan) = &page.plan {
            head = format!("{} — số {} — {} — {}", page.title, plan.number, plan.issuer, plan.summary);
        }
        for part in crate::markdown::parts(&page.body, RESERVED_IDS) {
            let (url, title, text) = if part.id.is_empty() {
                (url.clone(), page.title.clone(), format!("{head}\n{}", part.text))
            } else {
                (format!("{url}#{}", part.id), format!("{} — {}", page.title, part.title), part.text)
            };
            entries.push(Entry { url, title, kind: kind.clone(), text });
        }
        if !entries.last().is_some_and(|e| e.url.starts_with(&url)) {
            entries.push(Entry { url, title: page.title.clone(), kind, text: head });
        }
    }
    entries
}

/// Documents, indicators, tasks and agencies.
fn add_other_entries(site: &Site, entries: &mut Vec<Entry>) {
    for document in &site.citations.register.documents {
        let view = super::register_views::document_heading(site, document);
        let text = [
            Some(document.number.to_string()),
            document.issuer.clone(),
            document.title.clone(),
            Some(document.level_label.to_string()),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" — ");
        entries.push(Entry { url: view.href, title: view.heading, kind: "Văn bản".to_string(), text });
    }
    if let Some(progress) = &site.progress {
        for i in &progress.indicators {
            let agencies: Vec<&str> = i.lead.iter().map(|a| a.name.as_str()).collect();
            entries.push(Entry {
                url: site.url(&super::progress_views::indicator_path(&i.id)),
                title: i.name.clone(),
                kind: "Chỉ tiêu".to_string(),
                text: format!(
                    "{} — mục tiêu {} — {} — {}",
                    i.status.label(),
                    i.target.display,
                    agencies.join("; "),
                    i.meter.text
                ),
            });
        }
        for t in &progress.tasks {
            let agencies: Vec<&str> = t.lead.iter().map(|a| a.name.as_str()).collect();
            entries.push(Entry {
                url: site.url(&format!("nhiem-vu/#nv-{}", crate::vi::slugify(&t.id))),
                title: t.name.clone(),
                kind: "Nhiệm vụ".to_string(),
                text: format!("{} — {} — {}", t.status.label(), t.progress_text, agencies.join("; ")),
            });
        }
        for a in &progress.agencies {
            entries.push(Entry {
                url: site.url(&super::progress_views::agency_path(&a.slug)),
                title: a.name.clone(),
                kind: "Cơ quan".to_string(),
                text: a.aliases.join("; "),
            });
        }
    }
}

pub fn render_search(site: &Site) -> Result<Vec<Output>, Vec<Diagnostic>> {
    let outputs = std::sync::Mutex::new(Vec::new());
    render_search_into(site, &|out| {
        outputs.lock().map_err(|_| Vec::new())?.push(out);
        Ok(())
    })?;
    let mut outputs = outputs.into_inner().map_err(|_| Vec::new())?;
    // The index's files come from many threads: a fixed order, the page first.
    outputs.sort_by(|a, b| (!a.path.ends_with(".html"), &a.path).cmp(&(!b.path.ends_with(".html"), &b.path)));
    Ok(outputs)
}

/// The search page, then the index's files handed to `sink` as each is made.
pub fn render_search_into(site: &Site, sink: &super::Sink) -> Result<(), Vec<Diagnostic>> {
    // Each page's entries are made, tokenised and dropped in turn.
    let emit = |path: String, text: String| sink(Output { path, bytes: text.into_bytes() });
    let count = search::build_index_from(site.content.pages.len() + 1, |group| search_group(site, group), &emit)?;
    let mut context = base_context(site, "tim-kiem/", "Tìm kiếm", vec![home_crumb(site)]);
    context.insert("entries", &count);
    sink(html(site, "tim-kiem.html", "tim-kiem/index.html", &context)?)
}

#[derive(Serialize)]
struct FeedEntry {
    id: String,
    title: String,
    url: String,
    updated: String,
    summary: String,
}

/// The Atom feed: plans by date of issue, and one entry per month with new figures.
pub fn render_feed(site: &Site) -> Result<Output, Vec<Diagnostic>> {
    let absolute = |path: &str| super::join_url(&site.config.base_url, path);
    let mut entries: Vec<FeedEntry> = site
        .content
        .pages
        .iter()
        .filter_map(|page| {
            let plan = page.plan.as_ref()?;
            let date = page.updated.or(page.date)?;
            Some(FeedEntry {
                id: absolute(&page.path),
                title: format!("{} số {}: {}", plan.kind, plan.number, page.title),
                url: absolute(&page.path),
                updated: format!("{}T00:00:00+07:00", date.iso()),
                summary: plan.summary.clone(),
            })
        })
        .collect();
    if let Some(progress) = &site.progress {
        let mut months: BTreeMap<(i32, u32), Vec<String>> = BTreeMap::new();
        let mut last_day: BTreeMap<(i32, u32), crate::date::Date> = BTreeMap::new();
        for i in &progress.indicators {
            for m in &i.history {
                let key = (m.date.year(), m.date.month());
                months.entry(key).or_default().push(format!("{}: {}", i.name, m.display));
                let day = last_day.entry(key).or_insert(m.date);
                *day = (*day).max(m.date);
            }
        }
        for ((year, month), figures) in months {
            let day = last_day.get(&(year, month)).copied().unwrap_or_else(|| crate::date::Date::from_days(0));
            entries.push(FeedEntry {
                id: format!("{}#bao-cao-{year:04}-{month:02}", absolute("chi-tieu/")),
                title: format!("Báo cáo tiến độ tháng {month:02}/{year}: {} số liệu mới", figures.len()),
                url: absolute("chi-tieu/"),
                updated: format!("{}T00:00:00+07:00", day.iso()),
                summary: figures.join("; "),
            });
        }
    }
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
    let updated =
        entries.first().map_or_else(|| format!("{}T00:00:00+07:00", site.report_date.iso()), |e| e.updated.clone());
    let mut context = Context::new();
    context.insert("entries", &entries);
    context.insert("feed_url", &absolute("atom.xml"));
    context.insert("home_url", &absolute(""));
    context.insert("updated", &updated);
    let rendered = site.templates.render("atom.xml", &context).map_err(|d| vec![d])?;
    Ok(Output { path: "atom.xml".to_string(), bytes: rendered.into_bytes() })
}
