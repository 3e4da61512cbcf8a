//! The board's own knowledge of documents: the optional registry file
//! `content/van-ban.toml` (official title, link, status, level, and date/issuer/type
//! to tell apart documents sharing a number) and the alias table for nicknames
//! ("Đề án 99") that lives in config.toml.
//!
//! Unknown keys are errors naming the key, its line and the nearest valid key; bad
//! values are errors located at the value.
//!
//! ```toml
//! [[documents]]
//! number = "123-NQ/TW"              # required: how the plans cite it
//! date = 2024-03-05                 # optional: tells apart documents sharing a number
//! issuer = "Bộ Chính trị"           # optional: the same, for local codes (UBND, TU…)
//! type = "Nghị quyết"               # optional: the same
//! title = "Về …"                    # the official title (trích yếu)
//! url = "https://…"                 # the official text
//! status = "còn hiệu lực"           # or "hết hiệu lực", "hết hiệu lực một phần",
//!                                   # "được sửa đổi bởi …", "được thay thế bởi …"
//! level = "Trung ương — Đảng"       # or "Trung ương — Nhà nước", "Tỉnh", "Xã", "Khác"
//! ```

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use toml::Spanned;

use super::number::DocumentNumber;
use super::scope::Level;
use super::text::collapse_space;
use super::types::{self, TypeWord};
use crate::date::Date;
use crate::diagnostics::{self, Diagnostic};
use crate::vi;

/// A nickname for a document, from config.toml:
/// `[[aliases]] name = "Đề án 99", number = "99/QĐ-TTg", date = 2022-01-10`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Alias {
    #[serde(deserialize_with = "de_alias_name")]
    pub name: AliasName,
    #[serde(deserialize_with = "de_number")]
    pub number: DocumentNumber,
    #[serde(default, deserialize_with = "de_opt_date", skip_serializing_if = "Option::is_none")]
    pub date: Option<Date>,
}

/// An alias's name: a type word and a number ("Đề án 99", "Nghị quyết 123").
#[derive(Clone, Debug)]
pub struct AliasName {
    pub text: String,
    pub type_word: &'static TypeWord,
    pub ordinal: u32,
}

impl AliasName {
    /// Reads "Đề án 99" or "Nghị quyết số 123".
    pub fn parse(text: &str) -> Option<AliasName> {
        let text = collapse_space(text);
        let (head, number) = text.rsplit_once(' ')?;
        if number.is_empty() || number.len() > 5 || !number.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let head = head.strip_suffix(" số").or_else(|| head.strip_suffix(" Số")).unwrap_or(head);
        let type_word = types::by_name(head)?;
        Some(AliasName { type_word, ordinal: number.parse().ok()?, text })
    }

    /// Whether a short form with this type word and number is this alias.
    pub fn matches(&self, type_word: &TypeWord, ordinal: u32) -> bool {
        self.ordinal == ordinal && self.type_word.name == type_word.name
    }
}

impl Serialize for AliasName {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl Alias {
    /// An alias built in code (tests, other loaders).
    pub fn new(name: &str, number: &str, date: Option<Date>) -> Option<Alias> {
        Some(Alias { name: AliasName::parse(name)?, number: DocumentNumber::parse(number)?, date })
    }
}

fn de_alias_name<'de, D: Deserializer<'de>>(d: D) -> Result<AliasName, D::Error> {
    let text = String::deserialize(d)?;
    AliasName::parse(&text).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "tên gọi tắt `{text}` phải gồm loại văn bản và số, ví dụ \"Đề án 99\" hoặc \"Nghị quyết 123\""
        ))
    })
}

fn de_number<'de, D: Deserializer<'de>>(d: D) -> Result<DocumentNumber, D::Error> {
    let text = String::deserialize(d)?;
    DocumentNumber::parse(&text).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "`{text}` không phải số ký hiệu văn bản; viết như \"99/QĐ-TTg\", \"123-NQ/TW\" hoặc \"34/2021/NĐ-CP\""
        ))
    })
}

fn de_opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
    let value = toml::Value::deserialize(d)?;
    let date = match &value {
        toml::Value::Datetime(dt) => Date::from_toml(dt),
        toml::Value::String(s) => Date::parse(s),
        _ => None,
    };
    date.map(Some)
        .ok_or_else(|| serde::de::Error::custom(format!("`{value}` không phải một ngày có thật; viết như 2022-01-10")))
}

/// A document's legal status as the board records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Status {
    InForce,
    Expired,
    PartlyExpired,
    /// "được sửa đổi, bổ sung bởi …".
    Amended(Option<String>),
    /// "được thay thế bởi …".
    Replaced(Option<String>),
}

impl Status {
    pub const VALID: &'static str = "\"còn hiệu lực\", \"hết hiệu lực\", \"hết hiệu lực một phần\", \"được sửa đổi bởi …\", \"được thay thế bởi …\"";

    pub fn parse(text: &str) -> Option<Status> {
        let folded = vi::fold(&collapse_space(text));
        let by = || {
            let collapsed = collapse_space(text);
            let words: Vec<&str> = collapsed.split(' ').collect();
            let k = words.iter().position(|w| vi::fold(w) == "boi")?;
            let rest = words[k + 1..].join(" ");
            (!rest.is_empty()).then_some(rest)
        };
        if folded.starts_with("con hieu luc") {
            Some(Status::InForce)
        } else if folded.starts_with("het hieu luc mot phan") {
            Some(Status::PartlyExpired)
        } else if folded.starts_with("het hieu luc") {
            Some(Status::Expired)
        } else if folded.contains("sua doi") || folded.contains("bo sung") {
            Some(Status::Amended(by()))
        } else if folded.contains("thay the") {
            Some(Status::Replaced(by()))
        } else {
            None
        }
    }

    pub fn slug(&self) -> &'static str {
        match self {
            Status::InForce => "con-hieu-luc",
            Status::Expired => "het-hieu-luc",
            Status::PartlyExpired => "het-hieu-luc-mot-phan",
            Status::Amended(_) => "duoc-sua-doi",
            Status::Replaced(_) => "duoc-thay-the",
        }
    }

    /// "Còn hiệu lực", "Được sửa đổi, bổ sung bởi Nghị quyết 88/NQ-CP".
    pub fn label(&self) -> String {
        match self {
            Status::InForce => "Còn hiệu lực".into(),
            Status::Expired => "Hết hiệu lực".into(),
            Status::PartlyExpired => "Hết hiệu lực một phần".into(),
            Status::Amended(None) => "Được sửa đổi, bổ sung".into(),
            Status::Amended(Some(by)) => format!("Được sửa đổi, bổ sung bởi {by}"),
            Status::Replaced(None) => "Được thay thế".into(),
            Status::Replaced(Some(by)) => format!("Được thay thế bởi {by}"),
        }
    }
}

/// Serialises as `{"code": "con-hieu-luc", "label": "Còn hiệu lực"}` for templates.
impl Serialize for Status {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut s = serializer.serialize_struct("Status", 2)?;
        s.serialize_field("code", self.slug())?;
        s.serialize_field("label", &self.label())?;
        s.end()
    }
}

/// One entry of the registry file, checked.
#[derive(Clone, Debug, Serialize)]
pub struct RegistryEntry {
    pub number: DocumentNumber,
    pub title: Option<String>,
    pub url: Option<String>,
    pub status: Option<Status>,
    pub level: Option<Level>,
    pub date: Option<Date>,
    pub issuer: Option<String>,
    #[serde(rename = "type")]
    pub doc_type: Option<&'static str>,
    /// Where the entry is, for warnings: 1-based line and column of its `number`.
    pub line: usize,
    pub col: usize,
}

/// The registry file, possibly empty (the file is optional).
#[derive(Clone, Debug, Default, Serialize)]
pub struct RegistryFile {
    pub path: String,
    pub entries: Vec<RegistryEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    documents: Vec<RawEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEntry {
    number: Spanned<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    url: Option<Spanned<String>>,
    #[serde(default)]
    status: Option<Spanned<String>>,
    #[serde(default)]
    level: Option<Spanned<String>>,
    #[serde(default)]
    date: Option<Spanned<toml::value::Datetime>>,
    #[serde(default)]
    issuer: Option<String>,
    #[serde(default, rename = "type")]
    doc_type: Option<Spanned<String>>,
}

/// Reads the registry file `path` whose text is `source`. Never fails: problems
/// come back as diagnostics, and entries with a bad value are left out.
pub fn load_registry(path: &str, source: &str) -> (RegistryFile, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    let mut file = RegistryFile { path: path.to_string(), entries: Vec::new() };
    let raw: RawFile = match toml::from_str(source) {
        Ok(raw) => raw,
        Err(error) => {
            diagnostics.push(diagnostics::from_toml_error(path, source, 0, &error));
            return (file, diagnostics);
        }
    };
    for entry in raw.documents {
        let span = entry.number.span();
        let (line, col) = diagnostics::line_col(source, span.start);
        let mut ok = true;
        let mut error = |offset: usize, message: String, hint: String| {
            diagnostics.push(Diagnostic::error_at(path, source, offset, message).with_hint(hint));
            ok = false;
        };
        let number = DocumentNumber::parse(entry.number.get_ref());
        if number.is_none() {
            error(
                span.start,
                format!("`{}` không phải số ký hiệu văn bản", entry.number.get_ref()),
                "viết như \"123-NQ/TW\", \"234/QĐ-TTg\", \"34/2021/NĐ-CP\" hoặc \"567/UBND\"".into(),
            );
        }
        let url = entry.url.map(|u| {
            let text = u.get_ref().trim().to_string();
            if !(text.starts_with("https://") || text.starts_with("http://") || text.starts_with('/')) {
                error(
                    u.span().start,
                    format!("đường dẫn `{text}` không hợp lệ"),
                    "đường dẫn đến văn bản gốc phải bắt đầu bằng https:// (hoặc / cho tệp trên trang)".into(),
                );
            }
            text
        });
        let status = entry.status.and_then(|s| {
            let parsed = Status::parse(s.get_ref());
            if parsed.is_none() {
                error(
                    s.span().start,
                    format!("tình trạng hiệu lực `{}` không hợp lệ", s.get_ref()),
                    format!("dùng một trong: {}", Status::VALID),
                );
            }
            parsed
        });
        let level = entry.level.and_then(|l| {
            let parsed = Level::parse(l.get_ref());
            if parsed.is_none() {
                let valid: Vec<String> = Level::ALL.iter().map(|l| format!("\"{}\"", l.label())).collect();
                error(
                    l.span().start,
                    format!("cấp ban hành `{}` không hợp lệ", l.get_ref()),
                    format!("dùng một trong: {}", valid.join(", ")),
                );
            }
            parsed
        });
        let date = entry.date.and_then(|d| {
            let parsed = Date::from_toml(d.get_ref());
            if parsed.is_none() {
                error(
                    d.span().start,
                    format!("`{}` không phải một ngày", d.get_ref()),
                    "viết ngày theo dạng năm-tháng-ngày, ví dụ date = 2024-12-22".into(),
                );
            }
            parsed
        });
        let doc_type = entry.doc_type.and_then(|t| {
            let parsed = types::by_name(t.get_ref()).map(|tw| tw.name);
            if parsed.is_none() {
                let names = types::TYPE_WORDS.iter().map(|tw| tw.name);
                let hint = match diagnostics::nearest(t.get_ref(), names) {
                    Some(best) => format!("có phải ý bạn là \"{best}\"?"),
                    None => "dùng tên loại văn bản như \"Nghị quyết\", \"Quyết định\", \"Kế hoạch\"".into(),
                };
                error(t.span().start, format!("loại văn bản `{}` không được hỗ trợ", t.get_ref()), hint);
            }
            parsed
        });
        if let (Some(number), true) = (number, ok) {
            file.entries.push(RegistryEntry {
                number,
                title: entry.title.map(|t| collapse_space(&t)).filter(|t| !t.is_empty()),
                url,
                status,
                level,
                date,
                issuer: entry.issuer.map(|i| collapse_space(&i)).filter(|i| !i.is_empty()),
                doc_type,
                line,
                col,
            });
        }
    }
    diagnostics::sort(&mut diagnostics);
    (file, diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_entries_are_read() {
        let source = r#"
[[documents]]
number = "57-NQ/TW"
date = 2024-12-22
title = "Về đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"
url = "https://example.vn/57"
status = "còn hiệu lực"
level = "Trung ương — Đảng"

[[documents]]
number = "45/2020/NĐ-CP"
status = "được sửa đổi bởi Nghị định 107/2021/NĐ-CP"
"#;
        let (file, diagnostics) = load_registry("content/van-ban.toml", source);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(file.entries.len(), 2);
        assert_eq!(file.entries[0].line, 3);
        assert_eq!(file.entries[0].level, Some(Level::CentralParty));
        assert_eq!(file.entries[1].status, Some(Status::Amended(Some("Nghị định 107/2021/NĐ-CP".into()))));
    }

    #[test]
    fn unknown_registry_key_names_the_nearest_valid_one() {
        let source = "[[documents]]\nnumber = \"57-NQ/TW\"\ntitel = \"x\"\n";
        let (_, diagnostics) = load_registry("content/van-ban.toml", source);
        assert_eq!(diagnostics.len(), 1);
        let d = &diagnostics[0];
        assert_eq!((d.line, d.col), (3, 1));
        assert!(d.message.contains("titel"), "{}", d.message);
        assert!(d.hint.as_deref().is_some_and(|h| h.contains("`title`")), "{:?}", d.hint);
    }

    #[test]
    fn bad_registry_values_are_located_errors() {
        let source = "[[documents]]\nnumber = \"57-NQ/TW\"\nstatus = \"không rõ\"\nurl = \"example.vn\"\n\n[[documents]]\nnumber = \"không có số\"\n";
        let (file, diagnostics) = load_registry("content/van-ban.toml", source);
        assert!(file.entries.is_empty());
        let places: Vec<(usize, usize)> = diagnostics.iter().map(|d| (d.line, d.col)).collect();
        assert_eq!(places, [(3, 10), (4, 7), (7, 10)]);
        assert!(diagnostics.iter().all(Diagnostic::is_error));
    }

    #[test]
    fn aliases_parse_from_config_toml() {
        #[derive(Deserialize)]
        struct Config {
            aliases: Vec<Alias>,
        }
        let config: Config =
            toml::from_str("[[aliases]]\nname = \"Đề án 06\"\nnumber = \"06/QĐ-TTg\"\ndate = 2022-01-06\n")
                .expect("valid");
        assert_eq!(config.aliases[0].name.ordinal, 6);
        assert_eq!(config.aliases[0].number.canonical(), "06/QĐ-TTg");
        assert_eq!(config.aliases[0].date, Date::new(2022, 1, 6));
        let bad = toml::from_str::<Config>("[[aliases]]\nname = \"Đề án 06\"\nnumber = \"06\"\n");
        let error = bad.err().expect("a bad number is an error");
        let diagnostic = diagnostics::from_toml_error("config.toml", "", 0, &error);
        assert!(error.span().is_some(), "{error}");
        assert!(diagnostic.message.contains("không phải số ký hiệu"), "{}", diagnostic.message);
        let unknown = toml::from_str::<Config>("[[aliases]]\nname = \"Đề án 06\"\nnumber = \"06/QĐ-TTg\"\nnote = 1\n");
        assert!(unknown.err().is_some_and(|e| e.message().contains("unknown field")));
    }
}
