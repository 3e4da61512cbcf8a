//! Reading `content/chi-tieu.toml`: TOML → [`ProgressFile`], with every target,
//! value, date and deadline parsed into a typed value at load time and every problem
//! reported as a located [`Diagnostic`].
//!
//! The document is parsed once into spanned TOML values; each table of each
//! `[[array]]` (and each entry of an indicator's `history` or a task's `updates`) is
//! then deserialised on its own, so one bad table does not hide the problems of the
//! others: a single run reports every error in the file.

use std::fmt;

use serde::de::{self, DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use super::model::{
    Agency, BatchMeasurement, Group, Indicator, Located, Measurement, ProgressFile, Span, Task, TaskState, TaskUpdate,
};
use super::parse::{self, Deadline, RawValue, Target};
use crate::date::Date;
use crate::diagnostics::{self, Diagnostic};
use crate::vi;

const TOP_KEYS: &[&str] = &["report_date", "illustrative", "agencies", "groups", "indicators", "measurements", "tasks"];

const DATE_FORMS: &str = "viết ngày dạng 2026-01-31 (ngày TOML, không có ngoặc kép) hoặc \"31/01/2026\"";

/// A number (`74.07`, `1707`) or a text (`"74,07%"`) as written in the file.
#[derive(Clone, Debug)]
enum RawScalar {
    Number(f64, String),
    Text(String),
}

impl<'de> Deserialize<'de> for RawScalar {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawScalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number (74.07) or a quoted text (\"74,07%\")")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawScalar, E> {
                Ok(RawScalar::Number(v as f64, v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawScalar, E> {
                Ok(RawScalar::Number(v as f64, v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawScalar, E> {
                Ok(RawScalar::Number(v, v.to_string()))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawScalar, E> {
                Ok(RawScalar::Text(v.to_string()))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// A TOML date (`2026-01-31`) or a text (`"31/01/2026"`, `"Quý IV/2025"`).
#[derive(Clone, Debug)]
enum RawDate {
    Toml(toml::value::Datetime),
    Text(String),
}

impl<'de> Deserialize<'de> for RawDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a TOML date (2026-01-31) or a quoted text (\"31/01/2026\")")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDate, E> {
                Ok(RawDate::Text(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<RawDate, A::Error> {
                let datetime = toml::value::Datetime::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(RawDate::Toml(datetime))
            }
        }
        deserializer.deserialize_any(V)
    }
}

/// Agencies: `"A; B"` or `["A", "B"]`.
#[derive(Clone, Debug)]
enum RawList {
    One(String),
    Many(Vec<Spanned<String>>),
}

impl<'de> Deserialize<'de> for RawList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawList;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a quoted text (\"A; B\") or a list of texts ([\"A\", \"B\"])")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawList, E> {
                Ok(RawList::One(v.to_string()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RawList, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<String>>()? {
                    items.push(item);
                }
                Ok(RawList::Many(items))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAgency {
    id: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    aliases: Vec<Spanned<String>>,
    slug: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    id: Spanned<String>,
    number: Option<String>,
    name: String,
    plan: Option<Spanned<String>>,
    deadline: Option<Spanned<RawDate>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    id: Spanned<String>,
    tt: Option<u32>,
    group: Option<Spanned<String>>,
    plan: Option<Spanned<String>>,
    name: String,
    unit: Option<String>,
    target: Spanned<String>,
    deadline: Option<Spanned<RawDate>>,
    lead: Spanned<RawList>,
    cooperating: Option<Spanned<RawList>>,
    baseline: Option<Spanned<RawMeasurement>>,
    illustrative: Option<bool>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasurement {
    date: Spanned<RawDate>,
    value: Spanned<RawScalar>,
    source: Option<String>,
    note: Option<String>,
    illustrative: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBatchMeasurement {
    indicator: Spanned<String>,
    date: Spanned<RawDate>,
    value: Spanned<RawScalar>,
    source: Option<String>,
    note: Option<String>,
    illustrative: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTask {
    id: Spanned<String>,
    plan: Option<Spanned<String>>,
    section: Option<String>,
    name: String,
    lead: Spanned<RawList>,
    cooperating: Option<Spanned<RawList>>,
    deadline: Option<Spanned<RawDate>>,
    status: Option<Spanned<String>>,
    percent: Option<Spanned<RawScalar>>,
    completed: Option<Spanned<RawDate>>,
    illustrative: Option<bool>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTaskUpdate {
    date: Spanned<RawDate>,
    status: Option<Spanned<String>>,
    percent: Option<Spanned<RawScalar>>,
    source: Option<String>,
    note: Option<String>,
    illustrative: Option<bool>,
}

/// The loader's state: the file being built and the problems found.
struct Loader<'a> {
    path: &'a str,
    source: &'a str,
    diagnostics: Vec<Diagnostic>,
    unreadable: Vec<String>,
}

/// Parses the indicator file at `path` (relative to the site root, used in messages)
/// whose text is `source`. Returns what could be read and every problem found.
///
/// The tables of each array are moved out of the parsed document, not copied, and the
/// indicators' and tasks' tables (thousands in a province's file) are read in parallel,
/// each with a loader of its own whose problems are then gathered in file order.
pub fn load(path: &str, source: &str) -> (ProgressFile, Vec<Diagnostic>) {
    let mut file = ProgressFile { path: path.to_string(), source: source.to_string(), ..ProgressFile::default() };
    let mut root = match DeTable::parse(source) {
        Ok(root) => root.into_inner(),
        Err(error) => return (file, vec![diagnostics::from_toml_error(path, source, 0, &error)]),
    };
    let mut loader = Loader::new(path, source);

    for (key, _) in root.iter() {
        let name: &str = key.get_ref();
        if !TOP_KEYS.contains(&name) {
            let hint = match diagnostics::nearest(name, TOP_KEYS.iter().copied()) {
                Some(best) => format!("có phải ý bạn là `{best}`? Các khóa hợp lệ: {}", TOP_KEYS.join(", ")),
                None => format!("các khóa hợp lệ: {}", TOP_KEYS.join(", ")),
            };
            loader.error(&key.span(), format!("khóa `{name}` không được hỗ trợ ở đây"), hint);
        }
    }
    if let Some(value) = root.remove("report_date") {
        file.report_date = loader.de::<Spanned<RawDate>>(value).and_then(|d| loader.date(&d));
    }
    if let Some(value) = root.remove("illustrative") {
        file.illustrative = loader.de::<bool>(value).unwrap_or(false);
    }
    for item in loader.items(&mut root, "agencies") {
        let id = table_id(&item);
        if let Some(raw) = loader.de::<RawAgency>(item).or_else(|| loader.mark_unreadable(id)) {
            file.agencies.push(loader.agency(raw));
        }
    }
    for item in loader.items(&mut root, "groups") {
        let id = table_id(&item);
        if let Some(raw) = loader.de::<RawGroup>(item).or_else(|| loader.mark_unreadable(id)) {
            file.groups.push(loader.group(raw));
        }
    }
    let items = loader.items(&mut root, "indicators");
    let indicators = read_in_parallel(
        path,
        source,
        items,
        "history",
        |loader, raw: RawIndicator, span| loader.indicator(raw, span),
        |loader, indicator, raw: RawMeasurement| {
            if let Some(m) = loader.measurement(raw, indicator.target.as_ref()) {
                indicator.history.push(m);
            }
        },
    );
    for (indicator, part) in indicators {
        file.indicators.extend(indicator);
        loader.absorb(part);
    }
    let indicator_ids: std::collections::HashMap<String, usize> =
        file.indicators.iter().enumerate().map(|(i, ind)| (ind.id.text.clone(), i)).rev().collect();
    for item in loader.items(&mut root, "measurements") {
        let Some(raw) = loader.de::<RawBatchMeasurement>(item) else { continue };
        let indicator = located(&raw.indicator);
        let fields = RawMeasurement {
            date: raw.date,
            value: raw.value,
            source: raw.source,
            note: raw.note,
            illustrative: raw.illustrative,
        };
        match indicator_ids.get(&indicator.text).map(|&i| &file.indicators[i]) {
            Some(known) => {
                let target = known.target.clone();
                if let Some(measurement) = loader.measurement(fields, target.as_ref()) {
                    file.measurements.push(BatchMeasurement { indicator, measurement });
                }
            }
            None => {
                // Without its indicator the value cannot be typed: check the date and
                // the value's form; `validate` reports the unknown id.
                let _ = loader.date(&fields.date);
                let _ = loader.raw_value(&fields.value);
                file.orphan_measurements.push(indicator);
            }
        }
    }
    let items = loader.items(&mut root, "tasks");
    let tasks = read_in_parallel(
        path,
        source,
        items,
        "updates",
        |loader, raw: RawTask, span| loader.task(raw, span),
        |loader, task, raw: RawTaskUpdate| {
            if let Some(update) = loader.task_update(raw) {
                task.updates.push(update);
            }
        },
    );
    for (task, part) in tasks {
        file.tasks.extend(task);
        loader.absorb(part);
    }
    file.unreadable_ids = loader.unreadable;
    file.build_index();
    let mut diagnostics = loader.diagnostics;
    diagnostics::sort(&mut diagnostics);
    (file, diagnostics)
}

/// Reads the tables `items` of a top-level array in parallel, each with a loader of its
/// own: `make` turns a table (without its `entries_key` array) into an item, then `add`
/// takes each entry of that array. Items come back in file order, each with what its
/// loader found; a table that cannot be read gives `None` and its id is remembered.
fn read_in_parallel<'a, T: Send, Raw: DeserializeOwned, Entry: DeserializeOwned>(
    path: &'a str,
    source: &'a str,
    items: Vec<Spanned<DeValue<'_>>>,
    entries_key: &str,
    make: impl Fn(&mut Loader, Raw, Span) -> T + Sync,
    add: impl Fn(&mut Loader, &mut T, Entry) + Sync,
) -> Vec<(Option<T>, Loader<'a>)> {
    use rayon::prelude::*;
    items
        .into_par_iter()
        .map(|item| {
            let mut loader = Loader::new(path, source);
            let (id, span) = (table_id(&item), item.span());
            let (table, entries) = split_off(item, entries_key);
            let Some(raw) = loader.de::<Raw>(table).or_else(|| loader.mark_unreadable(id)) else {
                return (None, loader);
            };
            let mut made = make(&mut loader, raw, span);
            for entry in entries.map(|e| loader.entries(e, entries_key)).unwrap_or_default() {
                if let Some(raw) = loader.de::<Entry>(entry) {
                    add(&mut loader, &mut made, raw);
                }
            }
            (Some(made), loader)
        })
        .collect()
}

/// The table without `key`, and the value of `key` if it was there.
fn split_off<'i>(value: Spanned<DeValue<'i>>, key: &str) -> (Spanned<DeValue<'i>>, Option<Spanned<DeValue<'i>>>) {
    let span = value.span();
    match value.into_inner() {
        DeValue::Table(mut table) => {
            let sub = table.remove(key);
            (Spanned::new(span, DeValue::Table(table)), sub)
        }
        other => (Spanned::new(span, other), None),
    }
}

/// The `id` of a table, trimmed, if it has a text one.
fn table_id(value: &Spanned<DeValue<'_>>) -> Option<String> {
    value.get_ref().get("id").and_then(|v| v.get_ref().as_str()).map(|id| id.trim().to_string())
}

fn located(value: &Spanned<String>) -> Located {
    Located { text: value.get_ref().trim().to_string(), span: value.span() }
}

impl<'a> Loader<'a> {
    fn error(&mut self, span: &Span, message: impl Into<String>, hint: impl Into<String>) {
        let offset = super::model::content_start(self.source, span);
        self.diagnostics.push(Diagnostic::error_at(self.path, self.source, offset, message).with_hint(hint));
    }

    fn new(path: &'a str, source: &'a str) -> Loader<'a> {
        Loader { path, source, diagnostics: Vec::new(), unreadable: Vec::new() }
    }

    /// Takes over what another loader (of one table) found.
    fn absorb(&mut self, other: Loader<'_>) {
        self.diagnostics.extend(other.diagnostics);
        self.unreadable.extend(other.unreadable);
    }

    /// Deserialises one value, reporting a failure.
    fn de<T: DeserializeOwned>(&mut self, value: Spanned<DeValue<'_>>) -> Option<T> {
        match T::deserialize(ValueDeserializer::from(value)) {
            Ok(v) => Some(v),
            Err(error) => {
                self.diagnostics.push(diagnostics::from_toml_error(self.path, self.source, 0, &error));
                None
            }
        }
    }

    /// Remembers the id of a table that could not be read (see [`table_id`]), so that
    /// references to it are not reported a second time.
    fn mark_unreadable<T>(&mut self, id: Option<String>) -> Option<T> {
        self.unreadable.extend(id);
        None
    }

    /// The tables of a top-level `[[key]]` array, moved out of `root`.
    fn items<'i>(&mut self, root: &mut DeTable<'i>, key: &str) -> Vec<Spanned<DeValue<'i>>> {
        match root.remove(key) {
            None => Vec::new(),
            Some(value) => self.entries(value, key),
        }
    }

    /// The tables of an array of tables.
    fn entries<'i>(&mut self, value: Spanned<DeValue<'i>>, key: &str) -> Vec<Spanned<DeValue<'i>>> {
        let span = value.span();
        match value.into_inner() {
            DeValue::Array(items) => items.into_iter().collect(),
            _ => {
                self.error(
                    &span,
                    format!("`{key}` phải là một danh sách bảng"),
                    format!("viết mỗi mục dưới một dòng tiêu đề [[{key}]]"),
                );
                Vec::new()
            }
        }
    }

    fn date(&mut self, raw: &Spanned<RawDate>) -> Option<Date> {
        let date = match raw.get_ref() {
            RawDate::Toml(datetime) => Date::from_toml(datetime),
            RawDate::Text(text) => Date::parse(text),
        };
        if date.is_none() {
            let shown = match raw.get_ref() {
                RawDate::Toml(d) => d.to_string(),
                RawDate::Text(t) => t.clone(),
            };
            self.error(&raw.span(), format!("ngày không hợp lệ: \"{shown}\""), DATE_FORMS);
        }
        date
    }

    fn deadline(&mut self, raw: &Spanned<RawDate>) -> Option<Deadline> {
        match raw.get_ref() {
            RawDate::Toml(_) => self.date(raw).map(Deadline::on),
            RawDate::Text(text) => match parse::parse_deadline(text) {
                Ok(deadline) => Some(deadline),
                Err(e) => {
                    self.error(&raw.span(), e.message, e.hint);
                    None
                }
            },
        }
    }

    fn target(&mut self, raw: &Spanned<String>) -> Option<Target> {
        match parse::parse_target(raw.get_ref()) {
            Ok(target) => Some(target),
            Err(e) => {
                self.error(&raw.span(), e.message, e.hint);
                None
            }
        }
    }

    /// Reads a value's form (number, "74,07%", "Hoàn thành") before it is typed.
    fn raw_value(&mut self, raw: &Spanned<RawScalar>) -> Option<(RawValue, String)> {
        let result = match raw.get_ref() {
            RawScalar::Number(n, text) => parse::value_from_number(*n).map(|v| (v, text.clone())),
            RawScalar::Text(text) => parse::parse_value_text(text).map(|v| (v, text.clone())),
        };
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.error(&raw.span(), e.message, e.hint);
                None
            }
        }
    }

    /// A measurement typed against its indicator's target. Without a target (already
    /// reported) the value cannot be typed and the measurement is dropped.
    fn measurement(&mut self, raw: RawMeasurement, target: Option<&Target>) -> Option<Measurement> {
        let date = self.date(&raw.date);
        let value = self.raw_value(&raw.value);
        let (value, text) = value?;
        let amount = match parse::resolve_value(&value, &text, target?) {
            Ok(amount) => amount,
            Err(e) => {
                self.error(&raw.value.span(), e.message, e.hint);
                return None;
            }
        };
        Some(Measurement {
            date: date?,
            date_span: raw.date.span(),
            value: amount,
            value_span: raw.value.span(),
            source: raw.source.as_deref().filter(|s| !s.trim().is_empty()).map(parse::parse_evidence),
            note: raw.note.filter(|n| !n.trim().is_empty()),
            illustrative: raw.illustrative,
        })
    }

    fn agencies(&mut self, raw: Option<&Spanned<RawList>>) -> Vec<Located> {
        let Some(raw) = raw else { return Vec::new() };
        match raw.get_ref() {
            RawList::Many(items) => items.iter().map(located).filter(|l| !l.text.is_empty()).collect(),
            RawList::One(text) => {
                // Point each name at its own place inside the string when it can be
                // found there (it cannot when the string uses escapes).
                let span = raw.span();
                let written = self.source.get(span.clone()).unwrap_or("");
                let mut cursor = 0;
                let mut out = Vec::new();
                for part in text.split(';').map(str::trim).filter(|p| !p.is_empty()) {
                    let start = match written.get(cursor..).and_then(|w| w.find(part)) {
                        Some(i) => {
                            cursor += i + part.len();
                            span.start + cursor - part.len()
                        }
                        None => span.start,
                    };
                    out.push(Located { text: part.to_string(), span: start..start + part.len() });
                }
                out
            }
        }
    }

    fn agency(&mut self, raw: RawAgency) -> Agency {
        let name = located(&raw.name);
        let slug = raw.slug.map(|s| vi::slugify(&s)).unwrap_or_else(|| vi::slugify(&name.text));
        Agency { id: located(&raw.id), name, aliases: raw.aliases.iter().map(located).collect(), slug }
    }

    fn group(&mut self, raw: RawGroup) -> Group {
        Group {
            id: located(&raw.id),
            number: raw.number.map(|n| n.trim().to_string()),
            name: raw.name.trim().to_string(),
            plan: raw.plan.as_ref().map(located),
            deadline: raw.deadline.as_ref().and_then(|d| self.deadline(d)),
            deadline_given: raw.deadline.is_some(),
        }
    }

    fn indicator(&mut self, raw: RawIndicator, span: Span) -> Indicator {
        let target = self.target(&raw.target);
        let baseline = match raw.baseline {
            Some(b) => {
                let b = b.into_inner();
                self.measurement(b, target.as_ref())
            }
            None => None,
        };
        Indicator {
            id: located(&raw.id),
            tt: raw.tt,
            group: raw.group.as_ref().map(located),
            plan: raw.plan.as_ref().map(located),
            name: clean_text(&raw.name),
            unit: raw.unit.or_else(|| target.as_ref().and_then(|t| t.unit.clone())),
            target_span: raw.target.span(),
            target,
            deadline: raw.deadline.as_ref().and_then(|d| self.deadline(d)),
            deadline_given: raw.deadline.is_some(),
            lead: self.agencies(Some(&raw.lead)),
            cooperating: self.agencies(raw.cooperating.as_ref()),
            baseline,
            history: Vec::new(),
            illustrative: raw.illustrative,
            note: raw.note.filter(|n| !n.trim().is_empty()),
            span,
        }
    }

    fn percent(&mut self, raw: &Spanned<RawScalar>) -> Option<f64> {
        let value = match raw.get_ref() {
            RawScalar::Number(n, _) => Some(*n),
            RawScalar::Text(t) => vi::parse_number(t.trim().trim_end_matches('%').trim_end()),
        };
        match value {
            Some(v) if (0.0..=100.0).contains(&v) => Some(v),
            Some(_) => {
                self.error(
                    &raw.span(),
                    "tỷ lệ hoàn thành phải từ 0 đến 100",
                    "ghi percent = 60 (nghĩa là 60%); nhiệm vụ đã xong ghi status = \"hoan-thanh\"",
                );
                None
            }
            None => {
                self.error(&raw.span(), "không đọc được tỷ lệ hoàn thành", "ghi percent = 60 hoặc percent = \"60%\"");
                None
            }
        }
    }

    fn state(&mut self, raw: &Spanned<String>) -> Option<TaskState> {
        let state = TaskState::parse(raw.get_ref());
        if state.is_none() {
            self.error(
                &raw.span(),
                format!("trạng thái \"{}\" không hợp lệ", raw.get_ref()),
                format!("dùng một trong các giá trị: {}", TaskState::ACCEPTED),
            );
        }
        state
    }

    /// A state and a percentage that contradict each other are an error.
    fn check_state_percent(&mut self, state: Option<TaskState>, percent: Option<(f64, Span)>) {
        if let (Some(TaskState::HoanThanh), Some((p, span))) = (state, &percent)
            && *p < 100.0
        {
            self.error(
                span,
                format!("nhiệm vụ ghi \"Hoàn thành\" nhưng tỷ lệ là {}%", vi::format_number(*p, 2)),
                "nhiệm vụ hoàn thành có tỷ lệ 100 (hoặc bỏ khóa percent)",
            );
        }
        if let (Some(TaskState::ChuaBatDau), Some((p, span))) = (state, &percent)
            && *p > 0.0
        {
            self.error(
                span,
                format!("nhiệm vụ ghi \"Chưa bắt đầu\" nhưng tỷ lệ là {}%", vi::format_number(*p, 2)),
                "đổi trạng thái thành \"dang-thuc-hien\" hoặc bỏ khóa percent",
            );
        }
    }

    fn task(&mut self, raw: RawTask, span: Span) -> Task {
        let state = raw.status.as_ref().and_then(|s| self.state(s));
        let percent = raw.percent.as_ref().and_then(|p| self.percent(p).map(|v| (v, p.span())));
        self.check_state_percent(state, percent.clone());
        Task {
            id: located(&raw.id),
            plan: raw.plan.as_ref().map(located),
            section: raw.section,
            name: clean_text(&raw.name),
            lead: self.agencies(Some(&raw.lead)),
            cooperating: self.agencies(raw.cooperating.as_ref()),
            deadline: raw.deadline.as_ref().and_then(|d| self.deadline(d)),
            deadline_given: raw.deadline.is_some(),
            state,
            percent: percent.map(|(p, _)| p),
            completed: raw.completed.as_ref().and_then(|d| self.date(d)),
            completed_span: raw.completed.as_ref().map_or(span.clone(), |d| d.span()),
            updates: Vec::new(),
            illustrative: raw.illustrative,
            note: raw.note.filter(|n| !n.trim().is_empty()),
            span,
        }
    }

    fn task_update(&mut self, raw: RawTaskUpdate) -> Option<TaskUpdate> {
        let date = self.date(&raw.date);
        let state = raw.status.as_ref().and_then(|s| self.state(s));
        let percent = raw.percent.as_ref().and_then(|p| self.percent(p).map(|v| (v, p.span())));
        self.check_state_percent(state, percent.clone());
        Some(TaskUpdate {
            date: date?,
            date_span: raw.date.span(),
            state,
            percent: percent.map(|(p, _)| p),
            source: raw.source.as_deref().filter(|s| !s.trim().is_empty()).map(parse::parse_evidence),
            note: raw.note.filter(|n| !n.trim().is_empty()),
            illustrative: raw.illustrative,
        })
    }
}

/// Names copied from a PDF table carry line breaks and double spaces.
fn clean_text(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
