//! Cross-reference checks on a loaded [`ProgressFile`]: duplicate ids, references to
//! plans, groups, agencies and indicators that do not exist (each with the nearest
//! known name), missing plans and deadlines, and figures dated after the report date.
//! Every problem is reported, located at the text it is about.

use std::collections::BTreeMap;

use super::model::{Located, ProgressFile, Span};
use crate::date::Date;
use crate::diagnostics::{self, Diagnostic};
use crate::vi;

/// Checks `file` against the plans the site knows (their page slugs) and the report
/// date. Returns every problem found (none when the file is consistent).
pub fn validate(file: &ProgressFile, plans: &[&str], report_date: Date) -> Vec<Diagnostic> {
    let mut v = Validator { file, plans, out: Vec::new() };
    v.duplicates();
    v.agency_names();
    for group in &file.groups {
        if let Some(plan) = &group.plan {
            v.plan(plan);
        }
    }
    for indicator in &file.indicators {
        if let Some(plan) = &indicator.plan {
            v.plan(plan);
        }
        if let Some(group_ref) = &indicator.group {
            match file.group(&group_ref.text) {
                Some(group) => {
                    if let (Some(own), Some(of_group)) = (&indicator.plan, &group.plan)
                        && own.text != of_group.text
                    {
                        v.error(
                            &own.span,
                            format!(
                                "chỉ tiêu thuộc kế hoạch `{}` nhưng nhóm `{}` thuộc kế hoạch `{}`",
                                own.text, group.id.text, of_group.text
                            ),
                            "bỏ khóa plan của chỉ tiêu (chỉ tiêu lấy kế hoạch của nhóm) hoặc chọn nhóm đúng",
                        );
                    }
                }
                None => v.unknown(group_ref, "nhóm", file.groups.iter().map(|g| g.id.text.as_str()).collect()),
            }
        }
        let group_known = indicator.group.as_ref().is_none_or(|g| file.group(&g.text).is_some());
        if file.plan_of(indicator).is_none() && group_known {
            v.error(
                &indicator.id.span,
                format!("chỉ tiêu `{}` không thuộc kế hoạch nào", indicator.id.text),
                "thêm plan = \"<slug của trang kế hoạch>\" vào chỉ tiêu hoặc vào nhóm của nó",
            );
        }
        if file.deadline_of(indicator).is_none() && group_known && !file.deadline_given(indicator) {
            v.error(
                &indicator.id.span,
                format!("chỉ tiêu `{}` chưa có thời hạn", indicator.id.text),
                "thêm deadline = \"năm 2026\" (hoặc \"31/12/2026\", \"Quý IV/2026\") vào chỉ tiêu hoặc vào nhóm của nó",
            );
        }
        if file.deadline_of(indicator).is_some_and(|d| d.is_recurring()) {
            v.error(
                &indicator.id.span,
                format!("chỉ tiêu `{}` có thời hạn \"thường xuyên\"", indicator.id.text),
                "một chỉ tiêu cần một ngày để so với mục tiêu, ví dụ \"năm 2026\"",
            );
        }
        for agency in indicator.lead.iter().chain(&indicator.cooperating) {
            v.agency(agency);
        }
        if indicator.lead.is_empty() {
            v.error(&indicator.id.span, "chỉ tiêu chưa có cơ quan chủ trì", "ghi lead = \"<tên hoặc mã cơ quan>\"");
        }
        if let Some(baseline) = &indicator.baseline {
            v.not_after(&baseline.date_span, baseline.date, report_date, "mốc cơ sở");
        }
        let mut dates = BTreeMap::new();
        let batch = file.batch_measurements(&indicator.id.text);
        for m in indicator.history.iter().chain(batch) {
            v.not_after(&m.date_span, m.date, report_date, "số liệu");
            if let Some(first) = dates.insert(m.date, m.date_span.clone()) {
                let (line, _) = diagnostics::line_col(&file.source, first.start);
                v.error(
                    &m.date_span,
                    format!("chỉ tiêu `{}` có hai số liệu cùng ngày {}", indicator.id.text, m.date.vi()),
                    format!("số liệu kia ở dòng {line}; giữ một số liệu cho mỗi ngày"),
                );
            }
        }
    }
    for orphan in &file.orphan_measurements {
        v.unknown(orphan, "chỉ tiêu", file.indicators.iter().map(|i| i.id.text.as_str()).collect());
    }
    for task in &file.tasks {
        match &task.plan {
            Some(plan) => v.plan(plan),
            None => v.error(
                &task.id.span,
                format!("nhiệm vụ `{}` không thuộc kế hoạch nào", task.id.text),
                "thêm plan = \"<slug của trang kế hoạch>\"",
            ),
        }
        for agency in task.lead.iter().chain(&task.cooperating) {
            v.agency(agency);
        }
        if task.lead.is_empty() {
            v.error(&task.id.span, "nhiệm vụ chưa có cơ quan chủ trì", "ghi lead = \"<tên hoặc mã cơ quan>\"");
        }
        if !task.deadline_given {
            v.error(
                &task.id.span,
                format!("nhiệm vụ `{}` chưa có thời hạn", task.id.text),
                "thêm deadline = \"31/12/2026\" (hoặc \"trong tháng 11/2026\", \"Quý IV/2026\", \"thường xuyên\")",
            );
        }
        if let Some(completed) = task.completed {
            v.not_after(&task.completed_span, completed, report_date, "ngày hoàn thành");
        }
        let mut dates = BTreeMap::new();
        for update in &task.updates {
            v.not_after(&update.date_span, update.date, report_date, "cập nhật");
            if let Some(first) = dates.insert(update.date, update.date_span.clone()) {
                let (line, _) = diagnostics::line_col(&file.source, first.start);
                v.error(
                    &update.date_span,
                    format!("nhiệm vụ `{}` có hai cập nhật cùng ngày {}", task.id.text, update.date.vi()),
                    format!("cập nhật kia ở dòng {line}; gộp thành một cập nhật"),
                );
            }
        }
    }
    diagnostics::sort(&mut v.out);
    v.out
}

struct Validator<'a> {
    file: &'a ProgressFile,
    plans: &'a [&'a str],
    out: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn error(&mut self, span: &Span, message: impl Into<String>, hint: impl Into<String>) {
        self.out.push(self.file.error(span, message, hint));
    }

    /// An unknown reference, with the nearest known candidate.
    fn unknown(&mut self, reference: &Located, what: &str, candidates: Vec<&str>) {
        if self.file.unreadable_ids.contains(&reference.text) {
            return;
        }
        let hint = match diagnostics::nearest(&reference.text, candidates.iter().copied()) {
            Some(best) => format!("có phải ý bạn là `{best}`?"),
            None if candidates.is_empty() => format!("chưa khai báo {what} nào trong tệp"),
            None => format!("các {what} đã khai báo: {}", list(&candidates)),
        };
        self.error(&reference.span, format!("không có {what} `{}`", reference.text), hint);
    }

    fn plan(&mut self, plan: &Located) {
        if !self.plans.contains(&plan.text.as_str()) {
            let hint = match diagnostics::nearest(&plan.text, self.plans.iter().copied()) {
                Some(best) => format!("có phải ý bạn là `{best}`? (kế hoạch được gọi bằng slug của trang)"),
                None if self.plans.is_empty() => "trang web chưa có trang kế hoạch nào".to_string(),
                None => format!("các kế hoạch hiện có: {}", list(self.plans)),
            };
            self.error(&plan.span, format!("không có kế hoạch `{}`", plan.text), hint);
        }
    }

    fn agency(&mut self, reference: &Located) {
        if self.file.agency(&reference.text).is_some() {
            return;
        }
        // Suggest by name (tolerant of spacing and case, as matching is) or by id.
        // Compared without diacritics, so that "Phong Van hoa" finds "Phòng Văn hóa"
        // (which it does not match: the name must be written as declared).
        let folded = |text: &str| vi::fold(&vi::name_key(text));
        let key = folded(&reference.text);
        let mut names: Vec<(String, &str)> = Vec::new();
        for agency in &self.file.agencies {
            names.push((folded(&agency.name.text), &agency.name.text));
            names.push((folded(&agency.id.text), &agency.name.text));
            for alias in &agency.aliases {
                names.push((folded(&alias.text), &agency.name.text));
            }
        }
        let best = diagnostics::nearest(&key, names.iter().map(|(k, _)| k.as_str()))
            .and_then(|k| names.iter().find(|(key, _)| key == k))
            .map(|(_, name)| *name);
        let hint = match best {
            Some(name) => format!(
                "có phải ý bạn là \"{name}\"? Tên cơ quan phải viết có dấu như khi khai báo trong [[agencies]] (hoặc dùng mã)"
            ),
            None if self.file.agencies.is_empty() => {
                "khai báo cơ quan trong [[agencies]] (id, name) rồi gọi bằng mã hoặc tên".into()
            }
            None => format!(
                "khai báo cơ quan này trong [[agencies]], hoặc dùng một cơ quan đã có: {}",
                list(&self.file.agencies.iter().map(|a| a.name.text.as_str()).collect::<Vec<_>>())
            ),
        };
        self.error(&reference.span, format!("không có cơ quan \"{}\"", reference.text), hint);
    }

    fn not_after(&mut self, span: &Span, date: Date, report_date: Date, what: &str) {
        if date > report_date {
            self.error(
                span,
                format!("{what} ghi ngày {}, sau ngày báo cáo {}", date.vi(), report_date.vi()),
                "chỉ ghi số liệu đã có đến ngày báo cáo; kiểm tra lại năm, tháng (dd/mm/yyyy) hoặc ngày báo cáo (report_date, --today)",
            );
        }
    }

    fn duplicates(&mut self) {
        let file = self.file;
        let kinds: [(&str, Vec<&Located>); 4] = [
            ("cơ quan", file.agencies.iter().map(|a| &a.id).collect()),
            ("nhóm", file.groups.iter().map(|g| &g.id).collect()),
            ("chỉ tiêu", file.indicators.iter().map(|i| &i.id).collect()),
            ("nhiệm vụ", file.tasks.iter().map(|t| &t.id).collect()),
        ];
        for (what, ids) in kinds {
            let mut seen: BTreeMap<&str, &Located> = BTreeMap::new();
            for id in ids {
                if id.text.is_empty() {
                    self.error(&id.span, format!("mã {what} đang để trống"), "ghi id = \"<mã ngắn, không dấu>\"");
                    continue;
                }
                if let Some(first) = seen.insert(&id.text, id) {
                    let (line, _) = diagnostics::line_col(&file.source, first.span.start);
                    self.error(
                        &id.span,
                        format!("mã {what} `{}` bị trùng", id.text),
                        format!(
                            "mã này đã dùng ở dòng {line}; mỗi {what} cần một mã riêng, không đổi giữa các lần cập nhật"
                        ),
                    );
                }
            }
        }
        let mut slugs: BTreeMap<&str, &Located> = BTreeMap::new();
        for agency in &file.agencies {
            if let Some(first) = slugs.insert(&agency.slug, &agency.id)
                && first.text != agency.id.text
            {
                self.error(
                    &agency.id.span,
                    format!(
                        "cơ quan `{}` có cùng địa chỉ /co-quan/{}/ với `{}`",
                        agency.id.text, agency.slug, first.text
                    ),
                    "đặt slug = \"...\" khác cho một trong hai cơ quan",
                );
            }
        }
    }

    /// Two agencies answering to the same name would make references ambiguous.
    fn agency_names(&mut self) {
        let mut seen: BTreeMap<String, &str> = BTreeMap::new();
        for agency in &self.file.agencies {
            let mut own = std::collections::BTreeSet::new();
            for name in std::iter::once(&agency.name).chain(&agency.aliases) {
                let key = vi::name_key(&name.text);
                if !own.insert(key.clone()) {
                    continue;
                }
                if let Some(other) = seen.insert(key, &agency.id.text)
                    && other != agency.id.text
                {
                    self.error(
                        &name.span,
                        format!("tên \"{}\" đã dùng cho cơ quan `{other}`", name.text),
                        "mỗi tên hoặc tên gọi khác (aliases) chỉ chỉ một cơ quan",
                    );
                }
            }
        }
    }
}

fn list(items: &[&str]) -> String {
    const MAX: usize = 8;
    let mut shown: Vec<String> = items.iter().take(MAX).map(|s| format!("`{s}`")).collect();
    if items.len() > MAX {
        shown.push(format!("… ({} mục)", items.len()));
    }
    shown.join(", ")
}
