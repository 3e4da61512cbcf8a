//! Compacts the white space of an HTML template once, when it is loaded, so that the
//! pages rendered from it need no minifying pass.
//!
//! Templates are written a tag per line for the people who edit them; the line breaks
//! and indentation they leave between tags are a few per cent of every page. This pass
//! removes them where they cannot show (next to a block-level tag) and folds them to a
//! single space elsewhere, which is what HTML renders anyway. It never touches tera
//! tags (`{{ }}`, `{% %}`, `{# #}`, `{% raw %}` blocks), quoted attribute values, or
//! the content of `<pre>`, `<textarea>`, `<script>` and `<style>`. White space without a
//! line break (`a <b>`) is left exactly as written.

/// Elements around which white space is never rendered (block boxes, and elements of
/// the document head).
const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "legend",
    "li",
    "link",
    "main",
    "meta",
    "nav",
    "noscript",
    "ol",
    "p",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// Elements whose content is copied as written.
const RAW_TAGS: &[&str] = &["pre", "textarea", "script", "style"];

/// What the white space being decided sits next to.
#[derive(Clone, Copy, PartialEq)]
enum Neighbour {
    /// An HTML tag (start, end or doctype) of a block-level element.
    BlockTag,
    /// Anything else: text, an inline tag, a tera tag, the start or end of the file.
    Other,
}

/// The compacted template. Rendering it gives the same page as the original, less the
/// white space a browser would not show.
pub fn compact_template(source: &str) -> String {
    let bytes = source.as_bytes();
    let mut out = String::with_capacity(source.len());
    let mut left = Neighbour::Other;
    let mut i = 0;
    while i < bytes.len() {
        let rest = &source[i..];
        if let Some(end) = tera_tag_end(rest) {
            let tag = &rest[..end];
            out.push_str(tag);
            i += end;
            if is_raw_block_start(tag) {
                let close = find_endraw(&source[i..]).unwrap_or(source.len() - i);
                out.push_str(&source[i..i + close]);
                i += close;
            }
            left = Neighbour::Other;
            continue;
        }
        let c = bytes[i];
        if c == b'<' {
            let end = html_tag_end(source, i);
            let tag = &source[i..end];
            if tag.starts_with("<!") || tag.starts_with("</") {
                out.push_str(tag);
            } else {
                unquote_attributes(tag, &mut out);
            }
            i = end;
            let name = tag_name(tag);
            left = if BLOCK_TAGS.contains(&name.as_str()) || tag.starts_with("<!") {
                Neighbour::BlockTag
            } else {
                Neighbour::Other
            };
            if !tag.starts_with("</") && RAW_TAGS.contains(&name.as_str()) {
                let close = find_close(&source[i..], &name).unwrap_or(source.len() - i);
                out.push_str(&source[i..i + close]);
                i += close;
                left = Neighbour::Other;
            }
            continue;
        }
        if c.is_ascii_whitespace() {
            let run_end = i + bytes[i..].iter().take_while(|b| b.is_ascii_whitespace()).count();
            let run = &source[i..run_end];
            if run.contains('\n') {
                let right = right_neighbour(&source[run_end..]);
                if left == Neighbour::BlockTag || right == Neighbour::BlockTag {
                    // Nothing: white space next to a block boundary is not rendered.
                } else if run_end < bytes.len() && !out.is_empty() {
                    out.push(' ');
                }
            } else {
                out.push_str(run);
            }
            i = run_end;
            continue;
        }
        let ch = rest.chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
        left = Neighbour::Other;
    }
    out
}

/// Copies a start tag, dropping the quotes around literal attribute values that need
/// none (`class="khung"` → `class=khung`): letters, digits and `-_./:#%`, followed by
/// white space or the tag's end. Values holding a tera tag keep their quotes.
fn unquote_attributes(tag: &str, out: &mut String) {
    let bytes = tag.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'{'
            && let Some(end) = tera_tag_end(&tag[i..])
        {
            out.push_str(&tag[i..i + end]);
            i += end;
            continue;
        }
        if bytes[i] == b'=' && matches!(bytes.get(i + 1), Some(b'"' | b'\'')) {
            let quote = bytes[i + 1];
            if let Some(len) = bytes[i + 2..].iter().position(|&b| b == quote) {
                let value = &tag[i + 2..i + 2 + len];
                let after = bytes.get(i + 3 + len).copied();
                let safe = !value.is_empty()
                    && value.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_./:#%".contains(&b))
                    && matches!(after, Some(b' ' | b'\n' | b'\t' | b'>'));
                if safe {
                    out.push('=');
                    out.push_str(value);
                } else {
                    out.push_str(&tag[i..i + 3 + len]);
                }
                i += 3 + len;
                continue;
            }
        }
        let ch = tag[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
}

/// If `rest` starts with a tera tag, its length (up to and including the closing
/// delimiter; string literals inside it may hold the delimiter).
fn tera_tag_end(rest: &str) -> Option<usize> {
    let close = match rest.as_bytes().get(..2)? {
        b"{{" => "}}",
        b"{%" => "%}",
        b"{#" => "#}",
        _ => return None,
    };
    let bytes = rest.as_bytes();
    let mut quote: Option<u8> = None;
    let mut j = 2;
    while j < bytes.len() {
        let b = bytes[j];
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if close != "#}" && matches!(b, b'"' | b'\'' | b'`') => quote = Some(b),
            None if bytes[j..].starts_with(close.as_bytes()) => return Some(j + 2),
            None => {}
        }
        j += 1;
    }
    Some(bytes.len())
}

fn is_raw_block_start(tag: &str) -> bool {
    tag.starts_with("{%") && tag.trim_matches(|c| matches!(c, '{' | '}' | '%' | '-' | ' ')).trim() == "raw"
}

/// Where the `{% endraw %}` tag starts in `rest`.
fn find_endraw(rest: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = rest[from..].find("{%") {
        let start = from + at;
        let end = tera_tag_end(&rest[start..])?;
        let inner = rest[start..start + end].trim_matches(|c| matches!(c, '{' | '}' | '%' | '-' | ' '));
        if inner.trim() == "endraw" {
            return Some(start);
        }
        from = start + 2;
    }
    None
}

/// The end of the HTML tag (or comment) starting at `start`: after its `>`, skipping
/// quoted attribute values and tera tags inside it.
fn html_tag_end(source: &str, start: usize) -> usize {
    let rest = &source[start..];
    if rest.starts_with("<!--") {
        return rest.find("-->").map_or(source.len(), |end| start + end + 3);
    }
    let bytes = source.as_bytes();
    let mut j = start + 1;
    let mut quote: Option<u8> = None;
    while j < bytes.len() {
        let b = bytes[j];
        if b == b'{'
            && let Some(end) = tera_tag_end(&source[j..])
        {
            j += end;
            continue;
        }
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return j + 1,
            None => {}
        }
        j += 1;
    }
    source.len()
}

/// The lower-case element name of an HTML tag (`"<li class=…>"` → `"li"`).
fn tag_name(tag: &str) -> String {
    tag.trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Where the closing tag of raw element `name` starts in `rest`.
fn find_close(rest: &str, name: &str) -> Option<usize> {
    let lower = rest.to_ascii_lowercase();
    lower.find(&format!("</{name}"))
}

fn right_neighbour(rest: &str) -> Neighbour {
    if rest.starts_with('<') && !rest.starts_with("<!--") {
        let end = html_tag_end(rest, 0);
        let tag = &rest[..end];
        if tag.starts_with("<!") || BLOCK_TAGS.contains(&tag_name(tag).as_str()) {
            return Neighbour::BlockTag;
        }
    }
    Neighbour::Other
}

#[cfg(test)]
mod tests {
    use super::compact_template;

    #[test]
    fn line_breaks_next_to_block_tags_go() {
        let source =
            "<!DOCTYPE html>\n<html lang=\"vi\">\n<body>\n<ul>\n  <li>a</li>\n  <li>b</li>\n</ul>\n</body>\n</html>\n";
        assert_eq!(
            compact_template(source),
            "<!DOCTYPE html><html lang=vi><body><ul><li>a</li><li>b</li></ul></body></html>"
        );
    }

    #[test]
    fn line_breaks_between_inline_content_become_one_space() {
        assert_eq!(compact_template("<span>a</span>\n  <a href=\"/\">b</a>"), "<span>a</span> <a href=/>b</a>");
        assert_eq!(compact_template("<p>Địa chỉ<br>\nĐiện thoại</p>"), "<p>Địa chỉ<br> Điện thoại</p>");
        assert_eq!(compact_template("<p>{{ a }}\n{{ b }}</p>"), "<p>{{ a }} {{ b }}</p>");
    }

    #[test]
    fn spaces_without_a_line_break_are_kept() {
        let source = "<p>Số <strong>{{ n }}</strong> kế hoạch</p>";
        assert_eq!(compact_template(source), source);
    }

    #[test]
    fn tera_tags_attribute_values_and_raw_content_are_untouched() {
        let source = "<a href=\"{{ x }}\"{% if y > 1 %} title=\"a\n  b\"{% endif %}>t</a>\n{{ \"}}\n\" }}\n<pre>\n  x\n</pre>\n<script>\nlet a = 1\nlet b = 2\n</script>\n{% raw %}\n{{ y }}\n{% endraw %}";
        let out = compact_template(source);
        assert!(
            out.starts_with("<a href=\"{{ x }}\"{% if y > 1 %} title=\"a\n  b\"{% endif %}>t</a> {{ \"}}\n\" }}"),
            "{out}"
        );
        assert!(out.contains("<pre>\n  x\n</pre>"), "{out}");
        assert!(out.contains("<script>\nlet a = 1\nlet b = 2\n</script>"), "{out}");
        assert!(out.contains("{% raw %}\n{{ y }}\n{% endraw %}"), "{out}");
    }

    #[test]
    fn literal_attribute_values_lose_quotes_they_do_not_need() {
        let source = "<th scope=\"col\" class=\"so lon\" data-nhan=\"Giá trị\" id=\"{{ id }}\" title=\"\">";
        assert_eq!(
            compact_template(source),
            "<th scope=col class=\"so lon\" data-nhan=\"Giá trị\" id=\"{{ id }}\" title=\"\">"
        );
        // Not before `/>` (the slash would join the value), nor next to a tera tag.
        assert_eq!(compact_template("<br class=\"x\"/>"), "<br class=\"x\"/>");
        let source = "<a class=\"x\"{% if y %} id=\"z\"{% endif %} lang=\"vi\">";
        assert_eq!(compact_template(source), "<a class=\"x\"{% if y %} id=\"z\"{% endif %} lang=vi>");
    }

    #[test]
    fn tera_statements_between_block_tags_lose_their_line_breaks() {
        let source = "<ul>\n{% for i in items %}<li>{{ i }}</li>\n{% endfor %}</ul>\n";
        assert_eq!(compact_template(source), "<ul>{% for i in items %}<li>{{ i }}</li>{% endfor %}</ul>");
    }
}
