//! Throughput of the citation engine: builds a corpus by repeating the sample plan
//! texts (from `../shared/corpus` next to the crate, or the folder named by
//! `CONGKHAI_CORPUS`), runs `extract` over it several times on one core and prints
//! the median speed in MB/s.
//!
//! Run with `cargo bench --bench citations`.

use std::path::PathBuf;
use std::time::Instant;

use congkhai::legal::{CitingContext, extract};

const TARGET_BYTES: usize = 32 * 1024 * 1024;
const RUNS: usize = 7;

/// Time this thread has spent on a CPU, in seconds, where Linux tells it
/// (`/proc/thread-self/schedstat`): on a machine shared with other work, wall-clock
/// time also counts the time spent waiting for a core.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let ns: f64 = stat.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Runs `f`, returning (wall seconds, CPU seconds if known).
fn timed(mut f: impl FnMut()) -> (f64, Option<f64>) {
    let cpu = cpu_seconds();
    let started = Instant::now();
    f();
    let wall = started.elapsed().as_secs_f64();
    (wall, cpu.zip(cpu_seconds()).map(|(a, b)| b - a))
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let dir = std::env::var_os("CONGKHAI_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"));
    let mut texts: Vec<(PathBuf, String)> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
            .filter_map(|p| std::fs::read_to_string(&p).ok().map(|t| (p, t)))
            .collect(),
        Err(_) => Vec::new(),
    };
    texts.sort();
    if texts.is_empty() {
        println!("citations bench: no sample texts in {} (set CONGKHAI_CORPUS); nothing to measure", dir.display());
        return;
    }
    let sample: String = texts.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join("\n\n");
    let mut corpus = String::with_capacity(TARGET_BYTES + sample.len());
    while corpus.len() < TARGET_BYTES {
        corpus.push_str(&sample);
        corpus.push_str("\n\n");
    }
    let ctx =
        CitingContext {
            jurisdiction: Some("xã Bình Chương"), province: Some("Quảng Ngãi"), ..Default::default()
        };

    // One plan at a time, as the site builds them, and the whole corpus as one text.
    let plans: Vec<&str> = corpus.split_inclusive("\n\n\n\n").collect();
    let mb = corpus.len() as f64 / 1_000_000.0;
    let mut per_plan = (Vec::new(), Vec::new());
    let mut whole = (Vec::new(), Vec::new());
    let mut found = 0;
    for _ in 0..RUNS {
        let mut mentions = 0;
        let (wall, cpu) = timed(|| {
            for plan in &plans {
                mentions += extract(plan, &ctx).mentions.len();
            }
        });
        per_plan.0.push(mb / wall);
        per_plan.1.extend(cpu.map(|c| mb / c));
        let (wall, cpu) = timed(|| found = extract(&corpus, &ctx).mentions.len());
        whole.0.push(mb / wall);
        whole.1.extend(cpu.map(|c| mb / c));
        found = found.max(mentions);
    }
    println!(
        "citations bench: {} sample texts repeated to {:.1} MB ({} pieces), {} mentions per pass, {} runs",
        texts.len(),
        mb,
        plans.len(),
        found,
        RUNS
    );
    for (name, (wall, cpu)) in [("piece by piece", per_plan), ("one text", whole)] {
        let cpu = if cpu.len() == RUNS { format!(", {:.1} MB/s of CPU time", median(cpu)) } else { String::new() };
        println!("  {name:<15} median {:.1} MB/s wall-clock{cpu}", median(wall));
    }
}
