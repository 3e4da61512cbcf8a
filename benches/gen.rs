//! Generates a synthetic province-level congkhai site for benchmarks (issue 7), the
//! way Zola's `components/site/benches/gen.py` does, but from real material: the
//! example plans in `content/ke-hoach/*/index.md`, the raw plan texts in
//! `../shared/corpus/*.txt` and the indicators and tasks of `content/chi-tieu.toml`.
//!
//! ```text
//! cargo run --release --example gen -- --plans 1000 --out target/bench-sites/1000 [--seed 7]
//! ```
//!
//! The site has one `config.toml`, `content/ke-hoach/<commune>/<plan>/index.md` for
//! every plan (about 28 KB of Markdown each, mixed from sections of the real plans),
//! one `_index.md` per commune, and one `content/chi-tieu.toml` with the agencies,
//! indicator groups, indicators, measurements and tasks of every plan. Commune names,
//! plan numbers, dates, signers and figures vary; every cited legal-document number is
//! one the real texts cite (the text around citations is copied, never rewritten).
//!
//! Deterministic: the same seed gives byte-identical files, and plan `i` does not
//! depend on how many plans are generated (the 100-plan site is the first 100 plans of
//! the 1,000-plan one). No `rand`: a SplitMix64 is enough.
//!
//! The register `content/van-ban.toml` lists the provincial and national documents the
//! plans cite, from the corpus's `*.gold.json` files (number, date, issuer) and the
//! example register (titles, status). Commune-level documents are left out: every
//! commune has its own "20/KH-UBND".

#![allow(dead_code)] // Also compiled as a module of `benches/perf.rs`, which uses only part of it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// Marker written at the root of a generated site: only folders holding it are ever
/// deleted by `--out`.
pub const MARKER: &str = ".congkhai-bench-site";

/// Version of the generator's output; bump when the output changes.
pub const VERSION: u32 = 1;

/// The report date of every generated site: all dates are on or before it.
pub const REPORT_DATE: (i32, u32, u32) = (2026, 10, 31);

#[derive(Clone, Debug)]
pub struct Options {
    pub plans: usize,
    pub seed: u64,
    pub out: PathBuf,
    /// The crate's folder (for `content/` material).
    pub repo: PathBuf,
    /// Folder of the raw plan texts (`*.txt`); missing is allowed (then only the
    /// Markdown plans are used).
    pub corpus: PathBuf,
    /// Mean Markdown size of a plan, in bytes.
    pub plan_bytes: usize,
    /// Largest `chi-tieu.toml` to write: congkhai refuses data files over 8 MiB
    /// (`content::MAX_MARKDOWN_BYTES`), which a province-level file reaches at about
    /// 1,300 plans. Plans past the limit get no indicators or tasks.
    pub progress_limit: usize,
}

impl Options {
    pub fn new(plans: usize, out: impl Into<PathBuf>) -> Options {
        let repo = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
        let corpus = repo.join("..").join("shared").join("corpus");
        Options {
            plans,
            seed: 7,
            out: out.into(),
            repo,
            corpus,
            plan_bytes: 28 * 1024,
            progress_limit: 7 * 1024 * 1024,
        }
    }
}

/// What was generated.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub plans: usize,
    pub communes: usize,
    pub markdown_bytes: u64,
    pub progress_bytes: u64,
    pub indicators: usize,
    pub measurements: usize,
    pub tasks: usize,
    pub agencies: usize,
    /// Entries of `content/van-ban.toml`.
    pub documents: usize,
    /// Plans that have indicators or tasks in `chi-tieu.toml` (the first ones).
    pub progress_plans: usize,
    /// `content/...` paths (relative to the site) of a plan and of the progress file,
    /// for the incremental benchmark.
    pub first_plan: String,
}

// ---------------------------------------------------------------------------------------
// Randomness

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, good enough for test data.
#[derive(Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// An independent stream for item `index` of kind `salt`.
    pub fn derive(seed: u64, salt: u64, index: u64) -> Rng {
        let mut r = Rng(seed ^ salt.wrapping_mul(0xA24B_AED4_963E_E407) ^ index.wrapping_mul(0x9FB2_1C65_1E98_DF25));
        r.next_u64();
        r
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as usize
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next_u64() % items.len() as u64) as usize]
    }

    /// `k` distinct indices of `0..n`, in increasing order.
    pub fn sample(&mut self, n: usize, k: usize) -> Vec<usize> {
        let mut all: Vec<usize> = (0..n).collect();
        for i in 0..k.min(n) {
            let j = i + (self.next_u64() % (n - i) as u64) as usize;
            all.swap(i, j);
        }
        let mut chosen = all[..k.min(n)].to_vec();
        chosen.sort_unstable();
        chosen
    }
}

// ---------------------------------------------------------------------------------------
// Names

/// Real-looking commune and ward names (many exist in several provinces).
const COMMUNES: &[&str] = &[
    "Bình Chương",
    "Ngọk Tụ",
    "Mỏ Cày",
    "Tịnh Khê",
    "Nghĩa Hành",
    "Đức Phổ",
    "Sơn Hà",
    "Trà Bồng",
    "Ba Tơ",
    "Minh Long",
    "Tư Nghĩa",
    "Mộ Đức",
    "Bình Sơn",
    "Lý Sơn",
    "Sơn Tịnh",
    "Hành Thiện",
    "Phổ Phong",
    "Đăk Hà",
    "Đăk Tô",
    "Sa Thầy",
    "Kon Plông",
    "Ngọc Hồi",
    "Tu Mơ Rông",
    "Đăk Glei",
    "Măng Đen",
    "Ia Chim",
    "Hòa Bình",
    "Tân An",
    "Phước Sơn",
    "Thanh Hải",
    "Long Phụng",
    "Ba Gia",
    "Trà Giang",
    "An Phú",
    "Vạn Tường",
    "Đông Sơn",
    "Tam Quan",
    "Hải Ninh",
    "Quảng Phú",
    "Nghĩa Kỳ",
    "Thạch Trụ",
    "Sa Huỳnh",
    "Bình Minh",
    "Cẩm Thành",
    "Trương Quang Trọng",
    "Sơn Mai",
    "Đăk Pxi",
    "Rờ Kơi",
    "Mô Rai",
    "Bờ Y",
];

const SIGNERS: &[&str] = &[
    "Nguyễn Văn Quân",
    "Trần Thị Thu Hà",
    "Lê Minh Tuấn",
    "Phạm Ngọc Sơn",
    "Võ Thị Mỹ Linh",
    "Huỳnh Tấn Phát",
    "Đinh Văn Thắng",
    "A Sang",
    "Y Nhung",
    "Bùi Quốc Khánh",
    "Đặng Thanh Tùng",
    "Hồ Thị Kim Oanh",
];

const SIGNER_TITLES: &[&str] = &["Chủ tịch", "KT. Chủ tịch — Phó Chủ tịch", "TM. Ủy ban nhân dân — Chủ tịch"];

/// (topic in a title, summary stem).
const TOPICS: &[&str] = &[
    "Chuyển đổi số",
    "Chuyển đổi số và thực hiện Đề án 06",
    "Phát triển kinh tế số, xã hội số",
    "Thực hiện phong trào Bình dân học vụ số",
    "Bảo đảm an toàn thông tin mạng",
    "Cải cách hành chính gắn với chuyển đổi số",
    "Phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số",
];

/// (period in a title, year offset from the plan's year is 0, deadline of groups).
const PERIODS: &[(&str, &str)] = &[
    ("năm {y}", "năm {y}"),
    ("năm {y}", "năm {y}"),
    ("năm {y}", "Quý IV/{y}"),
    ("6 tháng cuối năm {y}", "6 tháng cuối năm {y}"),
    ("3 tháng cuối năm {y}", "Quý IV/{y}"),
];

/// Source plans' communes, replaced by the generated commune's name in copied text.
const SOURCE_COMMUNES: &[&str] = &["Bình Chương", "Ngọk Tụ", "Mỏ Cày"];

/// Agencies of each commune: (id suffix, name stem). Names get "xã <Name>" appended so
/// that they are unique across the province.
const AGENCIES: &[(&str, &str)] = &[
    ("vp", "Văn phòng HĐND và UBND"),
    ("vhxh", "Phòng Văn hóa - Xã hội"),
    ("kt", "Phòng Kinh tế"),
    ("ttpvhcc", "Trung tâm Phục vụ hành chính công"),
    ("ca", "Công an"),
    ("tyt", "Trạm Y tế"),
];

// ---------------------------------------------------------------------------------------
// Material

/// A `## ` section of a real plan (heading and everything up to the next `## `).
struct Material {
    /// A hash of every file read and of this generator's source: part of the marker,
    /// so that `--keep-if-same` knows whether the site would come out the same.
    sources: u64,
    /// The example site's `content/van-ban.toml`, if it has one.
    register_text: Option<String>,
    /// Text before the first `## ` of each plan (the "Thực hiện …" preamble).
    preambles: Vec<String>,
    sections: Vec<String>,
    /// Paragraphs re-flowed from the raw corpus texts.
    corpus_paragraphs: Vec<String>,
    indicators: Vec<IndicatorTemplate>,
    groups: Vec<String>,
    tasks: Vec<TaskTemplate>,
}

struct IndicatorTemplate {
    name: String,
    target: String,
}

struct TaskTemplate {
    name: String,
    section: Option<String>,
}

fn load_material(options: &Options) -> Result<Material, String> {
    use std::hash::{Hash, Hasher};
    // SipHash with fixed keys: the same sources give the same hash in every run.
    #[allow(deprecated)]
    let mut sources = std::hash::SipHasher::new();
    include_str!("gen.rs").hash(&mut sources);
    let plans_dir = options.repo.join("content").join("ke-hoach");
    let mut plan_files: Vec<PathBuf> = std::fs::read_dir(&plans_dir)
        .map_err(|e| format!("{}: {e}", plans_dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path().join("index.md"))
        .filter(|p| p.is_file())
        .collect();
    plan_files.sort();
    let mut preambles = Vec::new();
    let mut sections = Vec::new();
    for file in &plan_files {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        (file, &text).hash(&mut sources);
        let body = body_of(&text);
        let mut current = String::new();
        let mut first = true;
        for line in body.lines() {
            if line.starts_with("## ") {
                if first {
                    preambles.push(clean_preamble(&current));
                    first = false;
                } else {
                    sections.push(std::mem::take(&mut current));
                }
                current.clear();
            }
            current.push_str(line);
            current.push('\n');
        }
        if !current.trim().is_empty() {
            if first {
                preambles.push(clean_preamble(&current));
            } else {
                sections.push(current);
            }
        }
    }
    if sections.is_empty() {
        return Err(format!("no `## ` sections in {}", plans_dir.display()));
    }

    let mut corpus_paragraphs = Vec::new();
    if !options.corpus.is_dir() {
        eprintln!("gen: warning: no corpus folder {} (only the example plans are used)", options.corpus.display());
    }
    if let Ok(entries) = std::fs::read_dir(&options.corpus) {
        let mut texts: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
            .collect();
        texts.sort();
        for file in texts {
            let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            (&file, &text).hash(&mut sources);
            corpus_paragraphs.extend(reflow(&text));
        }
    }

    let progress_path = options.repo.join("content").join("chi-tieu.toml");
    let progress_text =
        std::fs::read_to_string(&progress_path).map_err(|e| format!("{}: {e}", progress_path.display()))?;
    (&progress_path, &progress_text).hash(&mut sources);
    let register_path = options.repo.join("content").join("van-ban.toml");
    let register_text = std::fs::read_to_string(&register_path).ok();
    (&register_path, &register_text).hash(&mut sources);
    let progress: toml::Table = progress_text.parse().map_err(|e| format!("{}: {e}", progress_path.display()))?;
    let array = |key: &str| progress.get(key).and_then(toml::Value::as_array).cloned().unwrap_or_default();
    let text = |v: &toml::Value, key: &str| v.get(key).and_then(toml::Value::as_str).map(str::to_string);
    let indicators: Vec<IndicatorTemplate> = array("indicators")
        .iter()
        .filter_map(|i| Some(IndicatorTemplate { name: text(i, "name")?, target: text(i, "target")? }))
        .collect();
    let mut groups: Vec<String> = array("groups").iter().filter_map(|g| text(g, "name")).collect();
    groups.sort();
    groups.dedup();
    let tasks: Vec<TaskTemplate> = array("tasks")
        .iter()
        .filter_map(|t| Some(TaskTemplate { name: text(t, "name")?, section: text(t, "section") }))
        .collect();
    if indicators.is_empty() || groups.is_empty() || tasks.is_empty() {
        return Err(format!("{}: no indicators, groups or tasks to copy", progress_path.display()));
    }
    Ok(Material {
        sources: sources.finish(),
        register_text,
        preambles,
        sections,
        corpus_paragraphs,
        indicators,
        groups,
        tasks,
    })
}

/// The body of a Markdown file (after the closing `+++`).
fn body_of(text: &str) -> &str {
    let mut offset = 0;
    let mut fences = 0;
    for line in text.split_inclusive('\n') {
        offset += line.len();
        if line.trim_end() == "+++" {
            fences += 1;
            if fences == 2 {
                return &text[offset..];
            }
        }
    }
    text
}

/// Drops the example site's own notes (block quotes about illustrative numbers).
fn clean_preamble(text: &str) -> String {
    text.split("\n\n").filter(|p| !p.trim_start().starts_with('>')).collect::<Vec<_>>().join("\n\n").trim().to_string()
        + "\n\n"
}

/// Paragraphs of a raw text extracted from a PDF: lines joined, runs of blank lines
/// (and lines holding only a page number) ignored, split into paragraphs of a few
/// sentences at sentence ends followed by a capital letter.
fn reflow(text: &str) -> Vec<String> {
    let mut joined = String::with_capacity(text.len());
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.chars().all(|c| c.is_ascii_digit()) {
            continue;
        }
        if !joined.is_empty() {
            joined.push(' ');
        }
        joined.push_str(line);
    }
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut sentences = 0;
    let chars: Vec<char> = joined.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        current.push(c);
        let end = (c == '.' || c == ';')
            && chars.get(i + 1) == Some(&' ')
            && chars.get(i + 2).is_some_and(|n| n.is_uppercase() || *n == '-');
        if end {
            sentences += 1;
            if sentences >= 3 && current.len() > 400 {
                paragraphs.push(markdown_safe(current.trim()));
                current.clear();
                sentences = 0;
            }
        }
    }
    if current.trim().len() > 200 {
        paragraphs.push(markdown_safe(current.trim()));
    }
    paragraphs
}

/// Raw text as a plain Markdown paragraph: characters that Markdown would read as
/// markup at the start of a line, or anywhere (`*`, `_`, `<`, `[`, backquotes), escaped.
fn markdown_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if matches!(c, '*' | '_' | '<' | '>' | '[' | ']' | '`' | '#' | '\\' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    if out.starts_with(['-', '+']) || out.split_once(". ").is_some_and(|(n, _)| n.chars().all(|c| c.is_ascii_digit())) {
        out.insert(0, '\\');
    }
    out
}

// ---------------------------------------------------------------------------------------
// Dates

/// Days in a month.
fn days_in(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Day(i32, u32, u32);

impl Day {
    fn iso(self) -> String {
        format!("{:04}-{:02}-{:02}", self.0, self.1, self.2)
    }

    /// The last day of the month `months` after this one's month.
    fn month_end_after(self, months: u32) -> Day {
        let total = self.1 - 1 + months;
        let year = self.0 + (total / 12) as i32;
        let month = total % 12 + 1;
        Day(year, month, days_in(year, month))
    }
}

fn report_day() -> Day {
    Day(REPORT_DATE.0, REPORT_DATE.1, REPORT_DATE.2)
}

// ---------------------------------------------------------------------------------------
// Generation

struct Commune {
    name: String,
    slug: String,
    /// Indices into `plans`.
    plans: Vec<usize>,
}

struct Plan {
    commune: usize,
    slug: String,
    title: String,
    number: String,
    date: Day,
    year: i32,
    period: String,
    deadline: String,
    topic: &'static str,
}

/// Writes the site. Refuses to replace a non-empty folder that is not a generated site.
pub fn generate(options: &Options) -> Result<Summary, String> {
    let material = load_material(options)?;
    prepare_out(&options.out)?;
    let content = options.out.join("content");
    let plans_root = content.join("ke-hoach");
    mkdir(&plans_root)?;

    // Communes of 3 to 15 plans each, until there are enough plans.
    let mut communes: Vec<Commune> = Vec::new();
    let mut plans: Vec<Plan> = Vec::new();
    let mut used_slugs = std::collections::HashSet::new();
    while plans.len() < options.plans {
        let index = communes.len();
        let mut rng = Rng::derive(options.seed, 1, index as u64);
        let base = COMMUNES[index % COMMUNES.len()];
        let name = match index / COMMUNES.len() {
            0 => base.to_string(),
            n => format!("{base} {}", n + 1),
        };
        let slug = congkhai::vi::slugify(&name);
        let count = rng.range(3, 15).min(options.plans - plans.len());
        let mut commune = Commune { name, slug, plans: Vec::new() };
        let mut numbers = std::collections::HashSet::new();
        for k in 0..count {
            let plan_index = plans.len();
            let mut rng = Rng::derive(options.seed, 2, plan_index as u64);
            // The texts cite documents of up to December 2025, so every plan is issued in
            // 2026 (before the report date): an earlier plan citing a later document is
            // a warning of `check`.
            let year = 2026;
            let (period_title, deadline) = *rng.pick(PERIODS);
            let period = period_title.replace("{y}", &year.to_string());
            let deadline = deadline.replace("{y}", &year.to_string());
            let topic = *rng.pick(TOPICS);
            // Plans are issued before their period starts, or early in it.
            let month = if period.starts_with('6') {
                rng.range(5, 7) as u32
            } else if period.starts_with('3') {
                rng.range(9, 10) as u32
            } else {
                rng.range(1, 3) as u32
            };
            let _ = rng.next_u64(); // keeps the stream of later draws as it was
            let mut date = Day(year, month, rng.range(1, days_in(year, month) as usize) as u32);
            if date > report_day() {
                date = Day(2026, rng.range(1, 9) as u32, rng.range(1, 28) as u32);
            }
            let mut number = rng.range(1, 250);
            while !numbers.insert((year, number)) {
                number += 1;
            }
            let title = format!("Kế hoạch {topic} xã {} {period}", commune.name);
            let mut slug = congkhai::vi::slugify(&format!("{} {period} {}", short_topic(topic), commune.slug));
            if !used_slugs.insert(slug.clone()) {
                slug = format!("{slug}-{k}");
                used_slugs.insert(slug.clone());
            }
            commune.plans.push(plan_index);
            plans.push(Plan {
                commune: index,
                slug,
                title,
                number: format!("{number:02}/KH-UBND"),
                date,
                year,
                period,
                deadline,
                topic,
            });
        }
        communes.push(commune);
    }

    let mut summary = Summary { plans: plans.len(), communes: communes.len(), ..Summary::default() };
    write(&options.out.join("config.toml"), &config_toml())?;
    // Marks the folder as generated (so it may be replaced); completed once all is written.
    write(&options.out.join(MARKER), &format!("generator {VERSION}: incomplete\n"))?;
    write(
        &content.join("_index.md"),
        "+++\ntitle = \"Trang chủ\"\n+++\n\nKế hoạch của các xã trong tỉnh và kết quả thực hiện (dữ liệu tổng hợp để đo hiệu năng của congkhai).\n",
    )?;
    write(
        &plans_root.join("_index.md"),
        "+++\ntitle = \"Kế hoạch\"\ndescription = \"Các kế hoạch của Ủy ban nhân dân các xã và kết quả thực hiện\"\nsort_by = \"date\"\n+++\n\nCác kế hoạch của Ủy ban nhân dân các xã, sắp xếp theo ngày ban hành.\n",
    )?;
    for commune in &communes {
        let dir = plans_root.join(&commune.slug);
        mkdir(&dir)?;
        write(
            &dir.join("_index.md"),
            &format!(
                "+++\ntitle = \"Xã {}\"\ndescription = \"Kế hoạch của Ủy ban nhân dân xã {}\"\nsort_by = \"date\"\n+++\n\nCác kế hoạch của Ủy ban nhân dân xã {} ({} văn bản).\n",
                commune.name,
                commune.name,
                commune.name,
                commune.plans.len()
            ),
        )?;
    }
    for (index, plan) in plans.iter().enumerate() {
        let commune = &communes[plan.commune];
        let mut rng = Rng::derive(options.seed, 3, index as u64);
        let text = plan_markdown(plan, commune, &material, options.plan_bytes, &mut rng);
        let dir = plans_root.join(&commune.slug).join(&plan.slug);
        mkdir(&dir)?;
        summary.markdown_bytes += text.len() as u64;
        write(&dir.join("index.md"), &text)?;
        if index == 0 {
            summary.first_plan = format!("content/ke-hoach/{}/{}/index.md", commune.slug, plan.slug);
        }
    }
    let progress = progress_toml(options.seed, &plans, &communes, &material, options.progress_limit, &mut summary);
    summary.progress_bytes = progress.len() as u64;
    write(&content.join("chi-tieu.toml"), &progress)?;
    let (register, documents) = register_toml(options, material.register_text.as_deref())?;
    summary.documents = documents;
    write(&content.join("van-ban.toml"), &register)?;
    write(&options.out.join(MARKER), &marker(options, &material))?;
    Ok(summary)
}

fn short_topic(topic: &str) -> &str {
    match topic {
        "Chuyển đổi số" => "chuyen doi so",
        "Chuyển đổi số và thực hiện Đề án 06" => "cds de an 06",
        "Phát triển kinh tế số, xã hội số" => "kinh te so xa hoi so",
        "Thực hiện phong trào Bình dân học vụ số" => "binh dan hoc vu so",
        "Bảo đảm an toàn thông tin mạng" => "an toan thong tin",
        "Cải cách hành chính gắn với chuyển đổi số" => "cai cach hanh chinh",
        _ => "khcn dmst cds",
    }
}

fn config_toml() -> String {
    "# Synthetic province-level site generated by benches/gen.rs (congkhai benchmarks).\n\
title = \"Kế hoạch và kết quả thực hiện của các xã tỉnh Quảng Ngãi (dữ liệu đo hiệu năng)\"\n\
commune = \"Bình Chương\"\n\
commune_kind = \"xã\"\n\
province = \"Quảng Ngãi\"\n\
base_url = \"https://congkhai.quangngai.gov.vn/\"\n\
language = \"vi\"\n\
description = \"Dữ liệu tổng hợp từ các kế hoạch thật, để đo hiệu năng.\"\n\
\n\
[editorial_board]\n\
name = \"Ban biên tập (dữ liệu đo hiệu năng)\"\n\
address = \"Quảng Ngãi\"\n\
phone = \"0255 3000 000\"\n\
email = \"bbt@example.gov.vn\"\n"
        .to_string()
}

/// One plan's Markdown: front matter, a preamble, then `## ` sections of the real plans
/// (and re-flowed corpus paragraphs) until the wanted size.
fn plan_markdown(plan: &Plan, commune: &Commune, material: &Material, mean_bytes: usize, rng: &mut Rng) -> String {
    let wanted = rng.range(mean_bytes * 3 / 4, mean_bytes * 5 / 4);
    let signer = rng.pick(SIGNERS);
    let signer_title = rng.pick(SIGNER_TITLES);
    let status = if rng.chance(10) { "hết hiệu lực" } else { "ban hành" };
    let mut out = String::with_capacity(wanted + 4096);
    let _ = write!(
        out,
        "+++\ntitle = \"{title}\"\nnumber = \"{number}\"\ndate = {date}\nissuer = \"Ủy ban nhân dân xã {name}\"\nsigner = \"{signer}\"\nsigner_title = \"{signer_title}\"\nkind = \"Kế hoạch\"\nstatus = \"{status}\"\nyear = {year}\nperiod = \"{period}\"\nsummary = \"{topic} xã {name} {period}\"\ndescription = \"Kế hoạch của Ủy ban nhân dân xã {name}: {topic_lower} {period} — mục tiêu, nhiệm vụ, giải pháp và phân công thực hiện.\"\n+++\n\n",
        title = plan.title,
        number = plan.number,
        date = plan.date.iso(),
        name = commune.name,
        year = plan.year,
        period = plan.period,
        topic = plan.topic,
        topic_lower = lower_first(plan.topic),
    );
    let body_start = out.len();
    let preamble: &String = rng.pick(&material.preambles);
    out.push_str(&localise(preamble, &commune.name));
    // Sections in a varied order, never the same section twice in a row.
    let mut last = usize::MAX;
    let mut guard = 0;
    while out.len() - body_start < wanted && guard < 200 {
        guard += 1;
        let use_corpus = !material.corpus_paragraphs.is_empty() && rng.chance(30);
        let written = out.len() - body_start;
        if use_corpus {
            let start = rng.range(0, material.corpus_paragraphs.len() - 1);
            let count = rng.range(2, 5);
            let _ = write!(out, "## Phụ lục {guard}. Trích nội dung kế hoạch tham khảo\n\n");
            for p in material.corpus_paragraphs.iter().cycle().skip(start).take(count) {
                out.push_str(&localise(p, &commune.name));
                out.push_str("\n\n");
            }
        } else {
            let mut i = rng.range(0, material.sections.len() - 1);
            if i == last {
                i = (i + 1) % material.sections.len();
            }
            // Stop rather than overshoot by a whole section (sections are 1–10 KB).
            if written > wanted * 3 / 4 && written + material.sections[i].len() > wanted * 11 / 10 {
                break;
            }
            last = i;
            out.push_str(&localise(&material.sections[i], &commune.name));
            if !out.ends_with("\n\n") {
                out.push('\n');
            }
        }
    }
    out
}

/// A TOML basic string.
fn q(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Copied text with the source commune's name replaced (citation numbers untouched).
fn localise(text: &str, commune: &str) -> String {
    let mut out = text.to_string();
    for source in SOURCE_COMMUNES {
        if out.contains(source) {
            out = out.replace(source, commune);
        }
    }
    out
}

/// A percentage as written in Vietnamese reports: "62,5%".
fn vi_percent(tenths: usize) -> String {
    if tenths % 10 == 0 { format!("{}%", tenths / 10) } else { format!("{},{}%", tenths / 10, tenths % 10) }
}

/// The number in a percentage target ("từ 90% trở lên" → 90).
fn target_percent(target: &str) -> Option<usize> {
    let digits: String = target.chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).collect();
    if target.contains('%') { digits.parse().ok() } else { None }
}

fn progress_toml(
    seed: u64,
    plans: &[Plan],
    communes: &[Commune],
    material: &Material,
    limit: usize,
    summary: &mut Summary,
) -> String {
    let report = report_day();
    let mut out = String::with_capacity(plans.len() * 6000);
    let _ = writeln!(
        out,
        "# Indicators, measurements and tasks of {} plans in {} communes (benches/gen.rs).\n# Every figure is synthetic.\nreport_date = {}\nillustrative = true\n",
        plans.len(),
        communes.len(),
        report.iso()
    );
    for commune in communes {
        for (suffix, stem) in AGENCIES {
            let _ = writeln!(
                out,
                "[[agencies]]\nid = \"{}-{suffix}\"\nname = \"{stem} xã {}\"\n",
                commune.slug, commune.name
            );
            summary.agencies += 1;
        }
    }
    // Measurements reported in batches at quarter ends, written after the indicators.
    let mut batches: BTreeMap<Day, Vec<String>> = BTreeMap::new();
    let mut batch_bytes = 0;
    for (index, plan) in plans.iter().enumerate() {
        // About 6.5 KB a plan: stop well before the limit.
        if out.len() + batch_bytes + 16 * 1024 > limit {
            break;
        }
        summary.progress_plans += 1;
        let commune = &communes[plan.commune];
        let mut rng = Rng::derive(seed, 4, index as u64);
        let agency = |rng: &mut Rng| format!("{}-{}", commune.slug, rng.pick(AGENCIES).0);
        let prefix = format!("p{index:05}");
        // Three plans in five have an appendix of indicators.
        if rng.chance(60) {
            let group_count = rng.range(1, 4);
            let groups = rng.sample(material.groups.len(), group_count);
            for (g, &group) in groups.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "[[groups]]\nid = \"{prefix}-g{}\"\nnumber = \"{}\"\nname = {}\nplan = \"{}\"\ndeadline = \"{}\"\n",
                    g + 1,
                    ["I", "II", "III", "IV"][g],
                    q(&material.groups[group]),
                    plan.slug,
                    plan.deadline
                );
            }
            let count = rng.range(4, 16);
            let chosen = rng.sample(material.indicators.len(), count);
            for (k, &which) in chosen.iter().enumerate() {
                let template = &material.indicators[which];
                let id = format!("{prefix}-ct{:02}", k + 1);
                let group = k * group_count / count.max(1);
                let _ = writeln!(
                    out,
                    "[[indicators]]\nid = \"{id}\"\ntt = {}\ngroup = \"{prefix}-g{}\"\nname = {}\ntarget = {}\nlead = \"{}\"",
                    k + 1,
                    group + 1,
                    q(&template.name),
                    q(&template.target),
                    agency(&mut rng)
                );
                let percent = target_percent(&template.target);
                if rng.chance(30) {
                    let _ = writeln!(out, "cooperating = [\"{}\"]", agency(&mut rng));
                }
                if let Some(target) = percent
                    && rng.chance(40)
                {
                    let base = rng.range(0, target * 10);
                    let _ = writeln!(
                        out,
                        "baseline = {{ date = {}, value = \"{}\", source = \"Báo cáo kết quả năm {} của UBND xã {}\" }}",
                        Day(plan.year - 1, 12, 31).iso(),
                        vi_percent(base),
                        plan.year - 1,
                        commune.name
                    );
                }
                // Quarter-end figures from the plan's date to the report date.
                let mut day = plan.date.month_end_after(if plan.date.1 % 3 == 0 { 0 } else { 3 - plan.date.1 % 3 });
                let mut value = rng.range(0, 600);
                let mut figures = 0;
                while day <= report && figures < 4 {
                    if rng.chance(60) {
                        value = (value + rng.range(0, 200)).min(1000);
                        let written = match percent {
                            Some(_) => vi_percent(value),
                            None if value >= 800 => "Hoàn thành".to_string(),
                            None => "Chưa hoàn thành".to_string(),
                        };
                        let entry = format!(
                            "[[measurements]]\nindicator = \"{id}\"\ndate = {}\nvalue = \"{written}\"\nsource = \"{:02}/BC-UBND\"\n",
                            day.iso(),
                            rng.range(1, 300)
                        );
                        if rng.chance(50) {
                            batch_bytes += entry.len() + 1;
                            batches.entry(day).or_default().push(entry);
                        } else {
                            let _ = writeln!(
                                out,
                                "[[indicators.history]]\ndate = {}\nvalue = \"{written}\"\nsource = \"Báo cáo của {} (tổng hợp)\"",
                                day.iso(),
                                commune.name
                            );
                        }
                        summary.measurements += 1;
                        figures += 1;
                    }
                    day = day.month_end_after(3);
                }
                out.push('\n');
                summary.indicators += 1;
            }
        }
        let task_count = rng.range(2, 8);
        for (k, &which) in rng.sample(material.tasks.len(), task_count).iter().enumerate() {
            let template = &material.tasks[which];
            let deadline = match rng.range(0, 4) {
                0 => "thường xuyên".to_string(),
                1 => format!("Quý {}/{}", ["I", "II", "III", "IV"][rng.range(0, 3)], plan.year),
                2 => format!("trong tháng {:02}/{}", rng.range(3, 12), plan.year),
                _ => plan.deadline.clone(),
            };
            let _ = writeln!(
                out,
                "[[tasks]]\nid = \"{prefix}-nv{:02}\"\nplan = \"{}\"\nname = {}\nlead = \"{}\"\ndeadline = \"{deadline}\"",
                k + 1,
                plan.slug,
                q(&template.name),
                agency(&mut rng)
            );
            if let Some(section) = &template.section {
                let _ = writeln!(out, "section = {}", q(section));
            }
            let mut day = plan.date.month_end_after(2);
            let mut percent = 0;
            let mut updates = 0;
            while day <= report && updates < 3 && percent < 100 {
                if rng.chance(50) {
                    percent = (percent + rng.range(10, 50)).min(100);
                    let status = if percent == 100 { "hoan-thanh" } else { "dang-thuc-hien" };
                    let _ = writeln!(
                        out,
                        "[[tasks.updates]]\ndate = {}\nstatus = \"{status}\"\npercent = {percent}\nsource = \"{:02}/BC-UBND\"",
                        day.iso(),
                        rng.range(1, 300)
                    );
                    updates += 1;
                }
                day = day.month_end_after(3);
            }
            out.push('\n');
            summary.tasks += 1;
        }
    }
    for (day, entries) in batches {
        let _ = writeln!(out, "# Đợt báo cáo ngày {}\n", day.iso());
        for entry in entries {
            out.push_str(&entry);
            out.push('\n');
        }
    }
    out
}

/// The register: documents cited by the corpus texts above commune level, with the
/// example register's titles and statuses. Returns the file and its entry count.
fn register_toml(options: &Options, example_text: Option<&str>) -> Result<(String, usize), String> {
    let example: toml::Table = match example_text {
        Some(text) => {
            text.parse().map_err(|e| format!("{}: {e}", options.repo.join("content").join("van-ban.toml").display()))?
        }
        None => toml::Table::new(),
    };
    let example_docs: Vec<toml::Table> = example
        .get("documents")
        .and_then(toml::Value::as_array)
        .map(|a| a.iter().filter_map(|v| v.as_table().cloned()).collect())
        .unwrap_or_default();
    // number → (date, issuer) from the gold files, first mention wins.
    let mut documents: BTreeMap<String, (String, String)> = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(&options.corpus) {
        let mut golds: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.to_string_lossy().ends_with(".gold.json"))
            .collect();
        golds.sort();
        for file in golds {
            let text = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            let json: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", file.display()))?;
            for doc in json.get("documents").and_then(serde_json::Value::as_array).into_iter().flatten() {
                let field = |k: &str| doc.get(k).and_then(serde_json::Value::as_str).map(str::to_string);
                let (Some(number), Some(date), Some(issuer)) = (field("number"), field("date"), field("issuer")) else {
                    continue;
                };
                let local = issuer.contains("xã")
                    || issuer.starts_with("BCĐ")
                    || issuer.starts_with("Đảng ủy")
                    || issuer == "UBND";
                if local || number.contains(' ') || date.len() != 10 {
                    continue;
                }
                documents.entry(number).or_insert((date, issuer));
            }
        }
    }
    let mut out = String::from(
        "# Văn bản được các kế hoạch viện dẫn (cấp tỉnh và trung ương), tổng hợp để đo hiệu năng (benches/gen.rs).\n\n",
    );
    let mut count = 0;
    let mut written = std::collections::HashSet::new();
    for (number, (date, issuer)) in &documents {
        let example =
            example_docs.iter().find(|d| d.get("number").and_then(toml::Value::as_str) == Some(number.as_str()));
        let _ = writeln!(out, "[[documents]]\nnumber = {}\ndate = {date}\nissuer = {}", q(number), q(issuer));
        if let Some(example) = example {
            for key in ["title", "status", "url", "level"] {
                if let Some(value) = example.get(key).and_then(toml::Value::as_str) {
                    let _ = writeln!(out, "{key} = {}", q(value));
                }
            }
        }
        out.push('\n');
        written.insert(number.clone());
        count += 1;
    }
    // Entries of the example register that no gold file lists, as they are.
    for doc in &example_docs {
        let Some(number) = doc.get("number").and_then(toml::Value::as_str) else { continue };
        if written.insert(number.to_string()) {
            let mut table = toml::Table::new();
            table.insert("documents".into(), toml::Value::Array(vec![toml::Value::Table(doc.clone())]));
            out.push_str(&toml::to_string(&table).map_err(|e| e.to_string())?);
            out.push('\n');
            count += 1;
        }
    }
    Ok((out, count))
}

// ---------------------------------------------------------------------------------------
// Files

/// What the marker file of a site generated with `options` from `material` holds.
fn marker(options: &Options, material: &Material) -> String {
    format!(
        "generator {VERSION}, seed {}, plans {}, plan bytes {}, progress limit {}, sources {:016x}\n",
        options.seed, options.plans, options.plan_bytes, options.progress_limit, material.sources
    )
}

/// Whether `options.out` holds the site `generate(options)` would write now: its
/// marker names the same options and sources. (The site's files themselves are not
/// read: one edited by hand is not noticed.)
pub fn is_current(options: &Options) -> Result<bool, String> {
    let material = load_material(options)?;
    Ok(std::fs::read_to_string(options.out.join(MARKER)).is_ok_and(|text| text == marker(options, &material)))
}

fn prepare_out(out: &Path) -> Result<(), String> {
    if out.exists() {
        let empty = std::fs::read_dir(out).map_err(|e| format!("{}: {e}", out.display()))?.next().is_none();
        if !empty {
            if !out.join(MARKER).is_file() {
                return Err(format!(
                    "{} exists and is not a generated site (no {MARKER}): refusing to replace it",
                    out.display()
                ));
            }
            std::fs::remove_dir_all(out).map_err(|e| format!("{}: {e}", out.display()))?;
        }
    }
    mkdir(out)
}

fn mkdir(dir: &Path) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}

fn write(path: &Path, text: &str) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

// ---------------------------------------------------------------------------------------
// Command line

const USAGE: &str = "usage: gen --plans N --out DIR [--seed S] [--plan-kb KB] [--corpus DIR] [--keep-if-same]\n\
  --keep-if-same  leave DIR as it is if it was generated with the same options, sources\n\
                  and generator (its marker says so): deleting a large site just to write\n\
                  it again slows the next builds on ext4 without a journal (benches/hugo.sh)";

fn main() {
    let mut args = std::env::args().skip(1);
    let mut plans = None;
    let mut out = None;
    let mut seed = None;
    let mut plan_kb = None;
    let mut corpus = None;
    let mut keep_if_same = false;
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| fail(&format!("{arg} needs a value\n{USAGE}")));
        match arg.as_str() {
            "--plans" => plans = Some(value().parse::<usize>().unwrap_or_else(|e| fail(&format!("--plans: {e}")))),
            "--out" => out = Some(PathBuf::from(value())),
            "--seed" => seed = Some(value().parse::<u64>().unwrap_or_else(|e| fail(&format!("--seed: {e}")))),
            "--plan-kb" => {
                plan_kb = Some(value().parse::<usize>().unwrap_or_else(|e| fail(&format!("--plan-kb: {e}"))))
            }
            "--corpus" => corpus = Some(PathBuf::from(value())),
            "--keep-if-same" => keep_if_same = true,
            "-h" | "--help" => {
                println!("{USAGE}");
                return;
            }
            other => fail(&format!("unknown argument {other}\n{USAGE}")),
        }
    }
    let (Some(plans), Some(out)) = (plans, out) else { fail(USAGE) };
    let mut options = Options::new(plans, out);
    if let Some(seed) = seed {
        options.seed = seed;
    }
    if let Some(kb) = plan_kb {
        options.plan_bytes = kb * 1024;
    }
    if let Some(corpus) = corpus {
        options.corpus = corpus;
    }
    if keep_if_same && is_current(&options).unwrap_or_else(|e| fail(&e)) {
        eprintln!("{}: already generated with the same options and sources: kept", options.out.display());
        return;
    }
    let started = std::time::Instant::now();
    match generate(&options) {
        Ok(s) => eprintln!(
            "{}: {} plans in {} communes, {:.1} MB of Markdown, chi-tieu.toml {:.1} MB ({} indicators, {} measurements, {} tasks, {} agencies; indicators and tasks for the first {} plans), van-ban.toml {} documents, in {:.2?}",
            options.out.display(),
            s.plans,
            s.communes,
            s.markdown_bytes as f64 / 1e6,
            s.progress_bytes as f64 / 1e6,
            s.indicators,
            s.measurements,
            s.tasks,
            s.agencies,
            s.progress_plans,
            s.documents,
            started.elapsed()
        ),
        Err(e) => fail(&e),
    }
}

fn fail(message: &str) -> ! {
    eprintln!("gen: {message}");
    std::process::exit(2)
}
