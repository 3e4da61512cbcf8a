//! The site-wide register of cited documents: the documents of every plan merged
//! by identity (number key, date, scope), completed and overridden by the board's
//! registry file, sorted, each with a stable URL slug and the list of mentions
//! that cite it.
//!
//! Linear in the number of documents and mentions: merging goes through hash maps
//! keyed by the number's key, never through all pairs. The result does not depend
//! on the order of the plans: documents are merged in an order given by their
//! content, and every displayed value is chosen by count, then length, then text.

use std::cmp::Reverse;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;

use super::number::DocumentNumber;
use super::registry::{RegistryEntry, RegistryFile, Status};
use super::scope::{self, Level, Scope};
use super::{ExtractedDocument, Extraction, types};
use crate::date::Date;
use crate::vi;

/// One plan's extraction, with the plan's index in the site.
#[derive(Clone, Copy, Debug)]
pub struct RegisterInput<'a> {
    pub plan: usize,
    pub extraction: &'a Extraction,
}

/// A mention that cites a document: plan index and index into that plan's
/// [`Extraction::mentions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct CitationRef {
    pub plan: usize,
    pub mention: usize,
}

/// A document of the register, as shown on `/van-ban/<slug>/`.
#[derive(Clone, Debug, Serialize)]
pub struct Document {
    /// Unique, stable across builds and plan order: "123-nq-tw-2024-03-05".
    pub slug: String,
    #[serde(rename = "type")]
    pub doc_type: String,
    pub number: DocumentNumber,
    pub date: Option<Date>,
    pub issuer: Option<String>,
    /// The registry's official title, else the subject extracted from the plans.
    pub title: Option<String>,
    pub title_from_registry: bool,
    pub level: Level,
    /// "Trung ương — Đảng", "Tỉnh", …
    pub level_label: &'static str,
    pub scope: Scope,
    pub status: Option<Status>,
    pub url: Option<String>,
    /// Every mention citing it, sorted by plan then position.
    pub citations: Vec<CitationRef>,
    /// The distinct plans citing it, sorted.
    pub plans: Vec<usize>,
    /// The registry entry's line, when the board described it.
    pub registry_line: Option<usize>,
}

/// In [`Register`]'s lookup: a mention that cites no document of the register.
const NO_DOCUMENT: usize = usize::MAX;

/// All documents cited on the site.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Register {
    /// Sorted by level, then date (newest first), then number.
    pub documents: Vec<Document>,
    /// Per plan, per mention: the document it cites ([`NO_DOCUMENT`] if none).
    #[serde(skip)]
    lookup: Vec<Vec<usize>>,
    /// Number key → the document with that number, `None` when several have it; built
    /// on first use (indicator pages look sources up by number).
    #[serde(skip)]
    by_number: std::sync::OnceLock<HashMap<String, Option<usize>>>,
}

impl Register {
    /// The register document a plan's mention cites (index into `documents`), for
    /// turning it into a link `/van-ban/<slug>/`.
    pub fn document_of(&self, plan: usize, mention: usize) -> Option<usize> {
        self.lookup.get(plan)?.get(mention).copied().filter(|&d| d != NO_DOCUMENT)
    }

    /// The one document whose number has `key` ([`DocumentNumber::key_str`]); `None`
    /// when no document, or more than one, has it.
    pub fn unique_by_number(&self, key: &str) -> Option<&Document> {
        let index = self.by_number.get_or_init(|| {
            let mut index: HashMap<String, Option<usize>> = HashMap::new();
            for (n, document) in self.documents.iter().enumerate() {
                index.entry(document.number.key()).and_modify(|found| *found = None).or_insert(Some(n));
            }
            index
        });
        self.documents.get((*index.get(key)?)?)
    }

    pub fn by_slug(&self, slug: &str) -> Option<&Document> {
        self.documents.iter().find(|d| d.slug == slug)
    }

    /// Documents grouped by level, in display order, skipping empty levels.
    pub fn by_level(&self) -> Vec<(Level, Vec<usize>)> {
        Level::ALL
            .into_iter()
            .map(|level| (level, (0..self.documents.len()).filter(|&i| self.documents[i].level == level).collect()))
            .filter(|(_, docs): &(Level, Vec<usize>)| !docs.is_empty())
            .collect()
    }
}

/// Where a register warning points.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "in", rename_all = "kebab-case")]
pub enum WarningPlace {
    /// An entry of the registry file.
    Registry { path: String, line: usize, col: usize },
    /// A mention in a plan's text.
    Plan { plan: usize, span: Range<usize> },
}

/// A problem found when putting the site's citations together.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RegisterWarning {
    pub place: WarningPlace,
    pub message: String,
    pub hint: String,
}

impl RegisterWarning {
    /// The warning as a located diagnostic. `plan_file` gives a plan's path and the
    /// text that was scanned, for warnings located in a plan.
    pub fn diagnostic<'a>(
        &self,
        plan_file: impl Fn(usize) -> Option<(&'a str, &'a str)>,
    ) -> crate::diagnostics::Diagnostic {
        use crate::diagnostics::Diagnostic;
        let diagnostic = match &self.place {
            WarningPlace::Registry { path, line, col } => Diagnostic::warning(path, *line, *col, &self.message),
            WarningPlace::Plan { plan, span } => match plan_file(*plan) {
                Some((path, text)) => Diagnostic::warning_at(path, text, span.start, &self.message),
                None => Diagnostic::warning(format!("#{plan}"), 1, 1, &self.message),
            },
        };
        diagnostic.with_hint(&self.hint)
    }
}

/// A plan's document waiting to be merged.
struct Item<'a> {
    plan: usize,
    index: usize,
    doc: &'a ExtractedDocument,
    key: &'a str,
    /// [`Scope::key`] of the document's scope, made once.
    scope_key: String,
}

/// A register document being assembled.
struct Acc<'a> {
    key: &'a str,
    date: Option<Date>,
    scope: Scope,
    items: Vec<&'a Item<'a>>,
    entry: Option<&'a RegistryEntry>,
}

/// Builds the register from every plan's extraction and the registry file.
pub fn build_register(inputs: &[RegisterInput], registry: &RegistryFile) -> (Register, Vec<RegisterWarning>) {
    let mut warnings = Vec::new();
    let mut items: Vec<Item> = inputs
        .iter()
        .flat_map(|input| {
            input.extraction.documents.iter().enumerate().map(move |(index, doc)| Item {
                plan: input.plan,
                index,
                doc,
                key: doc.number.key_str(),
                scope_key: doc.scope.key(),
            })
        })
        .collect();
    // A content order, so that merging never depends on plan order: named scopes
    // before unnamed ones of the same level.
    items.par_sort_unstable_by(|a, b| item_order(a).cmp(&item_order(b)));

    let mut accs: Vec<Acc> = Vec::new();
    // (key, date) → accumulators with a stated scope.
    let mut stated: HashMap<(&str, Option<Date>), Vec<usize>> = HashMap::new();
    // (key, date, scope key) → accumulators with an assumed scope.
    let mut assumed: HashMap<(&str, Option<Date>, &str), usize> = HashMap::new();
    fn new_acc<'b>(accs: &mut Vec<Acc<'b>>, item: &'b Item<'_>) -> usize {
        accs.push(Acc {
            key: item.key,
            date: item.doc.date,
            scope: item.doc.scope.clone(),
            items: Vec::new(),
            entry: None,
        });
        accs.len() - 1
    }
    let items_ref: &[Item] = &items;
    // 1. Dated documents whose scope the citation states.
    for item in items_ref.iter().filter(|i| i.doc.date.is_some() && i.doc.scope_stated) {
        let slot = stated.entry((item.key, item.doc.date)).or_default();
        let found = slot
            .iter()
            .copied()
            .find(|&a| accs[a].scope == item.doc.scope)
            .or_else(|| slot.iter().copied().find(|&a| accs[a].scope.compatible(&item.doc.scope)));
        let a = match found {
            Some(a) => a,
            None => {
                let a = new_acc(&mut accs, item);
                slot.push(a);
                a
            }
        };
        accs[a].items.push(item);
    }
    // 2. Dated documents with an assumed scope join the one stated document with
    // the same number and date, else stay under their assumed scope.
    for item in items_ref.iter().filter(|i| i.doc.date.is_some() && !i.doc.scope_stated) {
        let candidates = stated.get(&(item.key, item.doc.date)).cloned().unwrap_or_default();
        let chosen = match candidates[..] {
            [a] => Some(a),
            _ => {
                let compatible: Vec<usize> =
                    candidates.iter().copied().filter(|&a| accs[a].scope.compatible(&item.doc.scope)).collect();
                (compatible.len() == 1).then(|| compatible[0])
            }
        };
        let a = chosen.unwrap_or_else(|| {
            let k = (item.key, item.doc.date, item.scope_key.as_str());
            match assumed.get(&k) {
                Some(&a) => a,
                None => {
                    let a = new_acc(&mut accs, item);
                    assumed.insert(k, a);
                    a
                }
            }
        });
        accs[a].items.push(item);
    }
    // 3. Undated documents join the one dated document with the same number and a
    // compatible scope, else gather by number and scope.
    let mut dated_by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (a, acc) in accs.iter().enumerate() {
        dated_by_key.entry(acc.key).or_default().push(a);
    }
    let mut undated: HashMap<(&str, &str), usize> = HashMap::new();
    for item in items_ref.iter().filter(|i| i.doc.date.is_none()) {
        let candidates: Vec<usize> = dated_by_key
            .get(item.key)
            .map(|v| {
                v.iter()
                    .copied()
                    .filter(|&a| !item.doc.scope_stated || accs[a].scope.compatible(&item.doc.scope))
                    .collect()
            })
            .unwrap_or_default();
        let a = match candidates[..] {
            [a] => a,
            _ => {
                let k = (item.key, item.scope_key.as_str());
                match undated.get(&k) {
                    Some(&a) => a,
                    None => {
                        let a = new_acc(&mut accs, item);
                        undated.insert(k, a);
                        a
                    }
                }
            }
        };
        accs[a].items.push(item);
    }
    // A stated name upgrades an unnamed scope of the same level.
    for acc in &mut accs {
        if scope_unnamed(&acc.scope)
            && let Some(named) =
                acc.items.iter().map(|i| &i.doc.scope).find(|s| s.compatible(&acc.scope) && !scope_unnamed(s))
        {
            acc.scope = named.clone();
        }
    }

    // 4. The registry: match each entry to one document, or add it uncited.
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (a, acc) in accs.iter().enumerate() {
        by_key.entry(acc.key).or_default().push(a);
    }
    for entry in &registry.entries {
        let place = WarningPlace::Registry { path: registry.path.clone(), line: entry.line, col: entry.col };
        let key = entry.number.key_str();
        let all = by_key.get(key).cloned().unwrap_or_default();
        let mut candidates: Vec<usize> = all.clone();
        if let Some(date) = entry.date {
            let same: Vec<usize> = candidates.iter().copied().filter(|&a| accs[a].date == Some(date)).collect();
            candidates = if same.is_empty() {
                candidates.into_iter().filter(|&a| accs[a].date.is_none()).collect()
            } else {
                same
            };
        }
        if let Some(issuer) = &entry.issuer
            && let Some(scope) = scope::of_issuer(issuer, None, None)
        {
            candidates.retain(|&a| accs[a].scope.compatible(&scope));
        }
        if let Some(doc_type) = entry.doc_type {
            candidates.retain(|&a| accs[a].items.iter().any(|i| same_type(&i.doc.doc_type, doc_type)));
        }
        match candidates[..] {
            [a] if accs[a].entry.is_some() => warnings.push(RegisterWarning {
                place,
                message: format!("văn bản “{}” được khai báo nhiều lần trong tệp văn bản", entry.number),
                hint: "giữ một mục cho mỗi văn bản; thêm date, issuer hoặc type nếu đây là hai văn bản khác nhau"
                    .into(),
            }),
            [a] => {
                accs[a].entry = Some(entry);
                if accs[a].date.is_none() {
                    accs[a].date = entry.date;
                }
            }
            [] => {
                let scope = if entry.number.is_national() {
                    Scope::National
                } else {
                    entry.issuer.as_deref().and_then(|i| scope::of_issuer(i, None, None)).unwrap_or(Scope::Unknown)
                };
                accs.push(Acc { key, date: entry.date, scope, items: Vec::new(), entry: Some(entry) });
                by_key.entry(key).or_default().push(accs.len() - 1);
                warnings.push(RegisterWarning {
                    place,
                    message: format!("không kế hoạch nào trích dẫn văn bản “{}”", entry.number),
                    hint: if all.is_empty() {
                        "văn bản vẫn được liệt kê trên trang văn bản; kiểm tra lại số ký hiệu nếu nó đáng lẽ phải khớp với một trích dẫn".into()
                    } else {
                        "có văn bản cùng số ký hiệu được trích dẫn nhưng khác ngày, cơ quan hoặc loại; kiểm tra date, issuer và type của mục này".into()
                    },
                });
            }
            _ => {
                let dates: Vec<String> = candidates
                    .iter()
                    .map(|&a| accs[a].date.map_or_else(|| "không rõ ngày".to_string(), |d| format!("ngày {d}")))
                    .collect();
                warnings.push(RegisterWarning {
                    place,
                    message: format!(
                        "số ký hiệu “{}” khớp với nhiều văn bản được trích dẫn ({})",
                        entry.number,
                        dates.join(", ")
                    ),
                    hint: "thêm date (và nếu cần issuer hoặc type) để chỉ rõ mục này mô tả văn bản nào".into(),
                });
            }
        }
    }

    // 5. Documents, with values chosen independently of plan order.
    // Per plan, per document of its extraction: the mentions citing it.
    let plan_count = inputs.iter().map(|i| i.plan + 1).max().unwrap_or(0);
    let mut mentions_of: Vec<Vec<Vec<usize>>> = vec![Vec::new(); plan_count];
    for input in inputs {
        let of_plan = &mut mentions_of[input.plan];
        of_plan.resize(input.extraction.documents.len(), Vec::new());
        for (m, mention) in input.extraction.mentions.iter().enumerate() {
            if let Some(d) = mention.document {
                if d >= of_plan.len() {
                    of_plan.resize(d + 1, Vec::new());
                }
                of_plan[d].push(m);
            }
        }
    }
    let mut documents: Vec<(Document, Vec<&Item>)> = accs
        .into_par_iter()
        .filter_map(|acc| {
            let number =
                pick(acc.items.iter().map(|i| &i.doc.number).filter(|n| !n.style_conflict()), |n| n.canonical())
                    .or_else(|| pick(acc.items.iter().map(|i| &i.doc.number), |n| n.canonical()))
                    .cloned()
                    .or_else(|| acc.entry.map(|e| e.number.clone()))?;
            let extracted_type = pick(acc.items.iter().map(|i| &i.doc.doc_type), String::as_str).cloned();
            let doc_type = acc
                .entry
                .and_then(|e| e.doc_type.map(str::to_string))
                .or(extracted_type)
                .or_else(|| number.code_type().map(str::to_string))
                .unwrap_or_else(|| "Văn bản".to_string());
            let issuer = acc
                .entry
                .and_then(|e| e.issuer.clone())
                .or_else(|| pick(acc.items.iter().filter_map(|i| i.doc.issuer.as_ref()), String::as_str).cloned());
            let registry_title = acc.entry.and_then(|e| e.title.clone());
            let title_from_registry = registry_title.is_some();
            let title = registry_title
                .or_else(|| pick(acc.items.iter().filter_map(|i| i.doc.subject.as_ref()), String::as_str).cloned());
            let level = acc.entry.and_then(|e| e.level).unwrap_or_else(|| scope::level_of(&number, &acc.scope));
            let mut citations: Vec<CitationRef> = acc
                .items
                .iter()
                .flat_map(|i| {
                    mentions_of[i.plan]
                        .get(i.index)
                        .into_iter()
                        .flatten()
                        .map(move |&m| CitationRef { plan: i.plan, mention: m })
                })
                .collect();
            citations.sort_unstable();
            citations.dedup();
            let mut plans: Vec<usize> = citations.iter().map(|c| c.plan).collect();
            plans.dedup();
            let document = Document {
                slug: String::new(),
                doc_type,
                number,
                date: acc.date,
                issuer,
                title,
                title_from_registry,
                level,
                level_label: level.label(),
                scope: acc.scope.clone(),
                status: acc.entry.and_then(|e| e.status.clone()),
                url: acc.entry.and_then(|e| e.url.clone()),
                citations,
                plans,
                registry_line: acc.entry.map(|e| e.line),
            };
            Some((document, acc.items))
        })
        .collect();
    // Stable, each rank made once.
    documents.sort_by_cached_key(|(d, _)| {
        (
            d.level,
            d.date.is_none(),
            Reverse(d.date),
            d.number.ordinal(),
            d.number.key(),
            d.scope.key(),
            d.number.canonical().to_string(),
        )
    });

    // Slugs, and the same document written in different styles across plans.
    let mut used = HashSet::new();
    let mut lookup: Vec<Vec<usize>> = vec![Vec::new(); plan_count];
    for input in inputs {
        lookup[input.plan] = vec![NO_DOCUMENT; input.extraction.mentions.len()];
    }
    let mut out = Vec::with_capacity(documents.len());
    for (k, (mut doc, items)) in documents.into_iter().enumerate() {
        doc.slug = unique_slug(&doc, &mut used);
        for c in &doc.citations {
            lookup[c.plan][c.mention] = k;
        }
        for item in &items {
            if item.doc.number.scheme() != doc.number.scheme() {
                warnings.push(RegisterWarning {
                    place: WarningPlace::Plan { plan: item.plan, span: item.doc.first_mention.clone() },
                    message: format!("văn bản “{}” được viết là “{}” ở kế hoạch này", doc.number, item.doc.number),
                    hint: format!("viết thống nhất “{}” như ở các kế hoạch khác", doc.number),
                });
            }
        }
        out.push(doc);
    }
    warnings.sort_by(|a, b| place_rank(&a.place).cmp(&place_rank(&b.place)).then_with(|| a.message.cmp(&b.message)));
    warnings.dedup();
    (Register { documents: out, lookup, by_number: std::sync::OnceLock::new() }, warnings)
}

/// An item's place in the content order of merging; the plan and index at the end make
/// the order total.
type ItemOrder<'b> = (&'b str, Option<Date>, bool, bool, &'b str, &'b str, usize, usize);

fn item_order<'b>(i: &'b Item<'_>) -> ItemOrder<'b> {
    let doc = i.doc;
    (
        i.key,
        doc.date,
        !doc.scope_stated,
        scope_unnamed(&doc.scope),
        &i.scope_key,
        doc.number.canonical(),
        i.plan,
        i.index,
    )
}

fn place_rank(place: &WarningPlace) -> (u8, usize, usize, usize) {
    match place {
        WarningPlace::Registry { line, col, .. } => (0, *line, *col, 0),
        WarningPlace::Plan { plan, span } => (1, *plan, span.start, span.end),
    }
}

fn scope_unnamed(scope: &Scope) -> bool {
    match scope {
        Scope::Province(n) | Scope::Commune(n) | Scope::Other(n) => n.is_empty(),
        Scope::National => false,
        Scope::Unknown => true,
    }
}

fn same_type(extracted: &str, declared: &str) -> bool {
    match (types::by_name(extracted), types::by_name(declared)) {
        (Some(a), Some(b)) => a.name == b.name || (a.family().is_some() && a.family() == b.family()),
        _ => vi::fold(extracted) == vi::fold(declared),
    }
}

/// The value most often given (the first given of those with its text); ties go to
/// the longest, then the smallest text.
fn pick<'a, T: ?Sized + 'a>(values: impl Iterator<Item = &'a T>, text: impl Fn(&'a T) -> &'a str) -> Option<&'a T> {
    let mut given: Vec<(&str, &'a T)> = values.map(|v| (text(v), v)).collect();
    // Stable: each run of one text starts with the first value given with it.
    given.sort_by(|a, b| a.0.cmp(b.0));
    let mut best: Option<(usize, &str, &'a T)> = None;
    for run in given.chunk_by(|a, b| a.0 == b.0) {
        let (count, (text, value)) = (run.len(), run[0]);
        let better = best.is_none_or(|(best_count, best_text, _)| {
            count
                .cmp(&best_count)
                .then_with(|| text.chars().count().cmp(&best_text.chars().count()))
                .then_with(|| best_text.cmp(text))
                .is_gt()
        });
        if better {
            best = Some((count, text, value));
        }
    }
    best.map(|(_, _, value)| value)
}

/// "123-nq-tw-2024-03-05"; on a clash, the scope ("-xa-an-binh"), then a counter.
fn unique_slug(doc: &Document, used: &mut HashSet<String>) -> String {
    let mut base = vi::slugify(doc.number.canonical());
    if base.is_empty() {
        base = "van-ban".to_string();
    }
    if let Some(d) = doc.date {
        base = format!("{base}-{}", d.iso());
    }
    if used.insert(base.clone()) {
        return base;
    }
    let scoped = format!("{base}-{}", vi::slugify(&doc.scope.key()));
    if used.insert(scoped.clone()) {
        return scoped;
    }
    let mut n = 2;
    loop {
        let candidate = format!("{scoped}-{n}");
        if used.insert(candidate.clone()) {
            return candidate;
        }
        n += 1;
    }
}
