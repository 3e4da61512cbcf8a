//! Parsers for the free-text forms the plans use: targets ("≥ 85%", "từ 90% trở lên",
//! "07 tổ", "Hoàn thành"), measured values ("74,07%", "1.707 hồ sơ"), deadlines
//! ("trong tháng 11/2025", "Quý IV/2025", "thường xuyên") and evidence ("15/BC-UBND",
//! a URL). Pure functions from text to typed values; on failure they say, in
//! Vietnamese, what was wrong and which forms are accepted. They never panic.

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::date::Date;
use crate::vi;

/// Why a text could not be read, and what to write instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub hint: String,
}

impl ParseError {
    fn new(message: impl Into<String>, hint: impl Into<String>) -> Self {
        ParseError { message: message.into(), hint: hint.into() }
    }
}

pub const TARGET_FORMS: &str = "các dạng mục tiêu được chấp nhận: \"80%\", \"≥ 85%\", \">= 85%\", \
\"từ 90% trở lên\", \"đạt 50% trở lên\", \"trên 80%\", \"tối thiểu 3%\", \"không quá 1%\", \
\"dưới 1%\", \"tối đa 1%\", \"110 dịch vụ\", \"07 tổ\", \"Hoàn thành\"";

pub const VALUE_FORMS: &str = "các dạng số liệu được chấp nhận: 74.07 hoặc \"74,07%\" (tỷ lệ), \
1707 hoặc \"1.707\" hoặc \"07 tổ\" (số lượng), \"Hoàn thành\" / \"Chưa hoàn thành\" (mốc)";

pub const DEADLINE_FORMS: &str = "các dạng thời hạn được chấp nhận: 2025-12-31, \"31/12/2025\", \
\"trong tháng 11/2025\", \"trước ngày 20/12/2025\", \"Quý IV/2025\", \"6 tháng đầu năm 2026\", \
\"năm 2026\", \"trong năm 2026\", \"thường xuyên\", \"nhiệm vụ thường xuyên\"";

/// Which way a target points.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Comparison {
    /// "80%": reach at least this (written without a sign).
    Reach,
    /// "≥ 85%", "từ 90% trở lên", "tối thiểu 3%".
    AtLeast,
    /// "trên 80%": strictly more.
    MoreThan,
    /// "không quá 1%", "tối đa 1%", "≤ 1%": a ceiling, lower is better.
    AtMost,
    /// "dưới 1%": strictly less, lower is better.
    LessThan,
    /// "Hoàn thành": a milestone.
    Done,
}

impl Comparison {
    /// Ceilings: the smaller the value, the better.
    pub fn lower_is_better(self) -> bool {
        matches!(self, Comparison::AtMost | Comparison::LessThan)
    }

    /// Whether `value` meets `target` under this comparison (exactly on target meets,
    /// except for the strict forms "trên" and "dưới").
    pub fn is_met(self, value: f64, target: f64) -> bool {
        // Tolerate float noise from decimal input ("74,07" is not exactly 74.07).
        const EPS: f64 = 1e-9;
        match self {
            Comparison::Reach | Comparison::AtLeast => value >= target - EPS,
            Comparison::MoreThan => value > target + EPS,
            Comparison::AtMost => value <= target + EPS,
            Comparison::LessThan => value < target - EPS,
            Comparison::Done => false,
        }
    }
}

/// What kind of quantity a target or value is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueKind {
    Percent,
    Count,
    Milestone,
}

/// A typed target: "≥ 85%" is `{AtLeast, Percent, 85}`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Target {
    /// As written in the file.
    pub text: String,
    pub comparison: Comparison,
    pub kind: ValueKind,
    /// `None` for milestones.
    pub value: Option<f64>,
    /// The unit of a count ("tổ", "dịch vụ"); "%" for percentages.
    pub unit: Option<String>,
    /// The number as written ("07"), so "07 tổ" is shown as the plan shows it.
    #[serde(skip)]
    pub number_text: Option<String>,
    /// Shown on the site: "80%", "≥ 85%", "trên 80%", "≤ 1%", "07 tổ", "Hoàn thành".
    pub display: String,
    pub lower_is_better: bool,
}

/// A number or milestone state read from a measurement, before it is checked
/// against the target's kind.
#[derive(Clone, Debug, PartialEq)]
pub enum RawValue {
    Number { value: f64, percent: bool, unit: Option<String>, number_text: Option<String> },
    Milestone { done: bool },
}

/// A measured value, resolved against its indicator's target.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Amount {
    pub kind: ValueKind,
    /// The number (percent or count); 1 or 0 for a milestone done or not.
    pub value: f64,
    /// Shown on the site: "62,5%", "07 tổ", "Hoàn thành".
    pub display: String,
    /// As written in the file.
    pub text: String,
}

/// The kind of a deadline, with what it names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "form", rename_all = "kebab-case")]
pub enum DeadlineKind {
    /// "31/12/2025": due that day.
    Date,
    /// "trước ngày 20/12/2025": due the day before.
    Before { day: Date },
    /// "trong tháng 11/2025": due the last day of the month.
    Month { year: i32, month: u32 },
    /// "Quý IV/2025": due the last day of the quarter.
    Quarter { year: i32, quarter: u32 },
    /// "6 tháng đầu năm 2026" (half 1) or "6 tháng cuối năm 2026" (half 2).
    Half { year: i32, half: u32 },
    /// "năm 2026", "trong năm 2026": due 31/12.
    Year { year: i32 },
    /// "thường xuyên", "nhiệm vụ thường xuyên", "hằng năm": no due date.
    Recurring,
}

/// A typed deadline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Deadline {
    pub text: String,
    #[serde(flatten)]
    pub kind: DeadlineKind,
    /// The last day on which the work is on time; `None` for recurring work.
    pub due: Option<Date>,
    /// Shown on the site: "31/12/2025", "trước ngày 20/12/2025", "tháng 11/2025",
    /// "Quý IV/2025", "năm 2026", "thường xuyên".
    pub display: String,
}

impl Deadline {
    pub fn is_recurring(&self) -> bool {
        self.kind == DeadlineKind::Recurring
    }

    /// A deadline on an exact day (from a TOML date).
    pub fn on(day: Date) -> Deadline {
        Deadline { text: day.iso(), kind: DeadlineKind::Date, due: Some(day), display: day.vi() }
    }
}

/// Where a number comes from: a document number (linked to the legal register by
/// the site when it is one), a URL, or free text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence {
    pub text: String,
    /// "document", "url" or "text".
    pub kind: &'static str,
    /// For a document: its number and symbol ("15/BC-UBND"); for a URL: the URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
}

/// Collapses whitespace (line breaks from copied tables included) and composes
/// characters.
fn clean(text: &str) -> String {
    text.nfc().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `text` without `prefix`, compared case-insensitively (by characters), trimmed.
/// A prefix that is a word must end at a word boundary ("trên 80%", not "trênx").
/// Vietnamese letters lower-case one to one, so character counts agree.
fn strip_prefix_ci<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let n = prefix.chars().count();
    if text.chars().count() < n {
        return None;
    }
    let end = text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
    let head: String = text[..end].chars().flat_map(char::to_lowercase).collect();
    if head != prefix {
        return None;
    }
    let rest = &text[end..];
    let word = prefix.chars().last().is_some_and(char::is_alphabetic);
    if word && rest.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    Some(rest.trim_start())
}

fn strip_suffix_ci<'a>(text: &'a str, suffix: &str) -> Option<&'a str> {
    let n = suffix.chars().count();
    let total = text.chars().count();
    if total < n {
        return None;
    }
    let start = text.char_indices().nth(total - n).map_or(text.len(), |(i, _)| i);
    let tail: String = text[start..].chars().flat_map(char::to_lowercase).collect();
    let before = &text[..start];
    (tail == suffix && !before.ends_with(|c: char| c.is_alphabetic())).then(|| before.trim_end())
}

/// Removes the first matching prefix and says which it was.
fn strip_any_prefix<'a>(text: &'a str, prefixes: &[&'static str]) -> Option<(&'static str, &'a str)> {
    prefixes.iter().find_map(|p| strip_prefix_ci(text, p).map(|rest| (*p, rest)))
}

/// Splits "1.707 hồ sơ" into ("1.707", "hồ sơ") and "74,07 %" into ("74,07", "%").
fn split_number(text: &str) -> Option<(&str, &str)> {
    let text = text.trim();
    let end = text
        .char_indices()
        .find(|&(i, c)| !(c.is_ascii_digit() || ((c == '.' || c == ',') && i > 0) || (c == '-' && i == 0)))
        .map_or(text.len(), |(i, _)| i);
    let (number, rest) = text.split_at(end);
    // A trailing "." or "," belongs to the sentence, not the number.
    let number = number.trim_end_matches(['.', ',']);
    if number.is_empty() || number == "-" {
        return None;
    }
    Some((number, rest.trim()))
}

/// Reads "74,07%", "1.707", "07 tổ" into a number, whether it had a "%", its unit
/// and the number as written.
fn parse_quantity(text: &str) -> Option<(f64, bool, Option<String>, String)> {
    let (number_text, rest) = split_number(text)?;
    let value = vi::parse_number(number_text)?;
    let (percent, unit) = if rest == "%" {
        (true, None)
    } else if rest.is_empty() {
        (false, None)
    } else if rest.starts_with('%') {
        return None;
    } else {
        (false, Some(rest.to_string()))
    };
    Some((value, percent, unit, number_text.to_string()))
}

const AT_LEAST: &[&str] = &["≥", ">=", "tối thiểu", "ít nhất", "không dưới", "không thấp hơn", "từ"];
const MORE_THAN: &[&str] = &["trên", "hơn", "vượt", ">"];
const AT_MOST: &[&str] = &["≤", "<=", "không quá", "không vượt quá", "tối đa", "nhiều nhất", "không cao hơn"];
const LESS_THAN: &[&str] = &["dưới", "thấp hơn", "ít hơn", "<"];
const MILESTONE_DONE: &[&str] = &["hoàn thành", "đã hoàn thành", "đạt", "đã đạt", "xong", "có"];
const MILESTONE_NOT_DONE: &[&str] =
    &["chưa hoàn thành", "chưa đạt", "không đạt", "đang thực hiện", "đang triển khai", "chưa", "chưa có", "không"];

/// Parses a target in any form the plans use.
pub fn parse_target(text: &str) -> Result<Target, ParseError> {
    let cleaned = clean(text);
    let fail = |why: &str| ParseError::new(format!("không đọc được mục tiêu \"{cleaned}\": {why}"), TARGET_FORMS);
    if cleaned.is_empty() {
        return Err(fail("mục tiêu đang để trống"));
    }
    let lower: String = cleaned.chars().flat_map(char::to_lowercase).collect();
    if lower == "hoàn thành" || lower == "đạt" {
        return Ok(Target {
            text: text.to_string(),
            comparison: Comparison::Done,
            kind: ValueKind::Milestone,
            value: None,
            unit: None,
            number_text: None,
            display: "Hoàn thành".to_string(),
            lower_is_better: false,
        });
    }
    let mut rest = cleaned.as_str();
    // "đạt", "đạt tỷ lệ", "tỷ lệ" carry no meaning for the comparison.
    for filler in ["đạt", "tỷ lệ", "tỉ lệ"] {
        if let Some((_, r)) = strip_any_prefix(rest, &[filler]) {
            rest = r;
        }
    }
    let mut comparison = Comparison::Reach;
    let mut prefix = "";
    for (list, cmp) in [
        (AT_MOST, Comparison::AtMost),
        (AT_LEAST, Comparison::AtLeast),
        (MORE_THAN, Comparison::MoreThan),
        (LESS_THAN, Comparison::LessThan),
    ] {
        if let Some((p, r)) = strip_any_prefix(rest, list) {
            comparison = cmp;
            prefix = p;
            rest = r;
            break;
        }
    }
    if let Some(r) = strip_suffix_ci(rest, "trở lên") {
        if !matches!(comparison, Comparison::Reach | Comparison::AtLeast) {
            return Err(fail("\"trở lên\" không đi cùng \"trên\", \"dưới\", \"tối đa\""));
        }
        comparison = Comparison::AtLeast;
        rest = r;
    } else if let Some(r) = strip_suffix_ci(rest, "trở xuống") {
        if !matches!(comparison, Comparison::Reach | Comparison::AtMost) {
            return Err(fail("\"trở xuống\" không đi cùng \"trên\", \"dưới\", \"tối thiểu\""));
        }
        comparison = Comparison::AtMost;
        rest = r;
    } else if prefix == "từ" {
        return Err(fail("\"từ …\" cần có \"trở lên\" (ví dụ \"từ 90% trở lên\")"));
    }
    let Some((value, percent, unit, number_text)) = parse_quantity(rest) else {
        return Err(fail("không tìm thấy con số (viết số như 80% hoặc 07 tổ)"));
    };
    if value < 0.0 {
        return Err(fail("mục tiêu không được là số âm"));
    }
    if percent && value > 100.0 {
        return Err(ParseError::new(
            format!("mục tiêu \"{cleaned}\" vượt quá 100%"),
            "một tỷ lệ nằm trong khoảng 0%–100%; nếu đây là số lượng, hãy ghi đơn vị (ví dụ \"110 dịch vụ\")",
        ));
    }
    let kind = if percent { ValueKind::Percent } else { ValueKind::Count };
    let unit = if percent { Some("%".to_string()) } else { unit };
    let shown = format_quantity(kind, value, unit.as_deref(), Some(&number_text));
    let display = match comparison {
        Comparison::Reach | Comparison::Done => shown,
        Comparison::AtLeast => format!("≥ {shown}"),
        Comparison::MoreThan => format!("trên {shown}"),
        Comparison::AtMost => format!("≤ {shown}"),
        Comparison::LessThan => format!("dưới {shown}"),
    };
    Ok(Target {
        text: text.to_string(),
        comparison,
        kind,
        value: Some(value),
        unit,
        number_text: Some(number_text),
        display,
        lower_is_better: comparison.lower_is_better(),
    })
}

/// "62,5%", "07 tổ" (the number as written when it was written with a leading
/// zero), "1.707 hồ sơ", "Hoàn thành".
pub fn format_quantity(kind: ValueKind, value: f64, unit: Option<&str>, number_text: Option<&str>) -> String {
    match kind {
        ValueKind::Percent => vi::format_percent(value),
        ValueKind::Milestone => if value >= 1.0 { "Hoàn thành" } else { "Chưa hoàn thành" }.to_string(),
        ValueKind::Count => {
            let number = match number_text {
                Some(t) if t.len() > 1 && t.starts_with('0') && t.bytes().all(|b| b.is_ascii_digit()) => t.to_string(),
                _ => vi::format_number(value, 2),
            };
            match unit {
                Some(u) if !u.is_empty() => format!("{number} {u}"),
                _ => number,
            }
        }
    }
}

/// Reads a measured value written as text ("74,07%", "1.707", "07 tổ", "Hoàn thành").
pub fn parse_value_text(text: &str) -> Result<RawValue, ParseError> {
    let cleaned = clean(text);
    let lower: String = cleaned.chars().flat_map(char::to_lowercase).collect();
    let lower = lower.trim_end_matches('.');
    if MILESTONE_DONE.contains(&lower) {
        return Ok(RawValue::Milestone { done: true });
    }
    if MILESTONE_NOT_DONE.contains(&lower) {
        return Ok(RawValue::Milestone { done: false });
    }
    match parse_quantity(&cleaned) {
        Some((value, percent, unit, number_text)) => {
            if value < 0.0 {
                return Err(ParseError::new(format!("số liệu \"{cleaned}\" là số âm"), VALUE_FORMS));
            }
            if percent && value > 100.0 {
                return Err(ParseError::new(
                    format!("số liệu \"{cleaned}\" vượt quá 100%"),
                    "một tỷ lệ nằm trong khoảng 0%–100%; kiểm tra lại dấu thập phân (viết \"74,07%\", không viết \"7407%\")",
                ));
            }
            Ok(RawValue::Number { value, percent, unit, number_text: Some(number_text) })
        }
        None => Err(ParseError::new(format!("không đọc được số liệu \"{cleaned}\""), VALUE_FORMS)),
    }
}

/// A value given as a TOML number.
pub fn value_from_number(value: f64) -> Result<RawValue, ParseError> {
    if !value.is_finite() || value < 0.0 {
        return Err(ParseError::new("số liệu phải là số không âm", VALUE_FORMS));
    }
    Ok(RawValue::Number { value, percent: false, unit: None, number_text: None })
}

/// Checks a raw value against its indicator's target and types it.
pub fn resolve_value(raw: &RawValue, text: &str, target: &Target) -> Result<Amount, ParseError> {
    match (raw, target.kind) {
        (RawValue::Milestone { done }, ValueKind::Milestone) => Ok(Amount {
            kind: ValueKind::Milestone,
            value: if *done { 1.0 } else { 0.0 },
            display: format_quantity(ValueKind::Milestone, if *done { 1.0 } else { 0.0 }, None, None),
            text: text.to_string(),
        }),
        (RawValue::Milestone { .. }, _) => Err(ParseError::new(
            format!("chỉ tiêu có mục tiêu \"{}\" cần một con số, không phải \"{text}\"", target.display),
            VALUE_FORMS,
        )),
        (RawValue::Number { .. }, ValueKind::Milestone) => Err(ParseError::new(
            format!(
                "chỉ tiêu có mục tiêu \"Hoàn thành\" cần ghi \"Hoàn thành\" hoặc \"Chưa hoàn thành\", không phải \"{text}\""
            ),
            "ghi value = \"Hoàn thành\" hoặc value = \"Chưa hoàn thành\"",
        )),
        (RawValue::Number { value, percent, unit, .. }, ValueKind::Percent) => {
            if let Some(unit) = unit {
                return Err(ParseError::new(
                    format!("chỉ tiêu tính bằng % nhưng số liệu \"{text}\" có đơn vị \"{unit}\""),
                    "ghi tỷ lệ, ví dụ \"74,07%\" hoặc 74.07",
                ));
            }
            if *value > 100.0 {
                let hint = if *percent {
                    "một tỷ lệ nằm trong khoảng 0%–100%"
                } else {
                    "một tỷ lệ nằm trong khoảng 0–100; kiểm tra dấu thập phân (74,07 chứ không phải 7407)"
                };
                return Err(ParseError::new(format!("số liệu \"{text}\" vượt quá 100%"), hint));
            }
            Ok(Amount {
                kind: ValueKind::Percent,
                value: *value,
                display: format_quantity(ValueKind::Percent, *value, None, None),
                text: text.to_string(),
            })
        }
        (RawValue::Number { value, percent, unit, number_text }, ValueKind::Count) => {
            if *percent {
                return Err(ParseError::new(
                    format!(
                        "chỉ tiêu đếm bằng \"{}\" nhưng số liệu \"{text}\" là tỷ lệ %",
                        target.unit.as_deref().unwrap_or("số lượng")
                    ),
                    "ghi số lượng, ví dụ \"07 tổ\" hoặc 7",
                ));
            }
            if let (Some(unit), Some(expected)) = (unit, &target.unit)
                && vi::name_key(unit) != vi::name_key(expected)
            {
                return Err(ParseError::new(
                    format!("đơn vị \"{unit}\" khác đơn vị của mục tiêu \"{expected}\""),
                    format!("ghi số liệu theo đơn vị \"{expected}\", hoặc chỉ ghi con số"),
                ));
            }
            let unit = unit.as_deref().or(target.unit.as_deref());
            Ok(Amount {
                kind: ValueKind::Count,
                value: *value,
                display: format_quantity(ValueKind::Count, *value, unit, number_text.as_deref()),
                text: text.to_string(),
            })
        }
    }
}

const RECURRING: &[&str] = &[
    "thường xuyên",
    "nhiệm vụ thường xuyên",
    "hằng năm",
    "hàng năm",
    "hằng quý",
    "hàng quý",
    "hằng tháng",
    "hàng tháng",
    "định kỳ",
];

/// Parses a deadline in any form the plans use.
pub fn parse_deadline(text: &str) -> Result<Deadline, ParseError> {
    let cleaned = clean(text);
    let fail = |why: &str| ParseError::new(format!("không đọc được thời hạn \"{cleaned}\": {why}"), DEADLINE_FORMS);
    let lower: String = cleaned.chars().flat_map(char::to_lowercase).collect();
    let lower = lower.trim_end_matches(['.', ';']).trim();
    if lower.is_empty() {
        return Err(fail("thời hạn đang để trống"));
    }
    let make = |kind: DeadlineKind, due: Option<Date>, display: String| Deadline {
        text: text.to_string(),
        kind,
        due,
        display,
    };
    if RECURRING.contains(&lower) {
        return Ok(make(DeadlineKind::Recurring, None, "thường xuyên".into()));
    }
    let mut rest = lower;
    // "trước ngày 20/12/2025", "trước 20/12/2025".
    if let Some((_, r)) = strip_any_prefix(rest, &["trước ngày", "trước"]) {
        let day = Date::parse(r).ok_or_else(|| fail("sau \"trước ngày\" cần một ngày dd/mm/yyyy"))?;
        let due = Date::from_days(day.to_days() - 1);
        return Ok(make(DeadlineKind::Before { day }, Some(due), format!("trước ngày {}", day.vi())));
    }
    for filler in ["hạn", "thời hạn", "hoàn thành", "chậm nhất", "đến hết", "đến", "trong"] {
        if let Some((_, r)) = strip_any_prefix(rest, &[filler]) {
            rest = r;
        }
    }
    if let Some((_, r)) = strip_any_prefix(rest, &["ngày"]) {
        rest = r;
    }
    if let Some(day) = Date::parse(rest) {
        return Ok(make(DeadlineKind::Date, Some(day), day.vi()));
    }
    // "6 tháng đầu năm 2026", "6 tháng cuối năm 2026".
    for (prefix, half) in [("6 tháng đầu năm", 1), ("6 tháng cuối năm", 2)] {
        if let Some(r) = strip_prefix_ci(rest, prefix) {
            let year = parse_year(r).ok_or_else(|| fail("cần năm có 4 chữ số, ví dụ \"6 tháng đầu năm 2026\""))?;
            let due = Date::end_of_month(year, if half == 1 { 6 } else { 12 });
            let label = if half == 1 { "đầu" } else { "cuối" };
            return Ok(make(DeadlineKind::Half { year, half }, due, format!("6 tháng {label} năm {year}")));
        }
    }
    if let Some(r) = strip_prefix_ci(rest, "tháng") {
        let (month, year) = split_period(r).ok_or_else(|| fail("cần tháng/năm, ví dụ \"trong tháng 11/2025\""))?;
        let month = month.parse::<u32>().ok().filter(|m| (1..=12).contains(m));
        let (Some(month), Some(year)) = (month, parse_year(year)) else {
            return Err(fail("tháng phải từ 1 đến 12 và năm có 4 chữ số"));
        };
        let due = Date::end_of_month(year, month);
        return Ok(make(DeadlineKind::Month { year, month }, due, format!("tháng {month:02}/{year}")));
    }
    if let Some(r) = strip_prefix_ci(rest, "quý") {
        let (q, year) = split_period(r).ok_or_else(|| fail("cần quý/năm, ví dụ \"Quý IV/2025\""))?;
        let quarter = q.parse::<u32>().ok().or_else(|| vi::parse_roman(q)).filter(|q| (1..=4).contains(q));
        let (Some(quarter), Some(year)) = (quarter, parse_year(year)) else {
            return Err(fail("quý phải là I, II, III, IV (hoặc 1–4) và năm có 4 chữ số"));
        };
        let due = Date::end_of_month(year, quarter * 3);
        return Ok(make(DeadlineKind::Quarter { year, quarter }, due, vi::quarter(year, quarter)));
    }
    let year_text = strip_prefix_ci(rest, "năm").unwrap_or(rest);
    if let Some(year) = parse_year(year_text) {
        return Ok(make(DeadlineKind::Year { year }, Date::new(year, 12, 31), format!("năm {year}")));
    }
    Err(fail("không nhận ra dạng thời hạn"))
}

/// "11/2025" or "11 năm 2025" → ("11", "2025").
fn split_period(text: &str) -> Option<(&str, &str)> {
    let text = text.trim();
    if let Some((a, b)) = text.split_once('/') {
        return Some((a.trim(), b.trim()));
    }
    let (a, b) = text.split_once(" năm ")?;
    Some((a.trim(), b.trim()))
}

fn parse_year(text: &str) -> Option<i32> {
    let text = text.trim();
    (text.len() == 4 && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse().ok()).flatten()
}

/// Classifies evidence: a URL, a text naming a document by its number ("15/BC-UBND",
/// "Báo cáo số 15/BC-UBND ngày 05/02/2026", "57-NQ/TW"), or free text.
pub fn parse_evidence(text: &str) -> Evidence {
    let trimmed = clean(text);
    if trimmed.starts_with("https://") || trimmed.starts_with("http://") {
        return Evidence { reference: Some(trimmed.clone()), text: trimmed, kind: "url" };
    }
    let number = trimmed.split_whitespace().map(|t| t.trim_matches([',', ';', ':', '(', ')', '.'])).find(|t| {
        t.starts_with(|c: char| c.is_ascii_digit())
            && t.contains('/')
            && t.chars().any(char::is_alphabetic)
            && t.chars().all(|c| c.is_alphanumeric() || matches!(c, '/' | '-' | '.' | '&'))
    });
    match number {
        Some(n) => Evidence { reference: Some(n.to_string()), text: trimmed, kind: "document" },
        None => Evidence { text: trimmed, kind: "text", reference: None },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(text: &str) -> Target {
        parse_target(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    fn check(text: &str, comparison: Comparison, kind: ValueKind, value: Option<f64>, display: &str) {
        let t = target(text);
        assert_eq!((t.comparison, t.kind, t.value, t.display.as_str()), (comparison, kind, value, display), "{text}");
    }

    #[test]
    fn target_plain_percent_is_reach() {
        check("80%", Comparison::Reach, ValueKind::Percent, Some(80.0), "80%");
        check("100 %", Comparison::Reach, ValueKind::Percent, Some(100.0), "100%");
        check("74,07%", Comparison::Reach, ValueKind::Percent, Some(74.07), "74,07%");
    }

    #[test]
    fn target_at_least_forms() {
        for text in ["≥ 85%", ">= 85%", "≥85%", "tối thiểu 85%", "Tối thiểu 85%", "ít nhất 85%"] {
            check(text, Comparison::AtLeast, ValueKind::Percent, Some(85.0), "≥ 85%");
        }
    }

    #[test]
    fn target_tro_len_forms() {
        check("từ 90% trở lên", Comparison::AtLeast, ValueKind::Percent, Some(90.0), "≥ 90%");
        check("đạt 50% trở lên", Comparison::AtLeast, ValueKind::Percent, Some(50.0), "≥ 50%");
        check("đạt từ 90% trở lên", Comparison::AtLeast, ValueKind::Percent, Some(90.0), "≥ 90%");
        check("50% trở lên", Comparison::AtLeast, ValueKind::Percent, Some(50.0), "≥ 50%");
    }

    #[test]
    fn target_more_than_is_strict() {
        check("trên 80%", Comparison::MoreThan, ValueKind::Percent, Some(80.0), "trên 80%");
        check("đạt trên 50%", Comparison::MoreThan, ValueKind::Percent, Some(50.0), "trên 50%");
        check("> 80%", Comparison::MoreThan, ValueKind::Percent, Some(80.0), "trên 80%");
        assert!(!Comparison::MoreThan.is_met(80.0, 80.0));
        assert!(Comparison::MoreThan.is_met(80.01, 80.0));
    }

    #[test]
    fn target_ceiling_forms() {
        for text in ["không quá 1%", "tối đa 1%", "≤ 1%", "<= 1%", "1% trở xuống"] {
            check(text, Comparison::AtMost, ValueKind::Percent, Some(1.0), "≤ 1%");
            assert!(target(text).lower_is_better);
        }
        check("dưới 1%", Comparison::LessThan, ValueKind::Percent, Some(1.0), "dưới 1%");
        check("< 1%", Comparison::LessThan, ValueKind::Percent, Some(1.0), "dưới 1%");
        assert!(Comparison::AtMost.is_met(1.0, 1.0));
        assert!(!Comparison::LessThan.is_met(1.0, 1.0));
    }

    #[test]
    fn target_counts_with_units() {
        let t = target("110 dịch vụ");
        assert_eq!(
            (t.kind, t.value, t.unit.as_deref(), t.display.as_str()),
            (ValueKind::Count, Some(110.0), Some("dịch vụ"), "110 dịch vụ")
        );
        check("07 tổ", Comparison::Reach, ValueKind::Count, Some(7.0), "07 tổ");
        check("≥ 07 tổ", Comparison::AtLeast, ValueKind::Count, Some(7.0), "≥ 07 tổ");
        check("1.707 hồ sơ", Comparison::Reach, ValueKind::Count, Some(1707.0), "1.707 hồ sơ");
    }

    #[test]
    fn target_milestone() {
        check("Hoàn thành", Comparison::Done, ValueKind::Milestone, None, "Hoàn thành");
        // Copied from a table cell with a line break.
        check("Hoàn \nthành", Comparison::Done, ValueKind::Milestone, None, "Hoàn thành");
    }

    #[test]
    fn target_errors_list_accepted_forms() {
        for text in ["", "nhiều", "80 %%", "từ 90%", "trên 80% trở lên", "150%", "-5%"] {
            let e = parse_target(text).expect_err(text);
            assert!(e.message.contains("mục tiêu"), "{text}: {}", e.message);
            assert!(!e.hint.is_empty());
        }
        assert!(parse_target("nhiều").unwrap_err().hint.contains("từ 90% trở lên"));
    }

    #[test]
    fn values_read_vietnamese_numbers() {
        assert_eq!(
            parse_value_text("74,07%"),
            Ok(RawValue::Number { value: 74.07, percent: true, unit: None, number_text: Some("74,07".into()) })
        );
        assert_eq!(
            parse_value_text("74,07 %"),
            Ok(RawValue::Number { value: 74.07, percent: true, unit: None, number_text: Some("74,07".into()) })
        );
        assert!(
            matches!(parse_value_text("1.707"), Ok(RawValue::Number { value, percent: false, .. }) if value == 1707.0)
        );
        assert!(
            matches!(parse_value_text("07 tổ"), Ok(RawValue::Number { value, unit: Some(u), .. }) if value == 7.0 && u == "tổ")
        );
        assert_eq!(parse_value_text("Hoàn thành"), Ok(RawValue::Milestone { done: true }));
        assert_eq!(parse_value_text("Chưa hoàn thành"), Ok(RawValue::Milestone { done: false }));
        assert!(parse_value_text("120%").unwrap_err().message.contains("vượt quá 100%"));
        assert!(parse_value_text("khoảng bảy mươi").is_err());
    }

    #[test]
    fn values_resolve_against_target_kind() {
        let pct = target("80%");
        let raw = value_from_number(62.5).unwrap();
        assert_eq!(resolve_value(&raw, "62.5", &pct).unwrap().display, "62,5%");
        let over = value_from_number(7407.0).unwrap();
        assert!(resolve_value(&over, "7407", &pct).unwrap_err().message.contains("vượt quá 100%"));
        let count = target("07 tổ");
        assert_eq!(resolve_value(&parse_value_text("07 tổ").unwrap(), "07 tổ", &count).unwrap().display, "07 tổ");
        assert_eq!(resolve_value(&value_from_number(5.0).unwrap(), "5", &count).unwrap().display, "5 tổ");
        assert!(resolve_value(&parse_value_text("50%").unwrap(), "50%", &count).is_err());
        assert!(resolve_value(&parse_value_text("7 thôn").unwrap(), "7 thôn", &count).is_err());
        let done = target("Hoàn thành");
        assert!(resolve_value(&parse_value_text("50%").unwrap(), "50%", &done).is_err());
        assert_eq!(resolve_value(&parse_value_text("Hoàn thành").unwrap(), "Hoàn thành", &done).unwrap().value, 1.0);
    }

    fn deadline(text: &str) -> Deadline {
        parse_deadline(text).unwrap_or_else(|e| panic!("{text}: {e:?}"))
    }

    fn due(text: &str) -> Option<String> {
        deadline(text).due.map(Date::iso)
    }

    #[test]
    fn deadline_exact_day() {
        assert_eq!(due("31/12/2025").as_deref(), Some("2025-12-31"));
        assert_eq!(due("2025-12-31").as_deref(), Some("2025-12-31"));
        assert_eq!(due("ngày 31/12/2025").as_deref(), Some("2025-12-31"));
        assert_eq!(due("đến ngày 31/12/2025").as_deref(), Some("2025-12-31"));
        assert_eq!(deadline("31/12/2025").display, "31/12/2025");
    }

    #[test]
    fn deadline_in_month_is_last_day_of_month() {
        assert_eq!(due("trong tháng 11/2025").as_deref(), Some("2025-11-30"));
        assert_eq!(due("tháng 2/2028").as_deref(), Some("2028-02-29"));
        assert_eq!(due("trong tháng 11 năm 2025").as_deref(), Some("2025-11-30"));
        assert_eq!(deadline("trong tháng 11/2025").display, "tháng 11/2025");
    }

    #[test]
    fn deadline_before_day_is_due_the_day_before() {
        let d = deadline("trước ngày 20/12/2025");
        assert_eq!(d.due.map(Date::iso).as_deref(), Some("2025-12-19"));
        assert_eq!(d.display, "trước ngày 20/12/2025");
        assert_eq!(due("Trước 01/01/2026").as_deref(), Some("2025-12-31"));
    }

    #[test]
    fn deadline_quarter_roman_or_digit() {
        assert_eq!(due("Quý IV/2025").as_deref(), Some("2025-12-31"));
        assert_eq!(due("quý 1/2026").as_deref(), Some("2026-03-31"));
        assert_eq!(due("trong Quý II năm 2026").as_deref(), Some("2026-06-30"));
        assert_eq!(deadline("quý 3/2026").display, "Quý III/2026");
    }

    #[test]
    fn deadline_year_forms() {
        for text in ["năm 2026", "trong năm 2026", "Trong năm 2026", "2026", "đến hết năm 2026"] {
            assert_eq!(due(text).as_deref(), Some("2026-12-31"), "{text}");
            assert_eq!(deadline(text).display, "năm 2026");
        }
        assert_eq!(due("6 tháng đầu năm 2026").as_deref(), Some("2026-06-30"));
        assert_eq!(due("6 tháng cuối năm 2026").as_deref(), Some("2026-12-31"));
    }

    #[test]
    fn deadline_recurring() {
        for text in ["thường xuyên", "Nhiệm vụ thường xuyên", "Thường xuyên.", "hằng năm"] {
            let d = deadline(text);
            assert!(d.is_recurring(), "{text}");
            assert_eq!(d.due, None);
        }
    }

    #[test]
    fn deadline_errors_list_accepted_forms() {
        for text in ["", "sớm", "tháng 13/2025", "Quý V/2025", "trước ngày 31/02/2025", "năm 26"] {
            let e = parse_deadline(text).expect_err(text);
            assert!(e.message.contains("thời hạn"), "{text}");
            assert!(e.hint.contains("Quý IV/2025"));
        }
    }

    #[test]
    fn evidence_is_classified() {
        assert_eq!(parse_evidence("15/BC-UBND").kind, "document");
        assert_eq!(parse_evidence("Báo cáo số 15/BC-UBND ngày 05/02/2026").reference.as_deref(), Some("15/BC-UBND"));
        assert_eq!(parse_evidence("Kế hoạch 21/KH-UBND, Phần I").reference.as_deref(), Some("21/KH-UBND"));
        assert_eq!(parse_evidence("https://dichvucong.gov.vn/x").kind, "url");
        assert_eq!(parse_evidence("Sổ theo dõi của Trạm Y tế xã").kind, "text");
        // A date is not a document number.
        assert_eq!(parse_evidence("Số liệu ngày 05/02/2026").kind, "text");
    }
}
