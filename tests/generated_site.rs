//! A small province-level site from the benchmark generator (`benches/gen.rs`), built by
//! the real binary and spot-checked against its sources (`benches/spot_check.rs`): the
//! check the benchmark runs on 10,000 plans, run here on a size CI can afford, and shown
//! to catch a wrong bar, a missing page and a broken link.

#[path = "../benches/gen.rs"]
mod generator;
#[path = "../benches/spot_check.rs"]
mod spot_check;

use std::path::Path;
use std::process::Command;

fn build(site: &Path, out: &Path) {
    let result = Command::new(env!("CARGO_BIN_EXE_congkhai"))
        .args(["--root", &site.to_string_lossy(), "build", "--output-dir", &out.to_string_lossy()])
        .output()
        .expect("run congkhai");
    assert!(result.status.success(), "build failed:\n{}", String::from_utf8_lossy(&result.stderr));
}

fn generated(plans: usize) -> (tempfile::TempDir, std::path::PathBuf, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    let out = dir.path().join("public");
    let summary = generator::generate(&generator::Options::new(plans, &site)).expect("generate");
    assert_eq!(summary.plans, plans);
    build(&site, &out);
    (dir, site, out)
}

#[test]
fn a_generated_site_has_every_page_its_register_and_the_right_bars() {
    let (_dir, site, out) = generated(24);
    let report = spot_check::check(&site, &out, 1);
    assert!(report.problems.is_empty(), "{}\n{}", report.summary(), report.problems.join("\n"));
    assert_eq!(report.plans, 24);
    assert!(report.indicators > 50 && report.bars > 30, "{}", report.summary());
    assert!(report.tasks > 0 && report.links > 1000, "{}", report.summary());
    // The register is made from the corpus's hand-checked lists, when the corpus is there.
    let corpus = generator::Options::new(1, &site).corpus;
    if corpus.is_dir() {
        assert!(report.documents > 10, "{}", report.summary());
    }
}

#[test]
fn the_spot_check_sees_a_wrong_bar_a_missing_page_and_a_broken_link() {
    let (_dir, site, out) = generated(6);
    // A bar drawn at the wrong width, on the first indicator page with a value.
    let mut bent = None;
    for entry in std::fs::read_dir(out.join("chi-tieu")).expect("indicator pages") {
        let page = entry.expect("entry").path().join("index.html");
        let Ok(html) = std::fs::read_to_string(&page) else { continue };
        if let Some(at) = html.find("class=thanh-day style=\"width:") {
            let start = at + "class=thanh-day style=\"width:".len();
            let end = start + html[start..].find('%').expect("a width");
            let width: f64 = html[start..end].parse().expect("a number");
            let wrong = if width > 50.0 { width - 25.0 } else { width + 25.0 };
            std::fs::write(&page, format!("{}{wrong}{}", &html[..start], &html[end..])).expect("write");
            bent = Some(page);
            break;
        }
    }
    let bent = bent.expect("an indicator with a value");
    // A document page of the register gone (plans link to it).
    let register = std::fs::read_to_string(site.join("content/van-ban.toml")).expect("register");
    let documents = std::fs::read_dir(out.join("van-ban")).expect("document pages");
    let gone = documents
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.file_name().is_some_and(|n| n != "trang") && p.join("index.html").is_file())
        .expect("a document page");
    assert!(!register.is_empty());
    std::fs::remove_dir_all(&gone).expect("remove");

    let report = spot_check::check(&site, &out, 1);
    let all = report.problems.join("\n");
    let slug = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let indicator = slug(bent.parent().expect("folder"));
    assert!(all.contains(&format!("/chi-tieu/{indicator}/: bar width")), "{all}");
    assert!(all.contains(&format!("link to /van-ban/{}/", slug(&gone))), "{all}");
}

#[test]
fn the_generator_keeps_a_site_only_when_it_would_come_out_the_same() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    let options = generator::Options::new(4, &site);
    assert!(!generator::is_current(&options).expect("sources"), "nothing generated yet");
    generator::generate(&options).expect("generate");
    assert!(generator::is_current(&options).expect("sources"));
    // Other options: not the same site.
    let mut other_seed = generator::Options::new(4, &site);
    other_seed.seed += 1;
    assert!(!generator::is_current(&other_seed).expect("sources"));
    assert!(!generator::is_current(&generator::Options::new(5, &site)).expect("sources"));
    // Other sources: not the same site either.
    let mut other_corpus = generator::Options::new(4, &site);
    other_corpus.corpus = dir.path().join("no-corpus");
    assert!(
        !generator::is_current(&other_corpus).expect("sources") || !options.corpus.is_dir(),
        "a site made with the corpus is not current without it"
    );
    // A generation cut short leaves a marker that matches nothing.
    let marker = site.join(generator::MARKER);
    std::fs::write(&marker, "generator 1: incomplete\n").expect("write");
    assert!(!generator::is_current(&options).expect("sources"));
}
