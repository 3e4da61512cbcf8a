//! Behaviour tests of the progress module on small fixture files: loading, every
//! error with its location, every status rule and boundary, rollups, open data and
//! the chart; and the example site's file.

use super::*;
use crate::diagnostics::Diagnostic;

const PLANS: &[&str] = &["kh-2026", "kh-2025"];

fn date(text: &str) -> Date {
    Date::parse(text).expect(text)
}

/// Agencies and one group shared by most fixtures (13 lines: the next line is 14).
const HEAD: &str = r#"[[agencies]]
id = "vhxh"
name = "Phòng Văn hóa - Xã hội"
aliases = ["Phòng VH-XH"]
[[agencies]]
id = "vp"
name = "Văn phòng HĐND và UBND"
[[groups]]
id = "I"
number = "I"
name = "Chính quyền số"
plan = "kh-2026"
deadline = "năm 2026"
"#;

fn file(body: &str) -> String {
    format!("{HEAD}{body}")
}

/// Loads and validates at `report`; returns the file and every diagnostic.
fn check(source: &str, report: &str) -> (ProgressFile, Vec<Diagnostic>) {
    let (f, mut diags) = load("content/chi-tieu.toml", source);
    diags.extend(validate(&f, PLANS, date(report)));
    crate::diagnostics::sort(&mut diags);
    (f, diags)
}

fn clean(source: &str, report: &str) -> Progress {
    let (f, diags) = check(source, report);
    assert!(diags.is_empty(), "unexpected diagnostics:\n{}", render(&diags));
    evaluate(&f, date(report))
}

fn render(diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
}

fn only_error(source: &str, report: &str) -> Diagnostic {
    let (_, diags) = check(source, report);
    assert_eq!(diags.len(), 1, "expected one diagnostic:\n{}", render(&diags));
    diags.into_iter().next().unwrap()
}

/// An indicator with a percent target and the given measurements
/// (`(date, value)` pairs written as TOML).
fn indicator(target: &str, baseline: Option<(&str, &str)>, history: &[(&str, &str)]) -> String {
    let mut s = format!(
        "[[indicators]]\nid = \"ct-1\"\ntt = 1\ngroup = \"I\"\nname = \"Tỷ lệ\"\ntarget = \"{target}\"\nlead = \"vhxh\"\n"
    );
    if let Some((d, v)) = baseline {
        s.push_str(&format!("baseline = {{ date = {d}, value = {v}, source = \"Kế hoạch, Phần I\" }}\n"));
    }
    for (d, v) in history {
        s.push_str(&format!("[[indicators.history]]\ndate = {d}\nvalue = {v}\nsource = \"15/BC-UBND\"\n"));
    }
    s
}

fn status_of(
    target: &str,
    baseline: Option<(&str, &str)>,
    history: &[(&str, &str)],
    report: &str,
) -> EvaluatedIndicator {
    let p = clean(&file(&indicator(target, baseline, history)), report);
    p.indicators.into_iter().next().map(std::sync::Arc::unwrap_or_clone).expect("one indicator")
}

// ---------------------------------------------------------------- loading

#[test]
fn load_types_every_field_of_an_indicator() {
    let source = file(
        r#"[[indicators]]
id = "ct-1"
tt = 1
group = "I"
name = """Tỷ lệ hồ sơ
  xử lý trực tuyến"""
target = "≥ 85%"
lead = "Văn phòng HĐND và UBND; Phòng Văn hóa- Xã hội"
cooperating = ["vp"]
baseline = { date = 2025-12-31, value = "74,07 %", source = "Kế hoạch 21/KH-UBND, Phần I" }
[[indicators.history]]
date = "31/01/2026"
value = 80.5
source = "https://example.gov.vn/bao-cao"
note = "Tháng 1"
"#,
    );
    let (f, diags) = check(&source, "2026-10-31");
    assert!(diags.is_empty(), "{}", render(&diags));
    let i = &f.indicators[0];
    assert_eq!(i.name, "Tỷ lệ hồ sơ xử lý trực tuyến");
    let t = i.target.as_ref().unwrap();
    assert_eq!((t.comparison, t.value), (Comparison::AtLeast, Some(85.0)));
    assert_eq!(
        i.lead.iter().map(|l| l.text.as_str()).collect::<Vec<_>>(),
        ["Văn phòng HĐND và UBND", "Phòng Văn hóa- Xã hội"]
    );
    assert_eq!(i.baseline.as_ref().unwrap().value.value, 74.07);
    assert_eq!(i.history[0].date, date("2026-01-31"));
    assert_eq!(i.history[0].source.as_ref().unwrap().kind, "url");
    assert_eq!(f.deadline_of(i).and_then(|d| d.due), Some(date("2026-12-31")));
    assert_eq!(f.plan_of(i).map(|p| p.text.as_str()), Some("kh-2026"));
}

#[test]
fn vietnamese_numbers_are_accepted_in_values() {
    let source = file(&format!(
        "{}[[measurements]]\nindicator = \"ct-2\"\ndate = 2026-02-28\nvalue = \"1.707\"\n",
        indicator("80%", None, &[("2026-01-31", "\"74,07%\"")])
            + "[[indicators]]\nid = \"ct-2\"\ngroup = \"I\"\nname = \"Số hồ sơ\"\ntarget = \"2.000 hồ sơ\"\nlead = \"vp\"\n"
    ));
    let p = clean(&source, "2026-10-31");
    assert_eq!(p.indicators[0].latest.as_ref().unwrap().value, 74.07);
    assert_eq!(p.indicators[0].latest.as_ref().unwrap().display, "74,07%");
    assert_eq!(p.indicators[1].latest.as_ref().unwrap().value, 1707.0);
    assert_eq!(p.indicators[1].latest.as_ref().unwrap().display, "1.707 hồ sơ");
}

#[test]
fn unknown_key_is_located_and_suggests_the_nearest() {
    let source = file("[[indicators]]\nid = \"ct-1\"\ngroup = \"I\"\nname = \"A\"\ntagret = \"80%\"\nlead = \"vp\"\n");
    let (_, diags) = check(&source, "2026-10-31");
    let d = diags.iter().find(|d| d.message.contains("tagret")).unwrap_or_else(|| panic!("{}", render(&diags)));
    assert_eq!((d.line, d.col), (18, 1));
    assert_eq!(d.message, "khóa `tagret` không được hỗ trợ ở đây");
    assert!(d.hint.as_deref().unwrap().starts_with("có phải ý bạn là `target`?"), "{d}");
}

#[test]
fn unknown_top_level_key_suggests_the_nearest() {
    let d = only_error(&file("[[indicator]]\nid = \"x\"\n"), "2026-10-31");
    assert_eq!((d.line, d.col), (14, 3));
    assert!(d.hint.as_deref().unwrap().contains("`indicators`"), "{d}");
}

#[test]
fn unknown_key_in_a_measurement_is_reported() {
    let source =
        file(&(indicator("80%", None, &[]) + "[[indicators.history]]\ndate = 2026-01-31\nvalue = 50\nsoure = \"x\"\n"));
    let d = only_error(&source, "2026-10-31");
    assert_eq!((d.line, d.col), (24, 1));
    assert!(d.hint.as_deref().unwrap().contains("`source`"), "{d}");
}

#[test]
fn unparseable_target_is_located_with_accepted_forms() {
    let d = only_error(&file(&indicator("khoảng tám mươi", None, &[])), "2026-10-31");
    assert_eq!((d.line, d.col), (19, 11));
    assert!(d.message.contains("không đọc được mục tiêu \"khoảng tám mươi\""), "{d}");
    assert!(d.hint.as_deref().unwrap().contains("từ 90% trở lên"), "{d}");
}

#[test]
fn unparseable_value_is_located_with_accepted_forms() {
    let d = only_error(&file(&indicator("80%", None, &[("2026-01-31", "\"tám mươi\"")])), "2026-10-31");
    assert_eq!((d.line, d.col), (23, 10));
    assert!(d.message.contains("không đọc được số liệu \"tám mươi\""), "{d}");
    assert!(d.hint.as_deref().unwrap().contains("\"74,07%\""), "{d}");
}

#[test]
fn percentage_over_100_is_an_error() {
    let d = only_error(&file(&indicator("80%", None, &[("2026-01-31", "\"120%\"")])), "2026-10-31");
    assert_eq!((d.line, d.col), (23, 10));
    assert!(d.message.contains("vượt quá 100%"), "{d}");
    // A bare number for a percent indicator is read as a percentage too.
    let d = only_error(&file(&indicator("80%", None, &[("2026-01-31", "7407")])), "2026-10-31");
    assert_eq!((d.line, d.col), (23, 9));
    assert!(d.hint.as_deref().unwrap().contains("74,07"), "{d}");
}

#[test]
fn measurement_after_report_date_is_an_error() {
    let d = only_error(&file(&indicator("80%", None, &[("2026-11-30", "50")])), "2026-10-31");
    assert_eq!((d.line, d.col), (22, 8));
    assert_eq!(d.message, "số liệu ghi ngày 30/11/2026, sau ngày báo cáo 31/10/2026");
    assert!(d.hint.is_some());
}

#[test]
fn measurement_after_report_date_is_ignored_by_evaluate() {
    let source = file(&indicator("80%", None, &[("2026-01-31", "50"), ("2026-11-30", "90")]));
    let (f, _) = load("content/chi-tieu.toml", &source);
    let p = evaluate(&f, date("2026-10-31"));
    assert_eq!(p.indicators[0].history.len(), 1);
    assert_eq!(p.indicators[0].latest.as_ref().unwrap().value, 50.0);
}

#[test]
fn unknown_plan_suggests_the_nearest_slug() {
    let source =
        file("[[tasks]]\nid = \"nv-1\"\nplan = \"kh-2062\"\nname = \"A\"\nlead = \"vp\"\ndeadline = \"Quý IV/2026\"\n");
    let d = only_error(&source, "2026-10-31");
    assert_eq!((d.line, d.col), (16, 9));
    assert_eq!(d.message, "không có kế hoạch `kh-2062`");
    assert!(d.hint.as_deref().unwrap().contains("`kh-2026`"), "{d}");
}

#[test]
fn unknown_agency_suggests_the_nearest_declared_agency() {
    let source = file(&indicator("80%", None, &[]).replace("lead = \"vhxh\"", "lead = \"vp; Phong Van hoa - Xa hoi\""));
    let d = only_error(&source, "2026-10-31");
    assert_eq!((d.line, d.col), (20, 13));
    assert_eq!(d.message, "không có cơ quan \"Phong Van hoa - Xa hoi\"");
    assert!(d.hint.as_deref().unwrap().contains("\"Phòng Văn hóa - Xã hội\""), "{d}");
}

#[test]
fn agency_reference_tolerates_case_spacing_and_tone_placement() {
    for written in
        ["Phòng Văn hóa- Xã hội", "phòng văn hoá  –  xã hội", "PHÒNG VĂN HÓA - XÃ HỘI", "Phòng VH-XH", "vhxh"]
    {
        let source = file(&indicator("80%", None, &[]).replace("lead = \"vhxh\"", &format!("lead = \"{written}\"")));
        let p = clean(&source, "2026-10-31");
        assert_eq!(p.indicators[0].lead[0].id, "vhxh", "{written}");
        assert_eq!(p.indicators[0].lead[0].slug, "phong-van-hoa-xa-hoi");
    }
}

#[test]
fn duplicate_id_is_an_error_at_the_second_use() {
    let source = file(&(indicator("80%", None, &[]) + &indicator("90%", None, &[])));
    let d = only_error(&source, "2026-10-31");
    assert_eq!((d.line, d.col), (22, 7));
    assert_eq!(d.message, "mã chỉ tiêu `ct-1` bị trùng");
    assert!(d.hint.as_deref().unwrap().contains("dòng 15"), "{d}");
}

#[test]
fn batch_measurement_for_unknown_indicator_is_an_error() {
    let source = file(
        &(indicator("80%", None, &[]) + "[[measurements]]\nindicator = \"ct-l\"\ndate = 2026-03-31\nvalue = 50\n"),
    );
    let d = only_error(&source, "2026-10-31");
    assert_eq!((d.line, d.col), (22, 14));
    assert_eq!(d.message, "không có chỉ tiêu `ct-l`");
    assert!(d.hint.as_deref().unwrap().contains("`ct-1`"), "{d}");
}

#[test]
fn batch_measurements_join_their_indicator() {
    let source = file(
        &(indicator("80%", None, &[("2026-01-31", "40")])
            + "[[measurements]]\nindicator = \"ct-1\"\ndate = 2026-02-28\nvalue = \"45,5%\"\nsource = \"03/BC-VHXH\"\n"),
    );
    let p = clean(&source, "2026-10-31");
    let history: Vec<f64> = p.indicators[0].history.iter().map(|m| m.value).collect();
    assert_eq!(history, [40.0, 45.5]);
}

#[test]
fn unknown_group_suggests_the_nearest() {
    let d = only_error(&file(&indicator("80%", None, &[]).replace("group = \"I\"", "group = \"l\"")), "2026-10-31");
    assert_eq!(d.message, "không có nhóm `l`");
    assert!(d.hint.as_deref().unwrap().contains("`I`"), "{d}");
}

#[test]
fn unparseable_deadline_is_located_with_accepted_forms() {
    let source =
        file("[[tasks]]\nid = \"nv-1\"\nplan = \"kh-2026\"\nname = \"A\"\nlead = \"vp\"\ndeadline = \"cuối năm\"\n");
    let d = only_error(&source, "2026-10-31");
    assert_eq!((d.line, d.col), (19, 13));
    assert!(d.hint.as_deref().unwrap().contains("trong tháng 11/2025"), "{d}");
}

#[test]
fn all_errors_are_reported_not_just_the_first() {
    let source = file(&format!(
        "{}{}{}",
        indicator("nhiều", None, &[]),
        "[[indicators]]\nid = \"ct-2\"\ngroup = \"I\"\nname = \"B\"\ntarget = \"80%\"\nlead = \"vp\"\nfoo = 1\n",
        "[[tasks]]\nid = \"nv-1\"\nplan = \"kh-9999\"\nname = \"C\"\nlead = \"Phòng Không Có\"\ndeadline = \"sớm\"\n[[tasks.updates]]\ndate = 2027-01-01\nstatus = \"xong rồi\"\n"
    ));
    let (_, diags) = check(&source, "2026-10-31");
    let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(diags.len(), 7, "{}", render(&diags));
    for needle in [
        "mục tiêu \"nhiều\"",
        "khóa `foo`",
        "kế hoạch `kh-9999`",
        "cơ quan \"Phòng Không Có\"",
        "thời hạn \"sớm\"",
        "trạng thái \"xong rồi\"",
        "sau ngày báo cáo",
    ] {
        assert!(messages.iter().any(|m| m.contains(needle)), "missing {needle}:\n{}", render(&diags));
    }
    // Sorted by position.
    assert!(diags.windows(2).all(|w| (w[0].line, w[0].col) <= (w[1].line, w[1].col)));
}

#[test]
fn toml_syntax_error_is_located() {
    let d = only_error("[[indicators]]\nid = \"ct-1\nname = \"A\"\n", "2026-10-31");
    assert_eq!(d.line, 2);
    assert!(d.hint.is_some());
}

#[test]
fn task_percent_out_of_range_is_an_error() {
    let source = file(
        "[[tasks]]\nid = \"nv-1\"\nplan = \"kh-2026\"\nname = \"A\"\nlead = \"vp\"\ndeadline = \"Quý IV/2026\"\npercent = 140\n",
    );
    let d = only_error(&source, "2026-10-31");
    assert_eq!((d.line, d.col), (20, 11));
    assert!(d.message.contains("từ 0 đến 100"), "{d}");
}

#[test]
fn value_of_wrong_kind_for_the_target_is_an_error() {
    let d = only_error(&file(&indicator("07 tổ", None, &[("2026-01-31", "\"50%\"")])), "2026-10-31");
    assert!(d.message.contains("là tỷ lệ %"), "{d}");
    let d = only_error(&file(&indicator("Hoàn thành", None, &[("2026-01-31", "\"50%\"")])), "2026-10-31");
    assert!(d.hint.as_deref().unwrap().contains("Chưa hoàn thành"), "{d}");
}

#[test]
fn two_measurements_on_the_same_day_are_an_error() {
    let d = only_error(&file(&indicator("80%", None, &[("2026-01-31", "40"), ("2026-01-31", "41")])), "2026-10-31");
    assert!(d.message.contains("hai số liệu cùng ngày 31/01/2026"), "{d}");
}

// ---------------------------------------------------------------- indicator status

#[test]
fn exactly_on_target_is_met() {
    let i = status_of("80%", None, &[("2026-05-31", "80")], "2026-10-31");
    assert_eq!(i.status, IndicatorStatus::Dat);
    assert_eq!(i.status.key(), "dat");
}

#[test]
fn exactly_on_a_strict_target_is_not_met() {
    let i = status_of("trên 80%", Some(("2025-12-31", "70")), &[("2026-12-31", "80")], "2026-12-31");
    assert_eq!(i.status, IndicatorStatus::DungTienDo);
    let i = status_of("trên 80%", Some(("2025-12-31", "70")), &[("2026-12-31", "80")], "2027-01-01");
    assert_eq!(i.status, IndicatorStatus::ChamTienDo);
}

#[test]
fn no_measurement_is_no_data_not_zero() {
    let i = status_of("80%", Some(("2025-12-31", "\"74,07\"")), &[], "2026-10-31");
    assert_eq!(i.status, IndicatorStatus::ChuaCoSoLieu);
    assert_eq!(i.meter.value, None);
    assert_eq!(i.meter.fraction, 0.0);
    assert_eq!(i.meter.text, "Chưa có số liệu / mục tiêu 80%");
    assert!(i.explanation.contains("không được tính là 0%"));
}

#[test]
fn on_or_above_the_linear_path_is_on_track() {
    // Path from 60% on 31/12/2025 to 80% on 31/12/2026: 70% around 01/07/2026.
    let i = status_of("80%", Some(("2025-12-31", "60")), &[("2026-07-02", "71")], "2026-10-31");
    assert_eq!(i.status, IndicatorStatus::DungTienDo);
    assert!((i.expected.unwrap() - 70.0).abs() < 0.1);
    assert!(i.explanation.contains("lộ trình"));
}

#[test]
fn below_the_linear_path_is_behind() {
    let i = status_of("80%", Some(("2025-12-31", "60")), &[("2026-07-02", "65")], "2026-10-31");
    assert_eq!(i.status, IndicatorStatus::ChamTienDo);
    assert_eq!(i.status.key(), "cham-tien-do");
}

#[test]
fn path_starts_at_the_first_figure_without_a_baseline() {
    let i = status_of("80%", None, &[("2026-01-01", "40"), ("2026-07-02", "50")], "2026-10-31");
    assert_eq!(i.status, IndicatorStatus::ChamTienDo);
    let i = status_of("80%", None, &[("2026-01-01", "40"), ("2026-07-02", "65")], "2026-10-31");
    assert_eq!(i.status, IndicatorStatus::DungTienDo);
}

#[test]
fn single_figure_without_baseline_is_on_track_before_the_deadline() {
    let i = status_of("80%", None, &[("2026-03-31", "10")], "2026-10-31");
    assert_eq!(i.status, IndicatorStatus::DungTienDo);
    assert!(i.explanation.contains("chưa có mốc cơ sở"), "{}", i.explanation);
}

#[test]
fn deadline_passed_without_meeting_is_behind() {
    let i = status_of("80%", Some(("2025-12-31", "60")), &[("2026-12-31", "79")], "2027-01-15");
    assert_eq!(i.status, IndicatorStatus::ChamTienDo);
    assert!(i.explanation.contains("hết hạn"));
}

#[test]
fn ceiling_met_when_at_or_below() {
    let i = status_of("không quá 1%", Some(("2025-12-31", "3")), &[("2026-06-30", "1")], "2026-10-31");
    assert_eq!(i.status, IndicatorStatus::Dat);
    assert!(i.meter.lower_is_better);
    assert_eq!(i.meter.optimum, 0.0);
}

#[test]
fn ceiling_not_met_when_above_and_behind_path() {
    // Path from 3% down to 1%: about 2% at mid-year; 2,5% is behind.
    let i = status_of("không quá 1%", Some(("2025-12-31", "3")), &[("2026-07-02", "\"2,5\"")], "2026-10-31");
    assert_eq!(i.status, IndicatorStatus::ChamTienDo);
    let i = status_of("dưới 1%", Some(("2025-12-31", "3")), &[("2026-07-02", "\"1,5\"")], "2026-10-31");
    assert_eq!(i.status, IndicatorStatus::DungTienDo);
    let i = status_of("dưới 1%", None, &[("2026-07-02", "1")], "2027-01-01");
    assert_eq!(i.status, IndicatorStatus::ChamTienDo);
}

#[test]
fn milestone_done_is_met() {
    let i = status_of("Hoàn thành", None, &[("2026-06-30", "\"Hoàn thành\"")], "2026-10-31");
    assert_eq!(i.status, IndicatorStatus::Dat);
    assert_eq!(i.meter.text, "Hoàn thành / mục tiêu Hoàn thành");
    assert_eq!(i.meter.fraction, 1.0);
}

#[test]
fn milestone_not_done_is_on_track_until_the_deadline_then_behind() {
    let i = status_of("Hoàn thành", None, &[("2026-06-30", "\"Chưa hoàn thành\"")], "2026-12-31");
    assert_eq!(i.status, IndicatorStatus::DungTienDo);
    assert_eq!(i.meter.text, "Chưa hoàn thành / mục tiêu Hoàn thành");
    let i = status_of("Hoàn thành", None, &[("2026-06-30", "\"Chưa hoàn thành\"")], "2027-01-01");
    assert_eq!(i.status, IndicatorStatus::ChamTienDo);
}

// ---------------------------------------------------------------- meters

#[test]
fn percent_meter_has_a_0_to_100_scale_and_vietnamese_text() {
    let i = status_of("80%", Some(("2025-12-31", "50")), &[("2026-07-02", "\"62,5\"")], "2026-10-31");
    let m = &i.meter;
    assert_eq!((m.min, m.max, m.value, m.target), (0.0, 100.0, Some(62.5), Some(80.0)));
    assert_eq!(m.text, "62,5% / mục tiêu 80%");
    assert!((m.fraction - 0.625).abs() < 1e-9);
    assert_eq!((m.high, m.optimum), (80.0, 100.0));
    assert!(m.low > 50.0 && m.low < 80.0, "low is the path value: {}", m.low);
}

#[test]
fn count_meter_scale_leaves_room_above_the_target() {
    let i = status_of("≥ 07 tổ", None, &[("2026-03-31", "\"07 tổ\"")], "2026-10-31");
    assert_eq!(i.meter.text, "07 tổ / mục tiêu ≥ 07 tổ");
    assert_eq!(i.meter.max, 9.0); // ceil(7 × 1,25)
    assert_eq!(i.status, IndicatorStatus::Dat);
    let i = status_of("110 dịch vụ", None, &[("2026-03-31", "150")], "2026-10-31");
    assert_eq!(i.meter.max, 188.0);
    assert_eq!(i.meter.text, "150 dịch vụ / mục tiêu 110 dịch vụ");
}

// ---------------------------------------------------------------- tasks

fn task(deadline: &str, extra: &str) -> String {
    file(&format!(
        "[[tasks]]\nid = \"nv-1\"\nplan = \"kh-2026\"\nname = \"Ban hành kế hoạch\"\nlead = \"vp\"\ndeadline = \"{deadline}\"\n{extra}"
    ))
}

fn task_status(deadline: &str, extra: &str, report: &str) -> EvaluatedTask {
    clean(&task(deadline, extra), report).tasks.into_iter().next().map(std::sync::Arc::unwrap_or_clone).unwrap()
}

#[test]
fn task_due_on_the_report_date_is_not_yet_overdue() {
    let t = task_status("30/11/2026", "percent = 60\n", "2026-11-30");
    assert_eq!(t.status, TaskStatus::DangThucHien);
    assert_eq!(t.days_text.as_deref(), Some("đến hạn ngày báo cáo"));
    let t = task_status("30/11/2026", "percent = 60\n", "2026-12-01");
    assert_eq!(t.status, TaskStatus::QuaHan);
    assert_eq!(t.days_text.as_deref(), Some("quá hạn 1 ngày"));
}

#[test]
fn task_progress_text_shows_percent_and_deadline() {
    let t = task_status("trong tháng 11/2026", "percent = 60\n", "2026-10-31");
    assert_eq!(t.progress_text, "60% — hạn 30/11/2026");
    assert_eq!(t.percent, Some(60.0));
    assert_eq!(t.days_text.as_deref(), Some("còn 30 ngày"));
}

#[test]
fn task_before_a_day_is_overdue_on_that_day() {
    assert_eq!(task_status("trước ngày 20/12/2026", "", "2026-12-19").status, TaskStatus::DangThucHien);
    assert_eq!(task_status("trước ngày 20/12/2026", "", "2026-12-20").status, TaskStatus::QuaHan);
}

#[test]
fn recurring_task_is_never_overdue() {
    let t = task_status("nhiệm vụ thường xuyên", "", "2030-01-01");
    assert_eq!(t.status, TaskStatus::ThuongXuyen);
    assert_eq!(t.status.key(), "thuong-xuyen");
    assert_eq!(t.progress_text, "Nhiệm vụ thường xuyên");
}

#[test]
fn task_done_by_an_update_is_complete_with_its_date() {
    let t = task_status(
        "Quý I/2026",
        "[[tasks.updates]]\ndate = 2026-02-10\npercent = 50\n[[tasks.updates]]\ndate = 2026-04-05\nstatus = \"Hoàn thành\"\nsource = \"12/KH-UBND\"\n",
        "2026-10-31",
    );
    assert_eq!(t.status, TaskStatus::HoanThanh);
    assert_eq!(t.percent, Some(100.0));
    assert!(t.late);
    assert_eq!(t.progress_text, "100% — hoàn thành 05/04/2026 (hạn 31/03/2026)");
}

#[test]
fn task_updates_after_the_report_date_do_not_count() {
    let extra = "[[tasks.updates]]\ndate = 2026-02-10\npercent = 50\n";
    let (f, _) = load(
        "x.toml",
        &task("Quý IV/2026", &(extra.to_string() + "[[tasks.updates]]\ndate = 2026-11-10\nstatus = \"hoan-thanh\"\n")),
    );
    let t = &evaluate(&f, date("2026-10-31")).tasks[0];
    assert_eq!((t.status, t.percent), (TaskStatus::DangThucHien, Some(50.0)));
}

#[test]
fn task_without_percent_is_left_out_of_the_mean_not_zero() {
    let source = task("Quý IV/2026", "percent = 40\n")
        + "[[tasks]]\nid = \"nv-2\"\nplan = \"kh-2026\"\nname = \"B\"\nlead = \"vp\"\ndeadline = \"năm 2026\"\n";
    let p = clean(&source, "2026-10-31");
    assert_eq!(p.overall.tasks.with_percent, 1);
    assert_eq!(p.overall.tasks.mean_completion, Some(40.0));
    assert_eq!(p.tasks[1].progress_text, "Chưa báo cáo tỷ lệ — hạn 31/12/2026");
}

#[test]
fn contradictory_state_and_percent_is_an_error() {
    let d = only_error(&task("Quý IV/2026", "status = \"hoan-thanh\"\npercent = 80\n"), "2026-10-31");
    assert!(d.message.contains("Hoàn thành"), "{d}");
}

#[test]
fn tasks_sort_by_plan_then_natural_id() {
    let mut source = file("");
    for id in ["nv-10", "nv-2", "nv-1"] {
        source.push_str(&format!(
            "[[tasks]]\nid = \"{id}\"\nplan = \"kh-2026\"\nname = \"A\"\nlead = \"vp\"\ndeadline = \"năm 2026\"\n"
        ));
    }
    let ids: Vec<String> = clean(&source, "2026-10-31").tasks.iter().map(|t| t.id.clone()).collect();
    assert_eq!(ids, ["nv-1", "nv-2", "nv-10"]);
}

// ---------------------------------------------------------------- rollups and reports

/// Four indicators (one per status) and four tasks (one per status).
fn dashboard() -> Progress {
    let mut source = file("");
    let rows = [
        ("a", "80%", "85", "vhxh"),
        ("b", "80%", "79,5", "vp"),
        ("c", "80%", "1", "vp; vhxh"),
        ("d", "80%", "", "vhxh"),
    ];
    for (id, target, value, lead) in rows {
        source.push_str(&format!(
            "[[indicators]]\nid = \"{id}\"\ngroup = \"I\"\nname = \"{id}\"\ntarget = \"{target}\"\nlead = \"{lead}\"\nbaseline = {{ date = 2025-12-31, value = 0 }}\n"
        ));
        if !value.is_empty() {
            source.push_str(&format!("[[indicators.history]]\ndate = 2026-09-30\nvalue = \"{value}%\"\n"));
        }
    }
    let tasks = [
        ("t1", "Quý I/2026", "status = \"hoan-thanh\"\n"),
        ("t2", "Quý IV/2026", "percent = 50\n"),
        ("t3", "Quý II/2026", "percent = 20\n"),
        ("t4", "thường xuyên", ""),
    ];
    for (id, deadline, extra) in tasks {
        source.push_str(&format!(
            "[[tasks]]\nid = \"{id}\"\nplan = \"kh-2026\"\nname = \"{id}\"\nlead = \"vp\"\ndeadline = \"{deadline}\"\n{extra}"
        ));
    }
    clean(&source, "2026-10-31")
}

#[test]
fn rollup_counts_add_up_by_hand() {
    let p = dashboard();
    let i = &p.overall.indicators;
    assert_eq!((i.total, i.dat, i.dung_tien_do, i.cham_tien_do, i.chua_co_so_lieu), (4, 1, 1, 1, 1));
    assert_eq!(i.dat + i.dung_tien_do + i.cham_tien_do + i.chua_co_so_lieu, i.total);
    assert_eq!(i.with_data, 3);
    assert_eq!(i.met_share_text, "1/3 chỉ tiêu có số liệu đã đạt (33,33%)");
    let t = &p.overall.tasks;
    assert_eq!((t.total, t.hoan_thanh, t.dang_thuc_hien, t.qua_han, t.thuong_xuyen), (4, 1, 1, 1, 1));
    // (100 + 50 + 20) / 3; the recurring task is not averaged.
    assert_eq!(t.mean_completion.map(|m| (m * 100.0).round() / 100.0), Some(56.67));
    assert_eq!(t.mean_completion_text, "Trung bình 56,67% (3/3 nhiệm vụ có hạn đã báo cáo tỷ lệ)");
    let plan = &p.plans[0];
    assert_eq!(plan.slug, "kh-2026");
    assert_eq!(plan.rollup, p.overall);
    assert_eq!(plan.groups[0].title, "I. Chính quyền số");
    assert_eq!(plan.groups[0].rollup.indicators, p.overall.indicators);
}

#[test]
fn agency_rollup_counts_what_it_leads() {
    let p = dashboard();
    let vhxh = p.agencies.iter().find(|a| a.id == "vhxh").unwrap();
    let vp = p.agencies.iter().find(|a| a.id == "vp").unwrap();
    // "c" has two lead agencies and counts for both.
    assert_eq!(vhxh.indicators.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), ["a", "c", "d"]);
    assert_eq!(vp.indicators.iter().map(|i| i.id.as_str()).collect::<Vec<_>>(), ["b", "c"]);
    assert_eq!(vp.rollup.tasks.total, 4);
    assert_eq!(vhxh.slug, "phong-van-hoa-xa-hoi");
}

#[test]
fn overdue_tasks_are_listed() {
    let p = dashboard();
    assert_eq!(p.overdue.iter().map(|t| t.id.as_str()).collect::<Vec<_>>(), ["t3"]);
    assert_eq!(p.overdue[0].days_text.as_deref(), Some("quá hạn 123 ngày"));
}

#[test]
fn latest_report_compares_the_last_month_with_the_previous_figure() {
    let source =
        file(&indicator("80%", Some(("2025-12-31", "60")), &[("2026-08-31", "70"), ("2026-09-30", "\"72,5\"")]));
    let report = clean(&source, "2026-10-31").latest_report.unwrap();
    assert_eq!((report.month.as_str(), report.label.as_str()), ("2026-09", "tháng 09/2026"));
    let c = &report.changes[0];
    assert_eq!((c.current.as_str(), c.previous.as_deref()), ("72,5%", Some("70%")));
    assert_eq!(c.delta_text, "+2,5 điểm %");
    assert_eq!((c.direction, c.improved), ("tang", Some(true)));
}

#[test]
fn illustrative_flag_marks_figures_and_can_be_overridden() {
    let source = format!(
        "illustrative = true\n{}",
        file(
            &indicator("80%", Some(("2025-12-31", "60")), &[("2026-08-31", "70")])
                .replace("source = \"Kế hoạch, Phần I\" }", "source = \"Kế hoạch, Phần I\", illustrative = false }")
        )
    );
    let p = clean(&source, "2026-10-31");
    assert!(p.illustrative);
    let i = &p.indicators[0];
    assert!(!i.baseline.as_ref().unwrap().illustrative);
    assert!(i.history[0].illustrative);
}

#[test]
fn report_date_prefers_command_line_then_file() {
    let (f, _) = load("x.toml", "report_date = 2026-10-31\n");
    assert_eq!(report_date(&f, None, date("2026-01-01")), date("2026-10-31"));
    assert_eq!(report_date(&f, Some(date("2026-05-01")), date("2026-01-01")), date("2026-05-01"));
    assert_eq!(report_date(&ProgressFile::default(), None, date("2026-01-01")), date("2026-01-01"));
}

#[test]
fn progress_serialises_with_status_keys_and_no_map_order() {
    let json = serde_json::to_string(&dashboard()).unwrap();
    assert!(json.contains(r#""status":{"key":"dat","label":"Đạt"}"#));
    assert!(json.contains(r#""report_date":"2026-10-31""#));
    assert_eq!(json, serde_json::to_string(&dashboard()).unwrap());
}

// ---------------------------------------------------------------- open data

/// A minimal RFC 4180 reader for the round-trip tests.
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let mut row = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => row.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (false, c) => field.push(c),
        }
    }
    rows
}

fn open_data_fixture() -> Progress {
    let source = file(&format!(
        "{}note = \"Ghi chú có dấu phẩy, và \\\"ngoặc kép\\\"\"\n{}",
        indicator("≥ 85%", Some(("2025-12-31", "\"74,07%\"")), &[("2026-01-31", "\"80,5%\"")]),
        "[[indicators]]\nid = \"ct-2\"\ngroup = \"I\"\nname = \"Tổ công nghệ số, cộng đồng\"\ntarget = \"07 tổ\"\nlead = \"vhxh\"\n"
    ));
    clean(&source, "2026-10-31")
}

#[test]
fn csv_starts_with_a_bom_and_ends_lines_with_crlf() {
    let csv = open_data::indicators_csv(&open_data_fixture());
    assert!(csv.starts_with("\u{feff}ma_chi_tieu,ke_hoach,"));
    assert!(csv.ends_with("\r\n"));
    assert!(!csv.replace("\r\n", "").contains('\n'));
    assert!(open_data::tasks_csv(&dashboard()).starts_with("\u{feff}ma_nhiem_vu,"));
}

#[test]
fn csv_quotes_commas_quotes_per_rfc_4180() {
    let source = file(
        &(indicator("80%", None, &[])
            + "[[measurements]]\nindicator = \"ct-1\"\ndate = 2026-03-31\nvalue = 50\nnote = \"Có dấu phẩy, và \\\"ngoặc kép\\\"\"\n"),
    );
    let csv = open_data::indicators_csv(&clean(&source, "2026-10-31"));
    assert!(csv.contains(r#","Có dấu phẩy, và ""ngoặc kép""","#), "{csv}");
    let rows = read_csv(csv.trim_start_matches('\u{feff}'));
    let note = rows[0].iter().position(|c| c == "ghi_chu").unwrap();
    assert_eq!(rows[1][note], r#"Có dấu phẩy, và "ngoặc kép""#);
    assert!(rows.iter().all(|r| r.len() == rows[0].len()));
}

#[test]
fn csv_round_trips_to_the_toml_values() {
    let p = open_data_fixture();
    let rows = read_csv(open_data::indicators_csv(&p).trim_start_matches('\u{feff}'));
    let col = |name: &str| rows[0].iter().position(|c| c == name).unwrap();
    let figures: Vec<(&str, &str, &str, &str, &str)> = rows[1..]
        .iter()
        .map(|r| {
            (
                r[col("ma_chi_tieu")].as_str(),
                r[col("loai_dong")].as_str(),
                r[col("ngay")].as_str(),
                r[col("gia_tri")].as_str(),
                r[col("gia_tri_goc")].as_str(),
            )
        })
        .collect();
    assert_eq!(
        figures,
        [
            ("ct-1", "muc-co-so", "2025-12-31", "74.07", "74,07%"),
            ("ct-1", "so-lieu", "2026-01-31", "80.5", "80,5%"),
            ("ct-2", "chua-co-so-lieu", "", "", ""),
        ]
    );
    assert_eq!(rows[1][col("muc_tieu")], "≥ 85%");
    assert_eq!(rows[1][col("muc_tieu_so")], "85");
    assert_eq!(rows[1][col("co_quan_chu_tri")], "Phòng Văn hóa - Xã hội");
    assert_eq!(rows[1][col("trang_thai")], "dung-tien-do");
    // Every row of the task file has as many fields as the header.
    let tasks = read_csv(open_data::tasks_csv(&dashboard()).trim_start_matches('\u{feff}'));
    assert_eq!(tasks.len(), 5);
    assert!(tasks.iter().all(|r| r.len() == tasks[0].len()));
}

#[test]
fn json_keeps_numbers_as_numbers_and_the_original_text() {
    let json: serde_json::Value = serde_json::from_str(&open_data::indicators_json(&open_data_fixture())).unwrap();
    let first = &json["indicators"][0];
    assert_eq!(json["report_date"], "2026-10-31");
    assert_eq!(first["id"], "ct-1");
    assert_eq!(first["target"]["value"], 85.0);
    assert_eq!(first["target"]["text"], "≥ 85%");
    assert_eq!(first["baseline"]["value"], 74.07);
    assert_eq!(first["baseline"]["text"], "74,07%");
    assert_eq!(first["measurements"][0]["date"], "2026-01-31");
    assert_eq!(first["status"]["key"], "dung-tien-do");
    let tasks: serde_json::Value = serde_json::from_str(&open_data::tasks_json(&dashboard())).unwrap();
    assert_eq!(tasks["tasks"][0]["deadline"]["due"], "2026-03-31");
    assert_eq!(tasks["tasks"][3]["deadline"]["due"], serde_json::Value::Null);
}

#[test]
fn open_data_is_identical_across_builds() {
    let (a, b) = (dashboard(), dashboard());
    assert_eq!(open_data::indicators_json(&a), open_data::indicators_json(&b));
    assert_eq!(open_data::indicators_csv(&a), open_data::indicators_csv(&b));
    assert_eq!(open_data::tasks_json(&a), open_data::tasks_json(&b));
    assert_eq!(open_data::tasks_csv(&a), open_data::tasks_csv(&b));
}

#[test]
fn dictionary_describes_every_csv_column() {
    let dictionary = open_data::dictionary();
    for (file, csv) in [
        ("chi-tieu.csv", open_data::indicators_csv(&dashboard())),
        ("nhiem-vu.csv", open_data::tasks_csv(&dashboard())),
    ] {
        let header = read_csv(csv.trim_start_matches('\u{feff}')).remove(0);
        let described: Vec<&str> = dictionary.iter().filter(|f| f.file == file).map(|f| f.name).collect();
        assert_eq!(header, described, "{file}");
    }
    assert!(dictionary.iter().all(|f| !f.description.is_empty()));
    assert!(dictionary.iter().any(|f| f.file == "chi-tieu.json"));
}

// ---------------------------------------------------------------- chart

#[test]
fn history_svg_is_labelled_for_screen_readers_and_scales() {
    let i =
        status_of("80%", Some(("2025-12-31", "60")), &[("2026-03-31", "65"), ("2026-06-30", "\"62,5\"")], "2026-10-31");
    let svg = history_svg(&i);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains(r#"role="img""#));
    assert!(svg.contains(r#"aria-labelledby="bieu-do-ct-1-title bieu-do-ct-1-desc""#));
    assert!(svg.contains(r#"<title id="bieu-do-ct-1-title">Diễn biến chỉ tiêu: Tỷ lệ</title>"#));
    assert!(svg.contains(r#"viewBox="0 0 420 270""#) && svg.contains(r#"width="100%""#));
    assert!(!svg.contains("<script"));
    assert!(svg.contains("stroke-dasharray"), "target line is dashed, not coloured");
}

#[test]
fn history_svg_uses_vietnamese_numbers_and_dates() {
    let i =
        status_of("80%", Some(("2025-12-31", "60")), &[("2026-03-31", "65"), ("2026-06-30", "\"62,5\"")], "2026-10-31");
    let svg = history_svg(&i);
    for text in ["Mục tiêu 80%", "31/12/2025", "hạn 31/12/2026", "30/06/2026: 62,5%", "25%", "Mốc cơ sở"] {
        assert!(svg.contains(text), "missing {text}");
    }
    assert_eq!(i.rows.len(), 3, "baseline and two figures for the table beside the chart");
}

#[test]
fn history_svg_without_data_says_so() {
    let i = status_of("Hoàn thành", None, &[], "2026-10-31");
    let svg = history_svg(&i);
    assert!(svg.contains(">Chưa có số liệu</text>"));
    assert!(svg.contains("Chưa có số liệu.</desc>"));
}

#[test]
fn history_svg_escapes_text() {
    let source = file(
        &indicator("80%", None, &[("2026-03-31", "65")]).replace("name = \"Tỷ lệ\"", "name = \"A < B & \\\"C\\\"\""),
    );
    let i = clean(&source, "2026-10-31").indicators.remove(0);
    assert!(history_svg(&i).contains("A &lt; B &amp; &quot;C&quot;"));
}

// ---------------------------------------------------------------- the example site

const EXAMPLE: &str = include_str!("../../content/chi-tieu.toml");
const EXAMPLE_PLANS: &[&str] =
    &["chuyen-doi-so-2026", "chuyen-doi-so-2025-ngok-tu", "chuyen-doi-so-quy-iv-2025-mo-cay"];

fn example() -> (ProgressFile, Progress) {
    let (f, mut diags) = load("content/chi-tieu.toml", EXAMPLE);
    let report = f.report_date.expect("the example states its report date");
    diags.extend(validate(&f, EXAMPLE_PLANS, report));
    assert!(diags.is_empty(), "{}", render(&diags));
    let p = evaluate(&f, report);
    (f, p)
}

#[test]
fn example_file_loads_and_validates_without_errors() {
    let (f, p) = example();
    assert_eq!(f.report_date, Some(date("2026-10-31")));
    assert!(f.illustrative);
    assert!(p.illustrative);
}

#[test]
fn example_has_all_28_indicators_of_the_2026_appendix_in_five_groups() {
    let (_, p) = example();
    let plan = p.plans.iter().find(|pl| pl.slug == "chuyen-doi-so-2026").unwrap();
    let titles: Vec<&str> = plan.groups.iter().map(|g| g.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "I. Chính quyền số",
            "II. Hạ tầng và dữ liệu số",
            "III. Kinh tế số và Xã hội số",
            "IV. An toàn thông tin",
            "V. Nguồn nhân lực"
        ]
    );
    let tts: Vec<u32> = plan.groups.iter().flat_map(|g| g.indicators.iter().filter_map(|i| i.tt)).collect();
    assert_eq!(tts, (1..=28).collect::<Vec<_>>());
    let counts: Vec<usize> = plan.groups.iter().map(|g| g.indicators.len()).collect();
    assert_eq!(counts, [11, 5, 5, 3, 4]);
    let ct13 = plan.groups[1].indicators.iter().find(|i| i.tt == Some(13)).unwrap();
    assert_eq!(ct13.target.display, "Hoàn thành");
    let ct11 = plan.groups[0].indicators.iter().find(|i| i.tt == Some(11)).unwrap();
    assert_eq!(ct11.lead.len(), 2);
}

#[test]
fn example_has_tasks_from_the_three_plans() {
    let (_, p) = example();
    for slug in EXAMPLE_PLANS {
        assert!(p.tasks.iter().any(|t| t.plan == *slug), "no task of {slug}");
    }
    for status in TaskStatus::ALL {
        assert!(p.tasks.iter().any(|t| t.status == status), "no task is {}", status.label());
    }
    for status in IndicatorStatus::ALL {
        assert!(p.indicators.iter().any(|i| i.status == status), "no indicator is {}", status.label());
    }
    assert!(p.latest_report.is_some());
}

#[test]
fn example_statuses_add_up_on_the_dashboard() {
    let (_, p) = example();
    let plan = p.plans.iter().find(|pl| pl.slug == "chuyen-doi-so-2026").unwrap();
    let i = &plan.rollup.indicators;
    assert_eq!((i.total, i.dat, i.dung_tien_do, i.cham_tien_do, i.chua_co_so_lieu), (28, 8, 6, 7, 7));
    let group_total: usize = plan.groups.iter().map(|g| g.rollup.indicators.dat).sum();
    assert_eq!(group_total, i.dat);
    let t = &p.overall.tasks;
    assert_eq!(t.hoan_thanh + t.dang_thuc_hien + t.qua_han + t.thuong_xuyen, t.total);
    assert_eq!(p.overall.indicators.total, 35);
    assert_eq!(p.overdue.len(), 3);
    let latest = p.latest_report.unwrap();
    assert_eq!((latest.label.as_str(), latest.changes.len()), ("tháng 09/2026", 15));
}

mod no_panic {
    use super::super::parse::{parse_deadline, parse_evidence, parse_target, parse_value_text};
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn parsers_never_panic(text in "\\PC{0,40}") {
            let _ = parse_target(&text);
            let _ = parse_deadline(&text);
            let _ = parse_value_text(&text);
            let _ = parse_evidence(&text);
            let _ = crate::vi::parse_number(&text);
            let _ = crate::vi::name_key(&text);
        }

        #[test]
        fn parsers_never_panic_on_plan_like_text(
            text in "(đạt |từ |trên |dưới |tối đa |không quá |≥ |<= |trước ngày |trong tháng |Quý |năm )?[0-9IVX.,/ %-]{0,12}( trở lên| tổ| dịch vụ)?"
        ) {
            let _ = parse_target(&text);
            let _ = parse_deadline(&text);
            let _ = parse_value_text(&text);
        }

        #[test]
        fn load_never_panics(text in "\\PC{0,200}") {
            let (f, _) = load("x.toml", &text);
            let _ = validate(&f, PLANS, date("2026-10-31"));
            let _ = evaluate(&f, date("2026-10-31"));
        }

        #[test]
        fn load_never_panics_on_damaged_example(cut in 0usize..40_000, len in 0usize..200) {
            let start = EXAMPLE.char_indices().map(|(i, _)| i).find(|&i| i >= cut.min(EXAMPLE.len())).unwrap_or(0);
            let end = EXAMPLE.char_indices().map(|(i, _)| i).find(|&i| i >= start + len).unwrap_or(EXAMPLE.len());
            let damaged = format!("{}{}", &EXAMPLE[..start], &EXAMPLE[end..]);
            let (f, _) = load("x.toml", &damaged);
            let p = evaluate(&f, date("2026-10-31"));
            let _ = open_data::indicators_csv(&p);
            for i in &p.indicators {
                let _ = history_svg(i);
            }
        }
    }
}
