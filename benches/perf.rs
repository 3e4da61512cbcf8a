//! The benchmark of issue 7: for generated sites of 10, 100 and 1,000 plans (10,000
//! with `--big` or `CONGKHAI_BENCH_BIG=1`) and for the example site, it measures
//!
//! - wall time of `congkhai build` cold (no previous output, and the site's files and
//!   the binary evicted from the page cache with `posix_fadvise(DONTNEED)`) and warm (a
//!   rebuild over the previous output, as editors and CI run it: congkhai then reuses
//!   the previous output's files, see `src/output.rs`), of `congkhai check`, and each
//!   command's peak memory (max RSS from `wait4`);
//! - the output's size and file count;
//! - per-stage times measured in-process: load, analyse, render, minify, write (the
//!   CLI's `--timings` folds minify into render), and render time per kind of page;
//! - the `serve` loop's rebuild time for one changed plan, one changed measurement and
//!   one changed template, through `congkhai::incremental::Workspace`, from "file
//!   saved" to "outputs updated" (the watcher's 30 ms debounce comes on top).
//!
//! ```text
//! cargo bench --bench perf                       # 10, 100, 1000 plans + example site
//! cargo bench --bench perf -- --big              # and 10,000 plans
//! cargo bench --bench perf -- --sizes 100 --runs 5 --timeout 300
//! ```
//!
//! Every command runs in a child process with a time limit (`--timeout`, default 120 s):
//! a run over the limit is killed and reported as such, and the larger sizes are then
//! skipped, so the default run stays within a few minutes whatever the state of the code.
//! Results go to stdout and to `target/bench-results/perf.md` (Markdown) and `perf.tsv`.
//! Medians of `--runs` runs (default 3); the machine is shared, so compare ratios within
//! one run, not absolute times across runs.

#[path = "gen.rs"]
mod generator;
#[path = "spot_check.rs"]
mod spot_check;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use congkhai::incremental::{Change, Workspace};
use congkhai::site::{self, BuildOptions, Timings};

const BINARY: &str = env!("CARGO_BIN_EXE_congkhai");

// The binary's allocator and options, so that the stages and `serve` timed in-process
// here allocate as the command line does.
congkhai::use_jemalloc!();

struct Args {
    sizes: Vec<usize>,
    runs: usize,
    timeout: Duration,
    example: bool,
    seed: u64,
}

fn parse_args() -> Args {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let mut sizes: Vec<usize> = env("CONGKHAI_BENCH_SIZES")
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10, 100, 1000]);
    let mut big = env("CONGKHAI_BENCH_BIG").is_some_and(|v| v != "0");
    let mut runs = env("CONGKHAI_BENCH_RUNS").and_then(|v| v.parse().ok()).unwrap_or(3);
    let mut timeout = env("CONGKHAI_BENCH_TIMEOUT").and_then(|v| v.parse().ok()).unwrap_or(120.0);
    let mut example = true;
    let mut seed = 7;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--bench" => {} // passed by `cargo bench`
            "--big" => big = true,
            "--no-example" => example = false,
            "--sizes" => {
                sizes = args.next().unwrap_or_default().split(',').filter_map(|n| n.trim().parse().ok()).collect()
            }
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).unwrap_or(runs),
            "--timeout" => timeout = args.next().and_then(|v| v.parse().ok()).unwrap_or(timeout),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).unwrap_or(seed),
            _ => {} // filters given to `cargo bench` are ignored
        }
    }
    if big && !sizes.contains(&10_000) {
        sizes.push(10_000);
    }
    sizes.sort_unstable();
    Args { sizes, runs: runs.max(1), timeout: Duration::from_secs_f64(timeout), example, seed }
}

fn main() {
    // Worker modes: the same binary, run as a child so that a time limit can stop it.
    let argv: Vec<String> = std::env::args().collect();
    if argv.get(1).map(String::as_str) == Some("--worker") {
        let code = match argv.get(2).map(String::as_str) {
            Some("stages") => worker_stages(Path::new(&argv[3]), Path::new(&argv[4])),
            Some("incremental") => worker_incremental(Path::new(&argv[3]), &argv[4], argv[5].parse().unwrap_or(3)),
            Some("verify") => worker_verify(Path::new(&argv[3]), Path::new(&argv[4])),
            Some("kind") => {
                worker_kind(Path::new(&argv[3]), &argv[4], argv.get(5).and_then(|n| n.parse().ok()).unwrap_or(5))
            }
            _ => 2,
        };
        std::process::exit(code);
    }

    let args = parse_args();
    let work = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench");
    let results_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target").join("bench-results");
    std::fs::create_dir_all(&work).expect("create the bench folder");
    std::fs::create_dir_all(&results_dir).expect("create the results folder");
    Trash::init(&work);
    settle(&work);
    let mut report = Report::default();
    report.line(&format!("# congkhai benchmark\n\n{}\n", machine()));
    report.line(&format!(
        "Runs per measurement: {} (medians); time limit per command: {:.0} s; binary: `{}`.\n",
        args.runs,
        args.timeout.as_secs_f64(),
        BINARY
    ));

    if args.example {
        // A copy, since the incremental benchmark edits files.
        let site = work.join("example");
        copy_example(&site);
        let plan = "content/ke-hoach/chuyen-doi-so-2026/index.md";
        bench_site(&mut report, &args, "example site (3 plans)", &site, &work.join("example-out"), Some(plan));
    }
    let mut stopped = None;
    for &size in &args.sizes {
        let label = format!("{size} plans");
        if let Some(smaller) = stopped {
            report
                .line(&format!("\n## {label}\n\nskipped: the {smaller}-plan site already went over the time limit.\n"));
            continue;
        }
        let site = work.join(format!("site-{size}"));
        let mut options = generator::Options::new(size, &site);
        options.seed = args.seed;
        let started = Instant::now();
        // The site generated by an earlier run goes to the trash rather than being deleted
        // (deleting it would slow the builds, see `remove_output`).
        if site.exists() {
            let _ = std::fs::rename(&site, Trash::get().next());
        }
        let summary = generator::generate(&options).expect("generate the site");
        report.line(&format!(
            "\n## {label}\n\nGenerated in {:.1} s: {} plans in {} communes, {:.1} MB of Markdown, chi-tieu.toml {:.1} MB ({} indicators, {} measurements, {} tasks, {} agencies; indicators and tasks for the first {} plans); van-ban.toml: {} documents.\n",
            started.elapsed().as_secs_f64(),
            summary.plans,
            summary.communes,
            summary.markdown_bytes as f64 / 1e6,
            summary.progress_bytes as f64 / 1e6,
            summary.indicators,
            summary.measurements,
            summary.tasks,
            summary.agencies,
            summary.progress_plans,
            summary.documents
        ));
        // The serve loop at 1,000 plans (the target), and at every size fast enough.
        let incremental = Some(summary.first_plan.as_str());
        let finished = bench_site(&mut report, &args, &label, &site, &work.join(format!("out-{size}")), incremental);
        if !finished {
            stopped = Some(size);
        }
    }
    report.summary_table();
    Trash::get().empty(&work);
    std::fs::write(results_dir.join("perf.md"), &report.text).expect("write perf.md");
    std::fs::write(results_dir.join("perf.tsv"), report.tsv()).expect("write perf.tsv");
    eprintln!("\nwritten: {}", results_dir.join("perf.md").display());
}

// ---------------------------------------------------------------------------------------
// One site

/// Measures a site; false when a command went over the time limit.
fn bench_site(report: &mut Report, args: &Args, label: &str, site: &Path, out: &Path, plan: Option<&str>) -> bool {
    let root = site.to_string_lossy().to_string();
    let out_s = out.to_string_lossy().to_string();
    // Warm builds rebuild over the previous output; the warm-up starts from none.
    let build =
        |report: &mut Report| run(report, BINARY, &["--root", &root, "build", "--output-dir", &out_s], args.timeout);
    remove_output(out);
    let mut row = Row { label: label.to_string(), ..Row::default() };

    // Warm: one run to fill the cache (and to see whether it finishes at all).
    report.progress(&format!("{label}: warm-up build"));
    let warm_up = build(report);
    let me = std::env::current_exe().expect("current exe");
    let me = me.to_string_lossy().to_string();
    let stage_out = format!("{out_s}-stages");
    if warm_up.timed_out {
        row.build_warm = Some(Measure::TimedOut(args.timeout));
        row.rss_build = Some(warm_up.max_rss_kb); // when it was killed: a lower bound
        // The stages worker prints load and analyse before rendering: keep those.
        report.progress(&format!("{label}: stages (load and analyse only)"));
        let stages = run(report, &me, &["--worker", "stages", &root, &stage_out], args.timeout);
        row.stages = parse_kv(&stages.stdout);
        if stages.timed_out {
            row.stages
                .insert("note".into(), format!("render over the time limit ({:.0} s)", args.timeout.as_secs_f64()));
        }
        let _ = std::fs::remove_dir_all(&stage_out);
        report.line(&format!(
            "build: over the time limit ({:.0} s); check, cold builds and serve rebuilds of this size are skipped.\n",
            args.timeout.as_secs_f64()
        ));
        report.site_section(&row);
        report.rows.push(row);
        return false;
    }
    if !warm_up.ok {
        report.line(&format!("build failed:\n\n```\n{}\n```\n", warm_up.stderr));
        report.rows.push(row);
        return false;
    }
    let (files, bytes) = du(out);
    row.out_files = files;
    row.out_bytes = bytes;
    // Is the output right? (Not timed.) Large sites are sampled: one plan in ten at
    // 10,000 plans.
    report.progress(&format!("{label}: spot check of the output"));
    let checked = spot_check::check(site, out, spot_check_every(files));
    row.spot_check = Some(checked.summary());
    if !checked.problems.is_empty() {
        report.line(&format!("spot check: problems in the output:\n\n```\n{}\n```\n", checked.problems.join("\n")));
    }
    // A slow size (over 20 s a build) gets one run of each measurement, so that the
    // default run stays short; the warm-up then counts as the warm run.
    let runs = if warm_up.wall > Duration::from_secs(20) { 1 } else { args.runs };
    if runs < args.runs {
        report.line(&format!("(slow: {:.0} s a build, so one run of each measurement)\n", warm_up.wall.as_secs_f64()));
    }
    let warm: Vec<RunResult> = if runs == 1 { vec![warm_up] } else { (0..runs).map(|_| build(report)).collect() };
    row.build_warm = Some(Measure::of(&warm));
    row.rss_build = warm.iter().map(|r| r.max_rss_kb).max();

    report.progress(&format!("{label}: cold builds"));
    let cold: Vec<RunResult> = (0..runs)
        .map(|_| {
            remove_output(out);
            evict(site);
            evict(Path::new(BINARY));
            run(report, BINARY, &["--root", &root, "build", "--output-dir", &out_s], args.timeout)
        })
        .collect();
    row.build_cold = Some(Measure::of(&cold));
    row.evicted = evicted_ok(site);

    report.progress(&format!("{label}: check"));
    let checks: Vec<RunResult> =
        (0..runs).map(|_| run(report, BINARY, &["--root", &root, "check"], args.timeout)).collect();
    row.check = Some(Measure::of(&checks));
    row.rss_check = checks.iter().map(|r| r.max_rss_kb).max();

    report.progress(&format!("{label}: stages"));
    let stages = run(report, &me, &["--worker", "stages", &root, &stage_out], args.timeout);
    row.stages = parse_kv(&stages.stdout);
    if stages.timed_out {
        row.stages.insert("note".into(), "over the time limit".into());
    }
    let _ = std::fs::remove_dir_all(&stage_out);

    if let Some(plan) = plan.filter(|_| runs == args.runs || label == "1000 plans") {
        report.progress(&format!("{label}: serve rebuilds"));
        let runs = runs.max(3).to_string();
        let inc = run(report, &me, &["--worker", "incremental", &root, plan, &runs], args.timeout * 3);
        row.incremental = parse_kv(&inc.stdout);
        if inc.timed_out {
            row.incremental.insert("note".into(), "over the time limit".into());
        }
        if !inc.ok && !inc.timed_out {
            report.line(&format!("incremental worker failed:\n\n```\n{}\n```\n", inc.stderr));
        }
    }
    report.site_section(&row);
    report.rows.push(row);
    true
}

/// Takes an output away (and what congkhai keeps beside it) so that the next build
/// starts from none. The folders are moved into the trash, which is emptied only when the
/// benchmark ends: on ext4 without a journal (these VMs' root file system) a build that
/// makes 25,000 files and folders right after as many were deleted pays seconds of system
/// time, as the kernel avoids reusing an inode deleted in the last minutes (see
/// benches/hugo.sh), so deleting before each cold build measured that, not a cold cache.
fn remove_output(out: &Path) {
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let kept = ["old", "staging"].map(|kept| out.with_file_name(format!(".{name}.{kept}")));
    for path in std::iter::once(out).chain(kept.iter().map(PathBuf::as_path)) {
        if path.exists() {
            let trash = Trash::get();
            if std::fs::rename(path, trash.next()).is_err() {
                let _ = std::fs::remove_dir_all(path);
            }
        }
    }
}

/// Where outputs taken away wait until the benchmark ends (a folder beside the outputs,
/// so that moving into it is a rename).
struct Trash {
    dir: PathBuf,
    count: std::sync::atomic::AtomicUsize,
}

static TRASH: std::sync::OnceLock<Trash> = std::sync::OnceLock::new();

/// A file beside the outputs holding when the last benchmark (this one or
/// benches/hugo.sh) deleted a large output, in seconds since the epoch.
const DELETED_AT: &str = ".deleted-at";

/// How long ext4 remembers deleted inodes while their table blocks are dirty.
const SETTLE: Duration = Duration::from_secs(370);

impl Trash {
    /// Sets the trash up in `work`, first deleting what an interrupted run left there.
    fn init(work: &Path) {
        let trash = Trash { dir: work.join(format!("trash-{}", std::process::id())), count: Default::default() };
        let left: Vec<PathBuf> = std::fs::read_dir(work)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("trash-")) && *p != trash.dir)
            .collect();
        for dir in left {
            let _ = std::fs::rename(&dir, trash.next());
        }
        trash.empty(work);
        let _ = TRASH.set(trash);
    }

    fn get() -> &'static Trash {
        TRASH.get().expect("Trash::init first")
    }

    fn next(&self) -> PathBuf {
        let _ = std::fs::create_dir_all(&self.dir);
        self.dir.join(self.count.fetch_add(1, std::sync::atomic::Ordering::Relaxed).to_string())
    }

    /// Deletes what was taken away, and notes when.
    fn empty(&self, work: &Path) {
        if self.dir.exists() {
            let _ = std::fs::remove_dir_all(&self.dir);
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            let _ = std::fs::write(work.join(DELETED_AT), format!("{}\n", now.as_secs()));
        }
    }
}

/// Waits until [`SETTLE`] has passed since the last large delete in `work`, unless
/// `work` is on tmpfs (which does not have the effect) or `CONGKHAI_BENCH_SETTLE=0`.
fn settle(work: &Path) {
    if std::env::var("CONGKHAI_BENCH_SETTLE").is_ok_and(|v| v == "0") || on_tmpfs(work) {
        return;
    }
    let Some(deleted) = std::fs::read_to_string(work.join(DELETED_AT)).ok().and_then(|t| t.trim().parse::<u64>().ok())
    else {
        return;
    };
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_secs();
    let wait = (deleted + SETTLE.as_secs()).saturating_sub(now);
    if wait > 0 {
        eprintln!(
            "perf: the last benchmark deleted its outputs {} s ago; waiting {wait} s so that ext4 no longer avoids those inodes (CONGKHAI_BENCH_SETTLE=0 to skip)",
            SETTLE.as_secs() - wait
        );
        std::thread::sleep(Duration::from_secs(wait));
    }
}

/// Whether `path` is on tmpfs.
fn on_tmpfs(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c_path) = std::ffi::CString::new(path.as_os_str().as_bytes()) else { return false };
    let mut stat: libc::statfs = unsafe { std::mem::zeroed() };
    // SAFETY: a valid C string and a zeroed struct for the kernel to fill.
    unsafe { libc::statfs(c_path.as_ptr(), &mut stat) == 0 && stat.f_type == libc::TMPFS_MAGIC }
}

/// Copies the example site (config and content; the theme is built in).
fn copy_example(to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    copy_dir(&repo.join("content"), &to.join("content"));
    std::fs::copy(repo.join("config.toml"), to.join("config.toml")).expect("copy config.toml");
    for dir in ["templates", "static"] {
        if repo.join(dir).is_dir() {
            copy_dir(&repo.join(dir), &to.join(dir));
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Child processes

#[derive(Default)]
struct RunResult {
    wall: Duration,
    max_rss_kb: u64,
    ok: bool,
    timed_out: bool,
    stdout: String,
    stderr: String,
}

/// Runs a command to completion (or kills it at `timeout`), with its wall time and peak
/// memory from `wait4`.
fn run(report: &mut Report, program: &str, args: &[&str], timeout: Duration) -> RunResult {
    let out_path = std::env::temp_dir().join(format!("congkhai-bench-{}.out", std::process::id()));
    let err_path = std::env::temp_dir().join(format!("congkhai-bench-{}.err", std::process::id()));
    let stdout = std::fs::File::create(&out_path).expect("stdout file");
    let stderr = std::fs::File::create(&err_path).expect("stderr file");
    let started = Instant::now();
    let child = Command::new(program).args(args).stdout(stdout).stderr(stderr).spawn().expect("spawn");
    let pid = child.id() as libc::pid_t;
    let (done_tx, done_rx) = mpsc::channel::<()>();
    let watchdog = std::thread::spawn(move || {
        if done_rx.recv_timeout(timeout).is_err() {
            // SAFETY: the child has not been reaped yet (the main thread is in wait4).
            unsafe { libc::kill(pid, libc::SIGKILL) };
            return true;
        }
        false
    });
    let mut status = 0;
    // SAFETY: zeroed rusage is a valid value; wait4 fills it.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    let _ = done_tx.send(());
    let timed_out = watchdog.join().unwrap_or(false);
    std::mem::forget(child); // reaped by wait4 above
    let result = RunResult {
        wall,
        max_rss_kb: usage.ru_maxrss as u64,
        ok: rc == pid && libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        timed_out,
        stdout: std::fs::read_to_string(&out_path).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
    };
    let _ = std::fs::remove_file(&out_path);
    let _ = std::fs::remove_file(&err_path);
    report.progress(&format!(
        "  {} {}: {:.3} s, max RSS {} MB{}",
        Path::new(program).file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
        args.iter().filter(|a| !a.contains('/')).copied().collect::<Vec<_>>().join(" "),
        wall.as_secs_f64(),
        result.max_rss_kb / 1024,
        if timed_out {
            " (killed: time limit)"
        } else if result.ok {
            ""
        } else {
            " (failed)"
        }
    ));
    result
}

/// Drops a file (or every file under a folder) from the page cache: written back first,
/// then `POSIX_FADV_DONTNEED`. Needs no privilege, unlike `drop_caches`, and leaves the
/// other users of the machine alone.
fn evict(path: &Path) {
    // SAFETY: sync has no preconditions.
    unsafe { libc::sync() };
    for file in files_under(path) {
        if let Ok(f) = std::fs::File::open(&file) {
            use std::os::fd::AsRawFd;
            // SAFETY: a valid open descriptor.
            unsafe { libc::posix_fadvise(f.as_raw_fd(), 0, 0, libc::POSIX_FADV_DONTNEED) };
        }
    }
}

/// Share of the site's pages still resident after eviction (mincore on a sample), as a
/// sanity check that "cold" was cold.
fn evicted_ok(site: &Path) -> Option<f64> {
    evict(site);
    let mut resident = 0usize;
    let mut total = 0usize;
    for file in files_under(site).into_iter().take(200) {
        let Ok(f) = std::fs::File::open(&file) else { continue };
        let len = f.metadata().map(|m| m.len() as usize).unwrap_or(0);
        if len == 0 {
            continue;
        }
        use std::os::fd::AsRawFd;
        // SAFETY: mapping a regular file read-only, unmapped below.
        unsafe {
            let addr = libc::mmap(std::ptr::null_mut(), len, libc::PROT_READ, libc::MAP_SHARED, f.as_raw_fd(), 0);
            if addr == libc::MAP_FAILED {
                continue;
            }
            let pages = len.div_ceil(4096);
            let mut vec = vec![0u8; pages];
            if libc::mincore(addr, len, vec.as_mut_ptr()) == 0 {
                total += pages;
                resident += vec.iter().filter(|b| **b & 1 == 1).count();
            }
            libc::munmap(addr, len);
        }
    }
    (total > 0).then(|| 1.0 - resident as f64 / total as f64)
}

fn files_under(path: &Path) -> Vec<PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    walk(path)
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                files.extend(walk(&path));
            } else {
                files.push(path);
            }
        }
    }
    files
}

/// Files and bytes under a folder.
fn du(dir: &Path) -> (usize, u64) {
    let files = walk(dir);
    let bytes = files.iter().filter_map(|f| f.metadata().ok()).map(|m| m.len()).sum();
    (files.len(), bytes)
}

fn parse_kv(text: &str) -> BTreeMap<String, String> {
    text.lines().filter_map(|l| l.split_once('=')).map(|(k, v)| (k.trim().to_string(), v.trim().to_string())).collect()
}

// ---------------------------------------------------------------------------------------
// Workers (run in a child)

/// Load, analyse, render (per kind of page), minify and write, each timed alone.
/// Prints `key=value` lines.
fn worker_stages(root: &Path, out: &Path) -> i32 {
    let mut options = BuildOptions::new(root);
    options.output_dir = Some(out.to_path_buf());
    let mut timings = Timings::default();
    let site = match site::load_timed(&options, &mut timings) {
        Ok((site, _)) => site,
        Err(ds) => {
            for d in ds {
                eprintln!("{d}");
            }
            return 1;
        }
    };
    println!("load={:.4}", timings.load.as_secs_f64());
    println!("analyse={:.4}", timings.analyse.as_secs_f64());
    // The citation engine alone on this site's plans, one core (as benches/citations.rs,
    // but on the generated text).
    let ctx = congkhai::legal::CitingContext { province: Some("Quảng Ngãi"), ..Default::default() };
    let bytes: usize = site.content.pages.iter().map(|p| p.body.len()).sum();
    let started = Instant::now();
    let mentions: usize =
        site.content.pages.iter().map(|p| congkhai::legal::extract(&p.body, &ctx).mentions.len()).sum();
    let secs = started.elapsed().as_secs_f64();
    println!("citations={:.1} {mentions} {:.1}", bytes as f64 / 1e6 / secs.max(1e-9), bytes as f64 / 1e6);
    let jobs = congkhai::render::jobs(&site);
    let started = Instant::now();
    let rendered: Vec<(String, Duration, Vec<congkhai::render::Output>)> = jobs
        .par_iter()
        .map(|job| {
            let t = Instant::now();
            let outs = congkhai::render::render_job(&site, job).unwrap_or_default();
            (kind(job), t.elapsed(), outs)
        })
        .collect();
    println!("render={:.4}", started.elapsed().as_secs_f64());
    let mut kinds: BTreeMap<String, (usize, Duration)> = BTreeMap::new();
    let mut outputs = Vec::new();
    for (k, d, outs) in rendered {
        let e = kinds.entry(k).or_default();
        e.0 += 1;
        e.1 += d;
        outputs.extend(outs);
    }
    for (k, (n, d)) in &kinds {
        println!("job.{k}={n} {:.4}", d.as_secs_f64());
    }
    let html_bytes: usize = outputs.iter().filter(|o| o.path.ends_with(".html")).map(|o| o.bytes.len()).sum();
    let started = Instant::now();
    outputs.par_iter_mut().filter(|o| o.path.ends_with(".html")).for_each(|o| {
        o.bytes = congkhai::output::minify_html(&o.bytes);
    });
    println!("minify={:.4}", started.elapsed().as_secs_f64());
    let min_bytes: usize = outputs.iter().filter(|o| o.path.ends_with(".html")).map(|o| o.bytes.len()).sum();
    println!("html_bytes={html_bytes} {min_bytes}");
    let started = Instant::now();
    let staging = congkhai::output::Staging::new(out).expect("staging");
    outputs.par_iter().for_each(|o| staging.write(&o.path, &o.bytes).expect("write"));
    site::copies(&site).par_iter().for_each(|(p, s)| staging.copy(p, s).expect("copy"));
    staging.commit().expect("commit");
    println!("write={:.4}", started.elapsed().as_secs_f64());
    0
}

/// One kind of page (a name of `build --timings`: "tìm kiếm", "chỉ tiêu"…) rendered
/// `runs` times on one thread, after one unmeasured run: the time of each run and of
/// the fastest, and the output's size. For measuring a change to one kind of page
/// without the noise of the whole build:
///
/// ```text
/// target/release/deps/perf-* --worker kind SITE "tìm kiếm" 7
/// ```
/// One item in how many the spot check reads, for an output of `files` files: all of
/// them up to 1,000 plans (about 13,000 files), one in ten beyond.
fn spot_check_every(files: usize) -> usize {
    if files > 20_000 { 10 } else { 1 }
}

/// `--worker verify SITE OUT`: the spot check alone, on an output already built; exit 1
/// if it found a problem.
fn worker_verify(site: &Path, out: &Path) -> i32 {
    let started = Instant::now();
    let (files, _) = du(out);
    let report = spot_check::check(site, out, spot_check_every(files));
    for problem in &report.problems {
        println!("{problem}");
    }
    println!("{} ({:.1} s)", report.summary(), started.elapsed().as_secs_f64());
    i32::from(!report.problems.is_empty())
}

fn worker_kind(root: &Path, wanted: &str, runs: usize) -> i32 {
    let site = match site::load(&BuildOptions::new(root)) {
        Ok((site, _)) => site,
        Err(ds) => {
            ds.iter().for_each(|d| eprintln!("{d}"));
            return 1;
        }
    };
    let jobs: Vec<_> = congkhai::render::jobs(&site).into_iter().filter(|job| job.kind() == wanted).collect();
    if jobs.is_empty() {
        eprintln!("no page of kind {wanted:?}");
        return 2;
    }
    let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build().expect("a thread pool");
    let render = || {
        pool.install(|| {
            let started = Instant::now();
            let bytes: usize = jobs
                .iter()
                .flat_map(|job| congkhai::render::render_job(&site, job).unwrap_or_default())
                .map(|out| out.bytes.len())
                .sum();
            (started.elapsed().as_secs_f64(), bytes)
        })
    };
    let (_, bytes) = render();
    let times: Vec<f64> = (0..runs).map(|_| render().0).collect();
    let best = times.iter().copied().fold(f64::INFINITY, f64::min);
    let shown: Vec<String> = times.iter().map(|t| format!("{:.1}", t * 1e3)).collect();
    println!("{wanted}: {} jobs, {bytes} bytes; ms: {} (best {:.1})", jobs.len(), shown.join(" "), best * 1e3);
    0
}

/// `Page`, `Section`, `Progress/Indicator`… from a job's Debug form (the progress job
/// type is not exported).
fn kind(job: &congkhai::render::Job) -> String {
    let debug = format!("{job:?}");
    let mut parts = debug.split('(');
    let outer = parts.next().unwrap_or("").to_string();
    if outer == "Progress" {
        let inner = parts.next().unwrap_or("");
        return format!("Progress/{}", inner.trim_end_matches(')'));
    }
    outer
}

/// The serve loop: a full build, then `runs` times each of a plan edit, a measurement
/// edit and a template change, each timed from the file write to `apply` returning (when
/// `serve` reloads the page); the search index, deferred until after the reload, is
/// timed on its own after the plan edit.
fn worker_incremental(root: &Path, plan: &str, runs: usize) -> i32 {
    let options = BuildOptions::new(root);
    let mut workspace = Workspace::new(options);
    let started = Instant::now();
    if let Err(ds) = workspace.full_rebuild() {
        for d in ds {
            eprintln!("{d}");
        }
        return 1;
    }
    println!("full={:.4}", started.elapsed().as_secs_f64());
    println!("outputs={}", workspace.outputs().len());

    let plan_path = root.join(plan);
    let plan_text = std::fs::read_to_string(&plan_path).expect("read plan");
    let progress_file = "content/chi-tieu.toml";
    let progress_path = root.join(progress_file);
    let progress_text = std::fs::read_to_string(&progress_path).expect("read chi-tieu.toml");
    let measurement = find_measurement_value(&progress_text);
    let mut times: BTreeMap<&str, Vec<(f64, usize)>> = BTreeMap::new();
    for r in 0..runs {
        // One plan: a sentence added at the end.
        let started = Instant::now();
        std::fs::write(&plan_path, format!("{plan_text}\nĐoạn bổ sung thử nghiệm số {r}.\n")).expect("write plan");
        let stats = workspace.apply(&[Change::Markdown(plan.to_string())]);
        times.entry("plan").or_default().push((started.elapsed().as_secs_f64(), stats.map_or(0, |s| s.rendered)));
        print_last(&times, "plan");
        // What serve does after the browser reloads: the search index, deferred.
        let started = Instant::now();
        let written = workspace.finish_deferred().unwrap_or(0);
        times.entry("search").or_default().push((started.elapsed().as_secs_f64(), written));
        print_last(&times, "search");
        // One plan, text inserted at the start of the body: every mention moves.
        if let Some(body_start) = plan_text.match_indices("+++\n").nth(1).map(|(i, _)| i + 4) {
            let edited =
                format!("{}Đoạn mở đầu bổ sung số {r}.\n\n{}", &plan_text[..body_start], &plan_text[body_start..]);
            timed_edit(
                &mut workspace,
                &mut times,
                "plan_start",
                &plan_path,
                &edited,
                Change::Markdown(plan.to_string()),
            );
        }
        // One plan, a citation of a new document added: the register changes.
        let edited =
            format!("{plan_text}\nThực hiện Quyết định số {}/QĐ-UBND ngày 02/03/2026 của UBND tỉnh.\n", 900 + r);
        timed_edit(
            &mut workspace,
            &mut times,
            "plan_citation",
            &plan_path,
            &edited,
            Change::Markdown(plan.to_string()),
        );
        // Back to the original text (not timed), so that the next round starts alike.
        std::fs::write(&plan_path, &plan_text).expect("restore plan");
        let _ = workspace.apply(&[Change::Markdown(plan.to_string())]);
        let _ = workspace.finish_deferred();
        // One measurement: the value of the first [[measurements]] entry.
        if let Some((start, end)) = measurement {
            let value = if r % 2 == 0 { "\"1,5%\"" } else { "\"2,5%\"" };
            let edited = format!("{}{value}{}", &progress_text[..start], &progress_text[end..]);
            let change = Change::Data(progress_file.to_string());
            timed_edit(&mut workspace, &mut times, "measurement", &progress_path, &edited, change);
        }
        // A template: the watcher reports a change under templates/.
        let started = Instant::now();
        let stats = workspace.apply(&[Change::Template]);
        times.entry("template").or_default().push((started.elapsed().as_secs_f64(), stats.map_or(0, |s| s.rendered)));
        print_last(&times, "template");
        let _ = workspace.finish_deferred();
    }
    std::fs::write(&plan_path, &plan_text).expect("restore plan");
    std::fs::write(&progress_path, &progress_text).expect("restore chi-tieu.toml");
    for (what, mut list) in times {
        list.sort_by(|a, b| a.0.total_cmp(&b.0));
        let median = list[list.len() / 2];
        println!("{what}={:.4} {}", median.0, median.1);
    }
    0
}

/// Writes `text` to `path`, applies `change` and records the time from the write to
/// the reloaded page under `what`; then renders what was deferred (not timed).
fn timed_edit(
    workspace: &mut Workspace,
    times: &mut BTreeMap<&'static str, Vec<(f64, usize)>>,
    what: &'static str,
    path: &Path,
    text: &str,
    change: Change,
) {
    let started = Instant::now();
    std::fs::write(path, text).expect("write the edited file");
    let stats = workspace.apply(&[change]);
    times.entry(what).or_default().push((started.elapsed().as_secs_f64(), stats.map_or(0, |s| s.rendered)));
    print_last(times, what);
    let _ = workspace.finish_deferred();
}

/// Prints the latest time of `what` at once (a run killed at the time limit keeps it);
/// the medians printed at the end replace these lines.
fn print_last(times: &BTreeMap<&str, Vec<(f64, usize)>>, what: &str) {
    if let Some((s, n)) = times.get(what).and_then(|v| v.last()) {
        println!("{what}={s:.4} {n}");
    }
}

/// Byte range of the value of the first `[[measurements]]` entry's `value = "…"`.
fn find_measurement_value(text: &str) -> Option<(usize, usize)> {
    let at = text.find("\n[[measurements]]")?;
    let value = at + text[at..].find("\nvalue = ")? + "\nvalue = ".len();
    let end = value + text[value..].find('\n')?;
    Some((value, end))
}

// ---------------------------------------------------------------------------------------
// Report

enum Measure {
    Median { median: Duration, min: Duration, max: Duration, failed: usize },
    TimedOut(Duration),
}

impl Measure {
    fn of(runs: &[RunResult]) -> Measure {
        if let Some(r) = runs.iter().find(|r| r.timed_out) {
            return Measure::TimedOut(r.wall);
        }
        let mut walls: Vec<Duration> = runs.iter().map(|r| r.wall).collect();
        walls.sort();
        Measure::Median {
            median: walls[walls.len() / 2],
            min: walls[0],
            max: walls[walls.len() - 1],
            failed: runs.iter().filter(|r| !r.ok).count(),
        }
    }

    fn cell(&self) -> String {
        match self {
            Measure::Median { median, min, max, failed } => {
                let f = if *failed > 0 { format!(" ({failed} failed)") } else { String::new() };
                format!("{} ({}–{}){f}", secs(*median), secs(*min), secs(*max))
            }
            Measure::TimedOut(limit) => format!("> {:.0} s (killed)", limit.as_secs_f64()),
        }
    }

    fn median_s(&self) -> Option<f64> {
        match self {
            Measure::Median { median, .. } => Some(median.as_secs_f64()),
            Measure::TimedOut(_) => None,
        }
    }
}

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 1.0 { format!("{:.0} ms", s * 1000.0) } else { format!("{s:.2} s") }
}

#[derive(Default)]
struct Row {
    label: String,
    out_files: usize,
    out_bytes: u64,
    build_cold: Option<Measure>,
    build_warm: Option<Measure>,
    check: Option<Measure>,
    rss_build: Option<u64>,
    rss_check: Option<u64>,
    evicted: Option<f64>,
    stages: BTreeMap<String, String>,
    incremental: BTreeMap<String, String>,
    /// What the spot check of the output found.
    spot_check: Option<String>,
}

#[derive(Default)]
struct Report {
    text: String,
    rows: Vec<Row>,
}

impl Report {
    fn line(&mut self, text: &str) {
        println!("{text}");
        self.text.push_str(text);
        self.text.push('\n');
    }

    fn progress(&mut self, text: &str) {
        eprintln!("{text}");
    }

    fn site_section(&mut self, row: &Row) {
        let cell = |m: &Option<Measure>| m.as_ref().map_or_else(|| "–".to_string(), Measure::cell);
        let mut t = format!("### {}\n\n| measure | value |\n|---|---|\n", row.label);
        let _ = writeln!(
            t,
            "| build, warm: rebuild over the previous output (median, min–max) | {} |",
            cell(&row.build_warm)
        );
        let _ = writeln!(
            t,
            "| build, cold: no previous output, cold cache | {}{} |",
            cell(&row.build_cold),
            row.evicted.map_or(String::new(), |e| format!(" — {:.0}% of sampled site pages evicted", e * 100.0))
        );
        let _ = writeln!(t, "| check | {} |", cell(&row.check));
        let _ = writeln!(
            t,
            "| peak memory (max RSS): build / check | {} / {} MB |",
            mb_kb(row.rss_build),
            mb_kb(row.rss_check)
        );
        let _ = writeln!(t, "| output | {} files, {:.1} MB |", row.out_files, row.out_bytes as f64 / 1e6);
        if let Some(checked) = &row.spot_check {
            let _ = writeln!(t, "| spot check of the output (`benches/spot_check.rs`) | {checked} |");
        }
        for key in ["load", "analyse", "render", "minify", "write"] {
            if let Some(v) = row.stages.get(key) {
                let _ = writeln!(t, "| stage: {key} (in-process) | {} |", fmt_s(v));
            }
        }
        if let Some(v) = row.stages.get("html_bytes") {
            let mut parts = v.split(' ').filter_map(|x| x.parse::<f64>().ok());
            if let (Some(a), Some(b)) = (parts.next(), parts.next()) {
                let _ = writeln!(t, "| HTML before / after minify | {:.1} / {:.1} MB |", a / 1e6, b / 1e6);
            }
        }
        if let Some(v) = row.stages.get("citations") {
            let mut parts = v.split(' ');
            if let (Some(speed), Some(n), Some(mb)) = (parts.next(), parts.next(), parts.next()) {
                let _ = writeln!(
                    t,
                    "| citation engine (`legal::extract`, one core) | {speed} MB/s over {mb} MB of plans, {n} mentions |"
                );
            }
        }
        if let Some(note) = row.stages.get("note") {
            let _ = writeln!(t, "| stages | {note} |");
        }
        let mut jobs: Vec<(String, usize, f64)> = row
            .stages
            .iter()
            .filter_map(|(k, v)| {
                let k = k.strip_prefix("job.")?;
                let (n, s) = v.split_once(' ')?;
                Some((k.to_string(), n.parse().ok()?, s.parse().ok()?))
            })
            .collect();
        jobs.sort_by(|a, b| b.2.total_cmp(&a.2));
        let total: f64 = jobs.iter().map(|j| j.2).sum();
        for (k, n, s) in jobs.iter().take(6) {
            let _ = writeln!(
                t,
                "| render time by kind: {} ({n} jobs) | {:.3} s summed over threads, {:.0}%, {:.2} ms/job |",
                k,
                s,
                s / total.max(1e-9) * 100.0,
                s / (*n).max(1) as f64 * 1000.0
            );
        }
        for (key, label) in [
            ("full", "serve: first full build (Workspace)"),
            ("plan", "serve: one plan changed (page reloads)"),
            ("search", "serve: then the search index, deferred until after the reload"),
            ("plan_start", "serve: one plan changed at its start (every mention moves)"),
            ("plan_citation", "serve: one plan given a citation of a new document"),
            ("measurement", "serve: one measurement changed"),
            ("template", "serve: one template changed"),
        ] {
            if let Some(v) = row.incremental.get(key) {
                let (s, rendered) = v.split_once(' ').unwrap_or((v.as_str(), ""));
                let extra =
                    if rendered.is_empty() { String::new() } else { format!(" ({rendered} files re-rendered)") };
                let _ = writeln!(t, "| {label} | {}{extra} |", fmt_s(s));
            }
        }
        if let Some(note) = row.incremental.get("note") {
            let _ = writeln!(t, "| serve | {note} |");
        }
        self.line(&t);
    }

    fn summary_table(&mut self) {
        let mut t = String::from(
            "\n## Summary\n\n| site | build warm | build cold | check | max RSS build | output | serve: 1 plan | serve: 1 measurement | serve: template |\n|---|---|---|---|---|---|---|---|---|\n",
        );
        for r in &self.rows {
            let m = |m: &Option<Measure>| {
                m.as_ref().and_then(Measure::median_s).map_or_else(
                    || if m.is_some() { "killed".to_string() } else { "–".to_string() },
                    |s| secs(Duration::from_secs_f64(s)),
                )
            };
            let inc =
                |k: &str| r.incremental.get(k).map_or("–".to_string(), |v| fmt_s(v.split(' ').next().unwrap_or("")));
            let _ = writeln!(
                t,
                "| {} | {} | {} | {} | {} MB | {} files, {:.1} MB | {} | {} | {} |",
                r.label,
                m(&r.build_warm),
                m(&r.build_cold),
                m(&r.check),
                mb_kb(r.rss_build),
                r.out_files,
                r.out_bytes as f64 / 1e6,
                inc("plan"),
                inc("measurement"),
                inc("template")
            );
        }
        self.line(&t);
    }

    fn tsv(&self) -> String {
        let mut t = String::from(
            "site\tbuild_warm_s\tbuild_cold_s\tcheck_s\trss_build_kb\trss_check_kb\tout_files\tout_bytes\n",
        );
        for r in &self.rows {
            let m = |m: &Option<Measure>| {
                m.as_ref().and_then(Measure::median_s).map_or("NA".to_string(), |s| format!("{s:.4}"))
            };
            let _ = writeln!(
                t,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                r.label,
                m(&r.build_warm),
                m(&r.build_cold),
                m(&r.check),
                r.rss_build.map_or("NA".into(), |v| v.to_string()),
                r.rss_check.map_or("NA".into(), |v| v.to_string()),
                r.out_files,
                r.out_bytes
            );
        }
        t
    }
}

fn mb_kb(kb: Option<u64>) -> String {
    kb.map_or("–".to_string(), |k| format!("{:.0}", k as f64 / 1024.0))
}

fn fmt_s(v: &str) -> String {
    v.parse::<f64>().map_or_else(|_| v.to_string(), |s| secs(Duration::from_secs_f64(s)))
}

/// `nproc`, CPU model and memory, for the report.
fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name").and_then(|r| r.split_once(':')).map(|(_, m)| m.trim().to_string()))
        .unwrap_or_else(|| "unknown CPU".into());
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_kb: u64 = meminfo
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|r| r.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    format!(
        "Machine: {cpus} CPUs ({model}), {:.1} GiB RAM; load average at start: {}.",
        mem_kb as f64 / 1024.0 / 1024.0,
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    )
}
