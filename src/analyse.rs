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

/// Extractions kept between rebuilds, keyed by what they were computed from.
#[derive(Default)]
pub struct ExtractionCache {
    entries: HashMap<u64, Arc<Extraction>>,
}

/// The legal documents of the site and where each plan cites them.
#[derive(Default)]
pub struct Citations {
    pub register: Register,
    /// Per page (same index as `content.pages`): its extraction (plans only).
    pub extractions: Vec<Option<Arc<Extraction>>>,
    /// Per page: the citation links spliced into its body.
    pub page_links: Vec<Vec<SpanLink>>,
    /// Per page: indices into `register.documents` of its căn cứ, in order of first mention.
    pub bases: Vec<Vec<usize>>,
    /// Register document index → anchor ids of its mentions, per citing page.
    pub anchors: HashMap<(usize, usize), String>,
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
///
/// `body_hashes` holds a hash of each page's body (same order as `content.pages`): with
/// the citing context it keys the extraction cache.
pub fn citations(
    content: &Content,
    body_hashes: &[u64],
    config: &Config,
    registry: &RegistryFile,
    cache: &mut ExtractionCache,
) -> (Citations, Vec<Diagnostic>) {
    let pages = &content.pages;
    let contexts: Vec<Option<(String, u64)>> = pages
        .par_iter()
        .zip(body_hashes.par_iter())
        .map(|(page, body_hash)| {
            let plan = page.plan.as_ref()?;
            let jurisdiction = jurisdiction(&plan.issuer, config);
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            body_hash.hash(&mut hasher);
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
            extraction
                .iter()
                .flat_map(|e| e.warnings.iter())
                .map(|warning| warning.diagnostic(&page.file, &page.body).shifted(page.body_line - 1))
        })
        .collect();
    let inputs: Vec<RegisterInput> = extractions
        .iter()
        .enumerate()
        .filter_map(|(plan, e)| Some(RegisterInput { plan, extraction: e.as_deref()? }))
        .collect();
    let (register, register_warnings) = legal::build_register(&inputs, registry);
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

    // Per plan, in parallel: its links, its căn cứ, and its mentions' anchors.
    type PlanLinks = (Vec<SpanLink>, Vec<usize>, Vec<((usize, usize), String)>);
    let per_plan: Vec<PlanLinks> = extractions
        .par_iter()
        .enumerate()
        .map(|(plan, extraction)| {
            let (mut links, mut plan_bases, mut plan_anchors) = (Vec::new(), Vec::new(), Vec::new());
            let Some(extraction) = extraction else { return (links, plan_bases, plan_anchors) };
            let basis_ranges = basis_ranges(&pages[plan].body);
            let mut seen = HashSet::new();
            for (index, mention) in extraction.mentions.iter().enumerate() {
                let Some(document) = register.document_of(plan, index) else { continue };
                let anchor = mention_anchor(index);
                links.push(SpanLink {
                    range: mention.span.clone(),
                    href: crate::render::join_url(
                        &config.base_path,
                        &format!("van-ban/{}/", register.documents[document].slug),
                    ),
                    id: anchor.clone(),
                    class: "",
                });
                plan_anchors.push(((plan, index), anchor));
                if basis_ranges.iter().any(|r| r.contains(&mention.span.start)) && seen.insert(document) {
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
            (links, plan_bases, plan_anchors)
        })
        .collect();
    let mut page_links = Vec::with_capacity(pages.len());
    let mut bases = Vec::with_capacity(pages.len());
    let mut anchors = HashMap::new();
    for (links, plan_bases, plan_anchors) in per_plan {
        page_links.push(links);
        bases.push(plan_bases);
        anchors.extend(plan_anchors);
    }
    (Citations { register, extractions, page_links, bases, anchors }, diagnostics)
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
