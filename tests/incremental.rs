//! `serve`'s incremental rebuilds reuse parsed files, extractions, the register, links
//! and fingerprints; whatever they reuse, the result must be exactly what a fresh build
//! of the same files gives: same files, same bytes, same warnings at the same lines.

mod common;

use std::collections::BTreeMap;

use common::Site;
use congkhai::incremental::{Change, Workspace};
use congkhai::site::BuildOptions;

/// Every output and every warning (as printed) of a workspace.
fn state(
    workspace: &Workspace,
    warnings: &[congkhai::diagnostics::Diagnostic],
) -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    let outputs = workspace.outputs().iter().map(|(path, bytes)| (path.clone(), bytes.as_ref().clone())).collect();
    (outputs, warnings.iter().map(ToString::to_string).collect())
}

/// A workspace that has built the files as they are now, and its warnings.
fn built(site: &Site) -> (Workspace, Vec<congkhai::diagnostics::Diagnostic>) {
    let mut workspace = Workspace::new(BuildOptions::new(site.root()));
    let stats = workspace.full_rebuild().unwrap_or_else(|ds| panic!("{ds:?}"));
    workspace.finish_deferred().unwrap_or_else(|ds| panic!("{ds:?}"));
    (workspace, stats.warnings)
}

/// What a fresh workspace builds from the files as they are now.
fn fresh(site: &Site) -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    let (workspace, warnings) = built(site);
    state(&workspace, &warnings)
}

const PLAN: &str = "content/ke-hoach/ke-hoach-2026/index.md";
const REPORT: &str = "content/ke-hoach/bao-cao-2025.md";

#[test]
fn every_kind_of_plan_edit_gives_what_a_fresh_build_gives() {
    let site = Site::valid();
    // A second plan writing 57-NQ/TW with its separators swapped: the register then
    // warns in that plan, at the mention's line.
    let report = site.read(REPORT).replace(
        "Đạt phần lớn chỉ tiêu.",
        "Đạt phần lớn chỉ tiêu theo Nghị quyết số 57/NQ-TW ngày 22/12/2024 của Bộ Chính trị.",
    );
    site.write(REPORT, &report);
    let plan = site.read(PLAN);
    let body_start = plan.match_indices("+++\n").nth(1).map(|(i, _)| i + 4).expect("front matter");

    let (mut workspace, first_warnings) = built(&site);
    assert_eq!(state(&workspace, &first_warnings), fresh(&site));
    assert!(
        first_warnings.iter().any(|w| w.to_string().contains("được viết là")),
        "the register warns about the swapped separators: {:?}",
        first_warnings.iter().map(ToString::to_string).collect::<Vec<_>>()
    );

    let edits: Vec<(&str, &str, String)> = vec![
        ("a sentence at the end of the plan", PLAN, format!("{plan}\nĐoạn bổ sung.\n")),
        (
            "words next to a citation (the passage on the document's page changes)",
            PLAN,
            plan.replace("ban hành kế hoạch như sau", "ban hành kế hoạch này như sau"),
        ),
        (
            "lines at the start of the plan (every mention moves)",
            PLAN,
            format!("{}Đoạn mở đầu.\n\nĐoạn thứ hai.\n\n{}", &plan[..body_start], &plan[body_start..]),
        ),
        (
            "lines at the start of the report (its register warning moves)",
            REPORT,
            report.replacen("## Kết quả", "Mở đầu.\n\nThêm một đoạn.\n\n## Kết quả", 1),
        ),
        (
            "a citation of a new document",
            PLAN,
            format!("{plan}\nThực hiện Quyết định số 901/QĐ-UBND ngày 02/03/2026 của UBND tỉnh.\n"),
        ),
        ("the citation removed again", PLAN, plan.clone()),
        (
            // ct-01 names "30/BC-UBND" as the source of a figure: its page now links it.
            "a citation of a document an indicator names as a source",
            PLAN,
            format!("{plan}\nTheo Báo cáo số 30/BC-UBND ngày 30/06/2026 của Ủy ban nhân dân xã.\n"),
        ),
        (
            // Indicator and task pages name the plan they belong to.
            "the plan's title",
            PLAN,
            plan.replace(
                "title = \"Kế hoạch Chuyển đổi số năm 2026\"",
                "title = \"Kế hoạch Chuyển đổi số xã năm 2026\"",
            ),
        ),
        ("the plan back as it was", PLAN, plan.clone()),
        ("the report back as it was", REPORT, report.clone()),
    ];
    for (what, file, text) in edits {
        site.write(file, &text);
        let warnings = apply(&mut workspace, Change::Markdown(file.to_string()), what);
        let differing = differences(&site, &workspace, &warnings);
        assert!(differing.is_empty(), "{what}: files differ from a fresh build: {differing:?}");
    }
}

/// Applies `change` and renders what was deferred; returns the rebuild's warnings.
fn apply(workspace: &mut Workspace, change: Change, what: &str) -> Vec<congkhai::diagnostics::Diagnostic> {
    let stats = workspace.apply(&[change]).unwrap_or_else(|ds| panic!("{what}: {ds:?}"));
    workspace.finish_deferred().unwrap_or_else(|ds| panic!("{what}: {ds:?}"));
    stats.warnings
}

const INDICATORS: &str = "content/chi-tieu.toml";

/// The files of `workspace` that differ from a fresh build's, and "(warnings)" if the
/// warnings do.
fn differences(site: &Site, workspace: &Workspace, warnings: &[congkhai::diagnostics::Diagnostic]) -> Vec<String> {
    let (outputs, warnings) = state(workspace, warnings);
    let (fresh_outputs, fresh_warnings) = fresh(site);
    let mut differing: Vec<String> = fresh_outputs
        .keys()
        .chain(outputs.keys())
        .filter(|path| outputs.get(*path) != fresh_outputs.get(*path))
        .cloned()
        .collect();
    differing.sort();
    differing.dedup();
    if warnings != fresh_warnings {
        differing.push("(warnings)".to_string());
    }
    differing
}

#[test]
fn every_kind_of_indicator_edit_gives_what_a_fresh_build_gives() {
    let site = Site::valid();
    // ct-01 is led by the office; the culture office cooperates on it, and its page
    // lists it with its status.
    let indicators = site.read(INDICATORS).replacen(
        "lead = \"Văn phòng HĐND và UBND\"\n",
        "lead = \"Văn phòng HĐND và UBND\"\ncooperating = [\"vhxh\"]\n",
        1,
    );
    site.write(INDICATORS, &indicators);
    let (mut workspace, warnings) = built(&site);
    assert_eq!(differences(&site, &workspace, &warnings), Vec::<String>::new());
    let agency_page = |workspace: &Workspace| {
        let (path, bytes) = workspace
            .outputs()
            .iter()
            .find(|(path, bytes)| {
                path.starts_with("co-quan/") && String::from_utf8_lossy(bytes).contains("Phòng Văn hóa - Xã hội</h1>")
            })
            .expect("the culture office's page");
        (path.clone(), String::from_utf8_lossy(bytes).into_owned())
    };
    let (_, before) = agency_page(&workspace);
    assert!(before.contains("Phối hợp thực hiện"), "the culture office's page lists what it cooperates on");

    let edits: Vec<(&str, String)> = vec![
        // 62,5% → 85% against a target of 80%: ct-01 is reached, on the pages of the
        // office leading it and of the one cooperating.
        ("the latest figure of an indicator", indicators.replace("value = \"62,5%\"", "value = \"85%\"")),
        ("a figure's source", indicators.replace("source = \"30/BC-UBND\"", "source = \"31/BC-UBND\"")),
        ("a task's progress", indicators.replace("percent = 60", "percent = 100")),
        (
            "an agency's name",
            indicators.replace("name = \"Phòng Văn hóa - Xã hội\"", "name = \"Phòng Văn hóa và Xã hội\""),
        ),
        ("the file back as it was", indicators.clone()),
    ];
    for (what, text) in edits {
        if what != "the file back as it was" {
            assert_ne!(text, indicators, "{what}: the edit changes the file");
        }
        site.write(INDICATORS, &text);
        let warnings = apply(&mut workspace, Change::Data(INDICATORS.to_string()), what);
        let differing = differences(&site, &workspace, &warnings);
        assert!(differing.is_empty(), "{what}: files differ from a fresh build: {differing:?}");
    }
}
