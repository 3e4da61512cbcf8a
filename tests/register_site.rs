//! The register of legal documents on the built site: citations become links without
//! changing the text, every cited document has a page listing each citing passage
//! with a working back-link, the plan's căn cứ come first, the board's registry file
//! overrides what was extracted, and citation warnings reach `check`.

mod common;

use std::collections::BTreeSet;

use common::{Site, attribute, hrefs, visible_text};

#[test]
fn citation_in_plan_text_becomes_a_link_without_changing_the_text() {
    let site = Site::valid();
    site.build();
    let html = site.read("public/ke-hoach/ke-hoach-2026/index.html");
    assert!(
        visible_text(&html)
            .contains("Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị, Ủy ban nhân dân xã ban hành"),
        "text unchanged"
    );
    assert!(hrefs(&html).contains(&"/cds/van-ban/57-nq-tw-2024-12-22/".to_string()), "{html}");
    assert!(attribute(&html, "id").contains(&"vb-1".to_string()), "the mention has an anchor for back-links");
}

#[test]
fn document_page_lists_each_citing_passage_linked_back_to_its_place() {
    let site = Site::valid();
    site.build();
    let html = site.read("public/van-ban/57-nq-tw-2024-12-22/index.html");
    let text = visible_text(&html);
    assert!(text.contains("Nghị quyết số 57-NQ/TW ngày 22/12/2024"), "{text}");
    assert!(text.contains("Cơ quan ban hành Bộ Chính trị"));
    assert!(text.contains("Được viện dẫn 1 lần"));
    assert!(hrefs(&html).contains(&"/cds/ke-hoach/ke-hoach-2026/#vb-1".to_string()));
}

#[test]
fn plan_shows_its_can_cu_first() {
    let site = Site::valid();
    site.build();
    let text = site.text_of("ke-hoach/ke-hoach-2026/index.html");
    let basis =
        text.find("Căn cứ ban hành Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị").expect("căn cứ block");
    let body = text.find("I. Mục tiêu 1. Mục tiêu chung").expect("body");
    assert!(basis < body, "căn cứ before the body");
}

#[test]
fn registry_file_overrides_the_title_and_lists_uncited_entries_with_a_warning() {
    let site = Site::valid();
    site.write(
        "content/van-ban.toml",
        "[[documents]]\nnumber = \"57-NQ/TW\"\ntitle = \"Về đột phá phát triển khoa học, công nghệ\"\nstatus = \"còn hiệu lực\"\nurl = \"https://vanban.example.vn/57\"\n\n[[documents]]\nnumber = \"99/QĐ-TTg\"\ndate = 2020-01-01\ntitle = \"Một văn bản không kế hoạch nào dẫn\"\n",
    );
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "warnings do not block: {}", check.stderr);
    assert!(
        check.stderr.lines().any(|l| l.starts_with("content/van-ban.toml:8:") && l.contains("warning")),
        "{}",
        check.stderr
    );
    site.build();
    let text = site.text_of("van-ban/57-nq-tw-2024-12-22/index.html");
    assert!(text.contains("Trích yếu Về đột phá phát triển khoa học, công nghệ"), "{text}");
    assert!(text.contains("Tình trạng hiệu lực Còn hiệu lực"));
    let register = site.text_of("van-ban/index.html");
    assert!(register.contains("99/QĐ-TTg"), "uncited entry listed: {register}");
}

#[test]
fn citation_warnings_are_located_and_strict_check_fails_on_them() {
    let site = Site::valid();
    let plan = site.read("content/ke-hoach/bao-cao-2025.md").replace(
        "Đạt phần lớn chỉ tiêu.",
        "Đạt phần lớn chỉ tiêu theo Quyết định 19/KH-UBND ngày 13/8/2025 của UBND xã.",
    );
    site.write("content/ke-hoach/bao-cao-2025.md", &plan);
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let line = check
        .stderr
        .lines()
        .find(|l| l.starts_with("content/ke-hoach/bao-cao-2025.md:13:28:") && l.contains(": warning: "))
        .unwrap_or_else(|| panic!("{}", check.stderr));
    assert!(line.contains("19/KH-UBND"), "{line}");
    let strict = site.run(&["check", "--strict"]);
    assert_eq!(strict.code, 1);
    let github = site.run(&["check", "--format", "github"]);
    assert!(
        github.stdout.lines().any(|l| l.starts_with("::warning file=content/ke-hoach/bao-cao-2025.md,line=13,col=28,")),
        "{}",
        github.stdout
    );
    let json = site.run(&["check", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(value["ok"], serde_json::json!(true));
    assert!(value["warnings"].as_u64().unwrap_or(0) >= 1);
    assert_eq!(value["diagnostics"][0]["severity"], serde_json::json!("warning"));
}

#[test]
fn check_json_reports_errors_with_exit_code_one() {
    let site = Site::broken("front-matter-typo");
    let json = site.run(&["check", "--format", "json"]);
    assert_eq!(json.code, 1);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("json");
    assert_eq!(value["ok"], serde_json::json!(false));
    let first = &value["diagnostics"][0];
    assert_eq!(first["path"], serde_json::json!("content/ke-hoach/bao-cao-2025.md"));
    assert_eq!(first["line"], serde_json::json!(9));
    assert!(first["hint"].as_str().unwrap_or("").contains("summary"));
}

/// The example site: its register lists every document its plans cite (as the
/// `citations` command finds them), and every back-link lands on an existing anchor.
#[test]
fn example_register_lists_every_cited_document_with_working_back_links() {
    let out = tempfile::tempdir().expect("temp");
    let run = common::run_in(
        &common::repo(),
        &["build", "--output-dir", out.path().to_str().expect("utf-8"), "--base-url", "http://localhost/"],
    );
    assert!(run.ok(), "{}", run.stderr);
    let register = std::fs::read_to_string(out.path().join("van-ban/index.html")).expect("register");
    let listed: BTreeSet<String> =
        // Document pages (the level links are `/van-ban/#level`).
        hrefs(&register)
            .into_iter()
            .filter(|h| h.starts_with("/van-ban/") && h.len() > "/van-ban/".len() && !h.contains('#'))
            .collect();
    let plans = ["chuyen-doi-so-2026", "chuyen-doi-so-2025-ngok-tu", "chuyen-doi-so-quy-iv-2025-mo-cay"];
    let mut expected_numbers = BTreeSet::new();
    for plan in plans {
        let file = common::repo().join(format!("content/ke-hoach/{plan}/index.md"));
        let cited = common::run_in(&common::repo(), &["citations", "--format", "json", file.to_str().expect("utf-8")]);
        let value: serde_json::Value = serde_json::from_str(&cited.stdout).expect("citations json");
        for document in value["documents"].as_array().expect("documents") {
            expected_numbers.insert(document["number"].as_str().unwrap_or("").to_string());
        }
    }
    let register_text = visible_text(&register);
    for number in &expected_numbers {
        assert!(register_text.contains(number.as_str()), "register lacks {number}");
    }
    for href in &listed {
        let page = std::fs::read_to_string(out.path().join(href.trim_start_matches('/')).join("index.html"))
            .unwrap_or_else(|e| panic!("{href}: {e}"));
        let back_links: Vec<String> = hrefs(&page).into_iter().filter(|h| h.contains("#vb-")).collect();
        assert!(!back_links.is_empty(), "{href} has no back-link");
        for link in back_links {
            let (path, anchor) = link.split_once('#').expect("anchor");
            let target = std::fs::read_to_string(out.path().join(path.trim_start_matches('/')).join("index.html"))
                .unwrap_or_else(|e| panic!("{link}: {e}"));
            assert!(attribute(&target, "id").contains(&anchor.to_string()), "{href}: back-link {link} lands nowhere");
        }
    }
}

#[test]
fn a_much_cited_document_pages_its_passages_and_the_register_stays_short() {
    let site = Site::valid();
    // Seven more plans, each citing Nghị quyết 57-NQ/TW twenty times: with the
    // fixture's own plan, 141 passages in 8 plans.
    for n in 1..=7 {
        let mut body = String::new();
        for k in 1..=20 {
            body.push_str(&format!(
                "Đoạn {k}: thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học.\n\n"
            ));
        }
        site.write(
            &format!("content/ke-hoach/ke-hoach-them-{n}.md"),
            &format!(
                "+++\ntitle = \"Kế hoạch bổ sung {n}\"\nnumber = \"{}/KH-UBND\"\ndate = 2026-02-0{n}\nissuer = \"Ủy ban nhân dân xã Thử Nghiệm\"\nkind = \"Kế hoạch\"\nstatus = \"ban hành\"\nyear = 2026\nsummary = \"Kế hoạch bổ sung {n}\"\n+++\n{body}",
                100 + n
            ),
        );
    }
    let run = site.build();
    assert!(run.ok(), "{:?}", run.errors());
    let check = site.run(&["check"]);
    assert!(check.ok(), "{:?}", check.errors());

    let first = visible_text(&site.read("public/van-ban/57-nq-tw-2024-12-22/index.html"));
    let second_html = site.read("public/van-ban/57-nq-tw-2024-12-22/trang/2/index.html");
    let second = visible_text(&second_html);
    assert!(first.contains("Được viện dẫn 141 lần"), "{first}");
    assert!(first.contains("Trang 1/2") && second.contains("Trang 2/2"), "{second}");
    assert!(attribute(&second_html, "start").contains(&"101".to_string()), "numbering continues on the second page");
    let passages = |text: &str| text.matches("Xem đoạn này trong").count();
    assert_eq!((passages(&first), passages(&second)), (100, 41));

    let register = site.read("public/van-ban/index.html");
    let row = register.split("<tr>").find(|r| r.contains(">57-NQ/TW</a>")).unwrap_or_default();
    assert!(visible_text(row).contains("và 3 kế hoạch khác"), "{}", visible_text(row));
    assert!(hrefs(row).contains(&"/cds/van-ban/57-nq-tw-2024-12-22/".to_string()), "{:?}", hrefs(row));
}

#[test]
fn a_long_register_continues_on_numbered_pages() {
    let site = Site::valid();
    let mut body = String::new();
    for n in 1..=105 {
        body.push_str(&format!(
            "Căn cứ Quyết định số {n}/QĐ-UBND ngày 02/01/2025 của Ủy ban nhân dân tỉnh Quảng Ngãi.\n\n"
        ));
    }
    site.write(
        "content/ke-hoach/ke-hoach-nhieu-can-cu.md",
        &format!(
            "+++\ntitle = \"Kế hoạch nhiều căn cứ\"\nnumber = \"150/KH-UBND\"\ndate = 2026-02-01\nissuer = \"Ủy ban nhân dân xã Thử Nghiệm\"\nkind = \"Kế hoạch\"\nstatus = \"ban hành\"\nyear = 2026\nsummary = \"Kế hoạch nhiều căn cứ\"\n+++\n{body}"
        ),
    );
    let run = site.build();
    assert!(run.ok(), "{:?}", run.errors());
    let check = site.run(&["check"]);
    assert!(check.ok(), "every level link and page link resolves: {:?}", check.errors());
    let first = site.text_of("van-ban/index.html");
    let second = site.text_of("van-ban/trang/2/index.html");
    assert!(first.contains("Trang 1/2") && second.contains("Trang 2/2"), "{second}");
    let listed = |text: &str| (1..=105).filter(|n| text.contains(&format!(" {n}/QĐ-UBND "))).count();
    assert_eq!(listed(&first) + listed(&second), 105, "each document on exactly one page");
    assert!(listed(&first) > 0 && listed(&second) > 0);
}
