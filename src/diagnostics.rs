//! Diagnostics: every problem found in content, config or templates, located as
//! `path:line:col` and worded for the editorial board, with a hint saying what to
//! write instead.
//!
//! Stages never stop at the first problem: they collect [`Diagnostic`]s so that one
//! build reports everything that is wrong at once.

use std::fmt;

use serde::Serialize;

/// How serious a problem is: errors stop publication, warnings do not (unless
/// `check --strict`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One located problem. `path` is relative to the site root where possible, with `/`
/// separators, so messages read the same on every machine. Lines and columns are
/// 1-based; columns count characters, not bytes, as editors do.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub path: String,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(path: impl Into<String>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line: line.max(1),
            col: col.max(1),
            severity: Severity::Error,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(path: impl Into<String>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, line, col, message) }
    }

    /// An error at a byte offset of `source`, the text of the file at `path`.
    pub fn error_at(path: impl Into<String>, source: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, col) = line_col(source, offset);
        Diagnostic::error(path, line, col, message)
    }

    /// A warning at a byte offset of `source`, the text of the file at `path`.
    pub fn warning_at(path: impl Into<String>, source: &str, offset: usize, message: impl Into<String>) -> Self {
        let (line, col) = line_col(source, offset);
        Diagnostic::warning(path, line, col, message)
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Moves the location down by `lines`: used when a fragment (front matter, a TOML
    /// table) was parsed on its own and its line 1 is line `lines + 1` of the file.
    pub fn shifted(mut self, lines: usize) -> Self {
        self.line += lines;
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}: {}: {}", self.path, self.line, self.col, self.severity.as_str(), self.message)?;
        if let Some(hint) = &self.hint {
            for (i, line) in hint.lines().enumerate() {
                let lead = if i == 0 { "  = gợi ý: " } else { "           " };
                write!(f, "\n{lead}{line}")?;
            }
        }
        Ok(())
    }
}

/// Sorts diagnostics by file, then position, then severity, and removes exact
/// duplicates, so that the report never depends on the order work was done in.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (&a.path, a.line, a.col, a.severity, &a.message).cmp(&(&b.path, b.line, b.col, b.severity, &b.message))
    });
    diagnostics.dedup();
}

pub fn has_errors(diagnostics: &[Diagnostic]) -> bool {
    diagnostics.iter().any(Diagnostic::is_error)
}

/// 1-based line and character column of byte `offset` in `source`. An offset past the
/// end (or inside a character) is clamped.
pub fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = source[line_start..offset].chars().count() + 1;
    (line, col)
}

/// The known word closest to `word`, if it is close enough to be a likely typo
/// ("titel" → "title"). Used to suggest the right key for an unknown one.
pub fn nearest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word_lower = word.to_lowercase();
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        let distance = edit_distance(&word_lower, &candidate.to_lowercase());
        if best.is_none_or(|(d, _)| distance < d) {
            best = Some((distance, candidate));
        }
    }
    let limit = (word.chars().count() / 3).max(2);
    best.filter(|(d, _)| *d <= limit).map(|(_, c)| c)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == cb { diagonal } else { 1 + diagonal.min(above).min(row[j]) };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// Turns a `toml` deserialisation error into a located diagnostic. `source` is the
/// TOML text that was parsed; `line_offset` is how many lines of the file precede it
/// (front matter starts after the `+++` line). `known_keys` lets an "unknown field"
/// error suggest the nearest valid key.
pub fn from_toml_error(path: &str, source: &str, line_offset: usize, error: &toml::de::Error) -> Diagnostic {
    let offset = error.span().map_or(0, |span| span.start);
    let raw = error.message().trim().to_string();
    let (message, hint) = explain_toml_message(&raw, source, error.span());
    let mut diagnostic = Diagnostic::error_at(path, source, offset, message).shifted(line_offset);
    diagnostic.hint = hint;
    diagnostic
}

/// Rewrites serde/toml's English messages into Vietnamese ones with a hint.
fn explain_toml_message(raw: &str, source: &str, span: Option<std::ops::Range<usize>>) -> (String, Option<String>) {
    if let Some(rest) = raw.strip_prefix("unknown field `") {
        let key = rest.split('`').next().unwrap_or("");
        let expected: Vec<&str> = rest
            .split("expected ")
            .nth(1)
            .map(|list| {
                list.split(['`', ','])
                    .map(str::trim)
                    .filter(|s| !s.is_empty() && *s != "one of" && *s != "or" && !s.starts_with("one of"))
                    .collect()
            })
            .unwrap_or_default();
        let hint = match nearest(key, expected.iter().copied()) {
            Some(best) => format!("có phải ý bạn là `{best}`? Các khóa hợp lệ: {}", expected.join(", ")),
            None if !expected.is_empty() => format!("các khóa hợp lệ: {}", expected.join(", ")),
            None => "xóa khóa này".to_string(),
        };
        return (format!("khóa `{key}` không được hỗ trợ ở đây"), Some(hint));
    }
    if let Some(rest) = raw.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or("");
        return (format!("thiếu khóa bắt buộc `{key}`"), Some(format!("thêm một dòng `{key} = ...`")));
    }
    if raw.starts_with("invalid type") {
        let found = span.and_then(|s| source.get(s)).unwrap_or("").trim();
        return (
            format!("giá trị không đúng kiểu ({raw})"),
            Some(if found.starts_with('"') || found.is_empty() {
                "kiểm tra kiểu giá trị: số viết không có ngoặc kép, chữ viết trong ngoặc kép".to_string()
            } else {
                format!("nếu `{found}` là chữ, hãy đặt trong ngoặc kép: \"{found}\"")
            }),
        );
    }
    if raw.starts_with("duplicate key") {
        return (format!("khóa bị lặp ({raw})"), Some("mỗi khóa chỉ được viết một lần trong một bảng".into()));
    }
    if raw.starts_with("unknown variant") {
        return (format!("giá trị không hợp lệ ({raw})"), Some("dùng một trong các giá trị được liệt kê".into()));
    }
    (
        format!("TOML không hợp lệ: {raw}"),
        Some("kiểm tra dấu ngoặc kép, dấu `=` và dấu ngoặc vuông trên dòng này (xem README, phần cú pháp TOML)".into()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "một\nhai ba";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, "một\nhai ".len()), (2, 5));
        assert_eq!(line_col(text, 1000), (2, 7));
    }

    #[test]
    fn nearest_suggests_typo_fix() {
        assert_eq!(nearest("titel", ["title", "number", "date"]), Some("title"));
        assert_eq!(nearest("xyzxyzxyz", ["title", "number"]), None);
    }

    #[test]
    fn display_has_location_and_hint() {
        let d = Diagnostic::error("content/a.md", 3, 1, "khóa lạ").with_hint("dùng `title`");
        assert_eq!(d.to_string(), "content/a.md:3:1: error: khóa lạ\n  = gợi ý: dùng `title`");
    }
}
