//! The example commune site in `content/`: it checks clean (warnings only: the plans'
//! own citation slips), and every internal link and anchor of the built site resolves
//! to a file and an id that exist.

mod common;

use std::collections::{HashMap, HashSet};
use std::path::Path;

use common::{attribute, snapshot};

fn build_example(out: &Path) {
    let run = common::run_in(
        &common::repo(),
        &[
            "build",
            "--output-dir",
            out.to_str().expect("utf-8"),
            "--base-url",
            "https://binhchuong.example.vn/cong-khai/",
        ],
    );
    assert!(run.ok(), "{}", run.stderr);
}

/// `public/` is committed so that the example site can be browsed without building it;
/// it must be exactly what `congkhai build` makes of `content/` today.
#[test]
fn committed_public_folder_is_the_example_site_as_built() {
    let out = tempfile::tempdir().expect("temp");
    let built = out.path().join("public");
    let run = common::run_in(&common::repo(), &["build", "--output-dir", built.to_str().expect("utf-8")]);
    assert!(run.ok(), "{}", run.stderr);
    let committed = snapshot(&common::repo().join("public"));
    let fresh = snapshot(&built);
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&fresh),
        "public/ is out of date: run `cargo run --release -- build` and commit public/"
    );
    for ((name, a), (_, b)) in committed.iter().zip(&fresh) {
        assert!(a == b, "public/{name} is out of date: run `cargo run --release -- build` and commit public/");
    }
}

#[test]
fn example_site_checks_without_errors() {
    let run = common::run_in(&common::repo(), &["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.errors().is_empty(), "{}", run.stderr);
}

#[test]
fn every_internal_link_of_the_example_site_resolves() {
    let out = tempfile::tempdir().expect("temp");
    build_example(out.path());
    let files = snapshot(out.path());
    let paths: HashSet<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    let ids: HashMap<&str, HashSet<String>> = files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p.as_str(), attribute(&String::from_utf8_lossy(b), "id").into_iter().collect()))
        .collect();
    let mut checked = 0;
    for (path, bytes) in &files {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        for href in attribute(&html, "href").into_iter().chain(attribute(&html, "src")) {
            if href.starts_with("https://") && !href.starts_with("https://binhchuong.example.vn/cong-khai/") {
                continue; // external
            }
            if href.starts_with("mailto:") || href.starts_with("tel:") {
                continue;
            }
            let local = href.trim_start_matches("https://binhchuong.example.vn");
            let (target, anchor) = match local.split_once('#') {
                Some((t, a)) => (t, Some(a)),
                None => (local, None),
            };
            let file = if target.is_empty() {
                path.clone()
            } else {
                let rest =
                    target.strip_prefix("/cong-khai/").unwrap_or_else(|| panic!("{path}: {href} lacks the base path"));
                let rest = percent_decode(rest);
                if rest.is_empty() || rest.ends_with('/') { format!("{rest}index.html") } else { rest }
            };
            assert!(paths.contains(file.as_str()), "{path}: {href} → missing {file}");
            if let Some(anchor) = anchor.filter(|a| !a.is_empty()) {
                let page_ids = ids.get(file.as_str()).unwrap_or_else(|| panic!("{path}: {href} anchors a non-page"));
                assert!(page_ids.contains(anchor), "{path}: {href} → no #{anchor} in {file}");
            }
            checked += 1;
        }
    }
    assert!(checked > 1000, "checked {checked} links");
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(v) = text.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn example_appendix_has_all_28_indicators_of_the_2026_plan() {
    let out = tempfile::tempdir().expect("temp");
    build_example(out.path());
    let html =
        std::fs::read_to_string(out.path().join("ke-hoach/chuyen-doi-so-2026/chi-tieu/index.html")).expect("appendix");
    let text = common::visible_text(&html);
    for (tt, name) in [
        (1, "Tỷ lệ hồ sơ thủ tục hành chính xử lý trực tuyến toàn trình, người dân chỉ phải nhập dữ liệu một lần"),
        (13, "Đảm bảo hệ thống mạng nội bộ LAN tại địa phương hoạt động thông suốt và an toàn thông tin"),
        (28, "Tỷ lệ người dân trong độ tuổi trưởng thành được tiếp cận, tập huấn, tuyên truyền về kỹ năng số cơ bản"),
    ] {
        assert!(text.contains(&format!("{tt} {name}")), "indicator {tt} missing");
    }
    let rows = html.matches("<tr id=ct-").count() + html.matches("<tr id=\"ct-").count();
    assert_eq!(rows, 28, "28 indicators in the appendix");
    assert!(text.contains("Số liệu minh họa"), "illustrative figures are marked");
}
