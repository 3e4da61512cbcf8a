//! `config.toml`: who publishes the site (the commune, its province, the editorial
//! board that Nghị định 42/2022/NĐ-CP requires on every page), where it is published
//! (`base_url`) and which theme renders it.

use serde::Serialize;

use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::toml_doc::Fields;

/// The site configuration, validated.
#[derive(Clone, Debug, Serialize)]
pub struct Config {
    /// Site title, e.g. "Trang thông tin điện tử xã Bình Chương".
    pub title: String,
    /// The commune's name without its kind, e.g. "Bình Chương".
    pub commune: String,
    /// "xã", "phường" or "đặc khu".
    pub commune_kind: String,
    /// e.g. "Quảng Ngãi".
    pub province: String,
    /// Absolute URL of the published site, always ending in `/`.
    pub base_url: String,
    /// The path part of `base_url` ("/" or "/cds/"): the prefix of every internal link.
    pub base_path: String,
    pub language: String,
    pub description: String,
    pub theme: String,
    /// The day progress is measured against, unless `--today` or
    /// `SOURCE_DATE_EPOCH` says otherwise.
    pub report_date: Option<Date>,
    pub editorial_board: EditorialBoard,
    /// Nicknames of legal documents ("Đề án 06") → their number, for the register.
    #[serde(skip)]
    pub aliases: Vec<crate::legal::Alias>,
    /// Free-form values passed to templates as `config.extra`.
    pub extra: toml::Table,
}

/// The unit responsible for the page and how to reach it.
#[derive(Clone, Debug, Default, Serialize)]
pub struct EditorialBoard {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
}

impl Config {
    /// "xã Bình Chương".
    pub fn commune_full_name(&self) -> String {
        format!("{} {}", self.commune_kind, self.commune)
    }
}

const KEYS: &[&str] = &[
    "title",
    "commune",
    "commune_kind",
    "province",
    "base_url",
    "language",
    "description",
    "theme",
    "report_date",
    "editorial_board",
    "aliases",
    "extra",
];

const BOARD_KEYS: &[&str] = &["name", "address", "phone", "email"];

/// Parses and validates `config.toml`. All problems are returned together.
pub fn parse(path: &str, source: &str) -> Result<Config, Vec<Diagnostic>> {
    let mut fields = Fields::parse(path, source, 0)?;
    fields.deny_unknown(KEYS, "trong config.toml");

    let title = fields.text("title", true, "\"Trang thông tin điện tử xã Bình Chương\"");
    let commune = fields.text("commune", true, "\"Bình Chương\"");
    let commune_kind = fields.text("commune_kind", false, "\"xã\"").map(|s| s.into_inner());
    if let Some(kind) = &commune_kind
        && !["xã", "phường", "đặc khu"].contains(&kind.as_str())
    {
        fields.error(
            "commune_kind",
            format!("loại đơn vị \"{kind}\" không hợp lệ"),
            "dùng \"xã\", \"phường\" hoặc \"đặc khu\"",
        );
    }
    let province = fields.text("province", true, "\"Quảng Ngãi\"");
    let base_url = fields.text("base_url", false, "\"https://binhchuong.quangngai.gov.vn/\"");
    let base_url = match base_url {
        Some(url) => match normalise_base_url(url.get_ref()) {
            Some(url) => url,
            None => {
                fields.error(
                    "base_url",
                    format!("địa chỉ trang \"{}\" không hợp lệ", url.get_ref()),
                    "viết địa chỉ đầy đủ bắt đầu bằng https://, ví dụ: \"https://binhchuong.quangngai.gov.vn/\"",
                );
                "/".to_string()
            }
        },
        None => "/".to_string(),
    };
    let language = fields.text("language", false, "\"vi\"").map_or_else(|| "vi".to_string(), |s| s.into_inner());
    if language != "vi" {
        fields.error("language", format!("ngôn ngữ \"{language}\" chưa được hỗ trợ"), "dùng language = \"vi\"");
    }
    let description = fields.string("description", false, "\"Công khai kế hoạch và kết quả thực hiện\"");
    let theme = fields.text("theme", false, "\"default\"").map_or_else(|| "default".to_string(), |s| s.into_inner());
    let report_date = fields.date("report_date", false);
    let editorial_board = editorial_board(&mut fields, source);
    let aliases: Vec<crate::legal::Alias> = fields.deserialize("aliases").unwrap_or_default();
    let extra = fields.table("extra");

    if !fields.diagnostics.is_empty() {
        return Err(fields.diagnostics);
    }
    let base_path = base_path_of(&base_url);
    Ok(Config {
        title: title.map(|s| s.into_inner()).unwrap_or_default(),
        commune: commune.map(|s| s.into_inner()).unwrap_or_default(),
        commune_kind: commune_kind.unwrap_or_else(|| "xã".to_string()),
        province: province.map(|s| s.into_inner()).unwrap_or_default(),
        base_url,
        base_path,
        language,
        description: description.map(|s| s.into_inner()).unwrap_or_default(),
        theme,
        report_date,
        editorial_board,
        aliases,
        extra,
    })
}

/// Reads `[editorial_board]`: the law requires the responsible unit and its contact
/// on the page, so all four fields are required.
fn editorial_board(fields: &mut Fields, source: &str) -> EditorialBoard {
    let example = "[editorial_board]\nname = \"Ban biên tập Trang thông tin điện tử xã Bình Chương\"\naddress = \"…\"\nphone = \"…\"\nemail = \"…\"";
    if !fields.has("editorial_board") {
        fields.error(
            "editorial_board",
            "thiếu bảng [editorial_board]: Nghị định 42/2022/NĐ-CP yêu cầu ghi đơn vị chịu trách nhiệm và thông tin liên hệ",
            format!("thêm vào cuối config.toml:\n{example}"),
        );
        return EditorialBoard::default();
    }
    let Some(span) = fields.value_span("editorial_board") else {
        return EditorialBoard::default();
    };
    let (line, _) = fields.location("editorial_board");
    // Parse the sub-table on its own to reuse the same checks with exact locations.
    let table = fields.table("editorial_board");
    let mut board = EditorialBoard::default();
    let mut problems = Vec::new();
    for key in table.keys() {
        if !BOARD_KEYS.contains(&key.as_str()) {
            let hint = match crate::diagnostics::nearest(key, BOARD_KEYS.iter().copied()) {
                Some(best) => format!("có phải ý bạn là `{best}`? Các khóa hợp lệ: {}", BOARD_KEYS.join(", ")),
                None => format!("các khóa hợp lệ: {}", BOARD_KEYS.join(", ")),
            };
            let offset = find_key(source, span.clone(), key).unwrap_or(span.start);
            problems.push(
                Diagnostic::error_at(
                    fields_path(fields),
                    source,
                    offset,
                    format!("khóa `{key}` không được hỗ trợ trong [editorial_board]"),
                )
                .with_hint(hint),
            );
        }
    }
    for key in BOARD_KEYS {
        match table.get(*key) {
            Some(toml::Value::String(s)) if !s.trim().is_empty() => {
                let value = s.trim().to_string();
                match *key {
                    "name" => board.name = value,
                    "address" => board.address = value,
                    "phone" => board.phone = value,
                    _ => board.email = value,
                }
            }
            Some(_) => {
                let offset = find_key(source, span.clone(), key).unwrap_or(span.start);
                problems.push(
                    Diagnostic::error_at(
                        fields_path(fields),
                        source,
                        offset,
                        format!("`{key}` của [editorial_board] phải là chữ, không để trống"),
                    )
                    .with_hint(format!("{key} = \"…\"")),
                );
            }
            None => problems.push(
                Diagnostic::error(fields_path(fields), line, 1, format!("[editorial_board] thiếu `{key}`"))
                    .with_hint(format!("thêm dòng {key} = \"…\" (Nghị định 42/2022/NĐ-CP yêu cầu thông tin liên hệ)")),
            ),
        }
    }
    fields.diagnostics.extend(problems);
    board
}

fn fields_path(fields: &Fields) -> String {
    fields.path().to_string()
}

/// The byte offset of `key =` in the table that starts at `span` (a `[header]` table's
/// span covers only its header, so the search runs to the next header).
fn find_key(source: &str, span: std::ops::Range<usize>, key: &str) -> Option<usize> {
    let rest = source.get(span.start..)?;
    let header_end = rest.find('\n').map_or(rest.len(), |i| i + 1);
    let end = rest[header_end..].find("\n[").map_or(rest.len(), |i| header_end + i + 1);
    let region = &rest[..end];
    let mut search_from = 0;
    while let Some(pos) = region[search_from..].find(key) {
        let at = search_from + pos;
        let before_ok =
            at == 0 || !region.as_bytes()[at - 1].is_ascii_alphanumeric() && region.as_bytes()[at - 1] != b'_';
        let after = region[at + key.len()..].trim_start();
        if before_ok && after.starts_with('=') {
            return Some(span.start + at);
        }
        search_from = at + key.len();
    }
    None
}

/// Accepts `https://host/path` (adding the final `/`) or a bare path such as `/cds/`.
fn normalise_base_url(url: &str) -> Option<String> {
    let url = url.trim();
    let valid = url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/');
    if !valid || url.contains(char::is_whitespace) {
        return None;
    }
    let mut url = url.to_string();
    if !url.ends_with('/') {
        url.push('/');
    }
    Some(url)
}

/// "/cds/" for "https://example.gov.vn/cds/".
pub fn base_path_of(base_url: &str) -> String {
    let path = match base_url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("/", |i| &rest[i..]),
        None => base_url,
    };
    let mut path = path.to_string();
    if !path.starts_with('/') {
        path.insert(0, '/');
    }
    if !path.ends_with('/') {
        path.push('/');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"title = "Trang xã"
commune = "Bình Chương"
province = "Quảng Ngãi"
base_url = "https://example.gov.vn/cds"

[editorial_board]
name = "Ban biên tập"
address = "Thôn 1"
phone = "0255 000 000"
email = "bbt@example.gov.vn"
"#;

    #[test]
    fn base_url_sub_path_becomes_link_prefix() {
        let config = parse("config.toml", GOOD).expect("valid config");
        assert_eq!(config.base_url, "https://example.gov.vn/cds/");
        assert_eq!(config.base_path, "/cds/");
        assert_eq!(config.commune_full_name(), "xã Bình Chương");
    }

    #[test]
    fn unknown_key_names_line_and_nearest_key() {
        let source = GOOD.replace("province =", "provnce =");
        let errors = parse("config.toml", &source).expect_err("invalid");
        let unknown = errors.iter().find(|d| d.message.contains("provnce")).expect("unknown key reported");
        assert_eq!((unknown.line, unknown.col), (3, 1));
        assert!(unknown.hint.as_deref().unwrap_or_default().contains("`province`"));
        assert_eq!(errors.len(), 1, "the typo is one mistake, not also a missing key: {errors:?}");
    }

    #[test]
    fn editorial_board_contact_is_required() {
        let source = GOOD.replace("phone = \"0255 000 000\"\n", "").replace("email =", "emial =");
        let errors = parse("config.toml", &source).expect_err("invalid");
        assert!(errors.iter().any(|d| d.message.contains("thiếu `phone`")));
        let typo = errors.iter().find(|d| d.message.contains("emial")).expect("typo reported");
        assert_eq!(typo.line, 9);
    }
}
