//! Markdown → HTML with pulldown-cmark: tables (with `scope` and a scrollable,
//! keyboard-reachable wrapper), footnotes, strikethrough, heading ids from
//! Vietnamese-aware slugs (unique within a page), a table of contents, `@/…` links to
//! other content files, and citation links spliced around spans of the source text
//! without changing the text.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use serde::Serialize;

/// A link to splice around `range` of the Markdown source (a citation of a legal
/// document): `<a href="{href}" id="{id}" class="{class}">…</a>`.
#[derive(Clone, Debug)]
pub struct SpanLink {
    pub range: Range<usize>,
    pub href: String,
    pub id: String,
    pub class: &'static str,
}

/// A heading, for the table of contents.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// The HTML of a body, its headings and the problems found (broken `@/` links).
#[derive(Clone, Debug, Default)]
pub struct Rendered {
    pub html: String,
    pub headings: Vec<Heading>,
    /// Byte offset in the source and message of each broken internal link.
    pub broken_links: Vec<(usize, String)>,
}

pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `source`. `links` must be sorted by start and not overlap. `resolve` turns
/// an `@/path.md` link target into a URL (or `None` if no such content file exists).
/// `reserved_ids` are ids the page template already uses, so heading ids avoid them.
pub fn render(
    source: &str,
    links: &[SpanLink],
    resolve: &dyn Fn(&str) -> Option<String>,
    reserved_ids: &[&str],
) -> Rendered {
    let mut used_ids: HashSet<String> = reserved_ids.iter().map(|s| s.to_string()).collect();
    let mut events: Vec<(Event, Range<usize>)> = Parser::new_ext(source, options()).into_offset_iter().collect();
    let mut headings = Vec::new();
    let mut broken_links = Vec::new();

    // Pass 1: heading ids and titles; internal links.
    let mut i = 0;
    while i < events.len() {
        match &events[i].0 {
            Event::Start(Tag::Heading { level, id, .. }) => {
                let level = heading_level(*level);
                let explicit = id.as_ref().map(|s| s.to_string());
                let mut title = String::new();
                let mut j = i + 1;
                while j < events.len() && !matches!(events[j].0, Event::End(TagEnd::Heading(_))) {
                    match &events[j].0 {
                        Event::Text(t) | Event::Code(t) => title.push_str(t),
                        Event::SoftBreak | Event::HardBreak => title.push(' '),
                        _ => {}
                    }
                    j += 1;
                }
                let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
                let base = explicit.unwrap_or_else(|| {
                    let slug = crate::vi::slugify(&title);
                    if slug.is_empty() { "muc".to_string() } else { slug }
                });
                let id = unique_id(&base, &mut used_ids);
                if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[i].0 {
                    *slot = Some(CowStr::from(id.clone()));
                }
                headings.push(Heading { level, id, title });
            }
            Event::Start(Tag::Link { dest_url, .. }) if dest_url.starts_with("@/") => {
                let target = dest_url.to_string();
                let (file, anchor) = match target.split_once('#') {
                    Some((f, a)) => (f.to_string(), Some(a.to_string())),
                    None => (target.clone(), None),
                };
                match resolve(&file[2..]) {
                    Some(url) => {
                        let url = match anchor {
                            Some(a) => format!("{url}#{a}"),
                            None => url,
                        };
                        if let Event::Start(Tag::Link { dest_url, .. }) = &mut events[i].0 {
                            *dest_url = CowStr::from(url);
                        }
                    }
                    None => broken_links
                        .push((events[i].1.start, format!("liên kết `{target}` trỏ tới tệp không có trong content/"))),
                }
            }
            _ => {}
        }
        i += 1;
    }

    // Pass 2: splice citation links, enrich tables, then write HTML.
    let spliced = splice_links(source, events, links);
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, spliced.into_iter());
    Rendered { html, headings, broken_links }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// `base`, or `base-2`, `base-3`… whichever is free.
pub fn unique_id(base: &str, used: &mut HashSet<String>) -> String {
    if used.insert(base.to_string()) {
        return base.to_string();
    }
    let mut n = 2;
    loop {
        let candidate = format!("{base}-{n}");
        if used.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}

/// Inserts `<a>` tags around the link spans. A link that crosses an inline tag
/// boundary (emphasis, a line break inside a paragraph) is closed before the tag and
/// reopened after it, so the HTML stays well nested. Links never start inside code,
/// an existing link, or raw HTML.
fn splice_links<'a>(source: &'a str, events: Vec<(Event<'a>, Range<usize>)>, links: &[SpanLink]) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len() + links.len() * 2);
    let mut next = 0; // next link to open
    let mut open: Option<usize> = None; // link currently open (index)
    let mut in_link_or_image = 0usize;
    let mut table = TableState::default();

    for (event, range) in events {
        // Skip links whose span ended before this event (e.g. inside code).
        while next < links.len() && links[next].range.end <= range.start && open != Some(next) {
            next += 1;
        }
        if table.in_head_cell
            && let Event::Text(text) | Event::Code(text) = &event
        {
            table.header.push_str(text);
        }
        match event {
            Event::Text(text) if in_link_or_image == 0 => {
                let exact = source.get(range.clone()) == Some(text.as_ref());
                let mut cursor = 0usize; // byte offset within `text`
                let text_len = text.len();
                let mut pieces: Vec<Event<'a>> = Vec::new();
                loop {
                    if let Some(idx) = open {
                        let end = links[idx].range.end;
                        if end < range.end {
                            let cut = if exact { end.saturating_sub(range.start).max(cursor) } else { text_len };
                            let cut = floor_boundary(&text, cut);
                            if cut > cursor {
                                pieces.push(Event::Text(CowStr::from(text[cursor..cut].to_string())));
                            }
                            pieces.push(Event::InlineHtml(CowStr::Borrowed("</a>")));
                            cursor = cut;
                            open = None;
                            next = idx + 1;
                            continue;
                        }
                        break; // stays open past this event
                    }
                    if next < links.len() && links[next].range.start < range.end && links[next].range.end > range.start
                    {
                        let start = if exact { links[next].range.start.saturating_sub(range.start) } else { 0 };
                        let start = floor_boundary(&text, start.max(cursor));
                        if start > cursor {
                            pieces.push(Event::Text(CowStr::from(text[cursor..start].to_string())));
                        }
                        pieces.push(Event::InlineHtml(CowStr::from(open_tag(&links[next], true))));
                        cursor = start;
                        open = Some(next);
                        continue;
                    }
                    break;
                }
                if cursor == 0 {
                    out.append(&mut pieces);
                    out.push(Event::Text(text));
                } else {
                    out.append(&mut pieces);
                    if cursor < text_len {
                        out.push(Event::Text(CowStr::from(text[cursor..].to_string())));
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak if open.is_some() => out.push(event),
            Event::Start(tag) => {
                if let Some(idx) = open {
                    // Keep nesting valid: close, emit the tag, reopen without the id.
                    out.push(Event::InlineHtml(CowStr::Borrowed("</a>")));
                    let reopen = is_inline(&tag);
                    push_start(&mut out, tag, &mut in_link_or_image, &mut table);
                    if reopen && in_link_or_image == 0 {
                        out.push(Event::InlineHtml(CowStr::from(open_tag(&links[idx], false))));
                    } else {
                        open = None;
                        next = idx + 1;
                    }
                } else {
                    push_start(&mut out, tag, &mut in_link_or_image, &mut table);
                }
            }
            Event::End(tag) => {
                if let Some(idx) = open {
                    out.push(Event::InlineHtml(CowStr::Borrowed("</a>")));
                    let inline = is_inline_end(&tag);
                    push_end(&mut out, tag, &mut in_link_or_image, &mut table);
                    if inline && in_link_or_image == 0 && links[idx].range.end > range.end {
                        out.push(Event::InlineHtml(CowStr::from(open_tag(&links[idx], false))));
                    } else {
                        open = None;
                        next = idx + 1;
                    }
                } else {
                    push_end(&mut out, tag, &mut in_link_or_image, &mut table);
                }
            }
            other => {
                if let Some(idx) = open
                    && !matches!(other, Event::SoftBreak | Event::HardBreak | Event::Text(_))
                {
                    out.push(Event::InlineHtml(CowStr::Borrowed("</a>")));
                    open = None;
                    next = idx + 1;
                }
                out.push(other);
            }
        }
    }
    if open.is_some() {
        out.push(Event::InlineHtml(CowStr::Borrowed("</a>")));
    }
    out
}

fn floor_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

fn open_tag(link: &SpanLink, with_id: bool) -> String {
    let mut tag = String::with_capacity(64);
    let _ = write!(tag, "<a href=\"{}\"", escape_attr(&link.href));
    if !link.class.is_empty() {
        let _ = write!(tag, " class=\"{}\"", link.class);
    }
    if with_id && !link.id.is_empty() {
        let _ = write!(tag, " id=\"{}\"", escape_attr(&link.id));
    }
    tag.push('>');
    tag
}

fn is_inline(tag: &Tag) -> bool {
    matches!(tag, Tag::Emphasis | Tag::Strong | Tag::Strikethrough)
}

fn is_inline_end(tag: &TagEnd) -> bool {
    matches!(tag, TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough)
}

/// Where the writer is inside a table: Markdown tables are written by hand so that
/// every body cell carries its column's header (`data-nhan`), which lets the theme stack
/// rows as labelled cards on a phone instead of scrolling sideways.
#[derive(Default)]
struct TableState {
    alignments: Vec<pulldown_cmark::Alignment>,
    headers: Vec<String>,
    header: String,
    in_head: bool,
    in_head_cell: bool,
    cell: usize,
}

fn html<'a>(out: &mut Vec<Event<'a>>, text: impl Into<CowStr<'a>>) {
    out.push(Event::InlineHtml(text.into()));
}

fn push_start<'a>(out: &mut Vec<Event<'a>>, tag: Tag<'a>, in_link: &mut usize, table: &mut TableState) {
    match tag {
        Tag::Link { .. } | Tag::Image { .. } => {
            *in_link += 1;
            out.push(Event::Start(tag));
        }
        Tag::Table(alignments) => {
            *table = TableState { alignments, ..TableState::default() };
            html(
                out,
                "<div class=\"bang-cuon\" role=\"region\" aria-label=\"Bảng\" tabindex=\"0\"><table class=\"bang-the\">",
            );
        }
        Tag::TableHead => {
            table.in_head = true;
            table.cell = 0;
            html(out, "<thead><tr>");
        }
        Tag::TableRow => {
            table.cell = 0;
            html(out, "<tr>");
        }
        Tag::TableCell if table.in_head => {
            table.in_head_cell = true;
            table.header.clear();
            html(out, format!("<th scope=\"col\"{}>", align_class(table)));
        }
        Tag::TableCell => {
            let label = table.headers.get(table.cell).map_or(String::new(), |h| escape_attr(h));
            html(out, format!("<td data-nhan=\"{label}\"{}>", align_class(table)));
        }
        other => out.push(Event::Start(other)),
    }
}

fn align_class(table: &TableState) -> &'static str {
    match table.alignments.get(table.cell) {
        Some(pulldown_cmark::Alignment::Right) => " class=\"so\"",
        Some(pulldown_cmark::Alignment::Center) => " class=\"giua\"",
        _ => "",
    }
}

fn push_end<'a>(out: &mut Vec<Event<'a>>, tag: TagEnd, in_link: &mut usize, table: &mut TableState) {
    match tag {
        TagEnd::Link | TagEnd::Image => {
            *in_link = in_link.saturating_sub(1);
            out.push(Event::End(tag));
        }
        TagEnd::Table => html(out, "</tbody></table></div>\n"),
        TagEnd::TableHead => {
            table.in_head = false;
            html(out, "</tr></thead><tbody>\n");
        }
        TagEnd::TableRow => html(out, "</tr>\n"),
        TagEnd::TableCell => {
            if table.in_head {
                table.in_head_cell = false;
                let header = table.header.split_whitespace().collect::<Vec<_>>().join(" ");
                table.headers.push(header);
                html(out, "</th>");
            } else {
                html(out, "</td>");
            }
            table.cell += 1;
        }
        other => out.push(Event::End(other)),
    }
}

/// Escapes text for a double-quoted HTML attribute.
pub fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text, true);
    out
}

/// Escapes text for HTML element content.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_escaped(&mut out, text, false);
    out
}

/// Appends `text` with `&`, `<`, `>` (and `"` when `quotes`) escaped; the runs between
/// them are copied whole.
pub fn push_escaped(out: &mut String, text: &str, quotes: bool) {
    let mut from = 0;
    for (at, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if quotes => "&quot;",
            _ => continue,
        };
        out.push_str(&text[from..at]);
        out.push_str(entity);
        from = at + 1;
    }
    out.push_str(&text[from..]);
}

/// The plain text of Markdown (for search, summaries and citation passages): markup
/// dropped, paragraphs separated by blank lines.
pub fn plain_text(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    for event in Parser::new_ext(source, options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableRow) => out.push('\n'),
            Event::End(TagEnd::TableCell) => out.push(' '),
            _ => {}
        }
    }
    out
}

/// The text the citation engine scans: the Markdown source with code (spans and
/// blocks) and raw HTML blanked out, byte for byte, so that spans found in it are
/// spans of the source. Example numbers in code ("`05/KH-UBND`") are not citations.
pub fn citable_text(source: &str) -> std::borrow::Cow<'_, str> {
    // A plan with none of these has no code, no HTML and no indented code block. One
    // byte scan (in blocks the compiler vectorises) instead of a char-pattern search.
    let may_hide_text = |block: &[u8]| block.iter().fold(false, |any, &b| any | matches!(b, b'`' | b'<' | b'~'));
    if !source.as_bytes().chunks(64).any(may_hide_text) && !source.contains("\n    ") && !source.contains("\n\t") {
        return std::borrow::Cow::Borrowed(source);
    }
    let mut blank: Vec<Range<usize>> = Vec::new();
    let mut code_block: Option<usize> = None;
    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => code_block = Some(range.start),
            Event::End(TagEnd::CodeBlock) => {
                if let Some(start) = code_block.take() {
                    blank.push(start..range.end);
                }
            }
            Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => blank.push(range),
            _ => {}
        }
    }
    if blank.is_empty() {
        return std::borrow::Cow::Borrowed(source);
    }
    let mut bytes = source.as_bytes().to_vec();
    for range in blank {
        for b in &mut bytes[range.start.min(source.len())..range.end.min(source.len())] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    }
    // Only whole characters were replaced (ranges are char boundaries): still UTF-8.
    std::borrow::Cow::Owned(
        String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
    )
}

/// A part of a page between headings, for search: the heading's id and title (empty
/// for the text before the first heading) and the part's plain text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub id: String,
    pub title: String,
    pub text: String,
}

/// Splits `source` at its headings, giving each part the same id [`render`] gives the
/// heading (same slugs, same de-duplication, same reserved ids).
pub fn parts(source: &str, reserved_ids: &[&str]) -> Vec<Part> {
    let mut used: HashSet<String> = reserved_ids.iter().map(|s| s.to_string()).collect();
    let mut parts = vec![Part { id: String::new(), title: String::new(), text: String::new() }];
    let mut in_heading: Option<Option<String>> = None;
    let mut heading_text = String::new();
    for event in Parser::new_ext(source, options()) {
        match event {
            Event::Start(Tag::Heading { id, .. }) => {
                in_heading = Some(id.map(|i| i.to_string()));
                heading_text.clear();
            }
            Event::End(TagEnd::Heading(_)) => {
                let title = heading_text.split_whitespace().collect::<Vec<_>>().join(" ");
                let base = in_heading.take().flatten().unwrap_or_else(|| {
                    let slug = crate::vi::slugify(&title);
                    if slug.is_empty() { "muc".to_string() } else { slug }
                });
                let id = unique_id(&base, &mut used);
                parts.push(Part { id, title, text: String::new() });
            }
            Event::Text(t) | Event::Code(t) => {
                if in_heading.is_some() {
                    heading_text.push_str(&t);
                } else if let Some(part) = parts.last_mut() {
                    part.text.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if in_heading.is_some() {
                    heading_text.push(' ');
                } else if let Some(part) = parts.last_mut() {
                    part.text.push(' ');
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                if let Some(part) = parts.last_mut() {
                    part.text.push('\n');
                }
            }
            _ => {}
        }
    }
    parts.retain(|p| !p.title.is_empty() || !p.text.trim().is_empty());
    parts
}

/// Whether a link type points somewhere the builder must check.
pub fn is_checked_link(link_type: LinkType) -> bool {
    !matches!(link_type, LinkType::Email | LinkType::Autolink)
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn escaping_copies_runs_and_replaces_what_must_be(text in "([&<>\"'a-zđ ]|\\PC)*") {
            let by_char = |quotes: bool| -> String {
                text.chars()
                    .map(|c| match c {
                        '&' => "&amp;".to_string(),
                        '<' => "&lt;".to_string(),
                        '>' => "&gt;".to_string(),
                        '"' if quotes => "&quot;".to_string(),
                        c => c.to_string(),
                    })
                    .collect()
            };
            proptest::prop_assert_eq!(escape_text(&text), by_char(false));
            proptest::prop_assert_eq!(escape_attr(&text), by_char(true));
        }
    }

    fn no_resolve(_: &str) -> Option<String> {
        None
    }

    fn render_plain(source: &str, links: &[SpanLink]) -> Rendered {
        render(source, links, &no_resolve, &[])
    }

    #[test]
    fn heading_ids_are_vietnamese_slugs_and_unique() {
        let r = render_plain("## Mục tiêu cụ thể\n\n## Mục tiêu cụ thể\n\n### Đảng\n", &[]);
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["muc-tieu-cu-the", "muc-tieu-cu-the-2", "dang"]);
        assert!(r.html.contains("<h2 id=\"muc-tieu-cu-the\">Mục tiêu cụ thể</h2>"), "{}", r.html);
    }

    #[test]
    fn reserved_ids_are_avoided() {
        let r = render(source_with_heading(), &[], &no_resolve, &["noi-dung"]);
        assert_eq!(r.headings[0].id, "noi-dung-2");
    }

    fn source_with_heading() -> &'static str {
        "## Nội dung\n"
    }

    #[test]
    fn citation_link_wraps_exact_text() {
        let source = "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị.";
        let start = source.find("Nghị").unwrap_or(0);
        let end = source.find(" ngày").unwrap_or(0);
        let link = SpanLink { range: start..end, href: "/van-ban/57/".into(), id: "vb-1".into(), class: "vb" };
        let r = render_plain(source, &[link]);
        assert!(
            r.html.contains(
                "Thực hiện <a href=\"/van-ban/57/\" class=\"vb\" id=\"vb-1\">Nghị quyết số 57-NQ/TW</a> ngày"
            ),
            "{}",
            r.html
        );
    }

    #[test]
    fn citation_link_across_line_break_and_emphasis_stays_nested() {
        let source = "Theo Nghị\nquyết **số 57**-NQ/TW nhé";
        let start = source.find("Nghị").unwrap_or(0);
        let end = source.find(" nhé").unwrap_or(0);
        let link = SpanLink { range: start..end, href: "/x/".into(), id: "vb-1".into(), class: "vb" };
        let r = render_plain(source, &[link]);
        assert_eq!(r.html.matches("<a ").count(), r.html.matches("</a>").count(), "{}", r.html);
        assert!(r.html.contains("<strong><a href=\"/x/\" class=\"vb\">số 57</a></strong>"), "{}", r.html);
    }

    #[test]
    fn tables_get_scope_and_scroll_wrapper() {
        let r = render_plain("| TT | Chỉ tiêu |\n|---|---|\n| 1 | A |\n", &[]);
        assert!(r.html.contains("<th scope=\"col\">TT</th>"), "{}", r.html);
        assert!(r.html.contains("<td data-nhan=\"Chỉ tiêu\">A</td>"), "cells carry their header: {}", r.html);
        assert!(r.html.contains("tabindex=\"0\""), "{}", r.html);
    }

    #[test]
    fn footnotes_render() {
        let r = render_plain("Văn bản[^1].\n\n[^1]: Ghi chú.\n", &[]);
        assert!(r.html.contains("footnote"), "{}", r.html);
    }

    #[test]
    fn internal_links_resolve_or_are_reported() {
        let resolve = |p: &str| (p == "ke-hoach/a.md").then(|| "/ke-hoach/a/".to_string());
        let r = render("[A](@/ke-hoach/a.md#muc) [B](@/khong-co.md)", &[], &resolve, &[]);
        assert!(r.html.contains("href=\"/ke-hoach/a/#muc\""), "{}", r.html);
        assert_eq!(r.broken_links.len(), 1);
    }

    #[test]
    fn parts_use_the_same_ids_as_rendered_headings() {
        let source = "Mở đầu.\n\n## Mục tiêu\n\nA.\n\n## Mục tiêu\n\nB.\n";
        let rendered = render_plain(source, &[]);
        let ids: Vec<String> = parts(source, &[]).into_iter().map(|p| p.id).collect();
        let heading_ids: Vec<String> = rendered.headings.into_iter().map(|h| h.id).collect();
        assert_eq!(ids[0], "");
        assert_eq!(ids[1..], heading_ids[..]);
    }

    #[test]
    fn citable_text_blanks_code_but_keeps_offsets() {
        let source = "Xem `05/KH-UBND` và Nghị quyết 57-NQ/TW.\n\n```\nnumber = \"12/KH-UBND\"\n```\n";
        let text = citable_text(source);
        assert_eq!(text.len(), source.len());
        assert!(!text.contains("05/KH-UBND") && !text.contains("12/KH-UBND"));
        assert_eq!(text.find("57-NQ/TW"), source.find("57-NQ/TW"));
    }

    #[test]
    fn smart_punctuation_is_off_for_legal_text() {
        let r = render_plain("\"Bình dân học vụ số\" -- 'a'", &[]);
        assert!(r.html.contains("\"Bình dân học vụ số\" -- 'a'"), "{}", r.html);
    }
}
