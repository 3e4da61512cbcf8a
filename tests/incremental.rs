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

/// What a fresh workspace builds from the files as they are now.
fn fresh(site: &Site) -> (BTreeMap<String, Vec<u8>>, Vec<String>) {
    let mut workspace = Workspace::new(BuildOptions::new(site.root()));
    let stats = workspace.full_rebuild().unwrap_or_else(|ds| panic!("{ds:?}"));
    workspace.finish_deferred().unwrap_or_else(|ds| panic!("{ds:?}"));
    state(&workspace, &stats.warnings)
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

    let mut workspace = Workspace::new(BuildOptions::new(site.root()));
    let first = workspace.full_rebuild().unwrap_or_else(|ds| panic!("{ds:?}"));
    workspace.finish_deferred().unwrap_or_else(|ds| panic!("{ds:?}"));
    assert_eq!(state(&workspace, &first.warnings), fresh(&site));
    assert!(
        first.warnings.iter().any(|w| w.to_string().contains("được viết là")),
        "the register warns about the swapped separators: {:?}",
        first.warnings.iter().map(ToString::to_string).collect::<Vec<_>>()
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
        ("the report back as it was", REPORT, report.clone()),
    ];
    for (what, file, text) in edits {
        site.write(file, &text);
        let stats =
            workspace.apply(&[Change::Markdown(file.to_string())]).unwrap_or_else(|ds| panic!("{what}: {ds:?}"));
        workspace.finish_deferred().unwrap_or_else(|ds| panic!("{what}: {ds:?}"));
        let (outputs, warnings) = state(&workspace, &stats.warnings);
        let (fresh_outputs, fresh_warnings) = fresh(&site);
        assert_eq!(warnings, fresh_warnings, "{what}: warnings");
        let differing: Vec<&String> = fresh_outputs
            .keys()
            .chain(outputs.keys())
            .filter(|path| outputs.get(*path) != fresh_outputs.get(*path))
            .collect();
        assert!(differing.is_empty(), "{what}: files differ from a fresh build: {differing:?}");
    }
}
