//! From scanned mentions to documents: issuers shared by a list, identity (number
//! key, date, scope), short forms and aliases, and the warnings about how each
//! document is cited. Linear in the number of mentions: every lookup goes through a
//! hash map keyed by the number's key.

use std::collections::HashMap;
use std::ops::Range;

use super::scan::{RawCitation, RawMention, RawShortForm};
use super::scope::{self, Scope};
use super::text::{Lines, collapse_space, fold_word};
use super::{CitingContext, ExtractedDocument, Extraction, MentionKind, ResolvedMention, Warning, WarningKind};
use crate::date::Date;
use crate::legal::registry::Alias;

/// A document being assembled: the mentions that refer to it.
struct Group<'a> {
    key: &'a str,
    date: Option<Date>,
    scope: Option<Scope>,
    members: Vec<usize>,
    alias: Option<&'a Alias>,
}

impl Group<'_> {
    fn first(&self) -> usize {
        self.members.iter().copied().min().unwrap_or(usize::MAX)
    }
}

/// Puts mention `i` into the group with its key and date and a compatible scope,
/// creating it if needed.
fn place<'k>(
    groups: &mut Vec<Group<'k>>,
    by_key_date: &mut HashMap<(&'k str, Option<Date>), Vec<usize>>,
    i: usize,
    key: &'k str,
    date: Option<Date>,
    scope: &Option<Scope>,
) -> usize {
    let slot = by_key_date.entry((key, date)).or_default();
    let found = slot.iter().copied().find(|&g| compatible(&groups[g].scope, scope));
    let g = match found {
        Some(g) => g,
        None => {
            groups.push(Group { key, date, scope: None, members: Vec::new(), alias: None });
            slot.push(groups.len() - 1);
            groups.len() - 1
        }
    };
    if groups[g].scope.is_none() {
        groups[g].scope = scope.clone();
    }
    groups[g].members.push(i);
    g
}

fn compatible(a: &Option<Scope>, b: &Option<Scope>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.compatible(b),
        _ => true,
    }
}

pub fn resolve(text: &str, mut raw: Vec<RawMention>, ctx: &CitingContext) -> Extraction {
    share_issuers(text, &mut raw);
    let raw = raw;
    let lines = Lines::new(text);
    let mut warnings = Vec::new();

    // Identity: dated citations first, by (key, date) and a compatible scope.
    let mut groups: Vec<Group> = Vec::new();
    let mut by_key_date: HashMap<(&str, Option<Date>), Vec<usize>> = HashMap::new();
    let mut group_of: Vec<Option<usize>> = vec![None; raw.len()];
    let mut scopes: Vec<Option<Scope>> = vec![None; raw.len()];
    let mut issuer_scopes: HashMap<&str, Option<Scope>> = HashMap::new();
    for (i, m) in raw.iter().enumerate() {
        if let RawMention::Citation(c) = m {
            scopes[i] = if c.number.is_national() {
                Some(Scope::National)
            } else {
                c.issuer.as_deref().and_then(|issuer| {
                    issuer_scopes
                        .entry(issuer)
                        .or_insert_with(|| scope::of_issuer(issuer, ctx.province, ctx.jurisdiction))
                        .clone()
                })
            };
        }
    }
    for (i, m) in raw.iter().enumerate() {
        if let RawMention::Citation(c) = m
            && c.date.is_some()
        {
            group_of[i] = Some(place(&mut groups, &mut by_key_date, i, c.number.key_str(), c.date, &scopes[i]));
        }
    }
    // Undated citations join the one dated document with their key, if there is
    // exactly one; never a guess between two.
    let mut dated_by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        dated_by_key.entry(group.key).or_default().push(g);
    }
    for (i, m) in raw.iter().enumerate() {
        let RawMention::Citation(c) = m else { continue };
        if c.date.is_some() {
            continue;
        }
        let key = c.number.key_str();
        let candidates: Vec<usize> = dated_by_key
            .get(key)
            .map(|gs| gs.iter().copied().filter(|&g| compatible(&groups[g].scope, &scopes[i])).collect())
            .unwrap_or_default();
        let chosen = match candidates.len() {
            0 => {
                group_of[i] = Some(place(&mut groups, &mut by_key_date, i, key, None, &scopes[i]));
                None
            }
            1 => Some(candidates[0]),
            _ => {
                let exact: Vec<usize> = candidates
                    .iter()
                    .copied()
                    .filter(|&g| scopes[i].is_some() && groups[g].scope == scopes[i])
                    .collect();
                if exact.len() == 1 {
                    Some(exact[0])
                } else {
                    let dates: Vec<String> =
                        candidates.iter().filter_map(|&g| groups[g].date).map(|d| format!("ngày {d}")).collect();
                    warnings.push(Warning {
                        kind: WarningKind::AmbiguousCitation,
                        span: c.span.clone(),
                        message: format!(
                            "“{}” không ghi ngày và trùng số với nhiều văn bản được trích dẫn ({})",
                            c.number,
                            dates.join(", ")
                        ),
                        hint: "ghi thêm ngày ban hành (hoặc cơ quan ban hành) để chỉ rõ văn bản nào".into(),
                    });
                    None
                }
            }
        };
        if let Some(g) = chosen {
            groups[g].members.push(i);
            group_of[i] = Some(g);
        }
    }

    // Short forms and nicknames.
    let mut kinds: Vec<MentionKind> = raw
        .iter()
        .map(|m| if matches!(m, RawMention::Citation(_)) { MentionKind::Citation } else { MentionKind::ShortForm })
        .collect();
    // Name, first mention, count, candidates, whether the candidates make it ambiguous.
    let mut unresolved: Vec<(String, usize, usize, Vec<String>, bool)> = Vec::new();
    let mut unresolved_at: HashMap<String, usize> = HashMap::new();
    // Each group's ordinal, type code and type words, for matching short forms
    // without walking every mention again.
    let mut by_ordinal: HashMap<u32, Vec<usize>> = HashMap::new();
    let mut group_types: Vec<(Option<&str>, Vec<&'static str>)> = Vec::with_capacity(groups.len());
    for (g, group) in groups.iter().enumerate() {
        let mut code = None;
        let mut names: Vec<&'static str> = Vec::new();
        for &i in &group.members {
            if let RawMention::Citation(c) = &raw[i] {
                if code.is_none() {
                    by_ordinal.entry(c.number.ordinal()).or_default().push(g);
                    code = Some(c.number.type_code_str());
                }
                if let Some(tw) = c.type_word
                    && !names.contains(&tw.name)
                {
                    names.push(tw.name);
                }
            }
        }
        group_types.push((code.flatten(), names));
    }
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for (g, group) in groups.iter().enumerate() {
        by_key.entry(group.key).or_default().push(g);
    }
    for i in 0..raw.len() {
        let RawMention::Short(s) = &raw[i] else { continue };
        let aliases: Vec<&Alias> = ctx.aliases.iter().filter(|a| a.name.matches(s.type_word, s.ordinal)).collect();
        let outcome = if let [alias] = aliases[..] {
            kinds[i] = MentionKind::Alias;
            let key = alias.number.key_str();
            let existing: Vec<usize> = by_key
                .get(key)
                .map(|gs| {
                    gs.iter().copied().filter(|&g| alias.date.is_none() || groups[g].date == alias.date).collect()
                })
                .unwrap_or_default();
            match existing[..] {
                [g] => Ok(g),
                [] => {
                    let scope = alias.number.is_national().then_some(Scope::National);
                    groups.push(Group { key, date: alias.date, scope, members: Vec::new(), alias: Some(alias) });
                    let g = groups.len() - 1;
                    by_key.entry(key).or_default().push(g);
                    Ok(g)
                }
                _ => Err((existing.iter().map(|&g| describe(&groups[g], &raw)).collect(), true)),
            }
        } else if aliases.len() > 1 {
            Err((aliases.iter().map(|a| a.number.to_string()).collect(), true))
        } else {
            let candidates: Vec<usize> = by_ordinal
                .get(&s.ordinal)
                .map(|gs| gs.iter().copied().filter(|&g| short_form_fits(s, &group_types[g])).collect())
                .unwrap_or_default();
            match candidates[..] {
                // Only "Nghị quyết số 123" is a short form; "Nghị quyết 123" is a
                // nickname, known only through the alias table.
                [g] if s.has_so => Ok(g),
                _ => Err((candidates.iter().map(|&g| describe(&groups[g], &raw)).collect(), s.has_so)),
            }
        };
        match outcome {
            Ok(g) => {
                groups[g].members.push(i);
                group_of[i] = Some(g);
            }
            Err((candidates, ambiguous)) => {
                let name = format!("{} {}", s.type_word.name, &text[s.number_span.clone()]);
                let folded = fold_word(&name);
                match unresolved_at.get(&folded) {
                    Some(&k) => unresolved[k].2 += 1,
                    None => {
                        unresolved_at.insert(folded, unresolved.len());
                        unresolved.push((name, i, 1, candidates, ambiguous));
                    }
                }
            }
        }
    }
    for (name, i, count, candidates, ambiguous) in unresolved {
        let times = if count > 1 { format!(" (xuất hiện {count} lần)") } else { String::new() };
        let warning = if candidates.len() > 1 || (ambiguous && !candidates.is_empty()) {
            Warning {
                kind: WarningKind::AmbiguousShortForm,
                span: raw[i].span().clone(),
                message: format!("“{name}” có thể là nhiều văn bản: {}{times}", candidates.join("; ")),
                hint: "ghi đầy đủ số ký hiệu (và ngày) để chỉ rõ văn bản được trích dẫn".into(),
            }
        } else {
            let declare = match candidates.first() {
                Some(found) => {
                    let (number, date) = found.split_once(" ngày ").unwrap_or((found.as_str(), ""));
                    let date = Date::parse(date).map(|d| format!(", date = {}", d.iso())).unwrap_or_default();
                    format!("[[aliases]] name = \"{name}\", number = \"{number}\"{date}")
                }
                None => format!("[[aliases]] name = \"{name}\", number = \"…\", date = …"),
            };
            Warning {
                kind: WarningKind::UnresolvedShortForm,
                span: raw[i].span().clone(),
                message: format!("không xác định được “{name}” là văn bản nào{times}"),
                hint: format!(
                    "ghi đầy đủ loại, số ký hiệu và ngày ở lần trích dẫn đầu tiên, hoặc khai báo tên gọi tắt trong config.toml: {declare}"
                ),
            }
        };
        warnings.push(warning);
    }

    // Documents in order of first mention.
    let mut order: Vec<usize> = (0..groups.len())
        .filter(|&g| !groups[g].members.is_empty() && group_number(&groups[g], &raw).is_some())
        .collect();
    order.sort_by_key(|&g| groups[g].first());
    let mut index_of = vec![None; groups.len()];
    for (k, &g) in order.iter().enumerate() {
        index_of[g] = Some(k);
    }
    let subjects = subjects(text, &raw);
    let mut documents = Vec::with_capacity(order.len());
    for &g in &order {
        groups[g].members.sort_unstable();
        if let Some(number) = group_number(&groups[g], &raw) {
            documents.push(document(text, &groups[g], number, &raw, &subjects, ctx));
        }
    }
    let mentions = raw
        .iter()
        .enumerate()
        .map(|(i, m)| ResolvedMention {
            span: m.span().clone(),
            symbol: match m {
                RawMention::Citation(c) => c.symbol.clone(),
                RawMention::Short(s) => s.number_span.clone(),
            },
            kind: kinds[i],
            document: group_of[i].and_then(|g| index_of[g]),
        })
        .collect();

    mention_warnings(text, &raw, &mut warnings);
    document_warnings(&groups, &order, &raw, &lines, ctx, &mut warnings);
    warnings.sort_by(|a, b| (a.span.start, a.kind, &a.message).cmp(&(b.span.start, b.kind, &b.message)));
    warnings.dedup();
    Extraction { documents, mentions, warnings }
}

/// Lists and shared issuers. "Các văn bản của UBND tỉnh: Số 111/KH-UBND …; số
/// 222/KH-UBND …": type-less items take the heading's issuer. "Quyết định số
/// 99/QĐ-TTg ngày …, Quyết định số 299/QĐ-TTg ngày … của Thủ tướng Chính phủ": an
/// issuer-less citation followed only by "," or "và" and a citation of the same
/// issuer code takes that one's issuer.
fn share_issuers(text: &str, raw: &mut [RawMention]) {
    let mut list: Option<super::scan::Heading> = None;
    for m in raw.iter_mut() {
        let RawMention::Citation(c) = m else { continue };
        if c.type_word.is_some() {
            continue;
        }
        if !c.has_so {
            list = None;
            continue;
        }
        if let Some(h) = c.heading.clone() {
            list = Some(h);
        } else if !matches!(c.before, Some(';' | ',')) {
            list = None;
        }
        if let Some(h) = &list {
            if c.issuer.is_none()
                && let Some(issuer) = &h.issuer
            {
                c.issuer = Some(issuer.clone());
                c.issuer_inferred = true;
            }
            c.list_type = h.type_word;
        }
    }
    for i in (0..raw.len().saturating_sub(1)).rev() {
        let (left, right) = raw.split_at_mut(i + 1);
        let (RawMention::Citation(a), RawMention::Citation(b)) = (&mut left[i], &right[0]) else { continue };
        if a.issuer.is_some() || b.issuer.is_none() || a.number.issuer_code() != b.number.issuer_code() {
            continue;
        }
        let Some(between) = text.get(a.tail_end..b.span.start) else { continue };
        let rest: String = between.chars().filter(|c| !c.is_whitespace() && *c != ',').collect();
        if rest.is_empty() || fold_word(&rest) == "va" {
            a.issuer = b.issuer.clone();
            a.issuer_inferred = true;
        }
    }
}

/// Whether "Nghị quyết số 123" can mean this document: same ordinal (checked by the
/// caller) and the same type, by type word or by code.
fn short_form_fits(s: &RawShortForm, (code, names): &(Option<&str>, Vec<&'static str>)) -> bool {
    names.contains(&s.type_word.name)
        || (!s.type_word.any_code && code.is_some_and(|code| s.type_word.codes.contains(&code)))
}

/// "123-NQ/TW ngày 05/3/2024": a group in a warning.
fn describe(group: &Group, raw: &[RawMention]) -> String {
    let number = group
        .members
        .iter()
        .find_map(|&i| match &raw[i] {
            RawMention::Citation(c) => Some(c.number.to_string()),
            RawMention::Short(_) => None,
        })
        .or_else(|| group.alias.map(|a| a.number.to_string()))
        .unwrap_or_default();
    match group.date {
        Some(d) => format!("{number} ngày {d}"),
        None => number,
    }
}

/// Each citation's subject, cut where a sibling citation starts ("…, Công văn số
/// 567/UBND …").
fn subjects(text: &str, raw: &[RawMention]) -> Vec<Option<Range<usize>>> {
    let mut out = vec![None; raw.len()];
    for (i, m) in raw.iter().enumerate() {
        let RawMention::Citation(c) = m else { continue };
        let Some(range) = &c.subject else { continue };
        let mut end = range.end;
        for next in &raw[i + 1..] {
            let start = next.span().start;
            if start >= end {
                break;
            }
            if start <= range.start {
                continue;
            }
            let before = text[range.start..start].trim_end();
            let last_word = before.rsplit(char::is_whitespace).next().unwrap_or("");
            if before.ends_with(',') || before.ends_with(';') || fold_word(last_word) == "va" {
                end = start;
                break;
            }
        }
        out[i] = Some(range.start..end);
    }
    out
}

/// A subject's text: white space collapsed, trailing "," and "và" dropped.
fn subject_text(text: &str, range: &Range<usize>) -> Option<String> {
    let subject = collapse_space(&text[range.clone()]);
    let subject = subject.trim_end_matches([',', ';', ' ']);
    let subject = subject.strip_suffix(" và").unwrap_or(subject);
    (!subject.is_empty()).then(|| subject.to_string())
}

/// The number a document is shown with: the first one written the way its issuer
/// calls for, else the first one, else the alias's.
fn group_number(group: &Group, raw: &[RawMention]) -> Option<super::DocumentNumber> {
    let mut first = None;
    for &i in &group.members {
        if let RawMention::Citation(c) = &raw[i] {
            if !c.number.style_conflict() {
                return Some(c.number.clone());
            }
            first.get_or_insert_with(|| c.number.clone());
        }
    }
    first.or_else(|| group.alias.map(|a| a.number.clone()))
}

fn document(
    text: &str,
    group: &Group,
    number: super::DocumentNumber,
    raw: &[RawMention],
    subjects: &[Option<Range<usize>>],
    ctx: &CitingContext,
) -> ExtractedDocument {
    let citations: Vec<(usize, &RawCitation)> = group
        .members
        .iter()
        .filter_map(|&i| match &raw[i] {
            RawMention::Citation(c) => Some((i, c.as_ref())),
            RawMention::Short(_) => None,
        })
        .collect();
    let doc_type = citations
        .iter()
        .find_map(|(_, c)| c.type_word.map(|tw| tw.name))
        .or_else(|| number.code_type())
        .or_else(|| citations.iter().find_map(|(_, c)| c.list_type.map(|tw| tw.name)))
        .unwrap_or("Văn bản")
        .to_string();
    let issuer = citations.iter().find_map(|(_, c)| c.issuer.clone());
    let subject = citations.iter().find_map(|&(i, _)| subjects[i].as_ref().and_then(|r| subject_text(text, r)));
    let (scope, scope_stated) = match &group.scope {
        Some(s) => (s.clone(), true),
        None => (scope::default_scope(&number, ctx.province, ctx.jurisdiction), false),
    };
    let level = scope::level_of(&number, &scope);
    let first_mention = group.members.first().map(|&i| raw[i].span().clone()).unwrap_or(0..0);
    ExtractedDocument {
        doc_type,
        date: group.date,
        issuer,
        subject,
        scope,
        scope_stated,
        level,
        mentions: group.members.len(),
        first_mention,
        from_alias: citations.is_empty(),
        number,
    }
}

/// Warnings about one mention as written.
fn mention_warnings(text: &str, raw: &[RawMention], warnings: &mut Vec<Warning>) {
    for m in raw {
        let RawMention::Citation(c) = m else { continue };
        if let Some(tw) = c.type_word {
            let code = c.number.type_code_str();
            if !tw.accepts(code) {
                let warning = match (code, c.number.code_type()) {
                    (Some(code_text), Some(code_type)) => Warning {
                        kind: WarningKind::TypeMismatch,
                        span: c.span.clone(),
                        message: format!(
                            "loại văn bản “{}” không khớp với ký hiệu “{}” ({} là ký hiệu của {})",
                            tw.name,
                            c.number,
                            code_text,
                            code_type.to_lowercase()
                        ),
                        hint: format!(
                            "đối chiếu với văn bản gốc: nếu đây là {}, viết “{} số {}”; nếu đúng là {}, sửa lại ký hiệu",
                            code_type.to_lowercase(),
                            code_type,
                            c.number,
                            tw.name.to_lowercase()
                        ),
                    },
                    _ => Warning {
                        kind: WarningKind::MissingTypeCode,
                        span: c.span.clone(),
                        message: format!("ký hiệu “{}” thiếu mã loại văn bản của {}", c.number, tw.name.to_lowercase()),
                        hint: match tw.family() {
                            Some(family) => format!(
                                "ký hiệu của {} thường có dạng “số/{}-cơ quan”; đối chiếu lại với văn bản gốc",
                                tw.name.to_lowercase(),
                                family_display(family)
                            ),
                            None => "đối chiếu lại số ký hiệu với văn bản gốc".into(),
                        },
                    },
                };
                warnings.push(warning);
            }
        }
        if c.spaced {
            let written = collapse_space(&text[c.symbol.clone()]);
            let (message, hint) = if c.space_for_hyphen {
                (
                    format!("số ký hiệu “{written}” dùng dấu cách thay cho dấu gạch nối"),
                    format!("viết liền, có dấu gạch nối: “{}”", c.number),
                )
            } else {
                (
                    format!("số ký hiệu “{written}” có khoảng trắng thừa"),
                    format!("viết liền, không có khoảng trắng: “{}”", c.number),
                )
            };
            warnings.push(Warning { kind: WarningKind::SpaceInNumber, span: c.symbol.clone(), message, hint });
        }
        if let Some((span, written_date)) = &c.bad_date {
            warnings.push(Warning {
                kind: WarningKind::ImpossibleDate,
                span: span.clone(),
                message: format!("ngày “{written_date}” của văn bản “{}” không có trong lịch", c.number),
                hint: "kiểm tra lại ngày, tháng, năm ban hành theo văn bản gốc".into(),
            });
        }
    }
}

/// "QĐ", "KH": a code family as usually written.
fn family_display(code: &str) -> String {
    match code {
        "QYĐ" => "QyĐ".into(),
        "QĐI" => "QĐi".into(),
        "CTR" => "CTr".into(),
        "TTR" => "TTr".into(),
        other => other.to_string(),
    }
}

/// Warnings about a document as a whole: separators, dates.
fn document_warnings<'t>(
    groups: &[Group],
    order: &[usize],
    raw: &[RawMention],
    lines: &Lines<'t>,
    ctx: &CitingContext,
    warnings: &mut Vec<Warning>,
) {
    let citations = |g: &Group| -> Vec<&RawCitation> {
        g.members
            .iter()
            .filter_map(|&i| match &raw[i] {
                RawMention::Citation(c) => Some(c.as_ref()),
                RawMention::Short(_) => None,
            })
            .collect()
    };
    let line = |span: &Range<usize>| lines.line_col(span.start).0;
    let place = |span: &Range<usize>| {
        let (l, c) = lines.line_col(span.start);
        format!("dòng {l}, cột {c}")
    };
    let mut by_key: HashMap<&str, Vec<usize>> = HashMap::new();
    for &g in order {
        let group = &groups[g];
        let cits = citations(group);
        // Separators: one document written both ways, or the wrong way.
        if let Some(first) = cits.first() {
            if let Some(other) = cits.iter().find(|c| c.number.scheme() != first.number.scheme()) {
                warnings.push(Warning {
                    kind: WarningKind::SwappedSeparators,
                    span: other.span.clone(),
                    message: format!(
                        "cùng một văn bản được viết hai kiểu: “{}” ({}) và “{}” ({})",
                        first.number,
                        place(&first.span),
                        other.number,
                        place(&other.span)
                    ),
                    hint: separator_hint(first),
                });
            } else if first.number.style_conflict() {
                warnings.push(Warning {
                    kind: WarningKind::SeparatorStyle,
                    span: first.span.clone(),
                    message: format!(
                        "số ký hiệu “{}” dùng dấu phân cách không đúng kiểu của cơ quan ban hành",
                        first.number
                    ),
                    hint: separator_hint(first),
                });
            }
        }
        // Cited after the plan's own date.
        if let (Some(date), Some(plan_date)) = (group.date, ctx.date)
            && date > plan_date
            && let Some(first) = cits.first()
        {
            let dated = cits.iter().find(|c| c.date_span.is_some()).unwrap_or(first);
            let end = dated.date_span.as_ref().map_or(dated.span.end, |d| d.end);
            warnings.push(Warning {
                kind: WarningKind::CitedAfterPlan,
                span: dated.span.start..end,
                message: format!(
                    "văn bản “{}” ngày {date} được trích dẫn trong kế hoạch ban hành trước đó (ngày {plan_date})",
                    first.number
                ),
                hint: "kiểm tra lại ngày của văn bản được trích dẫn hoặc ngày ban hành kế hoạch".into(),
            });
        }
        by_key.entry(group.key).or_default().push(g);
    }
    // The same number with different dates in one plan.
    let mut keys: Vec<(&str, Vec<usize>)> = by_key.into_iter().filter(|(_, gs)| gs.len() > 1).collect();
    keys.sort();
    for (_, gs) in keys {
        let dated: Vec<usize> = gs.iter().copied().filter(|&g| groups[g].date.is_some()).collect();
        let Some((&first, rest)) = dated.split_first() else { continue };
        let first_cits = citations(&groups[first]);
        let Some(first_cit) = first_cits.first() else { continue };
        for &g in rest {
            if !compatible(&groups[first].scope, &groups[g].scope) {
                continue;
            }
            let cits = citations(&groups[g]);
            let Some(c) = cits.first() else { continue };
            let (Some(d1), Some(d2)) = (groups[first].date, groups[g].date) else { continue };
            warnings.push(Warning {
                kind: WarningKind::DateConflict,
                span: c.span.clone(),
                message: format!(
                    "“{}” được trích dẫn với hai ngày khác nhau: {d1} (dòng {}) và {d2} (dòng {})",
                    c.number,
                    line(&first_cit.span),
                    line(&c.span)
                ),
                hint: "số văn bản được đánh lại hằng năm (văn bản của Đảng: theo nhiệm kỳ) nên đây có thể là hai văn bản khác nhau; nếu là một văn bản, sửa lại ngày cho đúng".into(),
            });
        }
    }
}

fn separator_hint(c: &RawCitation) -> String {
    match c.number.expected_style() {
        Some(super::Scheme::Party) => {
            "văn bản của Đảng viết số, gạch nối, loại, gạch chéo, cơ quan: ví dụ “345-KH/TU”".into()
        }
        _ => "văn bản của cơ quan nhà nước viết số, gạch chéo, loại, gạch nối, cơ quan: ví dụ “98/KH-UBND”".into(),
    }
}
