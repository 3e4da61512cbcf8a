//! Checking that every internal link of the rendered site points at a file that will
//! exist, and every `#anchor` at an id on that page. Runs on the rendered HTML, so it
//! sees links written by templates as well as by content.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::Diagnostic;
use crate::render::{Output, Source};
use crate::site::Site;

/// What the link check needs of one rendered file: its path and, for a page, its ids
/// and distinct links. `site::check` renders each page, keeps this and drops the HTML, so
/// that checking 10,000 plans does not hold every page at once.
#[derive(Debug, Default)]
pub struct PageLinks {
    pub path: String,
    /// Sorted, each once (a box each: a site of 10,000 plans has a million).
    ids: Box<[Box<str>]>,
    /// Internal `href` and `src` values, each once, in the order they first appear,
    /// joined by NUL (one allocation a page instead of one a link).
    links: String,
}

impl PageLinks {
    /// The ids and internal links of `output` (none for a file that is not HTML).
    pub fn of(output: &Output) -> PageLinks {
        if !output.path.ends_with(".html") {
            return PageLinks { path: output.path.clone(), ..PageLinks::default() };
        }
        let [hrefs, srcs, ids] = attribute_values(&output.bytes, ["href", "src", "id"]);
        let mut seen = HashSet::new();
        let mut links = String::new();
        for href in hrefs.into_iter().chain(srcs) {
            if !is_external(href.trim()) && !href.contains('\0') && seen.insert(href.clone()) {
                if !links.is_empty() {
                    links.push('\0');
                }
                links.push_str(&href);
            }
        }
        let mut ids: Vec<Box<str>> = ids.into_iter().map(String::into_boxed_str).collect();
        ids.sort_unstable();
        ids.dedup();
        PageLinks { path: output.path.clone(), ids: ids.into_boxed_slice(), links }
    }

    fn links(&self) -> impl Iterator<Item = &str> {
        self.links.split('\0').filter(|l| !l.is_empty())
    }

    fn has_id(&self, id: &str) -> bool {
        self.ids.binary_search_by(|x| x.as_ref().cmp(id)).is_ok()
    }
}

/// The [`PageLinks`] of rendered files, kept from any thread as each file is made (by
/// `check`, and by `build --check` as it writes).
#[derive(Default)]
pub struct Collected(std::sync::Mutex<Vec<PageLinks>>);

impl Collected {
    pub fn keep(&self, output: &Output) {
        let page = PageLinks::of(output);
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push(page);
    }

    /// The pages kept, sorted by path: threads finish them in any order, and the check
    /// must be the same every time.
    pub fn into_pages(self) -> Vec<PageLinks> {
        let mut pages = self.0.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        pages
    }
}

/// Every broken internal link of the rendered files (`pages`, see [`PageLinks::of`]) and
/// the copied ones, located in the content file (or template) that made it; checked in
/// parallel, the diagnostics come in the order of `pages`.
pub fn check(site: &Site, pages: &[PageLinks], copies: &[(String, Source)]) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let mut files: HashSet<&str> = pages.iter().map(|p| p.path.as_str()).collect();
    files.extend(copies.iter().map(|(p, _)| p.as_str()));
    let html: HashMap<&str, &PageLinks> =
        pages.iter().filter(|p| p.path.ends_with(".html")).map(|p| (p.path.as_str(), p)).collect();
    // Output page → (source file, Markdown body, line of the body's first line).
    let sources: HashMap<String, (&str, &str, usize)> = site
        .content
        .pages
        .iter()
        .map(|p| (format!("{}index.html", p.path), (p.file.as_str(), &*p.body, p.body_line)))
        .chain(
            site.content
                .sections
                .iter()
                .map(|s| (format!("{}index.html", s.path), (s.file.as_str(), &*s.body, s.body_line))),
        )
        .collect();

    let broken = |page: &PageLinks| -> Vec<Diagnostic> {
        let mut diagnostics = Vec::new();
        for href in page.links() {
            let Some((target_file, anchor)) = resolve(&site.config.base_path, &page.path, href) else { continue };
            let problem = if !files.contains(target_file.as_str()) {
                Some(format!("liên kết \"{href}\" trỏ tới trang không tồn tại"))
            } else if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
                match html.get(target_file.as_str()) {
                    Some(target) if !target.has_id(&anchor) => {
                        Some(format!("liên kết \"{href}\" trỏ tới mục #{anchor} không có trên trang đó"))
                    }
                    _ => None,
                }
            } else {
                None
            };
            if let Some(message) = problem {
                let (file, line, col) = match sources.get(&page.path) {
                    Some((file, body, body_line)) => {
                        let (line, col) = locate(body, href);
                        (*file, line + body_line - 1, col)
                    }
                    None => ("templates", 1, 1),
                };
                let at = page.path.trim_end_matches("index.html");
                diagnostics.push(
                    Diagnostic::error(file, line, col, format!("{message} (trên trang /{at})"))
                        .with_hint("sửa đường dẫn cho đúng trang/mục có thật, hoặc xóa liên kết"),
                );
            }
        }
        diagnostics
    };
    let per_page: Vec<Vec<Diagnostic>> = pages.par_iter().filter(|p| p.path.ends_with(".html")).map(broken).collect();
    per_page.into_iter().flatten().collect()
}

/// Where in a Markdown body a rendered link came from: the link as written, else its
/// `#anchor`, else its last path segment; line 1 when the template wrote it.
fn locate(body: &str, href: &str) -> (usize, usize) {
    let anchor = href.split_once('#').map(|(_, a)| format!("#{a}"));
    let last_segment = href.trim_end_matches('/').rsplit('/').next().map(str::to_string);
    let needles = [Some(href.to_string()), anchor, last_segment];
    for needle in needles.into_iter().flatten().filter(|n| n.len() > 1) {
        if let Some(offset) = body.find(&needle) {
            return crate::diagnostics::line_col(body, offset);
        }
    }
    (1, 1)
}

/// The output file and anchor an internal link points at; `None` for external links.
fn resolve(base_path: &str, from: &str, href: &str) -> Option<(String, Option<String>)> {
    let href = href.trim();
    if href.is_empty() || is_external(href) {
        return None;
    }
    let (path, anchor) = match href.split_once('#') {
        Some((p, a)) => (p, Some(a.to_string())),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let target = if path.is_empty() {
        from.to_string()
    } else if let Some(rest) = path.strip_prefix('/') {
        let base = base_path.trim_start_matches('/');
        let rest = rest.strip_prefix(base).unwrap_or(rest);
        rest.to_string()
    } else {
        let dir = from.rfind('/').map_or("", |i| &from[..=i]);
        format!("{dir}{path}")
    };
    let target = percent_decode(&normalise(&target));
    let file = if target.is_empty() || target.ends_with('/') { format!("{target}index.html") } else { target };
    Some((file, anchor.map(|a| percent_decode(&a))))
}

/// A link that leaves the site (or is not a path): not checked.
fn is_external(href: &str) -> bool {
    ["http://", "https://", "mailto:", "tel:", "data:", "//", "javascript:"].iter().any(|p| href.starts_with(p))
}

fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    let mut out = parts.join("/");
    if out.starts_with('/') {
        out.remove(0);
    }
    out
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(value) = text.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(value);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Values of each of the `names` attributes (`name="…"`: double or single quoted, or
/// unquoted as minified HTML writes them) in HTML, with `&amp;` decoded: one list per
/// name, in the order they appear. A name's occurrences are found as a search for
/// `" name="` from the end of its last value would find them, but all names are found
/// in one pass over the page's `=` signs, on the page as it is when it is valid UTF-8
/// (always, for rendered pages): `check` ran three searches over a lossy copy of each
/// page, a quarter of its time.
pub fn attribute_values<const N: usize>(html: &[u8], names: [&str; N]) -> [Vec<String>; N] {
    let lossy;
    let text: &str = match simdutf8::basic::from_utf8(html) {
        Ok(text) => text,
        Err(_) => {
            lossy = String::from_utf8_lossy(html);
            &lossy
        }
    };
    let bytes = text.as_bytes();
    let mut values: [Vec<String>; N] = std::array::from_fn(|_| Vec::new());
    // Per name: where its search goes on from (the end of its last value).
    let mut from = [0usize; N];
    let mut at = 0;
    while let Some(pos) = text[at..].find('=') {
        let equals = at + pos;
        at = equals + 1;
        for (k, name) in names.iter().enumerate() {
            // `" name="` starting at `begin`, not inside the last value taken for it.
            let Some(begin) = equals.checked_sub(name.len() + 1) else { continue };
            if begin < from[k] || bytes[begin] != b' ' || &bytes[begin + 1..equals] != name.as_bytes() {
                continue;
            }
            let start = equals + 1;
            let (value, used) = value_at(&text[start..]);
            values[k].push(value.replace("&amp;", "&"));
            from[k] = (start + used).min(text.len());
        }
    }
    values
}

/// The attribute value `rest` starts with (after its `=`) and the bytes it takes, its
/// closing quote included.
fn value_at(rest: &str) -> (&str, usize) {
    match rest.chars().next() {
        Some(q @ ('"' | '\'')) => {
            let end = rest[1..].find(q).map_or(rest.len(), |e| e + 1);
            (&rest[1..end.min(rest.len())], end + 1)
        }
        _ => {
            let end = rest.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(rest.len());
            (&rest[..end], end)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_links_under_a_base_path() {
        assert_eq!(
            resolve("/cds/", "a/index.html", "/cds/ke-hoach/x/#muc"),
            Some(("ke-hoach/x/index.html".into(), Some("muc".into())))
        );
        assert_eq!(resolve("/", "a/index.html", "../b/"), Some(("b/index.html".into(), None)));
        assert_eq!(resolve("/", "a/index.html", "#top"), Some(("a/index.html".into(), Some("top".into()))));
        assert_eq!(resolve("/", "a/index.html", "https://x.vn/"), None);
        assert_eq!(resolve("/", "index.html", "/t%E1%BB%87p.pdf"), Some(("tệp.pdf".into(), None)));
    }

    #[test]
    fn a_page_keeps_its_ids_and_internal_links_once() {
        let html = br#"<p id=b><a href="/x/">1</a><a href=/x/>2</a><a href="https://x.vn/">3</a><a href="mailto:a@b.vn" id=a><img src="/h.png">"#;
        let page = PageLinks::of(&Output { path: "p/index.html".into(), bytes: html.to_vec() });
        assert_eq!(page.links().collect::<Vec<_>>(), ["/x/", "/h.png"]);
        assert!(page.has_id("a") && page.has_id("b") && !page.has_id("c"));
        let css = PageLinks::of(&Output { path: "style.css".into(), bytes: b"a{background:url(/x.png)}".to_vec() });
        assert_eq!(css.links().count(), 0);
    }

    #[test]
    fn finds_quoted_and_unquoted_attributes() {
        let html = br#"<a href="/a/">x</a><a href=/b/ id=c>y</a><p id='d'>"#;
        let [hrefs, ids] = attribute_values(html, ["href", "id"]);
        assert_eq!(hrefs, ["/a/", "/b/"]);
        assert_eq!(ids, ["c", "d"]);
    }

    /// `attribute_values` as first written: one search a name, over a lossy copy (how a
    /// value ends, `value_at`, is as it was).
    fn attribute_values_reference(html: &[u8], name: &str) -> Vec<String> {
        let text = String::from_utf8_lossy(html);
        let needle = format!(" {name}=");
        let mut values = Vec::new();
        let mut from = 0;
        while let Some(pos) = text[from..].find(&needle) {
            let start = from + pos + needle.len();
            let (value, used) = value_at(&text[start..]);
            values.push(value.replace("&amp;", "&"));
            from = (start + used).min(text.len());
        }
        values
    }

    use proptest::strategy::{Just, Strategy};

    proptest::proptest! {
        /// Attributes inside other attributes' values, unclosed quotes, names that end
        /// other names (`id` in `data-id`), invalid UTF-8: the same values as the
        /// search a name.
        #[test]
        fn one_pass_finds_what_a_search_per_name_finds(
            parts in proptest::collection::vec(
                proptest::prop_oneof![
                    Just(b" href=".to_vec()),
                    Just(b" src=".to_vec()),
                    Just(b" id=".to_vec()),
                    Just(b" data-id=".to_vec()),
                    Just(b"&amp;".to_vec()),
                    Just("đ\u{a0}".as_bytes().to_vec()),
                    Just(vec![0xff, b'=']),
                    "[ \"'=<>a-d/#]{0,4}".prop_map(String::into_bytes),
                ],
                0..24,
            )
        ) {
            let html = parts.concat();
            let [hrefs, srcs, ids] = attribute_values(&html, ["href", "src", "id"]);
            proptest::prop_assert_eq!(hrefs, attribute_values_reference(&html, "href"));
            proptest::prop_assert_eq!(srcs, attribute_values_reference(&html, "src"));
            proptest::prop_assert_eq!(ids, attribute_values_reference(&html, "id"));
        }
    }
}
