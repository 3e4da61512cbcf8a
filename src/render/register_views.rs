//! The register of legal documents: `/van-ban/` lists every document the plans cite,
//! grouped by issuing level and newest first; `/van-ban/<slug>/` shows one document
//! with every passage that cites it, each linked to its place in the plan.

use serde::Serialize;

use super::Output;
use super::views::{Crumb, base_context, home_crumb, html};
use crate::diagnostics::Diagnostic;
use crate::legal::Document;
use crate::markdown::escape_text;
use crate::site::Site;

/// URL path of a document's page.
pub fn document_path(slug: &str) -> String {
    format!("van-ban/{slug}/")
}

/// A document as listed: its fields plus what templates need to link it.
#[derive(Serialize)]
pub struct DocumentView<'a> {
    #[serde(flatten)]
    pub document: &'a Document,
    /// The document's page on this site (`url` is the official text's address).
    pub href: String,
    /// "Nghị quyết số 57-NQ/TW ngày 22/12/2024".
    pub heading: String,
    pub date_vi: Option<String>,
    pub citation_count: usize,
    pub plans: Vec<PlanLink>,
}

#[derive(Serialize)]
pub struct PlanLink {
    pub title: String,
    pub url: String,
    pub number: Option<String>,
}

pub fn document_view<'a>(site: &Site, document: &'a Document) -> DocumentView<'a> {
    let date_vi = document.date.map(|d| d.vi());
    let mut heading = format!("{} số {}", document.doc_type, document.number);
    if let Some(date) = &date_vi {
        heading.push_str(&format!(" ngày {date}"));
    }
    DocumentView {
        document,
        href: site.url(&document_path(&document.slug)),
        heading,
        date_vi,
        citation_count: document.citations.len(),
        plans: document
            .plans
            .iter()
            .filter_map(|&p| site.content.pages.get(p))
            .map(|page| PlanLink {
                title: page.title.clone(),
                url: site.url(&page.path),
                number: page.plan.as_ref().map(|p| p.number.clone()),
            })
            .collect(),
    }
}

/// One level of the register ("Trung ương — Đảng"…).
#[derive(Serialize)]
struct LevelView<'a> {
    slug: &'static str,
    label: &'static str,
    documents: Vec<DocumentView<'a>>,
}

pub fn render_register(site: &Site) -> Result<Output, Vec<Diagnostic>> {
    let register = &site.citations.register;
    let levels: Vec<LevelView> = register
        .by_level()
        .into_iter()
        .map(|(level, indices)| LevelView {
            slug: level.slug(),
            label: level.label(),
            documents: indices.into_iter().map(|i| document_view(site, &register.documents[i])).collect(),
        })
        .collect();
    let mut context = base_context(site, "van-ban/", "Văn bản được viện dẫn", vec![home_crumb(site)]);
    context.insert("levels", &levels);
    context.insert("total", &register.documents.len());
    context.insert("citations", &register.documents.iter().map(|d| d.citations.len()).sum::<usize>());
    html(site, "van-ban.html", "van-ban/index.html", &context)
}

/// A passage citing the document: the clause around the mention, the mention itself
/// marked, linked to its place in the plan.
#[derive(Serialize)]
struct Passage {
    plan_title: String,
    /// The plan page's URL with the mention's anchor.
    url: String,
    /// Escaped HTML: the clause with the citation in `<mark>`.
    html: String,
}

pub fn render_document(site: &Site, index: usize) -> Result<Output, Vec<Diagnostic>> {
    let register = &site.citations.register;
    let document = &register.documents[index];
    let view = document_view(site, document);
    let mut passages = Vec::with_capacity(document.citations.len());
    for citation in &document.citations {
        let Some(page) = site.content.pages.get(citation.plan) else { continue };
        let Some(Some(extraction)) = site.citations.extractions.get(citation.plan) else { continue };
        let Some(mention) = extraction.mentions.get(citation.mention) else { continue };
        let range = word_bounded(&page.body, crate::legal::passage(&page.body, mention.span.clone()), &mention.span);
        let (before, cited, after) = (
            page.body.get(range.start..mention.span.start).unwrap_or(""),
            page.body.get(mention.span.clone()).unwrap_or(""),
            page.body.get(mention.span.end..range.end).unwrap_or(""),
        );
        let lead = if range.cut_start { "…" } else { "" };
        let tail = if range.cut_end { "…" } else { "" };
        let html =
            format!("{lead}{}<mark>{}</mark>{}{tail}", clean(before, true), clean(cited, false), clean(after, false));
        passages.push(Passage {
            plan_title: page.title.clone(),
            url: format!("{}#{}", site.url(&page.path), crate::analyse::mention_anchor(citation.mention)),
            html,
        });
    }
    let path = document_path(&document.slug);
    let crumbs = vec![home_crumb(site), Crumb { title: "Văn bản".into(), url: site.url("van-ban/") }];
    let mut context = base_context(site, &path, &view.heading, crumbs);
    context.insert("document", &view);
    context.insert("passages", &passages);
    html(site, "van-ban-trang.html", &format!("{path}index.html"), &context)
}

/// A passage moved inward to whole words where the engine's length cap cut one.
struct Bounded {
    start: usize,
    end: usize,
    cut_start: bool,
    cut_end: bool,
}

fn word_bounded(text: &str, range: std::ops::Range<usize>, mention: &std::ops::Range<usize>) -> Bounded {
    let natural_start = |i: usize| {
        i == 0
            || text[..i].ends_with(|c: char| c.is_whitespace() || matches!(c, '.' | ';' | ':' | ',' | '(' | '“' | '"'))
    };
    let natural_end = |i: usize| {
        i >= text.len()
            || text[i..].starts_with(|c: char| c.is_whitespace() || matches!(c, '.' | ';' | ',' | ')' | '”' | '"'))
    };
    let mut start = range.start;
    let cut_start = !natural_start(start);
    if cut_start {
        start = text[start..mention.start]
            .char_indices()
            .find(|(_, c)| c.is_whitespace())
            .map_or(mention.start, |(i, c)| start + i + c.len_utf8());
    }
    let mut end = range.end;
    let cut_end = !natural_end(end);
    if cut_end {
        end = text[mention.end..end].rfind(char::is_whitespace).map_or(mention.end, |i| mention.end + i);
    }
    Bounded { start, end, cut_start, cut_end }
}

/// Markdown source → escaped display text: list markers, emphasis markers and line
/// breaks removed.
fn clean(text: &str, leading: bool) -> String {
    let mut text = text.replace("**", "").replace("__", "");
    if leading {
        let trimmed = text.trim_start();
        let without_marker = trimmed.strip_prefix("- ").or_else(|| trimmed.strip_prefix("+ ")).unwrap_or(trimmed);
        text = without_marker.to_string();
    }
    let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let keep_space_before = !leading && text.starts_with(char::is_whitespace);
    let keep_space_after = text.ends_with(char::is_whitespace);
    let mut out = String::new();
    if keep_space_before && !collapsed.is_empty() {
        out.push(' ');
    }
    out.push_str(&escape_text(&collapsed));
    if keep_space_after && !collapsed.is_empty() {
        out.push(' ');
    }
    out
}
