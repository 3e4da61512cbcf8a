//! Splitting a Markdown file into its TOML front matter (between `+++` lines) and its
//! body, and reading the front matter of pages and sections into typed values.

use serde::Serialize;

use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::toml_doc::Fields;

/// A file cut in two: the TOML between the `+++` lines and the Markdown after them.
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// Lines before the front matter's first line (the opening `+++`, plus a BOM line).
    pub front_matter_line_offset: usize,
    pub body: &'a str,
    /// 1-based line of the body's first line in the file.
    pub body_line: usize,
    /// Byte offset of the body in the file.
    pub body_offset: usize,
}

const EXAMPLE: &str = "+++\ntitle = \"Kế hoạch chuyển đổi số năm 2026\"\n+++";

/// Finds the front matter. The file must start with a `+++` line and have a closing
/// `+++` line.
pub fn split<'a>(path: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let start = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let text_after_bom = &text[start..];
    let first_line = text_after_bom.lines().next().unwrap_or("");
    if first_line.trim_end() != "+++" {
        let (message, hint) = if first_line.trim_end() == "---" {
            (
                "phần đầu trang viết theo kiểu YAML (---), congkhai chỉ đọc TOML giữa hai dòng +++".to_string(),
                format!("thay hai dòng --- bằng +++ và viết khóa theo cú pháp TOML, ví dụ:\n{EXAMPLE}"),
            )
        } else {
            (
                "tệp không bắt đầu bằng phần đầu trang (front matter) giữa hai dòng +++".to_string(),
                format!("thêm vào đầu tệp:\n{EXAMPLE}"),
            )
        };
        return Err(Diagnostic::error(path, 1, 1, message).with_hint(hint));
    }
    let fm_start = start + first_line.len() + line_ending_len(text_after_bom, first_line.len());
    let mut offset = fm_start;
    let mut line_number = 2;
    while offset < text.len() {
        let rest = &text[offset..];
        let line_len = rest.find('\n').unwrap_or(rest.len());
        let line = &rest[..line_len];
        if line.trim_end() == "+++" {
            let body_offset = (offset + line_len + 1).min(text.len());
            return Ok(Split {
                front_matter: &text[fm_start..offset],
                front_matter_line_offset: 1,
                body: &text[body_offset..],
                body_line: line_number + 1,
                body_offset,
            });
        }
        offset += line_len + 1;
        line_number += 1;
    }
    Err(Diagnostic::error(path, 1, 1, "không tìm thấy dòng +++ đóng phần đầu trang")
        .with_hint(format!("phần đầu trang phải kết thúc bằng một dòng chỉ có +++, ví dụ:\n{EXAMPLE}")))
}

fn line_ending_len(text: &str, line_len: usize) -> usize {
    usize::from(text.len() > line_len)
}

/// Status of an official document of the commune.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlanStatus {
    /// "dự thảo": not yet signed.
    Draft,
    /// "ban hành": signed and in force.
    Issued,
    /// "hết hiệu lực": no longer in force.
    Expired,
}

impl PlanStatus {
    pub const ACCEPTED: &'static str = "\"dự thảo\", \"ban hành\" hoặc \"hết hiệu lực\"";

    pub fn parse(text: &str) -> Option<PlanStatus> {
        match crate::vi::fold(text.trim()).as_str() {
            "du thao" => Some(PlanStatus::Draft),
            "ban hanh" | "da ban hanh" | "con hieu luc" => Some(PlanStatus::Issued),
            "het hieu luc" => Some(PlanStatus::Expired),
            _ => None,
        }
    }

    /// As shown on the site.
    pub fn label(self) -> &'static str {
        match self {
            PlanStatus::Draft => "Dự thảo",
            PlanStatus::Issued => "Ban hành",
            PlanStatus::Expired => "Hết hiệu lực",
        }
    }
}

/// What makes a page an official document of the commune (a plan, a report…).
#[derive(Clone, Debug, Serialize)]
pub struct PlanInfo {
    /// Số, ký hiệu as written in front matter, e.g. "121/KH-UBND".
    pub number: String,
    /// Kế hoạch, Tờ trình, Báo cáo…
    pub kind: String,
    pub issuer: String,
    pub signer: Option<String>,
    pub signer_title: Option<String>,
    pub status: PlanStatus,
    pub status_label: &'static str,
    /// The year the plan covers, or its period ("3 tháng cuối năm 2025").
    pub year: Option<i64>,
    pub period: Option<String>,
    /// Trích yếu.
    pub summary: String,
    /// File name of the signed PDF, relative to the page.
    pub attachment: Option<String>,
}

/// Front matter of a page, validated.
#[derive(Clone, Debug)]
pub struct PageFrontMatter {
    pub title: String,
    pub description: Option<String>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub slug: Option<String>,
    pub template: Option<String>,
    pub weight: i64,
    pub draft: bool,
    pub toc: Option<bool>,
    pub plan: Option<PlanInfo>,
    pub extra: toml::Table,
    /// Line of `attachment` in the file, to locate a missing-file error.
    pub attachment_line: usize,
}

pub const PAGE_KEYS: &[&str] = &[
    "title",
    "description",
    "date",
    "updated",
    "slug",
    "template",
    "weight",
    "draft",
    "toc",
    "number",
    "kind",
    "issuer",
    "signer",
    "signer_title",
    "status",
    "year",
    "period",
    "summary",
    "attachment",
    "extra",
];

/// Keys that only make sense on an official document: when one is present, `number`
/// must be too.
const PLAN_ONLY_KEYS: &[&str] = &["kind", "issuer", "signer", "signer_title", "status", "summary", "attachment"];

pub fn parse_page(path: &str, split: &Split) -> Result<PageFrontMatter, Vec<Diagnostic>> {
    let mut f = Fields::parse(path, split.front_matter, split.front_matter_line_offset)?;
    f.deny_unknown(PAGE_KEYS, "ở phần đầu trang");
    let title = f.text("title", true, "\"Kế hoạch chuyển đổi số năm 2026\"");
    let description = f.text("description", false, "\"Tóm tắt một câu\"").map(|s| s.into_inner());
    let date = f.date("date", false);
    let updated = f.date("updated", false);
    let slug = f.text("slug", false, "\"chuyen-doi-so-2026\"").map(|s| s.into_inner());
    if let Some(slug) = &slug {
        let clean = crate::vi::slugify(slug);
        if &clean != slug {
            f.error(
                "slug",
                format!("đường dẫn \"{slug}\" có ký tự không dùng được trong địa chỉ trang"),
                format!("chỉ dùng chữ thường không dấu, số và dấu gạch ngang, ví dụ: slug = \"{clean}\""),
            );
        }
    }
    let template = f.text("template", false, "\"page.html\"").map(|s| s.into_inner());
    let weight = f.integer("weight", "10").unwrap_or(0);
    let draft = f.boolean("draft").unwrap_or(false);
    let toc = f.boolean("toc");
    let extra = f.table("extra");
    let attachment_line = f.location("attachment").0;

    let plan = if f.has("number") {
        plan_info(&mut f)
    } else {
        if let Some(key) = PLAN_ONLY_KEYS.iter().find(|k| f.has(k)) {
            f.error(
                key,
                format!("`{key}` chỉ dùng cho văn bản có số, ký hiệu, nhưng trang này thiếu `number`"),
                "thêm số, ký hiệu của văn bản, ví dụ: number = \"121/KH-UBND\" (hoặc xóa các khóa của văn bản nếu đây là trang thường)",
            );
        }
        for key in ["year", "period"] {
            if f.has(key) {
                f.error(key, format!("`{key}` chỉ dùng cho văn bản có số, ký hiệu"), "thêm `number` hoặc xóa khóa này");
            }
        }
        None
    };

    if !f.diagnostics.is_empty() {
        return Err(f.diagnostics);
    }
    Ok(PageFrontMatter {
        title: title.map(|t| t.into_inner()).unwrap_or_default(),
        description,
        date,
        updated,
        slug,
        template,
        weight,
        draft,
        toc,
        plan,
        extra,
        attachment_line,
    })
}

fn plan_info(f: &mut Fields) -> Option<PlanInfo> {
    let number = f.text("number", true, "\"121/KH-UBND\"").map(|s| s.into_inner());
    let kind = f.text("kind", true, "\"Kế hoạch\"").map(|s| s.into_inner());
    let issuer = f.text("issuer", true, "\"Ủy ban nhân dân xã Bình Chương\"").map(|s| s.into_inner());
    let signer = f.text("signer", false, "\"Nguyễn Văn A\"").map(|s| s.into_inner());
    let signer_title = f.text("signer_title", false, "\"KT. Chủ tịch — Phó Chủ tịch\"").map(|s| s.into_inner());
    let summary = f.text("summary", true, "\"Chuyển đổi số xã năm 2026\"").map(|s| s.into_inner());
    let attachment = f.text("attachment", false, "\"ke-hoach-ky-so.pdf\"").map(|s| s.into_inner());
    let period = f.text("period", false, "\"3 tháng cuối năm 2025\"").map(|s| s.into_inner());
    let year = f.integer("year", "2026");
    if let Some(y) = year
        && !(1945..=2200).contains(&y)
    {
        f.error("year", format!("năm {y} không hợp lệ"), "viết năm có bốn chữ số, ví dụ: year = 2026");
    }
    if f.has("number") && !f.has("date") {
        f.date("date", true);
    }
    let status_text = f.text("status", true, "\"ban hành\"");
    let status = match status_text {
        Some(text) => match PlanStatus::parse(text.get_ref()) {
            Some(status) => Some(status),
            None => {
                f.error(
                    "status",
                    format!("trạng thái \"{}\" không hợp lệ", text.get_ref()),
                    format!("dùng một trong: {}", PlanStatus::ACCEPTED),
                );
                None
            }
        },
        None => None,
    };
    if let (Some(number), Some(status)) = (&number, status)
        && !looks_like_document_number(number)
        && status != PlanStatus::Draft
    {
        f.error(
            "number",
            format!("số, ký hiệu \"{number}\" không đúng dạng"),
            "viết số rồi ký hiệu, ví dụ: number = \"121/KH-UBND\" (văn bản dự thảo có thể để trống số: \"…/KH-UBND\")",
        );
    }
    Some(PlanInfo {
        number: number?,
        kind: kind?,
        issuer: issuer?,
        signer,
        signer_title,
        status: status?,
        status_label: status?.label(),
        year,
        period,
        summary: summary?,
        attachment,
    })
}

/// "121/KH-UBND", "57-NQ/TW", "45/2020/NĐ-CP": digits, then `/` or `-`, then a
/// capital letter code.
fn looks_like_document_number(number: &str) -> bool {
    let digits = number.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return false;
    }
    let rest = &number[digits..];
    (rest.starts_with('/') || rest.starts_with('-')) && rest[1..].chars().any(|c| c.is_uppercase())
}

/// How a section orders its pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Newest first.
    Date,
    /// Lightest first.
    Weight,
    /// Alphabetical by folded title.
    Title,
}

#[derive(Clone, Debug)]
pub struct SectionFrontMatter {
    pub title: String,
    pub description: Option<String>,
    pub sort_by: SortBy,
    pub template: Option<String>,
    pub page_template: Option<String>,
    pub weight: i64,
    pub extra: toml::Table,
}

pub const SECTION_KEYS: &[&str] = &["title", "description", "sort_by", "template", "page_template", "weight", "extra"];

pub fn parse_section(path: &str, split: &Split) -> Result<SectionFrontMatter, Vec<Diagnostic>> {
    let mut f = Fields::parse(path, split.front_matter, split.front_matter_line_offset)?;
    f.deny_unknown(SECTION_KEYS, "ở phần đầu mục (_index.md)");
    let title = f.text("title", true, "\"Kế hoạch\"");
    let description = f.text("description", false, "\"…\"").map(|s| s.into_inner());
    let sort_by = match f.text("sort_by", false, "\"date\"") {
        None => SortBy::Date,
        Some(s) => match s.get_ref().as_str() {
            "date" => SortBy::Date,
            "weight" => SortBy::Weight,
            "title" => SortBy::Title,
            other => {
                f.error(
                    "sort_by",
                    format!("cách sắp xếp \"{other}\" không hợp lệ"),
                    "dùng \"date\" (mới nhất trước), \"weight\" hoặc \"title\"",
                );
                SortBy::Date
            }
        },
    };
    let template = f.text("template", false, "\"section.html\"").map(|s| s.into_inner());
    let page_template = f.text("page_template", false, "\"page.html\"").map(|s| s.into_inner());
    let weight = f.integer("weight", "10").unwrap_or(0);
    let extra = f.table("extra");
    if !f.diagnostics.is_empty() {
        return Err(f.diagnostics);
    }
    Ok(SectionFrontMatter {
        title: title.map(|t| t.into_inner()).unwrap_or_default(),
        description,
        sort_by,
        template,
        page_template,
        weight,
        extra,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_body_line() {
        let text = "+++\ntitle = \"A\"\n+++\n\nBody";
        let s = split("a.md", text).map_err(|e| e.to_string()).expect("splits");
        assert_eq!(s.front_matter, "title = \"A\"\n");
        assert_eq!(s.body, "\nBody");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_an_error_at_line_one() {
        let e = split("a.md", "+++\ntitle = \"A\"\n").err().map(|d| d.to_string()).unwrap_or_default();
        assert!(e.starts_with("a.md:1:1: error: không tìm thấy dòng +++"), "{e}");
    }

    #[test]
    fn yaml_front_matter_gets_a_specific_hint() {
        let e = split("a.md", "---\ntitle: A\n---\n").err().map(|d| d.to_string()).unwrap_or_default();
        assert!(e.contains("YAML"), "{e}");
    }

    #[test]
    fn misspelt_key_is_located_in_the_file() {
        let text = "+++\ntitle = \"A\"\nnumbr = \"1/KH-UBND\"\n+++\n";
        let s = split("a.md", text).map_err(|e| e.to_string()).expect("splits");
        let errors = parse_page("a.md", &s).err().unwrap_or_default();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!((errors[0].line, errors[0].col), (3, 1));
        assert!(errors[0].hint.as_deref().unwrap_or_default().contains("`number`"));
    }

    #[test]
    fn plan_requires_its_official_fields() {
        let text = "+++\ntitle = \"A\"\nnumber = \"1/KH-UBND\"\nstatus = \"ban hanh\"\n+++\n";
        let s = split("a.md", text).map_err(|e| e.to_string()).expect("splits");
        let errors = parse_page("a.md", &s).err().unwrap_or_default();
        let messages: Vec<&str> = errors.iter().map(|d| d.message.as_str()).collect();
        for key in ["kind", "issuer", "summary", "date"] {
            assert!(messages.iter().any(|m| m.contains(&format!("`{key}`"))), "{key} in {messages:?}");
        }
    }

    #[test]
    fn document_number_shapes() {
        assert!(looks_like_document_number("121/KH-UBND"));
        assert!(looks_like_document_number("57-NQ/TW"));
        assert!(!looks_like_document_number("…/KH-UBND"));
        assert!(!looks_like_document_number("KH-UBND"));
    }
}
