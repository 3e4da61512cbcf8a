//! Incremental rebuilds for `serve`: what a saved file changes, and only that.
//!
//! A [`Workspace`] keeps the parsed content (re-parsing only files that changed), the
//! rendered files, and a fingerprint of each output's inputs. After a change it loads
//! the site again from its caches and re-renders only the outputs whose fingerprint
//! moved: a plan's text → that plan's pages and the pages that list or cite it; the
//! indicator file → the progress pages and open data; a template → every page, without
//! re-parsing content; `config.toml` → everything.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostics::{self, Diagnostic};
use crate::render::{self, Job, Source};
use crate::site::Caches;
use crate::site::{self, BuildOptions, Site, Timings};

/// A file change, as it matters to the build.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// `config.toml`: everything may change.
    Config,
    /// A Markdown file under `content/` (path relative to the root, `/`-separated).
    Markdown(String),
    /// `content/chi-tieu.toml` or `content/van-ban.toml`.
    Data(String),
    /// Any other file under `content/` (a PDF, an image).
    ContentAsset(String),
    /// A template (site or theme).
    Template,
    /// A static file (site or theme).
    Static,
}

/// A job's key and the files it rendered.
type KeyedOutputs = (String, Vec<render::Output>);

/// A job, its key (the path of its first output) and its fingerprint.
type Fingerprinted = (Job, String, u64);

/// What progress pages are made from: the indicator file's key, the fingerprint base,
/// the epoch, the plans' headings, the pages of the documents named as sources.
type ProgressInputs = (u64, u64, u64, u64, u64);

/// Job key → the files it wrote.
type Written = HashMap<String, Vec<String>>;

/// What a rebuild did.
#[derive(Clone, Debug)]
pub struct Stats {
    /// Outputs rendered again.
    pub rendered: usize,
    /// A short description for the terminal.
    pub what: String,
    pub warnings: Vec<Diagnostic>,
    pub timings: Timings,
}

/// The state `serve` keeps between rebuilds.
pub struct Workspace {
    options: BuildOptions,
    caches: Caches,
    site: Option<Site>,
    outputs: BTreeMap<String, Arc<Vec<u8>>>,
    /// Job key → fingerprint of the inputs it was rendered from, and the files it wrote.
    fingerprints: HashMap<String, (u64, Vec<String>)>,
    copies: Vec<(String, Source)>,
    /// Bumped when templates or config change: every fingerprint changes with it.
    epoch: u64,
    /// Jobs left for [`Workspace::finish_deferred`] (the search index): the page the
    /// editor is looking at reloads first.
    deferred: Vec<Fingerprinted>,
    /// The progress pages' fingerprints and what they were computed from.
    progress_fingerprints: Option<(ProgressInputs, Vec<Fingerprinted>)>,
}

impl Workspace {
    pub fn new(options: BuildOptions) -> Workspace {
        Workspace {
            options,
            caches: Caches::default(),
            site: None,
            outputs: BTreeMap::new(),
            fingerprints: HashMap::new(),
            copies: Vec::new(),
            epoch: 0,
            deferred: Vec::new(),
            progress_fingerprints: None,
        }
    }

    /// Rendered outputs (HTML minified as in a build).
    pub fn outputs(&self) -> &BTreeMap<String, Arc<Vec<u8>>> {
        &self.outputs
    }

    /// Files served as they are (static files, attachments).
    pub fn copies(&self) -> Vec<(String, Source)> {
        self.copies.clone()
    }

    pub fn site(&self) -> Option<&Site> {
        self.site.as_ref()
    }

    /// Folders to watch.
    pub fn watched_dirs(&self) -> Vec<PathBuf> {
        let root = &self.options.root;
        let theme = self.site.as_ref().map_or_else(|| "default".to_string(), |s| s.config.theme.clone());
        vec![root.join("content"), root.join("templates"), root.join("static"), root.join("themes").join(theme)]
    }

    /// What a changed path means, or `None` if the build does not read it (output
    /// folder, editor backups, `target/`, `.git`).
    pub fn classify(&self, root: &Path, path: &Path) -> Option<Change> {
        let relative = path.strip_prefix(root).ok()?;
        let parts: Vec<String> = relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
        let name = parts.last()?;
        if name.starts_with('.')
            || name.ends_with('~')
            || name.ends_with(".swp")
            || name.ends_with(".tmp")
            || name == "4913"
        {
            return None;
        }
        let joined = parts.join("/");
        match parts.first()?.as_str() {
            "config.toml" if parts.len() == 1 => Some(Change::Config),
            "content" => {
                if joined == format!("content/{}", crate::content::PROGRESS_FILE)
                    || joined == format!("content/{}", crate::content::REGISTRY_FILE)
                {
                    Some(Change::Data(joined))
                } else if joined.ends_with(".md") {
                    Some(Change::Markdown(joined))
                } else {
                    Some(Change::ContentAsset(joined))
                }
            }
            "templates" => Some(Change::Template),
            "static" => Some(Change::Static),
            "themes" if parts.get(2).map(String::as_str) == Some("templates") => Some(Change::Template),
            "themes" if parts.get(2).map(String::as_str) == Some("static") => Some(Change::Static),
            _ => None,
        }
    }

    /// Builds everything from scratch.
    pub fn full_rebuild(&mut self) -> Result<Stats, Vec<Diagnostic>> {
        self.caches.content.clear();
        self.epoch += 1;
        self.rebuild("dựng toàn bộ".to_string())
    }

    /// Applies changes, re-parsing and re-rendering only what they affect.
    pub fn apply(&mut self, changes: &[Change]) -> Result<Stats, Vec<Diagnostic>> {
        if changes.iter().any(|c| matches!(c, Change::Config)) {
            return self.full_rebuild();
        }
        let mut markdown = Vec::new();
        for change in changes {
            match change {
                // A data file is read again on every rebuild; naming it here makes the
                // content listing be walked again should it appear or disappear.
                Change::Markdown(file) | Change::Data(file) => markdown.push(file.clone()),
                // A new or removed PDF changes whether attachments exist: re-read pages.
                Change::ContentAsset(_) => self.caches.content.clear(),
                Change::Template => self.epoch += 1,
                Change::Config | Change::Static => {}
            }
        }
        self.caches.content.invalidate(&markdown);
        let what = describe(changes);
        self.rebuild(what)
    }

    fn rebuild(&mut self, what: String) -> Result<Stats, Vec<Diagnostic>> {
        let mut timings = Timings::default();
        let (site, warnings) = site::load_with_cache(&self.options, &mut timings, &mut self.caches)?;
        let started = std::time::Instant::now();
        let jobs = render::jobs(&site);
        let epoch = self.epoch;
        let fingerprint = |job: Job| {
            let (path, fingerprint) = render::fingerprint(&site, &job);
            (job, path, fingerprint ^ epoch.wrapping_mul(0x9E37_79B9_7F4A_7C15))
        };
        // Progress pages depend on the indicator file, the plans' headings and the pages
        // of the documents named as sources: while these and the rest of their inputs
        // are unchanged, last time's fingerprints still hold.
        let (progress_jobs, other_jobs): (Vec<Job>, Vec<Job>) =
            jobs.into_iter().partition(|job| matches!(job, Job::Progress(_)));
        let progress_inputs = (
            site.progress_key,
            site.fingerprint_base,
            epoch,
            site.plan_headings_hash(),
            site.progress.as_ref().map_or(0, |progress| render::progress_views::evidence_key(&site, progress)),
        );
        let progress_fingerprints: Vec<Fingerprinted> = match self.progress_fingerprints.take() {
            Some((inputs, fingerprints)) if inputs == progress_inputs => fingerprints,
            _ => progress_jobs.into_par_iter().map(fingerprint).collect(),
        };
        let mut fingerprints: Vec<Fingerprinted> = other_jobs.into_par_iter().map(fingerprint).collect();
        fingerprints.extend(progress_fingerprints.iter().cloned());
        self.progress_fingerprints = Some((progress_inputs, progress_fingerprints));
        let stale: Vec<&Fingerprinted> = fingerprints
            .iter()
            .filter(|(_, key, fp)| self.fingerprints.get(key).map(|(old, _)| old) != Some(fp))
            .collect();
        // After the first build, the search index waits until the edited page is back.
        let defer = |job: &Job| self.site.is_some() && matches!(job, Job::Search);
        let (later, now): (Vec<&Fingerprinted>, Vec<&Fingerprinted>) =
            stale.into_iter().partition(|(job, _, _)| defer(job));
        let (written, count) = render_stale(&site, &now, self.options.minify, &mut self.outputs)?;
        // Update the bookkeeping in place: only rendered jobs and vanished jobs change it.
        let fresh = self.record(&now, written);
        let deferred_keys: std::collections::HashSet<&String> = later.iter().map(|(_, key, _)| key).collect();
        for key in deferred_keys {
            // A deferred job keeps its old fingerprint until it is rendered.
            self.fingerprints.entry(key.clone()).or_insert((0, Vec::new()));
        }
        if self.fingerprints.len() != fingerprints.len() {
            let current: std::collections::HashSet<&String> = fingerprints.iter().map(|(_, key, _)| key).collect();
            let outputs = &mut self.outputs;
            self.fingerprints.retain(|key, (_, paths)| {
                let keep = current.contains(key);
                if !keep {
                    for path in paths.iter().filter(|p| !fresh.contains(*p)) {
                        outputs.remove(path);
                    }
                }
                keep
            });
        }
        let later: Vec<Fingerprinted> = later.into_iter().cloned().collect();
        self.copies = site::copies(&site);
        timings.render = started.elapsed();
        // The last site is freed on a thread of its own: after an edit of the indicator
        // file its progress data alone took 47 ms to free at 1,000 plans, before `serve`
        // could tell the browser to reload.
        if let Some(last) = self.site.replace(site) {
            site::drop_in_background(last);
        }
        self.deferred = later;
        Ok(Stats { rendered: count, what, warnings, timings })
    }

    /// Whether [`Workspace::finish_deferred`] has work to do.
    pub fn has_deferred(&self) -> bool {
        !self.deferred.is_empty()
    }

    /// Renders what the last rebuild deferred (the search index). Returns the number of
    /// files written.
    pub fn finish_deferred(&mut self) -> Result<usize, Vec<Diagnostic>> {
        let deferred = std::mem::take(&mut self.deferred);
        let Some(site) = &self.site else { return Ok(0) };
        let jobs: Vec<&Fingerprinted> = deferred.iter().collect();
        let (written, count) = render_stale(site, &jobs, self.options.minify, &mut self.outputs)?;
        self.record(&jobs, written);
        Ok(count)
    }

    /// Records the fingerprints and files of `rendered` jobs (their files are already in
    /// `outputs`) and drops the files they wrote before and no longer write. Returns
    /// every path just written: no other bookkeeping may remove those.
    fn record(&mut self, rendered: &[&Fingerprinted], mut written: Written) -> std::collections::HashSet<String> {
        let fresh: std::collections::HashSet<String> = written.values().flatten().cloned().collect();
        for (_, key, fp) in rendered {
            let paths = written.remove(key).unwrap_or_default();
            if let Some((_, old_paths)) = self.fingerprints.get(key) {
                for gone in old_paths.iter().filter(|p| !fresh.contains(*p)) {
                    self.outputs.remove(gone);
                }
            }
            self.fingerprints.insert(key.clone(), (*fp, paths));
        }
        fresh
    }
}

/// Renders `jobs` (minifying HTML if asked), stores their files in `outputs`, and returns each
/// job key's files and the number written. Nothing is stored if any job fails.
fn render_stale(
    site: &Site,
    jobs: &[&Fingerprinted],
    minify: bool,
    outputs: &mut BTreeMap<String, Arc<Vec<u8>>>,
) -> Result<(Written, usize), Vec<Diagnostic>> {
    let results: Vec<Result<KeyedOutputs, Vec<Diagnostic>>> = jobs
        .par_iter()
        .map(|(job, key, _)| {
            let mut outs = render::render_job(site, job)?;
            for out in &mut outs {
                if minify && out.path.ends_with(".html") {
                    out.bytes = crate::output::minify_html(&out.bytes);
                }
            }
            Ok((key.clone(), outs))
        })
        .collect();
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut rendered = Vec::new();
    for result in results {
        match result {
            Ok(outs) => rendered.push(outs),
            Err(mut ds) => errors.append(&mut ds),
        }
    }
    if !errors.is_empty() {
        diagnostics::sort(&mut errors);
        return Err(errors);
    }
    let mut written: HashMap<String, Vec<String>> = HashMap::new();
    let mut count = 0;
    for (key, outs) in rendered {
        count += outs.len();
        let paths = outs.iter().map(|o| o.path.clone()).collect();
        for out in outs {
            outputs.insert(out.path, Arc::new(out.bytes));
        }
        written.insert(key, paths);
    }
    Ok((written, count))
}

fn describe(changes: &[Change]) -> String {
    let names: Vec<String> = changes
        .iter()
        .map(|c| match c {
            Change::Config => "config.toml".to_string(),
            Change::Markdown(f) | Change::Data(f) | Change::ContentAsset(f) => f.clone(),
            Change::Template => "mẫu giao diện".to_string(),
            Change::Static => "tệp tĩnh".to_string(),
        })
        .collect();
    let mut names: Vec<String> = names.into_iter().collect::<std::collections::BTreeSet<_>>().into_iter().collect();
    if names.len() > 3 {
        let more = names.len() - 3;
        names.truncate(3);
        names.push(format!("và {more} tệp khác"));
    }
    format!("thay đổi: {}", names.join(", "))
}
