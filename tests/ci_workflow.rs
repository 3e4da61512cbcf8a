//! The ready-to-copy GitHub Actions workflow for commune sites, exercised: every `run:`
//! step of its build job is executed as written (with `${{ … }}` expressions filled in as
//! GitHub would) on fixture sites, with this build's `congkhai` on the PATH.

mod common;

use std::path::Path;
use std::process::Command;

use common::Site;

struct Step {
    name: String,
    run: Option<String>,
}

/// The steps of `jobs.build` in the workflow file (a line-based reading of the YAML we
/// wrote: two-space indents, one `run:` line per step).
fn build_steps(yaml: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut in_build = false;
    let mut in_steps = false;
    for line in yaml.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        if indent == 2 && trimmed.ends_with(':') {
            in_build = trimmed == "build:";
            in_steps = false;
            continue;
        }
        if !in_build {
            continue;
        }
        if indent == 4 && trimmed == "steps:" {
            in_steps = true;
            continue;
        }
        if !in_steps {
            continue;
        }
        if indent == 6 && trimmed.starts_with("- ") {
            steps.push(Step { name: String::new(), run: None });
        }
        let Some(step) = steps.last_mut() else { continue };
        let field = trimmed.trim_start_matches("- ");
        if let Some(name) = field.strip_prefix("name: ") {
            step.name = name.to_string();
        } else if let Some(uses) = field.strip_prefix("uses: ") {
            if step.name.is_empty() {
                step.name = uses.to_string();
            }
        } else if let Some(run) = field.strip_prefix("run: ") {
            step.run = Some(run.to_string());
        }
    }
    steps
}

/// Replaces `${{ … }}` with what GitHub would give on a push to main.
fn expand(command: &str) -> String {
    command.replace(
        "${{ steps.pages.outputs.base_url || 'http://localhost/' }}",
        "https://ubnd-xa.github.io/trang-cong-khai",
    )
}

fn run_steps(site: &Path) -> Vec<(String, i32, String)> {
    let yaml = std::fs::read_to_string(common::repo().join(".ci/commune-site/github-workflow.yml")).expect("workflow");
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_congkhai")).parent().expect("bin dir").to_path_buf();
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let mut results = Vec::new();
    for step in build_steps(&yaml) {
        let Some(run) = step.run else { continue };
        let output = Command::new("sh")
            .arg("-c")
            .arg(expand(&run))
            .current_dir(site)
            .env("PATH", &path)
            .env("CONGKHAI_VERSION", "0.1.0")
            .env_remove("SOURCE_DATE_EPOCH")
            .output()
            .expect("run step");
        let out = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        let code = output.status.code().unwrap_or(-1);
        results.push((step.name, code, out));
        if code != 0 {
            break; // GitHub stops the job at the first failing step
        }
    }
    results
}

#[test]
fn workflow_checks_builds_and_sets_the_pages_base_url_on_a_valid_site() {
    let site = Site::valid();
    let results = run_steps(site.root());
    let names: Vec<&str> = results.iter().map(|(n, _, _)| n.as_str()).collect();
    assert_eq!(names, ["Cài congkhai", "Kiểm tra và dựng trang"], "run steps in order");
    for (name, code, out) in &results {
        assert_eq!(*code, 0, "{name} failed:\n{out}");
    }
    let home = site.read("public/index.html");
    assert!(home.contains("https://ubnd-xa.github.io/trang-cong-khai/"), "canonical URL uses the Pages URL");
    assert!(home.contains("/trang-cong-khai/ke-hoach/"), "links carry the Pages sub-path");
}

#[test]
fn workflow_stops_a_broken_edit_with_an_annotation_on_the_changed_line() {
    let site = Site::broken("front-matter-typo");
    let results = run_steps(site.root());
    let (name, code, out) = results.last().expect("ran steps");
    assert_eq!(name, "Kiểm tra và dựng trang");
    assert_eq!(*code, 1);
    assert!(
        out.lines()
            .any(|l| l.starts_with("::error file=content/ke-hoach/bao-cao-2025.md,line=9,col=1,title=congkhai::")),
        "{out}"
    );
    assert!(!site.public().exists(), "nothing built or published");
}

#[test]
fn workflow_stops_a_broken_link_that_only_the_link_check_sees() {
    let site = Site::broken("broken-anchor");
    let results = run_steps(site.root());
    let (name, code, out) = results.last().expect("ran steps");
    assert_eq!((name.as_str(), *code), ("Kiểm tra và dựng trang", 1), "{out}");
    assert!(
        out.lines().any(|l| l.starts_with("::error file=content/ke-hoach/ke-hoach-2026/index.md,line=33,")
            && l.contains("#khong-co-muc-nay")),
        "{out}"
    );
    assert!(!site.public().exists(), "nothing built or published");
}

#[test]
fn gitlab_pipeline_runs_the_same_commands() {
    let yaml = std::fs::read_to_string(common::repo().join(".ci/commune-site/gitlab-ci.yml")).expect("gitlab ci");
    assert!(yaml.contains("congkhai check --format json"));
    assert!(yaml.contains("congkhai build --base-url \"$CI_PAGES_URL/\""));
    assert!(yaml.contains("- public"));
}
