//! Progress: whether the commune does what its plans promised. Reads the indicator
//! file (`content/chi-tieu.toml`: agencies, groups, indicators with targets and dated
//! measurements, tasks with deadlines and updates), checks it, and computes statuses,
//! bar values, rollups, open data and history charts for the site.
//!
//! Stages, each pure:
//! - [`load`]: TOML text → [`ProgressFile`], every target, value, date and deadline
//!   parsed into a typed value with its span; located
//!   [`Diagnostic`](crate::diagnostics::Diagnostic)s.
//! - [`validate`]: cross-references (plans, groups, agencies, indicators), duplicate
//!   ids, figures dated after the report date.
//! - [`evaluate`]: statuses, meters, rollups, latest changes → [`Progress`], which
//!   templates receive as-is.
//! - [`open_data`] and [`history_svg`]: files and charts from a [`Progress`].

mod chart;
mod evaluate;
mod load;
mod model;
pub mod open_data;
pub mod parse;
mod validate;

#[cfg(test)]
mod tests;

pub use chart::history_svg;
pub use evaluate::{
    AgencyLink, AgencyProgress, Change, EvaluatedIndicator, EvaluatedMeasurement, EvaluatedTask, EvaluatedUpdate,
    GroupProgress, IndicatorCounts, IndicatorStatus, LatestReport, Meter, PlanProgress, Progress, Rollup, StatusInfo,
    TaskChange, TaskCounts, TaskStatus, evaluate, rollup,
};
pub use load::load;
pub use model::{
    Agency, BatchMeasurement, Group, Indicator, Located, Measurement, ProgressFile, Span, Task, TaskState, TaskUpdate,
};
pub use parse::{Amount, Comparison, Deadline, DeadlineKind, Evidence, Target, ValueKind};
pub use validate::validate;

use crate::date::Date;

/// The report date to use: the one given on the command line (`--today`) wins, then
/// the file's `report_date`, then `fallback` (config, or `SOURCE_DATE_EPOCH`).
pub fn report_date(file: &ProgressFile, command_line: Option<Date>, fallback: Date) -> Date {
    command_line.or(file.report_date).unwrap_or(fallback)
}
