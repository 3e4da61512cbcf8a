//! The indicator file as typed data: agencies, groups, indicators with their targets
//! and measurements, tasks with their deadlines and updates. Every value that came
//! from the file keeps the byte span it came from, so later checks can point at it.

use std::ops::Range;

use serde::Serialize;

use super::parse::{Amount, Deadline, Evidence, Target};
use crate::date::Date;
use crate::diagnostics::Diagnostic;
use crate::vi;

/// A byte range in the indicator file.
pub type Span = Range<usize>;

/// A piece of text from the file and where it was: a reference to a plan, an
/// agency, a group or an indicator, or an id.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Located {
    pub text: String,
    #[serde(skip)]
    pub span: Span,
}

/// The whole indicator file (`content/chi-tieu.toml`).
#[derive(Clone, Debug, Default, Serialize)]
pub struct ProgressFile {
    pub path: String,
    /// The text of the file, kept to turn spans into `line:col`.
    #[serde(skip)]
    pub source: String,
    /// "Số liệu tính đến ngày": when the file says which date its figures are for.
    pub report_date: Option<Date>,
    /// Every figure in the file is illustrative ("Số liệu minh họa").
    pub illustrative: bool,
    pub agencies: Vec<Agency>,
    pub groups: Vec<Group>,
    pub indicators: Vec<Indicator>,
    /// Measurements reported as a batch (`[[measurements]]`), outside their
    /// indicator's table.
    pub measurements: Vec<BatchMeasurement>,
    pub tasks: Vec<Task>,
    /// Ids of agencies, groups, indicators and tasks whose table could not be read
    /// (already reported): references to them are not reported again as unknown.
    #[serde(skip)]
    pub unreadable_ids: Vec<String>,
    /// The indicator references of `[[measurements]]` whose indicator is not in the
    /// file (reported by `validate`).
    #[serde(skip)]
    pub orphan_measurements: Vec<Located>,
    /// Look-ups by id and name, built once after loading (see [`ProgressFile::build_index`]).
    #[serde(skip)]
    pub(crate) index: FileIndex,
}

/// Hash maps over a loaded file, so that every reference is resolved in constant time:
/// a province-level file has tens of thousands of indicators and references.
#[derive(Clone, Debug, Default)]
pub(crate) struct FileIndex {
    /// `vi::name_key` of each agency's id, name and aliases → first agency with it.
    agencies: std::collections::HashMap<String, usize>,
    groups: std::collections::HashMap<String, usize>,
    indicators: std::collections::HashMap<String, usize>,
    /// Indicator id → indices into `measurements` (batch figures).
    batch: std::collections::HashMap<String, Vec<usize>>,
}

/// A department or unit of the commune (`[[agencies]]`).
#[derive(Clone, Debug, Serialize)]
pub struct Agency {
    pub id: Located,
    pub name: Located,
    pub aliases: Vec<Located>,
    /// For `/co-quan/<slug>/`: `slug` from the file, or the slug of the name.
    pub slug: String,
}

impl Agency {
    /// Whether `reference` names this agency: its id, name or an alias, compared
    /// with [`vi::name_key`] (case, spacing around hyphens, repeated spaces and tone
    /// placement are tolerated; missing diacritics are not).
    pub fn matches(&self, reference: &str) -> bool {
        let key = vi::name_key(reference);
        key == vi::name_key(&self.id.text)
            || key == vi::name_key(&self.name.text)
            || self.aliases.iter().any(|a| key == vi::name_key(&a.text))
    }
}

/// A group of indicators in a plan's appendix ("I. Chính quyền số").
#[derive(Clone, Debug, Serialize)]
pub struct Group {
    pub id: Located,
    /// "I", "II", … as numbered in the appendix.
    pub number: Option<String>,
    pub name: String,
    pub plan: Option<Located>,
    /// Default deadline of the group's indicators ("năm 2026").
    pub deadline: Option<Deadline>,
    /// A deadline was written (even if it could not be read).
    #[serde(skip)]
    pub deadline_given: bool,
}

impl Group {
    /// "I. Chính quyền số".
    pub fn title(&self) -> String {
        match &self.number {
            Some(n) => format!("{n}. {}", self.name),
            None => self.name.clone(),
        }
    }
}

/// One dated figure for an indicator.
#[derive(Clone, Debug, Serialize)]
pub struct Measurement {
    pub date: Date,
    #[serde(skip)]
    pub date_span: Span,
    pub value: Amount,
    #[serde(skip)]
    pub value_span: Span,
    pub source: Option<Evidence>,
    pub note: Option<String>,
    /// `Some(true)`: this figure is illustrative even if the file is not.
    pub illustrative: Option<bool>,
}

/// A measurement written in `[[measurements]]`, naming its indicator.
#[derive(Clone, Debug, Serialize)]
pub struct BatchMeasurement {
    pub indicator: Located,
    pub measurement: Measurement,
}

/// An indicator (chỉ tiêu) of a plan's appendix.
#[derive(Clone, Debug, Serialize)]
pub struct Indicator {
    pub id: Located,
    /// The number in the appendix (cột TT).
    pub tt: Option<u32>,
    pub group: Option<Located>,
    pub plan: Option<Located>,
    pub name: String,
    pub unit: Option<String>,
    pub target: Option<Target>,
    #[serde(skip)]
    pub target_span: Span,
    pub deadline: Option<Deadline>,
    /// A deadline was written (even if it could not be read).
    #[serde(skip)]
    pub deadline_given: bool,
    pub lead: Vec<Located>,
    pub cooperating: Vec<Located>,
    pub baseline: Option<Measurement>,
    /// Measurements written inside the indicator (`[[indicators.history]]`).
    pub history: Vec<Measurement>,
    pub illustrative: Option<bool>,
    pub note: Option<String>,
    /// Where the indicator's table starts (for errors about the whole indicator).
    #[serde(skip)]
    pub span: Span,
}

/// What the file records about a task's state.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskState {
    ChuaBatDau,
    DangThucHien,
    HoanThanh,
}

impl TaskState {
    pub const ACCEPTED: &'static str =
        "\"chua-bat-dau\" (Chưa bắt đầu), \"dang-thuc-hien\" (Đang thực hiện), \"hoan-thanh\" (Hoàn thành)";

    /// Reads the key ("dang-thuc-hien") or the label ("Đang thực hiện").
    pub fn parse(text: &str) -> Option<TaskState> {
        let key = vi::name_key(text);
        [TaskState::ChuaBatDau, TaskState::DangThucHien, TaskState::HoanThanh]
            .into_iter()
            .find(|s| key == s.key() || key == vi::name_key(s.label()))
    }

    pub fn key(self) -> &'static str {
        match self {
            TaskState::ChuaBatDau => "chua-bat-dau",
            TaskState::DangThucHien => "dang-thuc-hien",
            TaskState::HoanThanh => "hoan-thanh",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            TaskState::ChuaBatDau => "Chưa bắt đầu",
            TaskState::DangThucHien => "Đang thực hiện",
            TaskState::HoanThanh => "Hoàn thành",
        }
    }
}

/// A dated report on a task.
#[derive(Clone, Debug, Serialize)]
pub struct TaskUpdate {
    pub date: Date,
    #[serde(skip)]
    pub date_span: Span,
    pub state: Option<TaskState>,
    pub percent: Option<f64>,
    pub source: Option<Evidence>,
    pub note: Option<String>,
    pub illustrative: Option<bool>,
}

/// A task (nhiệm vụ) of a plan.
#[derive(Clone, Debug, Serialize)]
pub struct Task {
    pub id: Located,
    pub plan: Option<Located>,
    /// Where the plan states it ("Phần II, mục III.1").
    pub section: Option<String>,
    pub name: String,
    pub lead: Vec<Located>,
    pub cooperating: Vec<Located>,
    pub deadline: Option<Deadline>,
    /// A deadline was written (even if it could not be read).
    #[serde(skip)]
    pub deadline_given: bool,
    /// State as of the report date, when written on the task itself.
    pub state: Option<TaskState>,
    pub percent: Option<f64>,
    /// The day the task was finished.
    pub completed: Option<Date>,
    #[serde(skip)]
    pub completed_span: Span,
    pub updates: Vec<TaskUpdate>,
    pub illustrative: Option<bool>,
    pub note: Option<String>,
    #[serde(skip)]
    pub span: Span,
}

impl ProgressFile {
    /// Builds the look-up maps; `load` calls it once the file is read.
    pub fn build_index(&mut self) {
        let mut index = FileIndex::default();
        for (i, agency) in self.agencies.iter().enumerate() {
            for name in std::iter::once(&agency.id).chain(std::iter::once(&agency.name)).chain(&agency.aliases) {
                index.agencies.entry(vi::name_key(&name.text)).or_insert(i);
            }
        }
        for (i, group) in self.groups.iter().enumerate() {
            index.groups.entry(group.id.text.clone()).or_insert(i);
        }
        for (i, indicator) in self.indicators.iter().enumerate() {
            index.indicators.entry(indicator.id.text.clone()).or_insert(i);
        }
        for (i, m) in self.measurements.iter().enumerate() {
            index.batch.entry(m.indicator.text.clone()).or_default().push(i);
        }
        self.index = index;
    }

    /// The agency a reference names, if one is declared.
    pub fn agency(&self, reference: &str) -> Option<&Agency> {
        if self.index.agencies.is_empty() {
            return self.agencies.iter().find(|a| a.matches(reference));
        }
        self.index.agencies.get(&vi::name_key(reference)).map(|&i| &self.agencies[i])
    }

    pub fn group(&self, id: &str) -> Option<&Group> {
        if self.index.groups.is_empty() {
            return self.groups.iter().find(|g| g.id.text == id);
        }
        self.index.groups.get(id).map(|&i| &self.groups[i])
    }

    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        if self.index.indicators.is_empty() {
            return self.indicators.iter().find(|i| i.id.text == id);
        }
        self.index.indicators.get(id).map(|&i| &self.indicators[i])
    }

    /// The batch figures (`[[measurements]]`) of an indicator.
    pub fn batch_measurements<'a>(&'a self, indicator_id: &'a str) -> Box<dyn Iterator<Item = &'a Measurement> + 'a> {
        if self.index.batch.is_empty() {
            // Not indexed (or no batch figures at all): a scan of an empty or small list.
            return Box::new(
                self.measurements.iter().filter(move |m| m.indicator.text == indicator_id).map(|m| &m.measurement),
            );
        }
        Box::new(self.index.batch.get(indicator_id).into_iter().flatten().map(|&i| &self.measurements[i].measurement))
    }

    /// The plan an indicator belongs to: its own `plan`, else its group's.
    pub fn plan_of<'a>(&'a self, indicator: &'a Indicator) -> Option<&'a Located> {
        indicator.plan.as_ref().or_else(|| indicator.group.as_ref().and_then(|g| self.group(&g.text)?.plan.as_ref()))
    }

    /// Whether a deadline was written for an indicator or its group, readable or not.
    pub fn deadline_given(&self, indicator: &Indicator) -> bool {
        indicator.deadline_given
            || indicator.group.as_ref().and_then(|g| self.group(&g.text)).is_some_and(|g| g.deadline_given)
    }

    /// The deadline of an indicator: its own, else its group's.
    pub fn deadline_of<'a>(&'a self, indicator: &'a Indicator) -> Option<&'a Deadline> {
        indicator
            .deadline
            .as_ref()
            .or_else(|| indicator.group.as_ref().and_then(|g| self.group(&g.text)?.deadline.as_ref()))
    }

    /// An error located at `span` of this file.
    pub fn error(&self, span: &Span, message: impl Into<String>, hint: impl Into<String>) -> Diagnostic {
        Diagnostic::error_at(&self.path, &self.source, content_start(&self.source, span), message).with_hint(hint)
    }
}

/// Where the content of a value starts: after the opening quote(s) of a string.
pub fn content_start(source: &str, span: &Span) -> usize {
    let rest = source.get(span.start..).unwrap_or("");
    if rest.starts_with("\"\"\"") || rest.starts_with("'''") {
        span.start + 3
    } else if rest.starts_with('"') || rest.starts_with('\'') {
        span.start + 1
    } else {
        span.start
    }
}
