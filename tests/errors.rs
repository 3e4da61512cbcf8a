//! Broken sites: each problem is reported as `path:line:col: error: …` with a hint,
//! the exit code is non-zero, nothing panics, and the previous `public/` survives
//! untouched.

mod common;

use common::{Run, Site, snapshot};

/// Builds the valid site, applies the broken overlay, builds again: returns the second
/// run after checking that it failed and left the first output exactly as it was.
fn build_broken(overlay: &str) -> Run {
    build_broken_with(overlay, &["build"])
}

/// [`build_broken`] with other arguments (`build --check`…).
fn build_broken_with(overlay: &str, args: &[&str]) -> Run {
    let site = Site::valid();
    site.build();
    let before = snapshot(&site.public());
    common::copy_tree(&common::fixture("broken").join(overlay), site.root(), false);
    let run = site.run(args);
    assert_eq!(run.code, 1, "{overlay}: exit code\n{}", run.stderr);
    assert!(!run.stderr.contains("panicked"), "{overlay}: panic\n{}", run.stderr);
    assert!(snapshot(&site.public()) == before, "{overlay}: public/ changed after a failed build");
    assert!(run.stderr.contains("giữ nguyên"), "{overlay}: says the old site is kept\n{}", run.stderr);
    let staging: Vec<_> = std::fs::read_dir(site.root())
        .expect("read")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(staging.is_empty(), "{overlay}: staging folder left behind");
    run
}

fn assert_error(run: &Run, location: &str, words: &str) {
    let line = run
        .errors()
        .into_iter()
        .find(|l| l.starts_with(location))
        .unwrap_or_else(|| panic!("no error at {location}; got:\n{}", run.stderr));
    assert!(line.contains(words), "{line:?} should mention {words:?}");
    let after = run.stderr.split(line).nth(1).unwrap_or("");
    assert!(after.trim_start().starts_with("= gợi ý:"), "error at {location} has a hint:\n{}", run.stderr);
}

#[test]
fn misspelt_front_matter_key_is_located_with_the_right_key_suggested() {
    let run = build_broken("front-matter-typo");
    assert_error(&run, "content/ke-hoach/bao-cao-2025.md:9:1: error:", "`summry`");
    assert!(run.stderr.contains("có phải ý bạn là `summary`?"), "{}", run.stderr);
}

#[test]
fn broken_toml_value_is_located() {
    let run = build_broken("bad-toml-value");
    assert_error(&run, "content/ke-hoach/bao-cao-2025.md:4:", "TOML");
}

#[test]
fn unclosed_front_matter_is_reported_at_line_one() {
    let run = build_broken("unclosed-front-matter");
    assert_error(&run, "content/gioi-thieu.md:1:1: error:", "+++");
}

#[test]
fn template_syntax_error_names_the_template_and_line() {
    let run = build_broken("template-syntax");
    assert_error(&run, "templates/plan.html:3:", "cú pháp");
}

#[test]
fn template_render_error_names_the_template_and_line() {
    let run = build_broken("template-render");
    assert_error(&run, "templates/page.html:4:", "trang");
}

#[test]
fn misspelt_config_key_is_located_with_the_right_key_suggested() {
    let run = build_broken("config-typo");
    assert_error(&run, "config.toml:3:1: error:", "`provnce`");
    assert!(run.stderr.contains("`province`"));
}

#[test]
fn missing_attachment_points_at_its_line() {
    let run = build_broken("missing-attachment");
    assert_error(&run, "content/ke-hoach/ke-hoach-2026/index.md:12:1: error:", "ke-hoach-da-ki.pdf");
}

#[test]
fn broken_internal_link_points_at_its_line() {
    let run = build_broken("broken-internal-link");
    assert_error(&run, "content/ke-hoach/ke-hoach-2026/index.md:33:", "bao-cao-2024.md");
}

#[test]
fn two_pages_on_one_url_are_both_reported() {
    let run = build_broken("duplicate-path");
    assert_error(&run, "content/ke-hoach/trung.md:1:1: error:", "trùng đường dẫn");
    assert_error(&run, "content/ke-hoach/bao-cao-2025.md:1:1: error:", "trùng đường dẫn");
}

#[test]
fn all_problems_of_a_build_are_reported_together() {
    let run = build_broken("several-errors");
    assert_error(&run, "config.toml:3:1: error:", "`provnce`");
    assert_error(&run, "content/gioi-thieu.md:3:1: error:", "`weigth`");
    assert_error(&run, "content/ke-hoach/bao-cao-2025.md:9:1: error:", "`summry`");
    assert!(run.stderr.contains("3 lỗi"), "{}", run.stderr);
}

#[test]
fn check_catches_a_template_error_without_writing_anything() {
    let site = Site::broken("template-render");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.errors().iter().any(|l| l.starts_with("templates/page.html:4:")), "{}", run.stderr);
    assert!(!site.public().exists(), "check wrote nothing");
}

#[test]
fn check_catches_a_link_to_a_missing_heading() {
    let site = Site::broken("broken-anchor");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.errors()
            .iter()
            .any(|l| l.starts_with("content/ke-hoach/ke-hoach-2026/index.md:33:") && l.contains("#khong-co-muc-nay")),
        "{}",
        run.stderr
    );
}

#[test]
fn build_check_keeps_the_old_site_when_a_link_points_at_a_missing_heading() {
    let run = build_broken_with("broken-anchor", &["build", "--check"]);
    assert_error(&run, "content/ke-hoach/ke-hoach-2026/index.md:33:", "#khong-co-muc-nay");
}

#[test]
fn build_check_reports_exactly_what_check_reports() {
    let site = Site::broken("broken-anchor");
    let check = site.run(&["check", "--format", "json"]);
    let build = site.run(&["build", "--check", "--format", "json"]);
    assert_eq!((check.code, build.code), (1, 1), "{}\n{}", check.stderr, build.stderr);
    assert!(check.stdout.contains("#khong-co-muc-nay"), "{}", check.stdout);
    assert_eq!(build.stdout, check.stdout);
    assert!(!site.public().exists(), "a failed build --check publishes nothing");
}

#[test]
fn build_check_writes_what_build_writes() {
    let site = Site::valid();
    site.build();
    let plain = snapshot(&site.public());
    let run = site.run(&["build", "--check"]);
    assert!(run.ok(), "{}", run.stderr);
    assert!(snapshot(&site.public()) == plain, "build --check wrote other files than build");
}

#[test]
fn build_strict_keeps_the_old_site_when_there_are_only_warnings() {
    let site = Site::valid();
    site.build();
    let before = snapshot(&site.public());
    // A citation of a scheme by its short name alone: a warning, not an error.
    let plan = site.read("content/ke-hoach/ke-hoach-2026/index.md");
    site.write("content/ke-hoach/ke-hoach-2026/index.md", &format!("{plan}\nTriển khai theo Đề án 06.\n"));
    let lenient = site.run(&["check"]);
    assert!(lenient.ok() && lenient.stderr.contains("Đề án 06"), "a warning only:\n{}", lenient.stderr);
    let run = site.run(&["build", "--check", "--strict"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("coi là lỗi vì có --strict"), "{}", run.stderr);
    assert!(snapshot(&site.public()) == before, "public/ changed after a failed strict build");
    let run = site.run(&["build"]);
    assert!(run.ok(), "without --strict the warning does not stop the build:\n{}", run.stderr);
}

#[test]
fn check_passes_a_valid_site() {
    let site = Site::valid();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn invalid_utf8_is_reported_not_panicked_on() {
    let site = Site::valid();
    site.build();
    let before = snapshot(&site.public());
    std::fs::write(site.root().join("content/hong.md"), b"+++\ntitle = \"A\"\n+++\nd\xe1\xbb ng\n").expect("write");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.errors().iter().any(|l| l.starts_with("content/hong.md:4:2: error:") && l.contains("UTF-8")),
        "{}",
        run.stderr
    );
    assert!(snapshot(&site.public()) == before);
}

#[test]
fn huge_file_is_refused_not_loaded() {
    let site = Site::valid();
    let mut text = String::from("+++\ntitle = \"Lớn\"\n+++\n");
    text.push_str(&"Dòng văn bản rất dài lặp lại. ".repeat(50 * 1024 * 1024 / 32));
    site.write("content/lon.md", &text);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.errors().iter().any(|l| l.starts_with("content/lon.md:1:1: error:") && l.contains("quá lớn")),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn symlink_loop_is_reported_not_followed_forever() {
    let site = Site::valid();
    std::os::unix::fs::symlink("..", site.root().join("content/ke-hoach/vong")).expect("symlink");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.errors().iter().any(|l| l.contains("vòng lặp")), "{}", run.stderr);
}

#[test]
fn missing_config_means_could_not_run() {
    let dir = tempfile::tempdir().expect("temp");
    let run = common::run_in(dir.path(), &["build"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("config.toml"));
    let run = common::run_in(dir.path(), &["check"]);
    assert_eq!(run.code, 2);
}
