//! Status and progress, computed from a [`ProgressFile`] and a report date: the
//! status of each indicator and task with a sentence explaining it, the values a
//! template needs to draw an honest `<meter>` or `<progress>`, rollups per group,
//! plan, agency and overall, what changed in the latest report month, and the list
//! of overdue tasks. Pure: the same file and date always give the same result.
//!
//! The rules are published on the "Phương pháp" page
//! (`themes/default/templates/partials/phuong-phap.html`); keep both in step.

use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

use serde::{Serialize, Serializer};

use super::model::{Agency, Indicator, Located, Measurement, ProgressFile, Task, TaskState};
use super::parse::{Comparison, Deadline, Evidence, Target, ValueKind, format_quantity};
use crate::date::Date;
use crate::vi;

/// Tolerance for comparing decimal figures.
const EPS: f64 = 1e-9;
/// A count's scale goes to this multiple of the larger of target and value.
pub const COUNT_SCALE: f64 = 1.25;

/// The status of an indicator at the report date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IndicatorStatus {
    /// Đạt: the latest figure meets the target.
    Dat,
    /// Đúng tiến độ: not met yet, but at or ahead of the path to the target.
    DungTienDo,
    /// Chậm tiến độ: behind the path, or the deadline has passed without meeting it.
    ChamTienDo,
    /// Chưa có số liệu: no figure dated on or before the report date.
    ChuaCoSoLieu,
}

impl IndicatorStatus {
    pub const ALL: [IndicatorStatus; 4] =
        [IndicatorStatus::Dat, IndicatorStatus::DungTienDo, IndicatorStatus::ChamTienDo, IndicatorStatus::ChuaCoSoLieu];

    pub fn key(self) -> &'static str {
        match self {
            IndicatorStatus::Dat => "dat",
            IndicatorStatus::DungTienDo => "dung-tien-do",
            IndicatorStatus::ChamTienDo => "cham-tien-do",
            IndicatorStatus::ChuaCoSoLieu => "chua-co-so-lieu",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            IndicatorStatus::Dat => "Đạt",
            IndicatorStatus::DungTienDo => "Đúng tiến độ",
            IndicatorStatus::ChamTienDo => "Chậm tiến độ",
            IndicatorStatus::ChuaCoSoLieu => "Chưa có số liệu",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            IndicatorStatus::Dat => "Số liệu mới nhất đã đạt mục tiêu.",
            IndicatorStatus::DungTienDo => {
                "Chưa đạt mục tiêu nhưng bằng hoặc vượt lộ trình đều từ mốc cơ sở đến mục tiêu."
            }
            IndicatorStatus::ChamTienDo => "Thấp hơn lộ trình đến mục tiêu, hoặc đã hết hạn mà chưa đạt.",
            IndicatorStatus::ChuaCoSoLieu => "Chưa có số liệu nào đến ngày báo cáo; không tính là 0%.",
        }
    }
}

/// The status of a task at the report date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TaskStatus {
    HoanThanh,
    DangThucHien,
    QuaHan,
    ThuongXuyen,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 4] =
        [TaskStatus::HoanThanh, TaskStatus::DangThucHien, TaskStatus::QuaHan, TaskStatus::ThuongXuyen];

    pub fn key(self) -> &'static str {
        match self {
            TaskStatus::HoanThanh => "hoan-thanh",
            TaskStatus::DangThucHien => "dang-thuc-hien",
            TaskStatus::QuaHan => "qua-han",
            TaskStatus::ThuongXuyen => "thuong-xuyen",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TaskStatus::HoanThanh => "Hoàn thành",
            TaskStatus::DangThucHien => "Đang thực hiện",
            TaskStatus::QuaHan => "Quá hạn",
            TaskStatus::ThuongXuyen => "Thường xuyên",
        }
    }

    pub fn description(self) -> &'static str {
        match self {
            TaskStatus::HoanThanh => "Đơn vị chủ trì đã báo cáo hoàn thành.",
            TaskStatus::DangThucHien => "Chưa hoàn thành và chưa quá hạn (kể cả nhiệm vụ đến hạn đúng ngày báo cáo).",
            TaskStatus::QuaHan => "Đã qua hạn mà chưa báo cáo hoàn thành.",
            TaskStatus::ThuongXuyen => "Nhiệm vụ làm liên tục, không có hạn hoàn thành.",
        }
    }
}

/// Statuses serialise as `{ "key": "dat", "label": "Đạt" }`: the key for CSS
/// classes (colour and pattern), the label for people.
macro_rules! serialize_status {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use serde::ser::SerializeStruct;
                let mut s = serializer.serialize_struct("Status", 2)?;
                s.serialize_field("key", self.key())?;
                s.serialize_field("label", self.label())?;
                s.end()
            }
        }
    };
}
serialize_status!(IndicatorStatus);
serialize_status!(TaskStatus);

/// One entry of the status legend.
#[derive(Clone, Debug, Serialize)]
pub struct StatusInfo {
    /// "indicator" or "task".
    pub applies_to: &'static str,
    pub key: &'static str,
    pub label: &'static str,
    pub description: &'static str,
}

/// An agency as shown next to an indicator or task.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AgencyLink {
    /// Empty when the reference names no declared agency (an error `validate`
    /// reports).
    pub id: String,
    pub slug: String,
    pub name: String,
}

/// A figure as shown in the history table and chart.
#[derive(Clone, Debug, Serialize)]
pub struct EvaluatedMeasurement {
    pub date: Date,
    pub date_vi: String,
    pub kind: ValueKind,
    pub value: f64,
    /// "62,5%", "07 tổ", "Hoàn thành".
    pub display: String,
    /// As written in the file.
    pub text: String,
    pub source: Option<Evidence>,
    pub note: Option<String>,
    pub illustrative: bool,
    /// The baseline (mốc cơ sở), not a measurement of the plan's period.
    pub baseline: bool,
}

/// What a template needs to draw an indicator's `<meter>`.
#[derive(Clone, Debug, Serialize)]
pub struct Meter {
    pub kind: ValueKind,
    pub value: Option<f64>,
    pub target: Option<f64>,
    pub min: f64,
    pub max: f64,
    /// `<meter low high optimum>`: below `low` (above `high` for a ceiling) is
    /// behind the path; between them is not met but on track; past the target is met.
    pub low: f64,
    pub high: f64,
    pub optimum: f64,
    /// How full the bar is, 0..=1 (0 without data).
    pub fraction: f64,
    /// Where the target mark sits on the bar, 0..=1 (`None` for milestones).
    pub target_fraction: Option<f64>,
    /// "62,5% / mục tiêu 80%": for the visible label and `aria-valuetext`.
    pub text: String,
    pub lower_is_better: bool,
}

#[derive(Clone, Debug, Serialize)]
#[serde(remote = "Self")]
pub struct EvaluatedIndicator {
    pub id: String,
    pub tt: Option<u32>,
    pub plan: String,
    pub group: Option<String>,
    pub group_title: Option<String>,
    pub name: String,
    pub unit: Option<String>,
    pub target: Target,
    pub deadline: Option<Deadline>,
    pub lead: Vec<AgencyLink>,
    pub cooperating: Vec<AgencyLink>,
    pub baseline: Option<EvaluatedMeasurement>,
    /// Measurements dated on or before the report date, oldest first.
    pub history: Vec<EvaluatedMeasurement>,
    /// The baseline (if any) then the history: the rows of the text table beside
    /// the chart.
    pub rows: Vec<EvaluatedMeasurement>,
    pub latest: Option<EvaluatedMeasurement>,
    /// Where the straight path from the baseline to the target stands at the date of
    /// the latest figure.
    pub expected: Option<f64>,
    pub expected_display: Option<String>,
    pub status: IndicatorStatus,
    /// One sentence saying why the status is what it is.
    pub explanation: String,
    pub meter: Meter,
    pub illustrative: bool,
    pub note: Option<String>,
    #[serde(skip)]
    pub serialised: Serialised,
}

#[derive(Clone, Debug, Serialize)]
pub struct EvaluatedUpdate {
    pub date: Date,
    pub date_vi: String,
    pub state: Option<&'static str>,
    pub state_label: Option<&'static str>,
    pub percent: Option<f64>,
    pub percent_display: Option<String>,
    pub source: Option<Evidence>,
    pub note: Option<String>,
    pub illustrative: bool,
}

#[derive(Clone, Debug, Serialize)]
#[serde(remote = "Self")]
pub struct EvaluatedTask {
    pub id: String,
    pub plan: String,
    pub section: Option<String>,
    pub name: String,
    pub lead: Vec<AgencyLink>,
    pub cooperating: Vec<AgencyLink>,
    pub deadline: Option<Deadline>,
    pub due: Option<Date>,
    pub due_vi: Option<String>,
    pub status: TaskStatus,
    pub explanation: String,
    /// 0–100, for `<progress max="100">`; `None` when no percentage was reported.
    pub percent: Option<f64>,
    /// "60% — hạn 30/11/2025".
    pub progress_text: String,
    /// Days from the report date to the due date (negative when overdue).
    pub days_left: Option<i64>,
    /// "còn 12 ngày", "đến hạn ngày báo cáo", "quá hạn 3 ngày".
    pub days_text: Option<String>,
    pub completed: Option<Date>,
    pub completed_vi: Option<String>,
    /// Finished after its due date.
    pub late: bool,
    /// Updates dated on or before the report date, oldest first.
    pub updates: Vec<EvaluatedUpdate>,
    pub illustrative: bool,
    pub note: Option<String>,
    #[serde(skip)]
    pub serialised: Serialised,
}

/// An item's fields serialised once and kept. An indicator shows on its own page, its
/// plan's three pages, list pages and agency pages; serialising it (history and all)
/// for each of them was a fifth of a large build. Templates get the kept value (tera
/// clones it: its arrays and maps are shared); any other serialiser (JSON) gets the
/// same fields, in the same order (tera's `preserve_order`). A hash of those fields is
/// kept too, for `serve`'s fingerprints of the pages that show the item.
#[derive(Debug, Default)]
pub struct Serialised(std::sync::OnceLock<tera::Value>, std::sync::OnceLock<u64>);

/// A clone may be changed before it is shown: it serialises afresh.
impl Clone for Serialised {
    fn clone(&self) -> Self {
        Self::default()
    }
}

/// A value serialised for templates once, when first shown, and kept (tera clones it
/// cheaply). A clone starts empty, as it may be changed before it is shown.
#[derive(Debug, Default)]
pub struct Kept(std::sync::OnceLock<tera::Value>);

impl Clone for Kept {
    fn clone(&self) -> Self {
        Self::default()
    }
}

impl Kept {
    /// The kept value, serialised from `make()` the first time.
    pub fn get<T: Serialize>(&self, make: impl FnOnce() -> T) -> tera::Value {
        self.0.get_or_init(|| tera::Value::from_serializable(&make())).clone()
    }
}

macro_rules! serialize_once {
    ($t:ty) => {
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                struct Fields<'a>(&'a $t);
                impl Serialize for Fields<'_> {
                    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        // The derived serialisation (`#[serde(remote = "Self")]`).
                        <$t>::serialize(self.0, serializer)
                    }
                }
                self.serialised.0.get_or_init(|| tera::Value::from_serializable(&Fields(self))).serialize(serializer)
            }
        }
    };
}
serialize_once!(EvaluatedIndicator);
serialize_once!(EvaluatedTask);

macro_rules! fingerprint_once {
    ($t:ty) => {
        impl $t {
            /// A hash of the fields as serialised, made once.
            pub fn fingerprint(&self) -> u64 {
                *self.serialised.1.get_or_init(|| {
                    let mut f = crate::render::Fingerprint::new(10);
                    f.json(self);
                    f.finish()
                })
            }
        }
    };
}
fingerprint_once!(EvaluatedIndicator);
fingerprint_once!(EvaluatedTask);

/// Counts of indicators per status. `dat + dung_tien_do + cham_tien_do +
/// chua_co_so_lieu == total` and `with_data == total - chua_co_so_lieu`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct IndicatorCounts {
    pub total: usize,
    pub dat: usize,
    pub dung_tien_do: usize,
    pub cham_tien_do: usize,
    pub chua_co_so_lieu: usize,
    pub with_data: usize,
    /// `dat / with_data`, 0..=1; `None` when no indicator has data.
    pub met_share: Option<f64>,
    /// "3/10 chỉ tiêu có số liệu đã đạt (30%)" or "Chưa có chỉ tiêu nào có số liệu".
    pub met_share_text: String,
}

/// Counts of tasks per status. The four counts add up to `total`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct TaskCounts {
    pub total: usize,
    pub hoan_thanh: usize,
    pub dang_thuc_hien: usize,
    pub qua_han: usize,
    pub thuong_xuyen: usize,
    /// Non-recurring tasks whose completion is known (a reported percentage, or
    /// done = 100%): the base of `mean_completion`.
    pub with_percent: usize,
    /// Mean completion (0–100) over `with_percent` tasks; `None` when there are none.
    pub mean_completion: Option<f64>,
    pub mean_completion_text: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Rollup {
    pub indicators: IndicatorCounts,
    pub tasks: TaskCounts,
}

#[derive(Clone, Debug, Serialize)]
pub struct GroupProgress {
    pub id: String,
    pub number: Option<String>,
    pub name: String,
    /// "I. Chính quyền số".
    pub title: String,
    pub rollup: Rollup,
    pub indicators: Vec<Arc<EvaluatedIndicator>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct PlanProgress {
    /// The plan page's slug.
    pub slug: String,
    pub rollup: Rollup,
    pub groups: Vec<GroupProgress>,
    /// Indicators of this plan not in any group.
    pub ungrouped: Vec<Arc<EvaluatedIndicator>>,
    pub tasks: Vec<Arc<EvaluatedTask>>,
    /// This plan's progress serialised for templates once (its page, appendix and
    /// notice-board sheet show it).
    #[serde(skip)]
    pub view: Kept,
}

#[derive(Clone, Debug, Serialize)]
pub struct AgencyProgress {
    pub id: String,
    /// For `/co-quan/<slug>/`.
    pub slug: String,
    pub name: String,
    pub aliases: Vec<String>,
    /// Over the indicators and tasks this agency leads.
    pub rollup: Rollup,
    pub indicators: Vec<Arc<EvaluatedIndicator>>,
    pub tasks: Vec<Arc<EvaluatedTask>>,
    /// Indicators and tasks it cooperates on, in the order of the full lists (shown
    /// on the agency's page under their own names, so not serialised with it).
    #[serde(skip)]
    pub cooperating_indicators: Vec<Arc<EvaluatedIndicator>>,
    #[serde(skip)]
    pub cooperating_tasks: Vec<Arc<EvaluatedTask>>,
}

/// How one indicator moved in the latest report month.
#[derive(Clone, Debug, Serialize)]
pub struct Change {
    pub indicator: String,
    pub name: String,
    pub date_vi: String,
    pub current: String,
    pub previous: Option<String>,
    pub previous_date_vi: Option<String>,
    pub delta: Option<f64>,
    /// "+2,5 điểm %", "+3 tổ", "-0,5 điểm %", "mới hoàn thành".
    pub delta_text: String,
    /// "tang", "giam", "khong-doi", "moi" (first figure).
    pub direction: &'static str,
    /// Whether the move is toward the target; `None` for a first figure or no move.
    pub improved: Option<bool>,
    pub status: IndicatorStatus,
}

/// A task update in the latest report month.
#[derive(Clone, Debug, Serialize)]
pub struct TaskChange {
    pub task: String,
    pub name: String,
    pub date_vi: String,
    pub state_label: Option<&'static str>,
    pub percent_display: Option<String>,
    pub status: TaskStatus,
}

/// "What changed in the last report": the figures of the latest month that has
/// any, each compared with the indicator's previous figure.
#[derive(Clone, Debug, Serialize)]
pub struct LatestReport {
    /// "2026-10".
    pub month: String,
    /// "tháng 10/2026".
    pub label: String,
    pub changes: Vec<Change>,
    pub task_updates: Vec<TaskChange>,
}

/// Everything the site shows about progress, at one report date.
#[derive(Clone, Debug, Serialize)]
pub struct Progress {
    pub report_date: Date,
    pub report_date_vi: String,
    /// Some figure shown is illustrative: the site says "Số liệu minh họa".
    pub illustrative: bool,
    pub overall: Rollup,
    pub plans: Vec<PlanProgress>,
    pub agencies: Vec<AgencyProgress>,
    /// Every indicator, sorted by plan, group (file order), TT, id. Shared (not
    /// copied) with the plans and agencies that list them.
    pub indicators: Vec<Arc<EvaluatedIndicator>>,
    /// Every task, sorted by plan, then id (numbers in ids compare as numbers).
    pub tasks: Vec<Arc<EvaluatedTask>>,
    /// Overdue tasks, most overdue first.
    pub overdue: Vec<Arc<EvaluatedTask>>,
    pub latest_report: Option<LatestReport>,
    pub statuses: Vec<StatusInfo>,
    /// What every progress page shows of the whole (report date, overall counts,
    /// statuses), serialised for templates once (`render::progress_views::ProgressView`).
    #[serde(skip)]
    pub view: Kept,
    /// The number keys of the documents named as sources of figures, sorted, made on
    /// first use (`render::progress_views::evidence_key`).
    #[serde(skip)]
    pub source_numbers: std::sync::OnceLock<Vec<String>>,
}

/// Computes statuses, bar values and rollups at `report_date`. Figures dated after
/// the report date are ignored here (and reported by `validate`).
pub fn evaluate(file: &ProgressFile, report_date: Date) -> Progress {
    // Where each group id stands in the file (ids may repeat in a file that fails
    // validation: every position is kept, as a scan would find them).
    let mut group_positions: HashMap<&str, Vec<usize>> = HashMap::new();
    for (position, group) in file.groups.iter().enumerate() {
        group_positions.entry(group.id.text.as_str()).or_default().push(position);
    }
    // Each indicator and task is evaluated on its own: in parallel.
    let mut indicators: Vec<(usize, EvaluatedIndicator)> = file
        .indicators
        .par_iter()
        .filter(|i| i.target.is_some())
        .map(|i| {
            let group_index = i.group.as_ref().and_then(|g| group_positions.get(g.text.as_str())?.first().copied());
            (group_index.unwrap_or(usize::MAX), evaluate_indicator(file, i, report_date))
        })
        .collect();
    indicators.sort_by_cached_key(|(group, i)| (i.plan.clone(), *group, i.tt.unwrap_or(u32::MAX), natural_key(&i.id)));
    let indicators: Vec<Arc<EvaluatedIndicator>> = indicators.into_iter().map(|(_, i)| Arc::new(i)).collect();
    let mut tasks: Vec<EvaluatedTask> = file.tasks.par_iter().map(|t| evaluate_task(file, t, report_date)).collect();
    tasks.sort_by_cached_key(|t| (t.plan.clone(), natural_key(&t.id)));
    let tasks: Vec<Arc<EvaluatedTask>> = tasks.into_iter().map(Arc::new).collect();

    // Indicators and tasks by plan, and by the agencies leading and cooperating on
    // them, in their sorted order (one pass each: no plan × indicator scan).
    let mut indicators_of_plan: HashMap<&str, Vec<&Arc<EvaluatedIndicator>>> = HashMap::new();
    let mut tasks_of_plan: HashMap<&str, Vec<&Arc<EvaluatedTask>>> = HashMap::new();
    for i in &indicators {
        indicators_of_plan.entry(i.plan.as_str()).or_default().push(i);
    }
    for t in &tasks {
        tasks_of_plan.entry(t.plan.as_str()).or_default().push(t);
    }
    let mut plan_slugs: Vec<&str> = indicators_of_plan.keys().chain(tasks_of_plan.keys()).copied().collect();
    plan_slugs.sort();
    plan_slugs.dedup();
    let plans = plan_slugs
        .into_iter()
        .map(|slug| {
            let own: &[&Arc<EvaluatedIndicator>] = indicators_of_plan.get(slug).map_or(&[], Vec::as_slice);
            let own_tasks: Vec<Arc<EvaluatedTask>> =
                tasks_of_plan.get(slug).map_or_else(Vec::new, |ts| ts.iter().map(|t| Arc::clone(t)).collect());
            // The plan's groups in file order: those its indicators name.
            let mut positions: Vec<usize> =
                own.iter().filter_map(|i| group_positions.get(i.group.as_deref()?)).flatten().copied().collect();
            positions.sort_unstable();
            positions.dedup();
            let groups = positions
                .into_iter()
                .map(|position| &file.groups[position])
                .map(|g| {
                    let members: Vec<Arc<EvaluatedIndicator>> = own
                        .iter()
                        .filter(|i| i.group.as_deref() == Some(g.id.text.as_str()))
                        .map(|i| Arc::clone(i))
                        .collect();
                    GroupProgress {
                        id: g.id.text.clone(),
                        number: g.number.clone(),
                        name: g.name.clone(),
                        title: g.title(),
                        rollup: rollup(members.iter().map(|i| &**i), std::iter::empty()),
                        indicators: members,
                    }
                })
                .collect();
            let ungrouped: Vec<Arc<EvaluatedIndicator>> =
                own.iter().filter(|i| i.group.is_none()).map(|i| Arc::clone(i)).collect();
            PlanProgress {
                rollup: rollup(own.iter().map(|i| &***i), own_tasks.iter().map(|t| &**t)),
                slug: slug.to_string(),
                groups,
                ungrouped,
                tasks: own_tasks,
                view: Kept::default(),
            }
        })
        .collect();

    type ByAgency<'a, T> = HashMap<&'a str, Vec<&'a Arc<T>>>;
    fn by_agency<'a, T>(items: &'a [Arc<T>], links: impl Fn(&'a T) -> &'a [AgencyLink]) -> ByAgency<'a, T> {
        let mut map: ByAgency<'a, T> = HashMap::new();
        for item in items {
            let mut seen: Vec<&str> = Vec::new();
            for link in links(item) {
                if !seen.contains(&link.id.as_str()) {
                    seen.push(&link.id);
                    map.entry(link.id.as_str()).or_default().push(item);
                }
            }
        }
        map
    }
    let lead_indicators = by_agency(&indicators, |i| &i.lead);
    let lead_tasks = by_agency(&tasks, |t| &t.lead);
    let cooperating_indicators = by_agency(&indicators, |i| &i.cooperating);
    let cooperating_tasks = by_agency(&tasks, |t| &t.cooperating);
    let agencies = file
        .agencies
        .iter()
        .map(|agency| {
            let id = agency.id.text.as_str();
            let own: Vec<Arc<EvaluatedIndicator>> =
                lead_indicators.get(id).map_or_else(Vec::new, |v| v.iter().map(|i| Arc::clone(i)).collect());
            let own_tasks: Vec<Arc<EvaluatedTask>> =
                lead_tasks.get(id).map_or_else(Vec::new, |v| v.iter().map(|t| Arc::clone(t)).collect());
            AgencyProgress {
                id: agency.id.text.clone(),
                slug: agency.slug.clone(),
                name: agency.name.text.clone(),
                aliases: agency.aliases.iter().map(|a| a.text.clone()).collect(),
                rollup: rollup(own.iter().map(|i| &**i), own_tasks.iter().map(|t| &**t)),
                indicators: own,
                tasks: own_tasks,
                cooperating_indicators: cooperating_indicators
                    .get(id)
                    .map_or_else(Vec::new, |v| v.iter().map(|i| Arc::clone(i)).collect()),
                cooperating_tasks: cooperating_tasks
                    .get(id)
                    .map_or_else(Vec::new, |v| v.iter().map(|t| Arc::clone(t)).collect()),
            }
        })
        .collect();

    let mut overdue: Vec<Arc<EvaluatedTask>> =
        tasks.iter().filter(|t| t.status == TaskStatus::QuaHan).cloned().collect();
    overdue.sort_by_cached_key(|t| (t.days_left, t.plan.clone(), natural_key(&t.id)));

    let statuses = IndicatorStatus::ALL
        .iter()
        .map(|s| StatusInfo { applies_to: "indicator", key: s.key(), label: s.label(), description: s.description() })
        .chain(TaskStatus::ALL.iter().map(|s| StatusInfo {
            applies_to: "task",
            key: s.key(),
            label: s.label(),
            description: s.description(),
        }))
        .collect();

    Progress {
        report_date,
        report_date_vi: report_date.vi(),
        illustrative: indicators.iter().any(|i| i.illustrative) || tasks.iter().any(|t| t.illustrative),
        overall: rollup(indicators.iter().map(|i| &**i), tasks.iter().map(|t| &**t)),
        latest_report: latest_report(&indicators, &tasks),
        plans,
        agencies,
        overdue,
        indicators,
        tasks,
        statuses,
        view: Kept::default(),
        source_numbers: std::sync::OnceLock::new(),
    }
}

/// Orders "t2" before "t10": runs of digits compare as numbers.
fn natural_key(id: &str) -> Vec<(String, u64)> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = id.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_ascii_digit() {
            let mut digits = String::new();
            while let Some(&d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                digits.push(d);
                chars.next();
            }
            out.push((std::mem::take(&mut text), digits.parse().unwrap_or(u64::MAX)));
        } else {
            text.push(c);
            chars.next();
        }
    }
    out.push((text, 0));
    out
}

fn links(file: &ProgressFile, refs: &[Located]) -> Vec<AgencyLink> {
    let mut out: Vec<AgencyLink> = Vec::new();
    for r in refs {
        let link = match file.agency(&r.text) {
            Some(Agency { id, slug, name, .. }) => {
                AgencyLink { id: id.text.clone(), slug: slug.clone(), name: name.text.clone() }
            }
            None => AgencyLink { id: String::new(), slug: String::new(), name: r.text.clone() },
        };
        if !out.contains(&link) {
            out.push(link);
        }
    }
    out
}

fn shown(m: &Measurement, default_illustrative: bool, baseline: bool) -> EvaluatedMeasurement {
    EvaluatedMeasurement {
        date: m.date,
        date_vi: m.date.vi(),
        kind: m.value.kind,
        value: m.value.value,
        display: m.value.display.clone(),
        text: m.value.text.clone(),
        source: m.source.clone(),
        note: m.note.clone(),
        illustrative: m.illustrative.unwrap_or(default_illustrative),
        baseline,
    }
}

/// Formats a number of the indicator's kind: "62,5%", "7 tổ".
fn quantity(target: &Target, value: f64) -> String {
    format_quantity(target.kind, value, target.unit.as_deref().filter(|u| *u != "%"), None)
}

fn evaluate_indicator(file: &ProgressFile, indicator: &Indicator, report_date: Date) -> EvaluatedIndicator {
    // `evaluate` only calls this for indicators whose target was read.
    let target = indicator.target.clone().unwrap_or_else(|| Target {
        text: String::new(),
        comparison: Comparison::Done,
        kind: ValueKind::Milestone,
        value: None,
        unit: None,
        number_text: None,
        display: String::new(),
        lower_is_better: false,
    });
    let default_illustrative = indicator.illustrative.unwrap_or(file.illustrative);
    let mut history: Vec<EvaluatedMeasurement> = indicator
        .history
        .iter()
        .chain(file.batch_measurements(&indicator.id.text))
        .filter(|m| m.date <= report_date)
        .map(|m| shown(m, default_illustrative, false))
        .collect();
    history.sort_by_key(|m| m.date);
    let baseline =
        indicator.baseline.as_ref().filter(|b| b.date <= report_date).map(|b| shown(b, default_illustrative, true));
    let deadline = file.deadline_of(indicator).cloned();
    let due = deadline.as_ref().and_then(|d| d.due);
    let latest = history.last().cloned();

    let (status, expected, explanation) = status_of(&target, baseline.as_ref(), &history, due, report_date);
    let meter = meter(&target, latest.as_ref(), baseline.as_ref(), expected, status);
    let group = indicator.group.as_ref().and_then(|g| file.group(&g.text));
    let mut rows: Vec<EvaluatedMeasurement> = baseline.iter().cloned().collect();
    rows.extend(history.iter().cloned());
    EvaluatedIndicator {
        id: indicator.id.text.clone(),
        tt: indicator.tt,
        plan: file.plan_of(indicator).map(|p| p.text.clone()).unwrap_or_default(),
        group: group.map(|g| g.id.text.clone()),
        group_title: group.map(|g| g.title()),
        name: indicator.name.clone(),
        unit: indicator.unit.clone(),
        deadline,
        lead: links(file, &indicator.lead),
        cooperating: links(file, &indicator.cooperating),
        illustrative: rows.iter().any(|m| m.illustrative),
        expected_display: expected.map(|e| quantity(&target, e)),
        expected,
        status,
        explanation,
        meter,
        target,
        baseline,
        history,
        rows,
        latest,
        note: indicator.note.clone(),
        serialised: Serialised::default(),
    }
}

/// The status rules (see the module doc and the "Phương pháp" page).
fn status_of(
    target: &Target,
    baseline: Option<&EvaluatedMeasurement>,
    history: &[EvaluatedMeasurement],
    due: Option<Date>,
    report_date: Date,
) -> (IndicatorStatus, Option<f64>, String) {
    let Some(latest) = history.last() else {
        return (
            IndicatorStatus::ChuaCoSoLieu,
            None,
            format!("Chưa có số liệu nào đến ngày {}; chỉ tiêu không được tính là 0%.", report_date.vi()),
        );
    };
    let past_due = due.is_some_and(|d| report_date > d);
    let due_text = due.map(Date::vi).unwrap_or_else(|| "—".into());
    if target.kind == ValueKind::Milestone {
        return if latest.value >= 1.0 {
            (IndicatorStatus::Dat, None, format!("Đã hoàn thành (số liệu ngày {}).", latest.date_vi))
        } else if past_due {
            (
                IndicatorStatus::ChamTienDo,
                None,
                format!("Chưa hoàn thành (số liệu ngày {}) và đã quá hạn {due_text}.", latest.date_vi),
            )
        } else {
            (
                IndicatorStatus::DungTienDo,
                None,
                format!("Chưa hoàn thành (số liệu ngày {}); còn hạn đến {due_text}.", latest.date_vi),
            )
        };
    }
    let goal = target.value.unwrap_or(0.0);
    if target.comparison.is_met(latest.value, goal) {
        return (
            IndicatorStatus::Dat,
            Some(goal),
            format!("Số liệu ngày {} là {}, đạt mục tiêu {}.", latest.date_vi, latest.display, target.display),
        );
    }
    if past_due {
        return (
            IndicatorStatus::ChamTienDo,
            Some(goal),
            format!(
                "Đã hết hạn {due_text} mà số liệu mới nhất ({}, ngày {}) chưa đạt mục tiêu {}.",
                latest.display, latest.date_vi, target.display
            ),
        );
    }
    // The straight path starts at the baseline, or else at the first figure.
    let start = baseline.or(history.first()).filter(|s| s.date < latest.date);
    let (Some(start), Some(due)) = (start, due) else {
        return (
            IndicatorStatus::DungTienDo,
            None,
            format!(
                "Số liệu ngày {} là {}, chưa đạt mục tiêu {}; chưa có mốc cơ sở để tính lộ trình, còn hạn đến {due_text}.",
                latest.date_vi, latest.display, target.display
            ),
        );
    };
    let span = start.date.days_until(due);
    let elapsed = start.date.days_until(latest.date);
    let share = if span <= 0 { 1.0 } else { (elapsed as f64 / span as f64).clamp(0.0, 1.0) };
    let expected = start.value + (goal - start.value) * share;
    let on_track = if target.lower_is_better { latest.value <= expected + EPS } else { latest.value >= expected - EPS };
    let expected_text = quantity(target, expected);
    if on_track {
        (
            IndicatorStatus::DungTienDo,
            Some(expected),
            format!(
                "Số liệu ngày {} là {}: chưa đạt mục tiêu {} nhưng {} lộ trình ({} vào ngày này).",
                latest.date_vi,
                latest.display,
                target.display,
                if (latest.value - expected).abs() <= EPS { "đúng" } else { "vượt" },
                expected_text
            ),
        )
    } else {
        (
            IndicatorStatus::ChamTienDo,
            Some(expected),
            format!(
                "Số liệu ngày {} là {}, chậm so với lộ trình ({} vào ngày này) để đạt {} trước {due_text}.",
                latest.date_vi, latest.display, expected_text, target.display
            ),
        )
    }
}

fn meter(
    target: &Target,
    latest: Option<&EvaluatedMeasurement>,
    baseline: Option<&EvaluatedMeasurement>,
    expected: Option<f64>,
    status: IndicatorStatus,
) -> Meter {
    let value = latest.map(|m| m.value);
    let (min, max, goal) = match target.kind {
        ValueKind::Percent => (0.0, 100.0, target.value.unwrap_or(0.0)),
        ValueKind::Milestone => (0.0, 1.0, 1.0),
        ValueKind::Count => {
            let goal = target.value.unwrap_or(0.0);
            let top = [Some(goal), value, baseline.map(|b| b.value)].into_iter().flatten().fold(0.0, f64::max);
            (0.0, (top * COUNT_SCALE).ceil().max(1.0), goal)
        }
    };
    let clamp = |x: f64| x.clamp(min, max);
    // Where "behind" begins: the path value when there is one; without one, the
    // whole range short of the target counts as "not met yet".
    let behind_edge = match (status, expected) {
        (IndicatorStatus::Dat, _) => None,
        (_, Some(e)) => Some(e),
        _ => None,
    };
    let (low, high, optimum) = if target.kind == ValueKind::Milestone {
        let low = if status == IndicatorStatus::ChamTienDo { 1.0 } else { 0.0 };
        (low, 1.0, 1.0)
    } else if target.lower_is_better {
        (clamp(goal), clamp(behind_edge.unwrap_or(max).max(goal)), min)
    } else {
        (clamp(behind_edge.unwrap_or(min).min(goal)), clamp(goal), max)
    };
    let fraction = value.map_or(0.0, |v| if max > min { ((v - min) / (max - min)).clamp(0.0, 1.0) } else { 0.0 });
    let shown = latest.map_or_else(|| "Chưa có số liệu".to_string(), |m| m.display.clone());
    Meter {
        kind: target.kind,
        value,
        target: if target.kind == ValueKind::Milestone { Some(1.0) } else { target.value },
        min,
        max,
        low,
        high,
        optimum,
        fraction,
        target_fraction: match target.kind {
            ValueKind::Milestone => None,
            _ => target.value.filter(|_| max > min).map(|t| ((t - min) / (max - min)).clamp(0.0, 1.0)),
        },
        text: format!("{shown} / mục tiêu {}", target.display),
        lower_is_better: target.lower_is_better,
    }
}

fn evaluate_task(file: &ProgressFile, task: &Task, report_date: Date) -> EvaluatedTask {
    let default_illustrative = task.illustrative.unwrap_or(file.illustrative);
    let mut updates: Vec<_> = task.updates.iter().filter(|u| u.date <= report_date).collect();
    updates.sort_by_key(|u| u.date);
    let state = task.state.or_else(|| updates.iter().rev().find_map(|u| u.state));
    let reported = task.percent.or_else(|| updates.iter().rev().find_map(|u| u.percent));
    let done = state == Some(TaskState::HoanThanh) || reported.is_some_and(|p| p >= 100.0);
    let completed = task.completed.filter(|d| *d <= report_date).or_else(|| {
        done.then(|| {
            updates
                .iter()
                .find(|u| u.state == Some(TaskState::HoanThanh) || u.percent.is_some_and(|p| p >= 100.0))
                .map(|u| u.date)
        })
        .flatten()
    });
    let recurring = task.deadline.as_ref().is_some_and(Deadline::is_recurring);
    let due = task.deadline.as_ref().and_then(|d| d.due);
    let due_vi = due.map(Date::vi);
    let days_left = due.map(|d| report_date.days_until(d));
    let late = matches!((completed, due), (Some(c), Some(d)) if done && c > d);
    let status = if recurring {
        TaskStatus::ThuongXuyen
    } else if done {
        TaskStatus::HoanThanh
    } else if days_left.is_some_and(|d| d < 0) {
        TaskStatus::QuaHan
    } else {
        TaskStatus::DangThucHien
    };
    let percent = match status {
        TaskStatus::HoanThanh => Some(100.0),
        TaskStatus::ThuongXuyen => None,
        _ => reported,
    };
    let percent_text = percent.map(vi::format_percent);
    let due_text = due_vi.clone().unwrap_or_else(|| "—".into());
    let progress_text = match status {
        TaskStatus::ThuongXuyen => "Nhiệm vụ thường xuyên".to_string(),
        TaskStatus::HoanThanh => match completed {
            Some(c) if late => format!("100% — hoàn thành {} (hạn {due_text})", c.vi()),
            Some(c) => format!("100% — hoàn thành {}", c.vi()),
            None => "100% — hoàn thành".to_string(),
        },
        _ => format!("{} — hạn {due_text}", percent_text.clone().unwrap_or_else(|| "Chưa báo cáo tỷ lệ".into())),
    };
    let days_text = match (status, days_left) {
        (TaskStatus::QuaHan, Some(d)) => Some(format!("quá hạn {} ngày", vi::format_int(-d))),
        (TaskStatus::DangThucHien, Some(0)) => Some("đến hạn ngày báo cáo".to_string()),
        (TaskStatus::DangThucHien, Some(d)) => Some(format!("còn {} ngày", vi::format_int(d))),
        _ => None,
    };
    let state_text = state.map(|s| s.label().to_lowercase());
    let explanation = match status {
        TaskStatus::ThuongXuyen => "Nhiệm vụ thường xuyên: làm liên tục, không xét quá hạn.".to_string(),
        TaskStatus::HoanThanh if late => format!(
            "Đã hoàn thành{}, sau hạn {due_text}.",
            completed.map(|c| format!(" ngày {}", c.vi())).unwrap_or_default()
        ),
        TaskStatus::HoanThanh => {
            format!("Đã hoàn thành{}.", completed.map(|c| format!(" ngày {}", c.vi())).unwrap_or_default())
        }
        TaskStatus::QuaHan => format!(
            "Hạn {due_text} đã qua ({}) mà chưa báo cáo hoàn thành{}.",
            days_text.clone().unwrap_or_default(),
            percent_text.as_ref().map(|p| format!("; đã thực hiện {p}")).unwrap_or_default()
        ),
        TaskStatus::DangThucHien => format!(
            "Chưa hoàn thành, {} (hạn {due_text}){}.",
            days_text.clone().unwrap_or_default(),
            match (&percent_text, &state_text) {
                (Some(p), _) => format!("; đã thực hiện {p}"),
                (None, Some(s)) => format!("; trạng thái: {s}"),
                (None, None) => "; chưa có báo cáo".to_string(),
            }
        ),
    };
    let updates: Vec<EvaluatedUpdate> = updates
        .iter()
        .map(|u| EvaluatedUpdate {
            date: u.date,
            date_vi: u.date.vi(),
            state: u.state.map(TaskState::key),
            state_label: u.state.map(TaskState::label),
            percent: u.percent,
            percent_display: u.percent.map(vi::format_percent),
            source: u.source.clone(),
            note: u.note.clone(),
            illustrative: u.illustrative.unwrap_or(default_illustrative),
        })
        .collect();
    EvaluatedTask {
        id: task.id.text.clone(),
        plan: task.plan.as_ref().map(|p| p.text.clone()).unwrap_or_default(),
        section: task.section.clone(),
        name: task.name.clone(),
        lead: links(file, &task.lead),
        cooperating: links(file, &task.cooperating),
        deadline: task.deadline.clone(),
        due,
        due_vi,
        status,
        explanation,
        percent,
        progress_text,
        days_left,
        days_text,
        completed,
        completed_vi: completed.map(Date::vi),
        late,
        illustrative: default_illustrative || updates.iter().any(|u| u.illustrative),
        updates,
        note: task.note.clone(),
        serialised: Serialised::default(),
    }
}

/// Counts per status over the given indicators and tasks.
pub fn rollup<'a>(
    indicators: impl Iterator<Item = &'a EvaluatedIndicator>,
    tasks: impl Iterator<Item = &'a EvaluatedTask>,
) -> Rollup {
    let mut i = IndicatorCounts::default();
    for indicator in indicators {
        i.total += 1;
        match indicator.status {
            IndicatorStatus::Dat => i.dat += 1,
            IndicatorStatus::DungTienDo => i.dung_tien_do += 1,
            IndicatorStatus::ChamTienDo => i.cham_tien_do += 1,
            IndicatorStatus::ChuaCoSoLieu => i.chua_co_so_lieu += 1,
        }
    }
    i.with_data = i.total - i.chua_co_so_lieu;
    i.met_share = (i.with_data > 0).then(|| i.dat as f64 / i.with_data as f64);
    i.met_share_text = match i.met_share {
        Some(share) => {
            format!("{}/{} chỉ tiêu có số liệu đã đạt ({})", i.dat, i.with_data, vi::format_percent(share * 100.0))
        }
        None if i.total == 0 => "Không có chỉ tiêu".to_string(),
        None => "Chưa có chỉ tiêu nào có số liệu".to_string(),
    };
    let mut t = TaskCounts::default();
    let mut sum = 0.0;
    for task in tasks {
        t.total += 1;
        match task.status {
            TaskStatus::HoanThanh => t.hoan_thanh += 1,
            TaskStatus::DangThucHien => t.dang_thuc_hien += 1,
            TaskStatus::QuaHan => t.qua_han += 1,
            TaskStatus::ThuongXuyen => t.thuong_xuyen += 1,
        }
        if let Some(p) = task.percent.filter(|_| task.status != TaskStatus::ThuongXuyen) {
            t.with_percent += 1;
            sum += p;
        }
    }
    t.mean_completion = (t.with_percent > 0).then(|| sum / t.with_percent as f64);
    let with_deadline = t.total - t.thuong_xuyen;
    t.mean_completion_text = match t.mean_completion {
        Some(mean) => format!(
            "Trung bình {} ({}/{} nhiệm vụ có hạn đã báo cáo tỷ lệ)",
            vi::format_percent(mean),
            t.with_percent,
            with_deadline
        ),
        None if with_deadline == 0 => "Không có nhiệm vụ có hạn".to_string(),
        None => "Chưa có nhiệm vụ nào báo cáo tỷ lệ".to_string(),
    };
    Rollup { indicators: i, tasks: t }
}

fn month_of(date: Date) -> (i32, u32) {
    (date.year(), date.month())
}

fn latest_report(indicators: &[Arc<EvaluatedIndicator>], tasks: &[Arc<EvaluatedTask>]) -> Option<LatestReport> {
    let month = indicators
        .iter()
        .flat_map(|i| i.history.iter().map(|m| month_of(m.date)))
        .chain(tasks.iter().flat_map(|t| t.updates.iter().map(|u| month_of(u.date))))
        .max()?;
    let mut changes = Vec::new();
    for indicator in indicators {
        let Some(current) = indicator.history.iter().rev().find(|m| month_of(m.date) == month) else { continue };
        let previous =
            indicator.history.iter().rev().find(|m| month_of(m.date) < month).or(indicator.baseline.as_ref());
        let delta = previous.map(|p| current.value - p.value);
        let (direction, improved) = match delta {
            None => ("moi", None),
            Some(d) if d.abs() <= EPS => ("khong-doi", None),
            Some(d) => {
                let up = d > 0.0;
                (if up { "tang" } else { "giam" }, Some(up != indicator.target.lower_is_better))
            }
        };
        let delta_text = match (indicator.target.kind, delta) {
            (_, None) => "số liệu đầu tiên".to_string(),
            (ValueKind::Milestone, Some(d)) if d > EPS => "mới hoàn thành".to_string(),
            (ValueKind::Milestone, Some(_)) => "không đổi".to_string(),
            (ValueKind::Percent, Some(d)) => format!("{} điểm %", vi::format_signed(d, 2)),
            (ValueKind::Count, Some(d)) => match indicator.target.unit.as_deref() {
                Some(u) => format!("{} {u}", vi::format_signed(d, 2)),
                None => vi::format_signed(d, 2),
            },
        };
        changes.push(Change {
            indicator: indicator.id.clone(),
            name: indicator.name.clone(),
            date_vi: current.date_vi.clone(),
            current: current.display.clone(),
            previous: previous.map(|p| p.display.clone()),
            previous_date_vi: previous.map(|p| p.date_vi.clone()),
            delta,
            delta_text,
            direction,
            improved,
            status: indicator.status,
        });
    }
    let task_updates = tasks
        .iter()
        .filter_map(|t| {
            let u = t.updates.iter().rev().find(|u| month_of(u.date) == month)?;
            Some(TaskChange {
                task: t.id.clone(),
                name: t.name.clone(),
                date_vi: u.date_vi.clone(),
                state_label: u.state_label,
                percent_display: u.percent_display.clone(),
                status: t.status,
            })
        })
        .collect();
    Some(LatestReport {
        month: format!("{:04}-{:02}", month.0, month.1),
        label: format!("tháng {:02}/{}", month.1, month.0),
        changes,
        task_updates,
    })
}
