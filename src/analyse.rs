//! Analysis: the citations of every plan, resolved into one register of legal
//! documents, each mention turned into a link to its document's page, and each
//! plan's "căn cứ" (the documents it is issued under). Pure given its inputs; the
//! per-plan extraction is cached so that `serve` re-scans only the plan that changed.

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::Content;
use crate::diagnostics::Diagnostic;
use crate::legal::{self, CitingContext, Extraction, Register, RegisterInput, RegistryFile};
use crate::markdown::SpanLink;

/// Extractions kept between rebuilds, keyed by what they were computed from, and the
/// register and links made from them last time.
#[derive(Default)]
pub struct ExtractionCache {
    entries: HashMap<u64, Arc<Extraction>>,
    /// The same extractions with their mentions only (what the site keeps).
    mentions_only: HashMap<u64, Arc<Extraction>>,
    register: Option<RegisterMemo>,
}

/// The register of the last rebuild and what it was made from. An edit that leaves
/// every plan's cited documents as they were (most edits: a sentence, a figure) reuses
/// it; only the edited plan's links are made again.
struct RegisterMemo {
    /// Hash of the register's inputs besides the extractions: the registry, the base path.
    inputs: u64,
    /// Per page: the extraction used.
    plans: Vec<Option<Arc<Extraction>>>,
    register: Arc<Register>,
    warnings: Vec<legal::RegisterWarning>,
    /// Per page: its links and căn cứ.
    links: Vec<Arc<PlanLinks>>,
}

/// A plan's citation links (each mention's anchor id) and its căn cứ.
#[derive(Default)]
pub struct PlanLinks {
    pub links: Vec<SpanLink>,
    /// Indices into `register.documents` of its căn cứ, in order of first mention.
    pub bases: Vec<usize>,
    /// Where the plan's text states what it is issued under (see [`basis_ranges`]).
    basis: Vec<std::ops::Range<usize>>,
    /// A hash of the passage around each mention (what a document's page shows of this
    /// plan), made when first asked and kept with the links between rebuilds.
    passage_hashes: std::sync::OnceLock<Vec<u64>>,
}

impl PlanLinks {
    /// The hash of the passage around mention `mention` of this plan (`body` and
    /// `extraction` are the ones these links were made from).
    pub fn passage_hash(&self, body: &str, extraction: &Extraction, mention: usize) -> u64 {
        let hashes = self.passage_hashes.get_or_init(|| {
            extraction
                .mentions
                .iter()
                .map(|m| {
                    let mut f = crate::render::Fingerprint::new(7);
                    f.text(body.get(legal::passage(body, m.span.clone())).unwrap_or(""));
                    f.finish()
                })
                .collect()
        });
        hashes.get(mention).copied().unwrap_or(0)
    }
}

/// A hash of what the register takes from one extraction: its documents and which
/// document each mention cites, without where the mentions are in the text.
fn register_key(extraction: &Extraction) -> u64 {
    let mut f = crate::render::Fingerprint::new(5);
    for document in &extraction.documents {
        let mut document = document.clone();
        document.first_mention = 0..0;
        f.json(&document);
    }
    f.json(&extraction.mentions.iter().map(|m| m.document).collect::<Vec<_>>());
    f.finish()
}

/// The legal documents of the site and where each plan cites them.
#[derive(Default)]
pub struct Citations {
    pub register: Arc<Register>,
    /// Per page (same index as `content.pages`): its extraction's mentions (plans
    /// only; `documents` and `warnings` are left empty once the register is made).
    pub extractions: Vec<Option<Arc<Extraction>>>,
    /// Per page: the citation links spliced into its body, and its căn cứ.
    pub page_links: Vec<Arc<PlanLinks>>,
}

impl Citations {
    /// Page `page`'s citation links and căn cứ (empty for a page that is not a plan).
    pub fn links_of(&self, page: usize) -> &PlanLinks {
        static NONE: std::sync::LazyLock<PlanLinks> = std::sync::LazyLock::new(PlanLinks::default);
        self.page_links.get(page).map_or(&NONE, |links| links)
    }
}

/// The anchor id of a page's `mention`-th mention: the target of back-links.
pub fn mention_anchor(mention: usize) -> String {
    format!("vb-{}", mention + 1)
}

/// The commune a plan belongs to, for scoping local document numbers: the part of
/// its issuer from "xã"/"phường"/"thị trấn"/"đặc khu" on ("Ủy ban nhân dân xã Bình
/// Chương" → "xã Bình Chương"), else the site's commune.
pub fn jurisdiction(issuer: &str, config: &Config) -> String {
    let words: Vec<&str> = issuer.split_whitespace().collect();
    let folded: Vec<String> = words.iter().map(|w| crate::vi::fold(w)).collect();
    for (i, word) in folded.iter().enumerate() {
        let starts = match word.as_str() {
            "xa" | "phuong" => i == 0 || folded[i - 1] != "thi",
            "thi" => folded.get(i + 1).is_some_and(|w| w == "tran"),
            "dac" => folded.get(i + 1).is_some_and(|w| w == "khu"),
            _ => false,
        };
        if starts && i + 1 < words.len() {
            return words[i..].join(" ");
        }
    }
    config.commune_full_name()
}

/// Extracts every plan's citations (in parallel, reusing `cache`), builds the register
/// and the links. Warnings come back as located diagnostics.
/// Each page's body hash, with the citing context, keys the extraction cache.
pub fn citations(
    content: &Content,
    config: &Config,
    registry: &RegistryFile,
    cache: &mut ExtractionCache,
) -> (Citations, Vec<Diagnostic>) {
    let pages = &content.pages;
    let contexts: Vec<Option<(String, u64)>> = pages
        .par_iter()
        .map(|page| {
            let plan = page.plan.as_ref()?;
            let jurisdiction = jurisdiction(&plan.issuer, config);
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            page.body_hash.hash(&mut hasher);
            jurisdiction.hash(&mut hasher);
            config.province.hash(&mut hasher);
            page.date.hash(&mut hasher);
            for alias in &config.aliases {
                alias.name.text.hash(&mut hasher);
                alias.number.canonical().hash(&mut hasher);
                alias.date.hash(&mut hasher);
            }
            Some((jurisdiction, hasher.finish()))
        })
        .collect();
    let extractions: Vec<Option<Arc<Extraction>>> = pages
        .par_iter()
        .zip(contexts.par_iter())
        .map(|(page, context)| {
            let (jurisdiction, key) = context.as_ref()?;
            if let Some(cached) = cache.entries.get(key) {
                return Some(Arc::clone(cached));
            }
            let text = crate::markdown::citable_text(&page.body);
            let ctx = CitingContext {
                jurisdiction: Some(jurisdiction),
                province: Some(&config.province),
                date: page.date,
                aliases: &config.aliases,
            };
            Some(Arc::new(legal::extract(&text, &ctx)))
        })
        .collect();
    cache.entries = contexts
        .iter()
        .zip(&extractions)
        .filter_map(|(context, extraction)| Some((context.as_ref()?.1, Arc::clone(extraction.as_ref()?))))
        .collect();

    let mut diagnostics: Vec<Diagnostic> = pages
        .par_iter()
        .zip(extractions.par_iter())
        .flat_map_iter(|(page, extraction)| {
            let lines = legal::text::Lines::new(&page.body);
            extraction
                .iter()
                .flat_map(|e| e.warnings.iter())
                .map(|warning| warning.located(&page.file, &lines).shifted(page.body_line - 1))
                .collect::<Vec<_>>()
        })
        .collect();
    // The last register is reused when its other inputs are the same and every plan
    // cites the same documents (the same extraction, or one equal but for where its
    // mentions are). Nothing is compared, or hashed, when there is no last register.
    let memo = cache.register.take();
    let inputs = {
        let mut f = crate::render::Fingerprint::new(6);
        f.json(registry);
        f.text(&config.base_path);
        f.finish()
    };
    let same_documents = |old: &[Option<Arc<Extraction>>]| {
        old.len() == extractions.len()
            && old.par_iter().zip(extractions.par_iter()).all(|pair| match pair {
                (None, None) => true,
                (Some(old), Some(new)) => Arc::ptr_eq(old, new) || register_key(old) == register_key(new),
                _ => false,
            })
    };
    let moved = memo
        .as_ref()
        .filter(|m| m.inputs == inputs && same_documents(&m.plans))
        .and_then(|m| moved_warnings(&m.warnings, &m.plans, &extractions));
    // Links are reused with the register; passage hashes (which depend on the text
    // alone) with the extraction, even when the register is made again.
    let (register, register_warnings, reuse_links) = match (&memo, moved) {
        (Some(m), Some(warnings)) => (Arc::clone(&m.register), warnings, true),
        _ => {
            let plans: Vec<RegisterInput> = extractions
                .iter()
                .enumerate()
                .filter_map(|(plan, e)| Some(RegisterInput { plan, extraction: e.as_deref()? }))
                .collect();
            let (register, warnings) = legal::build_register(&plans, registry);
            (Arc::new(register), warnings, false)
        }
    };
    for warning in &register_warnings {
        let plan_file = |plan: usize| pages.get(plan).map(|p| (p.file.as_str(), &*p.body));
        let mut diagnostic = warning.diagnostic(plan_file);
        if let legal::WarningPlace::Plan { plan, .. } = &warning.place
            && let Some(page) = pages.get(*plan)
        {
            diagnostic = diagnostic.shifted(page.body_line - 1);
        }
        diagnostics.push(diagnostic);
    }

    // Per plan, in parallel: its links (each mention's anchor id) and its căn cứ; those
    // of an unchanged extraction are reused when the register is.
    let page_links: Vec<Arc<PlanLinks>> = extractions
        .par_iter()
        .enumerate()
        .map(|(plan, extraction)| {
            let unchanged = memo.as_ref().and_then(|m| match (m.plans.get(plan), extraction) {
                (Some(Some(old)), Some(new)) if Arc::ptr_eq(old, new) => m.links.get(plan),
                _ => None,
            });
            if reuse_links && let Some(links) = unchanged {
                return Arc::clone(links);
            }
            let basis = unchanged.map(|old| old.basis.clone());
            let links = plan_links(pages, plan, extraction.as_deref(), basis, &register, config);
            if let Some(hashes) = unchanged.and_then(|old| old.passage_hashes.get()) {
                let _ = links.passage_hashes.set(hashes.clone());
            }
            Arc::new(links)
        })
        .collect();
    cache.register = Some(RegisterMemo {
        inputs,
        plans: extractions.clone(),
        register: Arc::clone(&register),
        warnings: register_warnings,
        links: page_links.clone(),
    });
    // Pages show passages around mentions; everything else they show of a plan's
    // documents is in the register and the links. Keep only the mentions (a third of
    // an extraction's size); the whole extractions stay in `cache` for `serve`.
    let old_mentions = std::mem::take(&mut cache.mentions_only);
    let extractions: Vec<Option<Arc<Extraction>>> = extractions
        .into_iter()
        .zip(&contexts)
        .map(|(e, context)| {
            let (e, key) = (e?, context.as_ref()?.1);
            let kept = old_mentions.get(&key).map(Arc::clone).unwrap_or_else(|| {
                Arc::new(Extraction { documents: Vec::new(), mentions: e.mentions.clone(), warnings: Vec::new() })
            });
            cache.mentions_only.insert(key, Arc::clone(&kept));
            Some(kept)
        })
        .collect();
    (Citations { register, extractions, page_links }, diagnostics)
}

/// The register's warnings moved to where their mentions now are in each plan, or
/// `None` if a warning's document cannot be found again (then the register is rebuilt).
fn moved_warnings(
    warnings: &[legal::RegisterWarning],
    old: &[Option<Arc<Extraction>>],
    new: &[Option<Arc<Extraction>>],
) -> Option<Vec<legal::RegisterWarning>> {
    warnings
        .iter()
        .map(|warning| {
            let mut warning = warning.clone();
            if let legal::WarningPlace::Plan { plan, span } = &mut warning.place {
                let old = old.get(*plan)?.as_ref()?;
                let new = new.get(*plan)?.as_ref()?;
                if !Arc::ptr_eq(old, new) {
                    let d = old.documents.iter().position(|d| d.first_mention == *span)?;
                    *span = new.documents.get(d)?.first_mention.clone();
                }
            }
            Some(warning)
        })
        .collect()
}

/// One plan's citation links and căn cứ; `basis` is its [`basis_ranges`] if known.
fn plan_links(
    pages: &[crate::content::Page],
    plan: usize,
    extraction: Option<&Extraction>,
    basis: Option<Vec<std::ops::Range<usize>>>,
    register: &Register,
    config: &Config,
) -> PlanLinks {
    let (mut links, mut plan_bases) = (Vec::new(), Vec::new());
    let Some(extraction) = extraction else { return PlanLinks::default() };
    let basis = basis.unwrap_or_else(|| basis_ranges(&pages[plan].body));
    let mut seen = HashSet::new();
    for (index, mention) in extraction.mentions.iter().enumerate() {
        let Some(document) = register.document_of(plan, index) else { continue };
        links.push(SpanLink {
            range: mention.span.clone(),
            href: crate::render::join_url(
                &config.base_path,
                &format!("van-ban/{}/", register.documents[document].slug),
            ),
            id: mention_anchor(index),
            class: "",
        });
        if basis.iter().any(|r| r.contains(&mention.span.start)) && seen.insert(document) {
            plan_bases.push(document);
        }
    }
    links.sort_by_key(|l| l.range.start);
    // Overlapping spans cannot both be links: keep the first.
    let mut last_end = 0;
    links.retain(|l| {
        let keep = l.range.start >= last_end;
        if keep {
            last_end = l.range.end;
        }
        keep
    });
    PlanLinks { links, bases: plan_bases, basis, passage_hashes: std::sync::OnceLock::new() }
}

/// Where a plan states what it is issued under: the text before its first heading,
/// and any section whose heading says "căn cứ" (up to the next heading of the same or
/// a higher level).
fn basis_ranges(body: &str) -> Vec<std::ops::Range<usize>> {
    let mut headings: Vec<(usize, usize, bool)> = Vec::new(); // (offset, level, is căn cứ)
    let mut offset = 0;
    let mut in_fence = false;
    for line in body.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        } else if !in_fence && trimmed.starts_with('#') {
            let level = trimmed.bytes().take_while(|&b| b == b'#').count();
            if level <= 6 && trimmed[level..].starts_with(' ') {
                let title = crate::vi::fold(&trimmed[level..]);
                headings.push((offset, level, title.contains("can cu")));
            }
        }
        offset += line.len();
    }
    let opening_end = headings.first().map_or(body.len(), |h| h.0);
    let mut ranges = Vec::with_capacity(2);
    ranges.push(0..opening_end);
    for (i, &(start, level, is_basis)) in headings.iter().enumerate() {
        if is_basis {
            let end = headings[i + 1..].iter().find(|h| h.1 <= level).map_or(body.len(), |h| h.0);
            ranges.push(start..end);
        }
    }
    ranges
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jurisdiction_is_the_commune_part_of_the_issuer() {
        let config = crate::config::parse(
            "config.toml",
            "title = \"T\"\ncommune = \"A\"\nprovince = \"B\"\n[editorial_board]\nname = \"n\"\naddress = \"a\"\nphone = \"p\"\nemail = \"e\"\n",
        )
        .map_err(|e| format!("{e:?}"))
        .expect("config");
        assert_eq!(jurisdiction("Ủy ban nhân dân xã Bình Chương", &config), "xã Bình Chương");
        assert_eq!(jurisdiction("UBND thị trấn Châu Ổ", &config), "thị trấn Châu Ổ");
        assert_eq!(jurisdiction("Ủy ban nhân dân", &config), "xã A");
    }

    #[test]
    fn basis_is_the_opening_and_any_can_cu_section() {
        let body = "Căn cứ A.\n\n## I. CĂN CỨ\n\n- B\n\n### 1. chi tiết\n\nC\n\n## II. MỤC TIÊU\n\nD\n";
        let ranges = basis_ranges(body);
        let inside = |needle: &str| {
            let at = body.find(needle).unwrap_or(0);
            ranges.iter().any(|r| r.contains(&at))
        };
        assert!(inside("A.") && inside("- B") && inside("C\n"));
        assert!(!inside("D\n"));
    }
}
