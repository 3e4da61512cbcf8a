//! `congkhai init`: a new commune site that builds and checks clean at once, and a
//! folder that already has content is never overwritten.

mod common;

#[test]
fn new_site_builds_and_checks_clean_at_once() {
    let dir = tempfile::tempdir().expect("temp");
    let site = dir.path().join("xa-moi");
    let run = common::run_in(
        dir.path(),
        &["init", site.to_str().expect("utf-8"), "--commune", "Tịnh Hà", "--province", "Quảng Ngãi"],
    );
    assert!(run.ok(), "{}", run.stderr);
    let check = common::run_in(&site, &["check", "--strict"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let build = common::run_in(&site, &["build"]);
    assert!(build.ok(), "{}", build.stderr);
    let home = common::visible_text(&std::fs::read_to_string(site.join("public/index.html")).expect("home"));
    assert!(home.contains("Trang công khai kế hoạch và kết quả thực hiện — xã Tịnh Hà"), "{home}");
    assert!(site.join("public/ke-hoach/ke-hoach-mau/index.html").is_file());
    assert!(site.join("public/huong-dan-cap-nhat/index.html").is_file(), "the board's guide is part of the site");
    let readme = std::fs::read_to_string(site.join("README.md")).expect("readme");
    assert!(readme.contains("congkhai serve") && readme.contains("xã Tịnh Hà"));
    assert!(site.join(".github/workflows/congkhai.yml").is_file());
    assert!(site.join(".gitlab-ci.yml").is_file());
}

#[test]
fn init_refuses_a_folder_that_has_content() {
    let dir = tempfile::tempdir().expect("temp");
    std::fs::write(dir.path().join("ghi-chu.txt"), "của tôi").expect("write");
    let run = common::run_in(dir.path(), &["init", dir.path().to_str().expect("utf-8")]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("không ghi đè"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(dir.path().join("ghi-chu.txt")).ok().as_deref(), Some("của tôi"));
    assert!(!dir.path().join("config.toml").exists());
}
