//! Reading hand-written TOML (front matter, `config.toml`) so that one pass reports
//! every problem in a file, each at its line and column: all syntax errors, every
//! unknown key (with the nearest valid one), every value of the wrong kind.
//!
//! serde stops at the first error; the board fixes files faster when it sees them all.

use std::ops::Range;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::date::Date;
use crate::diagnostics::{self, Diagnostic};

/// A parsed TOML table plus the file it came from, collecting diagnostics as fields
/// are read.
pub struct Fields<'a> {
    path: &'a str,
    source: &'a str,
    /// Lines of the file before `source` starts (front matter begins after `+++`).
    line_offset: usize,
    table: DeTable<'a>,
    table_span: Range<usize>,
    /// Keys suggested for misspelt ones: their absence is the same mistake, reported once.
    suggested: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
}

/// What a key holds, for messages ("a string", "a date").
fn describe(value: &DeValue) -> &'static str {
    match value {
        DeValue::String(_) => "chữ (chuỗi)",
        DeValue::Integer(_) => "số nguyên",
        DeValue::Float(_) => "số thập phân",
        DeValue::Boolean(_) => "true/false",
        DeValue::Datetime(_) => "ngày tháng",
        DeValue::Array(_) => "danh sách",
        DeValue::Table(_) => "bảng",
    }
}

impl<'a> Fields<'a> {
    /// Parses `source`; every syntax error becomes a diagnostic. Returns `None` when
    /// nothing usable could be read.
    pub fn parse(path: &'a str, source: &'a str, line_offset: usize) -> Result<Fields<'a>, Vec<Diagnostic>> {
        let (table, errors) = DeTable::parse_recoverable(source);
        let diagnostics: Vec<Diagnostic> =
            errors.iter().map(|e| diagnostics::from_toml_error(path, source, line_offset, e)).collect();
        if !diagnostics.is_empty() {
            return Err(diagnostics);
        }
        let table_span = table.span();
        Ok(Fields {
            path,
            source,
            line_offset,
            table: table.into_inner(),
            table_span,
            suggested: Vec::new(),
            diagnostics,
        })
    }

    pub fn path(&self) -> &str {
        self.path
    }

    fn diagnostic_at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic::error_at(self.path, self.source, offset, message).shifted(self.line_offset)
    }

    /// Records an error located at the value of `key` (or the table start).
    pub fn error(&mut self, key: &str, message: impl Into<String>, hint: impl Into<String>) {
        let offset = self.value_span(key).map_or(self.table_span.start, |s| s.start);
        let d = self.diagnostic_at(offset, message).with_hint(hint);
        self.diagnostics.push(d);
    }

    /// A warning located at the value of `key`.
    pub fn warning(&mut self, key: &str, message: impl Into<String>, hint: impl Into<String>) {
        let offset = self.value_span(key).map_or(self.table_span.start, |s| s.start);
        let (line, col) = diagnostics::line_col(self.source, offset);
        let d = Diagnostic::warning(self.path, line + self.line_offset, col, message).with_hint(hint);
        self.diagnostics.push(d);
    }

    /// The byte span of `key`'s value in `source`.
    pub fn value_span(&self, key: &str) -> Option<Range<usize>> {
        self.table.get(key).map(Spanned::span)
    }

    /// The 1-based line of `key` in the whole file.
    pub fn line_of(&self, key: &str) -> Option<usize> {
        self.value_span(key).map(|s| diagnostics::line_col(self.source, s.start).0 + self.line_offset)
    }

    /// Reports every key not in `known`, suggesting the nearest known key.
    pub fn deny_unknown(&mut self, known: &[&str], context: &str) {
        let mut unknown: Vec<(Range<usize>, String)> = self
            .table
            .iter()
            .filter(|(k, _)| !known.contains(&k.get_ref().as_ref()))
            .map(|(k, _)| (k.span(), k.get_ref().to_string()))
            .collect();
        unknown.sort_by_key(|(span, _)| span.start);
        for (span, key) in unknown {
            let hint = match diagnostics::nearest(&key, known.iter().copied()) {
                Some(best) => {
                    self.suggested.push(best.to_string());
                    format!("có phải ý bạn là `{best}`? Các khóa hợp lệ {context}: {}", known.join(", "))
                }
                None => format!("các khóa hợp lệ {context}: {}", known.join(", ")),
            };
            let d = self.diagnostic_at(span.start, format!("khóa `{key}` không được hỗ trợ {context}")).with_hint(hint);
            self.diagnostics.push(d);
        }
    }

    fn wrong_kind(&mut self, key: &str, expected: &str, example: &str) {
        let found = self.table.get(key).map_or("không có", |v| describe(v.get_ref()));
        self.error(
            key,
            format!("`{key}` phải là {expected}, nhưng đang là {found}"),
            format!("viết ví dụ: {key} = {example}"),
        );
    }

    fn missing(&mut self, key: &str, example: &str) {
        if self.suggested.iter().any(|k| k == key) {
            return;
        }
        let d = self
            .diagnostic_at(self.table_span.start, format!("thiếu khóa bắt buộc `{key}`"))
            .with_hint(format!("thêm một dòng: {key} = {example}"));
        self.diagnostics.push(d);
    }

    pub fn has(&self, key: &str) -> bool {
        self.table.contains_key(key)
    }

    /// A string value; `example` shows the right form in the hint.
    pub fn string(&mut self, key: &str, required: bool, example: &str) -> Option<Spanned<String>> {
        match self.table.get(key).map(|v| (v.span(), v.get_ref())) {
            Some((span, DeValue::String(s))) => Some(Spanned::new(span, s.to_string())),
            Some(_) => {
                self.wrong_kind(key, "chữ đặt trong ngoặc kép", example);
                None
            }
            None => {
                if required {
                    self.missing(key, example);
                }
                None
            }
        }
    }

    /// A non-empty string after trimming; an empty one is reported like a missing one.
    pub fn text(&mut self, key: &str, required: bool, example: &str) -> Option<Spanned<String>> {
        let value = self.string(key, required, example)?;
        if value.get_ref().trim().is_empty() {
            if required {
                self.error(key, format!("`{key}` đang để trống"), format!("điền nội dung, ví dụ: {key} = {example}"));
            }
            return None;
        }
        let span = value.span();
        Some(Spanned::new(span, value.into_inner().trim().to_string()))
    }

    pub fn integer(&mut self, key: &str, example: &str) -> Option<i64> {
        match self.table.get(key).map(Spanned::get_ref) {
            Some(DeValue::Integer(i)) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                Ok(n) => Some(n),
                Err(_) => {
                    self.wrong_kind(key, "một số nguyên", example);
                    None
                }
            },
            Some(_) => {
                self.wrong_kind(key, "một số nguyên (không có ngoặc kép)", example);
                None
            }
            None => None,
        }
    }

    pub fn boolean(&mut self, key: &str) -> Option<bool> {
        match self.table.get(key).map(Spanned::get_ref) {
            Some(DeValue::Boolean(b)) => Some(*b),
            Some(_) => {
                self.wrong_kind(key, "true hoặc false (không có ngoặc kép)", "true");
                None
            }
            None => None,
        }
    }

    /// A date written as a TOML date (`2026-01-31`) or a string in Vietnamese order
    /// (`"31/01/2026"`).
    pub fn date(&mut self, key: &str, required: bool) -> Option<Date> {
        let example = "2026-01-31";
        let value = match self.table.get(key).map(Spanned::get_ref) {
            Some(DeValue::Datetime(dt)) => Date::from_toml(dt),
            Some(DeValue::String(s)) => Date::parse(s),
            Some(_) => {
                self.wrong_kind(key, "một ngày", example);
                return None;
            }
            None => {
                if required {
                    self.missing(key, example);
                }
                return None;
            }
        };
        if value.is_none() {
            self.error(
                key,
                format!("`{key}` không phải một ngày có thật"),
                "viết ngày theo dạng năm-tháng-ngày, ví dụ: 2026-01-31, hoặc \"31/01/2026\"",
            );
        }
        value
    }

    /// A sub-table as a plain `toml::Table` (for `[extra]`, passed to templates as-is).
    pub fn table(&mut self, key: &str) -> toml::Table {
        match self.table.get(key) {
            Some(value) => match value.get_ref() {
                DeValue::Table(_) => {
                    let span = value.span();
                    match self.source.get(span.clone()).and_then(|_| to_toml_value(value.get_ref())) {
                        Some(toml::Value::Table(t)) => t,
                        _ => toml::Table::new(),
                    }
                }
                _ => {
                    self.wrong_kind(key, "một bảng", &format!("{{ ... }} hoặc một dòng [{key}]"));
                    toml::Table::new()
                }
            },
            None => toml::Table::new(),
        }
    }

    /// Deserialises the value of `key` into `T` with serde (for nested structures such
    /// as `[[aliases]]`); an error is reported at its location.
    pub fn deserialize<T: serde::de::DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        let value = self.table.get(key)?.clone();
        let deserializer = toml::de::ValueDeserializer::from(value);
        match T::deserialize(deserializer) {
            Ok(v) => Some(v),
            Err(e) => {
                let d = diagnostics::from_toml_error(self.path, self.source, self.line_offset, &e);
                self.diagnostics.push(d);
                None
            }
        }
    }

    /// The location (line, col in the whole file) of `key`'s value.
    pub fn location(&self, key: &str) -> (usize, usize) {
        let offset = self.value_span(key).map_or(self.table_span.start, |s| s.start);
        let (line, col) = diagnostics::line_col(self.source, offset);
        (line + self.line_offset, col)
    }
}

/// Converts a parsed value to an owned `toml::Value`.
fn to_toml_value(value: &DeValue) -> Option<toml::Value> {
    Some(match value {
        DeValue::String(s) => toml::Value::String(s.to_string()),
        DeValue::Integer(i) => toml::Value::Integer(i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()).ok()?),
        DeValue::Float(f) => toml::Value::Float(f.as_str().replace('_', "").parse().ok()?),
        DeValue::Boolean(b) => toml::Value::Boolean(*b),
        DeValue::Datetime(d) => toml::Value::Datetime(*d),
        DeValue::Array(items) => {
            toml::Value::Array(items.iter().map(|v| to_toml_value(v.get_ref())).collect::<Option<_>>()?)
        }
        DeValue::Table(table) => {
            let mut out = toml::Table::new();
            for (k, v) in table.iter() {
                out.insert(k.get_ref().to_string(), to_toml_value(v.get_ref())?);
            }
            toml::Value::Table(out)
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_every_unknown_key_with_a_suggestion() {
        let src = "titel = \"a\"\nnumbr = \"1/KH-UBND\"\ndate = 2026-01-01\n";
        let mut fields = Fields::parse("a.md", src, 1).map_err(|_| ()).expect("parses");
        fields.deny_unknown(&["title", "number", "date"], "ở phần đầu trang");
        let lines: Vec<String> = fields.diagnostics.iter().map(|d| format!("{}:{}", d.line, d.col)).collect();
        assert_eq!(lines, ["2:1", "3:1"]);
        assert!(fields.diagnostics[0].hint.as_deref().unwrap_or("").contains("`title`"));
        assert!(fields.diagnostics[1].hint.as_deref().unwrap_or("").contains("`number`"));
    }

    #[test]
    fn reports_all_syntax_errors() {
        let src = "title = \"a\"\nx = = 3\ny = [1, \n";
        let errors = Fields::parse("a.md", src, 0).err().unwrap_or_default();
        let lines: Vec<usize> = errors.iter().map(|d| d.line).collect();
        assert!(lines.contains(&2) && lines.iter().any(|&l| l >= 3), "{errors:?}");
    }

    #[test]
    fn dates_accept_toml_and_vietnamese_forms() {
        let src = "a = 2026-01-31\nb = \"31/01/2026\"\nc = \"31/02/2026\"\n";
        let mut fields = Fields::parse("x", src, 0).map_err(|_| ()).expect("parses");
        assert_eq!(fields.date("a", true), Date::new(2026, 1, 31));
        assert_eq!(fields.date("b", true), Date::new(2026, 1, 31));
        assert_eq!(fields.date("c", true), None);
        assert_eq!(fields.diagnostics.len(), 1);
        assert_eq!(fields.diagnostics[0].line, 3);
    }
}
