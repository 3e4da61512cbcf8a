//! The register of legal documents: `/van-ban/` lists every document the plans cite,
//! grouped by issuing level and newest first; `/van-ban/<slug>/` shows one document
//! with every passage that cites it, each linked to its place in the plan.

use serde::Serialize;

use super::Output;
use super::views::{Crumb, base_context, home_crumb, html};
use crate::diagnostics::Diagnostic;
use crate::legal::Document;
use crate::site::Site;

/// URL path of a document's page.
pub fn document_path(slug: &str) -> String {
    format!("van-ban/{slug}/")
}

/// A document as listed: its fields plus what templates need to link it. Not the
/// whole `Document`: a document cited by every plan of a province carries thousands of
/// citations, which no list entry needs.
#[derive(Serialize)]
pub struct DocumentView<'a> {
    pub slug: &'a str,
    #[serde(rename = "type")]
    pub doc_type: &'a str,
    pub number: &'a crate::legal::DocumentNumber,
    pub date: Option<crate::date::Date>,
    pub issuer: Option<&'a str>,
    pub title: Option<&'a str>,
    pub title_from_registry: bool,
    pub level_label: &'static str,
    pub status: Option<&'a crate::legal::Status>,
    pub url: Option<&'a str>,
    /// The document's page on this site (`url` is the official text's address).
    pub href: String,
    /// "Nghị quyết số 57-NQ/TW ngày 22/12/2024".
    pub heading: String,
    pub date_vi: Option<String>,
    pub citation_count: usize,
    pub plans: Vec<PlanLink>,
    /// Citing plans not listed in `plans` (the register lists a few per document).
    pub more_plans: usize,
}

/// Citing plans listed per document in the register; the document's page has them all.
const REGISTER_PLANS: usize = 5;

#[derive(Serialize)]
pub struct PlanLink {
    pub title: String,
    pub url: String,
    pub number: Option<String>,
}

/// A document with the first [`REGISTER_PLANS`] plans that cite it and the number of
/// the others (for a row of the register; the document's page lists every passage).
pub fn document_view<'a>(site: &Site, document: &'a Document) -> DocumentView<'a> {
    let mut view = document_heading(site, document);
    let mut citing = document.plans.iter().filter_map(|&p| site.content.pages.get(p));
    view.plans = citing
        .by_ref()
        .take(REGISTER_PLANS)
        .map(|page| PlanLink {
            title: page.title.clone(),
            url: site.url(&page.path),
            number: page.plan.as_ref().map(|p| p.number.clone()),
        })
        .collect();
    view.more_plans = citing.count();
    view
}

/// A document without the list of plans citing it (for a plan's căn cứ, search).
pub fn document_heading<'a>(site: &Site, document: &'a Document) -> DocumentView<'a> {
    let date_vi = document.date.map(|d| d.vi());
    let mut heading = format!("{} số {}", document.doc_type, document.number);
    if let Some(date) = &date_vi {
        heading.push_str(&format!(" ngày {date}"));
    }
    DocumentView {
        slug: &document.slug,
        doc_type: &document.doc_type,
        number: &document.number,
        date: document.date,
        issuer: document.issuer.as_deref(),
        title: document.title.as_deref(),
        title_from_registry: document.title_from_registry,
        level_label: document.level_label,
        status: document.status.as_ref(),
        url: document.url.as_deref(),
        href: site.url(&document_path(&document.slug)),
        heading,
        date_vi,
        citation_count: document.citations.len(),
        plans: Vec::new(),
        more_plans: 0,
    }
}

/// One level of the register ("Trung ương — Đảng"…).
#[derive(Serialize)]
struct LevelView<'a> {
    slug: &'static str,
    label: &'static str,
    documents: Vec<DocumentView<'a>>,
}

/// A level in the register's table of contents, with the page it starts on.
#[derive(Serialize)]
struct LevelLink {
    slug: &'static str,
    label: &'static str,
    count: usize,
    url: String,
}

/// Page `page` of the register (100 documents a page, grouped by level).
pub fn render_register(site: &Site, page: usize) -> Result<Output, Vec<Diagnostic>> {
    use super::progress_views::{PER_PAGE, list_dir, list_path, page_slice, pagination};
    let register = &site.citations.register;
    let order = site.register_order();
    let mut levels: Vec<LevelView> = Vec::new();
    for &(level, index) in page_slice(order, page) {
        if levels.last().is_none_or(|l| l.slug != level.slug()) {
            levels.push(LevelView { slug: level.slug(), label: level.label(), documents: Vec::new() });
        }
        let view = document_view(site, &register.documents[index]);
        if let Some(last) = levels.last_mut() {
            last.documents.push(view);
        }
    }
    let mut level_nav: Vec<LevelLink> = Vec::new();
    for (position, (level, _)) in order.iter().enumerate() {
        match level_nav.last_mut() {
            Some(link) if link.slug == level.slug() => link.count += 1,
            _ => level_nav.push(LevelLink {
                slug: level.slug(),
                label: level.label(),
                count: 1,
                url: format!("{}#{}", site.url(&list_dir("van-ban/", None, position / PER_PAGE)), level.slug()),
            }),
        }
    }
    let url_path = list_dir("van-ban/", None, page);
    let mut context = base_context(site, &url_path, "Văn bản được viện dẫn", vec![home_crumb(site)]);
    context.insert("levels", &levels);
    context.insert("level_nav", &level_nav);
    context.insert("pagination", &pagination(site, "van-ban/", None, page, order.len()));
    context.insert("total", &register.documents.len());
    context.insert("citations", &register.documents.iter().map(|d| d.citations.len()).sum::<usize>());
    html(site, "van-ban.html", &list_path("van-ban/", None, page), &context)
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

/// A document's page: its particulars and every passage citing it, 100 a page
/// (`van-ban/<slug>/`, then `van-ban/<slug>/trang/2/`…): a document cited by every plan of
/// a province would otherwise be a page of megabytes.
pub fn render_document(site: &Site, index: usize) -> Result<Vec<Output>, Vec<Diagnostic>> {
    use super::progress_views::{list_dir, page_count, page_slice, pagination};
    let register = &site.citations.register;
    let document = &register.documents[index];
    let view = document_heading(site, document);
    let path = document_path(&document.slug);
    let citations: Vec<&crate::legal::CitationRef> = document.citations.iter().collect();
    let pages = page_count(citations.len());
    (0..pages)
        .map(|page| {
            let passages: Vec<Passage> =
                page_slice(&citations, page).iter().filter_map(|citation| passage(site, citation)).collect();
            let page_path = list_dir(&path, None, page);
            let crumbs = vec![home_crumb(site), Crumb { title: "Văn bản".into(), url: site.url("van-ban/") }];
            let mut context = base_context(site, &page_path, &view.heading, crumbs);
            context.insert("document", &view);
            context.insert("passages", &passages);
            context.insert("first_number", &(page * super::progress_views::PER_PAGE + 1));
            context.insert("pagination", &pagination(site, &path, None, page, citations.len()));
            html(site, "van-ban-trang.html", &format!("{page_path}index.html"), &context)
        })
        .collect()
}

/// One citing passage, the cited words marked, with a link to it in its plan.
fn passage(site: &Site, citation: &crate::legal::CitationRef) -> Option<Passage> {
    let page = site.content.pages.get(citation.plan)?;
    let extraction = site.citations.extractions.get(citation.plan)?.as_ref()?;
    let mention = extraction.mentions.get(citation.mention)?;
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
    Some(Passage {
        plan_title: page.title.clone(),
        url: format!("{}#{}", site.url(&page.path), crate::analyse::mention_anchor(citation.mention)),
        html,
    })
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
    let unmarked;
    let mut text = text;
    if text.contains("**") || text.contains("__") {
        unmarked = text.replace("**", "").replace("__", "");
        text = &unmarked;
    }
    if leading {
        let trimmed = text.trim_start();
        text = trimmed.strip_prefix("- ").or_else(|| trimmed.strip_prefix("+ ")).unwrap_or(trimmed);
    }
    // White space collapsed to single spaces, kept (as one) at either end where there
    // was some and there are words, and the words escaped as they are copied.
    let mut out = String::with_capacity(text.len() + 2);
    let mut words = text.split_whitespace().peekable();
    if words.peek().is_some() && !leading && text.starts_with(char::is_whitespace) {
        out.push(' ');
    }
    let mut first = true;
    for word in words {
        if !first {
            out.push(' ');
        }
        first = false;
        crate::markdown::push_escaped(&mut out, word, false);
    }
    if !first && text.ends_with(char::is_whitespace) {
        out.push(' ');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `clean` as first written, step by step.
    fn clean_reference(text: &str, leading: bool) -> String {
        let mut text = text.replace("**", "").replace("__", "");
        if leading {
            let trimmed = text.trim_start();
            let without_marker = trimmed.strip_prefix("- ").or_else(|| trimmed.strip_prefix("+ ")).unwrap_or(trimmed);
            text = without_marker.to_string();
        }
        let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut out = String::new();
        if !leading && text.starts_with(char::is_whitespace) && !collapsed.is_empty() {
            out.push(' ');
        }
        out.push_str(&crate::markdown::escape_text(&collapsed));
        if text.ends_with(char::is_whitespace) && !collapsed.is_empty() {
            out.push(' ');
        }
        out
    }

    #[test]
    fn passages_lose_markers_and_extra_space() {
        assert_eq!(
            clean("  - **Nghị quyết** số 57-NQ/TW <của>\n Bộ Chính trị ", true),
            "Nghị quyết số 57-NQ/TW &lt;của&gt; Bộ Chính trị "
        );
        assert_eq!(clean("  và __Quyết định__ ", false), " và Quyết định ");
        assert_eq!(clean(" \n ", false), "");
    }

    proptest::proptest! {
        #[test]
        fn passages_are_cleaned_as_step_by_step(text in "([ \n\t*_+<>&a-zđ-]|\u{a0})*", leading: bool) {
            proptest::prop_assert_eq!(clean(&text, leading), clean_reference(&text, leading));
        }
    }
}
