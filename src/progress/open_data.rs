//! Open data (Nghị định 47/2020/NĐ-CP: machine-readable, open formats): the contents
//! of `/du-lieu/chi-tieu.json`, `chi-tieu.csv`, `nhiem-vu.json` and `nhiem-vu.csv`,
//! and the data dictionary shown on the "Dữ liệu mở" page.
//!
//! Pure functions of a [`Progress`]: the same data gives byte-identical files (no
//! timestamps, no hash-map order). CSV files are UTF-8 with a byte-order mark (so
//! Excel shows Vietnamese correctly), comma-separated, quoted per RFC 4180, with CRLF
//! line ends and a decimal point in numbers; they are in long format: one row per
//! figure (see [`dictionary`]). JSON keeps numbers as numbers next to the text as
//! written, dates as ISO `yyyy-mm-dd`.

use serde::Serialize;

use super::evaluate::{AgencyLink, EvaluatedIndicator, EvaluatedMeasurement, EvaluatedTask, Progress};
use super::parse::Evidence;

/// One column or field of an open-data file, for the data dictionary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Field {
    pub file: &'static str,
    pub name: &'static str,
    pub description: &'static str,
}

const INDICATOR_COLUMNS: &[(&str, &str)] = &[
    ("ma_chi_tieu", "Mã ổn định của chỉ tiêu (không đổi giữa các lần cập nhật)."),
    ("ke_hoach", "Kế hoạch chứa chỉ tiêu (địa chỉ trang kế hoạch trên trang web)."),
    ("nhom", "Nhóm chỉ tiêu trong phụ lục của kế hoạch, ví dụ \"I. Chính quyền số\"."),
    ("tt", "Số thứ tự (TT) của chỉ tiêu trong phụ lục."),
    ("chi_tieu", "Tên chỉ tiêu, đúng như kế hoạch ghi."),
    ("don_vi", "Đơn vị tính: % hoặc đơn vị đếm (tổ, dịch vụ…); để trống với chỉ tiêu dạng mốc \"Hoàn thành\"."),
    ("muc_tieu", "Mục tiêu như kế hoạch ghi, ví dụ \"≥ 85%\", \"07 tổ\", \"Hoàn thành\"."),
    ("muc_tieu_so", "Con số của mục tiêu (dấu chấm thập phân); để trống với mốc \"Hoàn thành\"."),
    (
        "so_sanh",
        "Cách so với mục tiêu: reach (đạt mức), at-least (≥), more-than (trên), at-most (≤, càng thấp càng tốt), less-than (dưới), done (mốc hoàn thành).",
    ),
    ("han", "Ngày cuối của thời hạn (yyyy-mm-dd)."),
    ("co_quan_chu_tri", "Cơ quan chủ trì; nhiều cơ quan cách nhau bằng \"; \"."),
    ("co_quan_phoi_hop", "Cơ quan phối hợp; nhiều cơ quan cách nhau bằng \"; \"."),
    ("trang_thai", "Trạng thái tại ngày báo cáo: dat, dung-tien-do, cham-tien-do, chua-co-so-lieu."),
    ("ngay_bao_cao", "Ngày báo cáo mà trạng thái được tính (yyyy-mm-dd)."),
    (
        "loai_dong",
        "Loại dòng: muc-co-so (số liệu năm trước làm mốc), so-lieu (số liệu trong kỳ), chua-co-so-lieu (chỉ tiêu chưa có số liệu nào; các cột số liệu để trống).",
    ),
    ("ngay", "Ngày của số liệu (yyyy-mm-dd)."),
    ("gia_tri", "Giá trị bằng số (dấu chấm thập phân); mốc: 1 = hoàn thành, 0 = chưa."),
    ("gia_tri_goc", "Giá trị như được ghi trong tệp nguồn, ví dụ \"74,07%\"."),
    ("nguon", "Nguồn hoặc tài liệu kiểm chứng: số ký hiệu văn bản, địa chỉ web hoặc mô tả."),
    ("ghi_chu", "Ghi chú."),
    ("minh_hoa", "true nếu là số liệu minh họa (không phải số liệu thật), false nếu không."),
];

const TASK_COLUMNS: &[(&str, &str)] = &[
    ("ma_nhiem_vu", "Mã ổn định của nhiệm vụ."),
    ("ke_hoach", "Kế hoạch giao nhiệm vụ (địa chỉ trang kế hoạch)."),
    ("muc", "Phần, mục của kế hoạch nêu nhiệm vụ."),
    ("nhiem_vu", "Nội dung nhiệm vụ."),
    ("co_quan_chu_tri", "Cơ quan chủ trì; nhiều cơ quan cách nhau bằng \"; \"."),
    ("co_quan_phoi_hop", "Cơ quan phối hợp; nhiều cơ quan cách nhau bằng \"; \"."),
    ("thoi_han", "Thời hạn như kế hoạch ghi, ví dụ \"Quý IV/2025\", \"thường xuyên\"."),
    ("han_cuoi", "Ngày cuối của thời hạn (yyyy-mm-dd); để trống với nhiệm vụ thường xuyên."),
    ("trang_thai", "Trạng thái tại ngày báo cáo: hoan-thanh, dang-thuc-hien, qua-han, thuong-xuyen."),
    ("ty_le_hoan_thanh", "Tỷ lệ hoàn thành hiện tại, 0–100; để trống nếu chưa báo cáo."),
    ("ngay_hoan_thanh", "Ngày hoàn thành (yyyy-mm-dd), nếu đã hoàn thành."),
    ("ngay_bao_cao", "Ngày báo cáo mà trạng thái được tính (yyyy-mm-dd)."),
    (
        "loai_dong",
        "Loại dòng: cap-nhat (một lần báo cáo tiến độ), chua-co-cap-nhat (nhiệm vụ chưa có báo cáo nào; các cột cập nhật để trống).",
    ),
    ("ngay", "Ngày của lần cập nhật (yyyy-mm-dd)."),
    ("trang_thai_cap_nhat", "Trạng thái ghi trong lần cập nhật: chua-bat-dau, dang-thuc-hien, hoan-thanh."),
    ("ty_le_cap_nhat", "Tỷ lệ hoàn thành ghi trong lần cập nhật, 0–100."),
    ("nguon", "Tài liệu kiểm chứng của lần cập nhật."),
    ("ghi_chu", "Ghi chú."),
    ("minh_hoa", "true nếu là số liệu minh họa, false nếu không."),
];

const JSON_FIELDS: &[(&str, &str, &str)] = &[
    ("chi-tieu.json", "report_date", "Ngày báo cáo (yyyy-mm-dd): số liệu tính đến ngày này."),
    ("chi-tieu.json", "indicators[].id", "Mã ổn định của chỉ tiêu (như cột ma_chi_tieu)."),
    (
        "chi-tieu.json",
        "indicators[].target",
        "Mục tiêu: text (như kế hoạch ghi), value (số), comparison (cách so), kind (percent, count, milestone), unit.",
    ),
    ("chi-tieu.json", "indicators[].status", "Trạng thái: key (mã) và label (tên tiếng Việt)."),
    (
        "chi-tieu.json",
        "indicators[].baseline",
        "Mốc cơ sở (hoặc null): date, value (số), text (như được ghi), source, note.",
    ),
    (
        "chi-tieu.json",
        "indicators[].measurements[]",
        "Các số liệu theo ngày, cũ trước mới sau, cùng cấu trúc với baseline.",
    ),
    ("nhiem-vu.json", "report_date", "Ngày báo cáo (yyyy-mm-dd)."),
    ("nhiem-vu.json", "tasks[].id", "Mã ổn định của nhiệm vụ (như cột ma_nhiem_vu)."),
    (
        "nhiem-vu.json",
        "tasks[].deadline",
        "Thời hạn: text (như kế hoạch ghi), due (ngày cuối, hoặc null nếu thường xuyên).",
    ),
    ("nhiem-vu.json", "tasks[].status", "Trạng thái: key (mã) và label (tên tiếng Việt)."),
    ("nhiem-vu.json", "tasks[].updates[]", "Các lần cập nhật: date, status, percent, source, note, illustrative."),
];

/// The data dictionary of the four open-data files.
pub fn dictionary() -> Vec<Field> {
    let csv = |file: &'static str, columns: &'static [(&str, &str)]| {
        columns.iter().map(move |(name, description)| Field { file, name, description })
    };
    csv("chi-tieu.csv", INDICATOR_COLUMNS)
        .chain(csv("nhiem-vu.csv", TASK_COLUMNS))
        .chain(JSON_FIELDS.iter().map(|(file, name, description)| Field { file, name, description }))
        .collect()
}

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) || text.starts_with(' ') || text.ends_with(' ') {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn csv_document(columns: &[(&str, &str)], rows: &[Vec<String>]) -> String {
    let mut out = String::from("\u{feff}");
    let header: Vec<String> = columns.iter().map(|(name, _)| csv_field(name)).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in rows {
        let fields: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

/// A number with a decimal point and no needless zeros: 74.07, 1707, 62.5.
fn number(value: f64) -> String {
    if !value.is_finite() {
        return String::new();
    }
    let text = crate::vi::Fixed(value, 6).to_string();
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".into() } else { text.to_string() }
}

fn names(links: &[AgencyLink]) -> String {
    links.iter().map(|l| l.name.as_str()).collect::<Vec<_>>().join("; ")
}

fn evidence(e: &Option<Evidence>) -> String {
    e.as_ref().map(|e| e.text.clone()).unwrap_or_default()
}

fn flag(b: bool) -> String {
    if b { "true" } else { "false" }.to_string()
}

/// `chi-tieu.csv`: one row per figure (baseline and measurements) of every
/// indicator; an indicator without any figure has one row of kind
/// `chua-co-so-lieu`.
pub fn indicators_csv(progress: &Progress) -> String {
    let mut rows = Vec::new();
    for i in &progress.indicators {
        let fixed = vec![
            i.id.clone(),
            i.plan.clone(),
            i.group_title.clone().unwrap_or_default(),
            i.tt.map(|t| t.to_string()).unwrap_or_default(),
            i.name.clone(),
            i.unit.clone().unwrap_or_default(),
            i.target.text.trim().to_string(),
            i.target.value.map(number).unwrap_or_default(),
            comparison_key(i).to_string(),
            i.deadline.as_ref().and_then(|d| d.due).map(|d| d.iso()).unwrap_or_default(),
            names(&i.lead),
            names(&i.cooperating),
            i.status.key().to_string(),
            progress.report_date.iso(),
        ];
        let figure_row = |m: &EvaluatedMeasurement| {
            let mut row = fixed.clone();
            row.extend([
                if m.baseline { "muc-co-so" } else { "so-lieu" }.to_string(),
                m.date.iso(),
                number(m.value),
                m.text.clone(),
                evidence(&m.source),
                m.note.clone().unwrap_or_default(),
                flag(m.illustrative),
            ]);
            row
        };
        if i.rows.is_empty() {
            let mut row = fixed.clone();
            row.extend(["chua-co-so-lieu".to_string(), String::new(), String::new(), String::new(), String::new()]);
            row.extend([String::new(), flag(false)]);
            rows.push(row);
        }
        rows.extend(i.rows.iter().map(figure_row));
    }
    csv_document(INDICATOR_COLUMNS, &rows)
}

fn comparison_key(i: &EvaluatedIndicator) -> &'static str {
    use super::parse::Comparison::*;
    match i.target.comparison {
        Reach => "reach",
        AtLeast => "at-least",
        MoreThan => "more-than",
        AtMost => "at-most",
        LessThan => "less-than",
        Done => "done",
    }
}

/// `nhiem-vu.csv`: one row per task update; a task without updates has one row of
/// kind `chua-co-cap-nhat`. Every row repeats the task's current state.
pub fn tasks_csv(progress: &Progress) -> String {
    let mut rows = Vec::new();
    for t in &progress.tasks {
        let fixed = vec![
            t.id.clone(),
            t.plan.clone(),
            t.section.clone().unwrap_or_default(),
            t.name.clone(),
            names(&t.lead),
            names(&t.cooperating),
            t.deadline.as_ref().map(|d| d.text.trim().to_string()).unwrap_or_default(),
            t.due.map(|d| d.iso()).unwrap_or_default(),
            t.status.key().to_string(),
            t.percent.map(number).unwrap_or_default(),
            t.completed.map(|d| d.iso()).unwrap_or_default(),
            progress.report_date.iso(),
        ];
        if t.updates.is_empty() {
            let mut row = fixed.clone();
            row.push("chua-co-cap-nhat".to_string());
            row.extend(std::iter::repeat_n(String::new(), 5));
            row.push(flag(t.illustrative));
            rows.push(row);
        }
        for u in &t.updates {
            let mut row = fixed.clone();
            row.extend([
                "cap-nhat".to_string(),
                u.date.iso(),
                u.state.unwrap_or_default().to_string(),
                u.percent.map(number).unwrap_or_default(),
                evidence(&u.source),
                u.note.clone().unwrap_or_default(),
                flag(u.illustrative),
            ]);
            rows.push(row);
        }
    }
    csv_document(TASK_COLUMNS, &rows)
}

#[derive(Serialize)]
struct JsonFigure<'a> {
    date: String,
    value: f64,
    text: &'a str,
    display: &'a str,
    source: Option<&'a str>,
    note: Option<&'a str>,
    illustrative: bool,
}

#[derive(Serialize)]
struct JsonTarget<'a> {
    text: &'a str,
    display: &'a str,
    value: Option<f64>,
    comparison: &'static str,
    kind: super::parse::ValueKind,
    unit: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonDeadline<'a> {
    text: &'a str,
    due: Option<String>,
}

#[derive(Serialize)]
struct JsonIndicator<'a> {
    id: &'a str,
    plan: &'a str,
    group: Option<&'a str>,
    tt: Option<u32>,
    name: &'a str,
    unit: Option<&'a str>,
    target: JsonTarget<'a>,
    deadline: Option<JsonDeadline<'a>>,
    lead: Vec<&'a str>,
    cooperating: Vec<&'a str>,
    status: super::evaluate::IndicatorStatus,
    baseline: Option<JsonFigure<'a>>,
    measurements: Vec<JsonFigure<'a>>,
}

#[derive(Serialize)]
struct JsonIndicators<'a> {
    report_date: String,
    illustrative: bool,
    indicators: Vec<JsonIndicator<'a>>,
}

fn figure(m: &EvaluatedMeasurement) -> JsonFigure<'_> {
    JsonFigure {
        date: m.date.iso(),
        value: m.value,
        text: &m.text,
        display: &m.display,
        source: m.source.as_ref().map(|e| e.text.as_str()),
        note: m.note.as_deref(),
        illustrative: m.illustrative,
    }
}

fn to_json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

/// `chi-tieu.json`: every indicator with its target, status, baseline and
/// measurements.
pub fn indicators_json(progress: &Progress) -> String {
    let indicators = progress
        .indicators
        .iter()
        .map(|i| JsonIndicator {
            id: &i.id,
            plan: &i.plan,
            group: i.group_title.as_deref(),
            tt: i.tt,
            name: &i.name,
            unit: i.unit.as_deref(),
            target: JsonTarget {
                text: i.target.text.trim(),
                display: &i.target.display,
                value: i.target.value,
                comparison: comparison_key(i),
                kind: i.target.kind,
                unit: i.target.unit.as_deref(),
            },
            deadline: i.deadline.as_ref().map(|d| JsonDeadline { text: d.text.trim(), due: d.due.map(|d| d.iso()) }),
            lead: i.lead.iter().map(|l| l.name.as_str()).collect(),
            cooperating: i.cooperating.iter().map(|l| l.name.as_str()).collect(),
            status: i.status,
            baseline: i.baseline.as_ref().map(figure),
            measurements: i.history.iter().map(figure).collect(),
        })
        .collect();
    to_json(&JsonIndicators {
        report_date: progress.report_date.iso(),
        illustrative: progress.illustrative,
        indicators,
    })
}

#[derive(Serialize)]
struct JsonUpdate<'a> {
    date: String,
    status: Option<&'static str>,
    percent: Option<f64>,
    source: Option<&'a str>,
    note: Option<&'a str>,
    illustrative: bool,
}

#[derive(Serialize)]
struct JsonTask<'a> {
    id: &'a str,
    plan: &'a str,
    section: Option<&'a str>,
    name: &'a str,
    lead: Vec<&'a str>,
    cooperating: Vec<&'a str>,
    deadline: Option<JsonDeadline<'a>>,
    status: super::evaluate::TaskStatus,
    percent: Option<f64>,
    completed: Option<String>,
    updates: Vec<JsonUpdate<'a>>,
}

#[derive(Serialize)]
struct JsonTasks<'a> {
    report_date: String,
    illustrative: bool,
    tasks: Vec<JsonTask<'a>>,
}

/// `nhiem-vu.json`: every task with its deadline, status and updates.
pub fn tasks_json(progress: &Progress) -> String {
    let tasks = progress
        .tasks
        .iter()
        .map(|t: &std::sync::Arc<EvaluatedTask>| JsonTask {
            id: &t.id,
            plan: &t.plan,
            section: t.section.as_deref(),
            name: &t.name,
            lead: t.lead.iter().map(|l| l.name.as_str()).collect(),
            cooperating: t.cooperating.iter().map(|l| l.name.as_str()).collect(),
            deadline: t.deadline.as_ref().map(|d| JsonDeadline { text: d.text.trim(), due: d.due.map(|d| d.iso()) }),
            status: t.status,
            percent: t.percent,
            completed: t.completed.map(|d| d.iso()),
            updates: t
                .updates
                .iter()
                .map(|u| JsonUpdate {
                    date: u.date.iso(),
                    status: u.state,
                    percent: u.percent,
                    source: u.source.as_ref().map(|e| e.text.as_str()),
                    note: u.note.as_deref(),
                    illustrative: u.illustrative,
                })
                .collect(),
        })
        .collect();
    to_json(&JsonTasks { report_date: progress.report_date.iso(), illustrative: progress.illustrative, tasks })
}
