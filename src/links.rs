//! Checking that every internal link of the rendered site points at a file that will
//! exist, and every `#anchor` at an id on that page. Runs on the rendered HTML, so it
//! sees links written by templates as well as by content.

use std::collections::{HashMap, HashSet};

use crate::diagnostics::Diagnostic;
use crate::render::{Output, Source};
use crate::site::Site;

/// Every broken internal link, located in the content file (or template) that made it.
pub fn check(site: &Site, outputs: &[Output], copies: &[(String, Source)]) -> Vec<Diagnostic> {
    let mut files: HashSet<&str> = outputs.iter().map(|o| o.path.as_str()).collect();
    files.extend(copies.iter().map(|(p, _)| p.as_str()));
    let ids: HashMap<&str, HashSet<String>> = outputs
        .iter()
        .filter(|o| o.path.ends_with(".html"))
        .map(|o| (o.path.as_str(), attribute_values(&o.bytes, "id").into_iter().collect()))
        .collect();
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

    let mut diagnostics = Vec::new();
    for output in outputs.iter().filter(|o| o.path.ends_with(".html")) {
        let mut seen = HashSet::new();
        for href in attribute_values(&output.bytes, "href").into_iter().chain(attribute_values(&output.bytes, "src")) {
            if !seen.insert(href.clone()) {
                continue;
            }
            let Some((target_file, anchor)) = resolve(&site.config.base_path, &output.path, &href) else { continue };
            let problem = if !files.contains(target_file.as_str()) {
                Some(format!("liên kết \"{href}\" trỏ tới trang không tồn tại"))
            } else if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
                match ids.get(target_file.as_str()) {
                    Some(page_ids) if !page_ids.contains(&anchor) => {
                        Some(format!("liên kết \"{href}\" trỏ tới mục #{anchor} không có trên trang đó"))
                    }
                    _ => None,
                }
            } else {
                None
            };
            if let Some(message) = problem {
                let (file, line, col) = match sources.get(&output.path) {
                    Some((file, body, body_line)) => {
                        let (line, col) = locate(body, &href);
                        (*file, line + body_line - 1, col)
                    }
                    None => ("templates", 1, 1),
                };
                let page = output.path.trim_end_matches("index.html");
                diagnostics.push(
                    Diagnostic::error(file, line, col, format!("{message} (trên trang /{page})"))
                        .with_hint("sửa đường dẫn cho đúng trang/mục có thật, hoặc xóa liên kết"),
                );
            }
        }
    }
    diagnostics
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
    if href.is_empty()
        || href.starts_with("http://")
        || href.starts_with("https://")
        || href.starts_with("mailto:")
        || href.starts_with("tel:")
        || href.starts_with("data:")
        || href.starts_with("//")
        || href.starts_with("javascript:")
    {
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

/// Values of `name="…"` attributes in HTML (double or single quoted, or unquoted as
/// minified HTML writes them), with `&amp;` decoded.
pub fn attribute_values(html: &[u8], name: &str) -> Vec<String> {
    let text = String::from_utf8_lossy(html);
    let needle = format!(" {name}=");
    let mut values = Vec::new();
    let mut from = 0;
    while let Some(pos) = text[from..].find(&needle) {
        let start = from + pos + needle.len();
        let rest = &text[start..];
        let (value, used) = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let end = rest[1..].find(q).map_or(rest.len(), |e| e + 1);
                (&rest[1..end.min(rest.len())], end + 1)
            }
            _ => {
                let end = rest.find(|c: char| c.is_whitespace() || c == '>').unwrap_or(rest.len());
                (&rest[..end], end)
            }
        };
        values.push(value.replace("&amp;", "&"));
        from = (start + used).min(text.len());
    }
    values
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
    fn finds_quoted_and_unquoted_attributes() {
        let html = br#"<a href="/a/">x</a><a href=/b/ id=c>y</a><p id='d'>"#;
        assert_eq!(attribute_values(html, "href"), ["/a/", "/b/"]);
        assert_eq!(attribute_values(html, "id"), ["c", "d"]);
    }
}
