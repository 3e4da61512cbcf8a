//! The legal-document citation engine: finds every citation of a numbered document
//! in a plan's text ("Nghị quyết số 123-NQ/TW ngày 05/3/2024 của Bộ Chính trị"),
//! normalises numbers, resolves short forms and nicknames, and warns about
//! inconsistent citations; then gathers the documents cited across the site into
//! one register.
//!
//! Layout: `text` (byte helpers) → `number` (document numbers) and `types` (type
//! words and codes) → `scan` (one pass over the text) → `resolve` (identity, short
//! forms, warnings) → `register` (site-wide) with `registry` (the board's file and
//! aliases). `cli` is the `congkhai citations` command.

pub mod cli;
pub mod number;
pub mod register;
pub mod registry;
mod resolve;
mod scan;
pub mod scope;
pub mod text;
pub mod types;

use std::borrow::Cow;
use std::ops::Range;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

pub use number::{DocumentNumber, Scheme};
pub use register::{CitationRef, Document, Register, RegisterInput, RegisterWarning, WarningPlace, build_register};
pub use registry::{Alias, AliasName, RegistryEntry, RegistryFile, Status, load_registry};
pub use scope::{Level, Scope};

use crate::date::Date;

/// What the engine knows about the plan whose text it scans.
#[derive(Clone, Copy, Debug, Default)]
pub struct CitingContext<'a> {
    /// The citing plan's body, e.g. "xã Bình Chương": scopes local codes.
    pub jurisdiction: Option<&'a str>,
    /// The site's province, e.g. "Quảng Ngãi": resolves "UBND tỉnh" without a name.
    pub province: Option<&'a str>,
    /// The citing plan's own date: for the "cited after the plan" warning.
    pub date: Option<Date>,
    /// Nicknames the board declared ("Đề án 99" → 99/QĐ-TTg).
    pub aliases: &'a [Alias],
}

/// Everything found in one text.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Extraction {
    /// Unique documents cited in this text, in order of first mention.
    pub documents: Vec<ExtractedDocument>,
    /// Every mention, in text order.
    pub mentions: Vec<ResolvedMention>,
    pub warnings: Vec<Warning>,
}

/// A document as cited in one text.
#[derive(Clone, Debug, Serialize)]
pub struct ExtractedDocument {
    /// The type word as the text gives it ("Nghị quyết", "Kế hoạch hành động"), else
    /// the one the symbol's code stands for.
    #[serde(rename = "type")]
    pub doc_type: String,
    pub number: DocumentNumber,
    pub date: Option<Date>,
    /// The issuer as first written ("Bộ Chính trị", "UBND tỉnh Quảng Ngãi").
    pub issuer: Option<String>,
    /// The subject ("về đột phá phát triển khoa học, …"), a stand-in for the title.
    pub subject: Option<String>,
    /// Where the number is unique.
    pub scope: Scope,
    /// Whether the scope was stated (issuer phrase, national code) rather than
    /// assumed from the citing plan.
    pub scope_stated: bool,
    pub level: Level,
    /// How many mentions in this text refer to it.
    pub mentions: usize,
    /// The span of its first mention.
    pub first_mention: Range<usize>,
    /// Known only through an alias: the text never gives its number.
    pub from_alias: bool,
}

/// How a mention refers to its document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum MentionKind {
    /// With its number: "Nghị quyết số 123-NQ/TW ngày …".
    Citation,
    /// A type word and a bare number: "Nghị quyết số 123".
    ShortForm,
    /// A short form resolved through the alias table: "Đề án 99".
    Alias,
}

/// One mention of a document.
#[derive(Clone, Debug, Serialize)]
pub struct ResolvedMention {
    /// From the type word (if any) through the number, as written; char boundaries.
    pub span: Range<usize>,
    /// The number itself as written (the symbol, or the short form's digits).
    pub symbol: Range<usize>,
    pub kind: MentionKind,
    /// Index into [`Extraction::documents`]; `None` when the mention could not be
    /// resolved (it is then reported in the warnings).
    pub document: Option<usize>,
}

/// Which rule a warning comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WarningKind {
    TypeMismatch,
    MissingTypeCode,
    SpaceInNumber,
    SeparatorStyle,
    SwappedSeparators,
    DateConflict,
    CitedAfterPlan,
    ImpossibleDate,
    UnresolvedShortForm,
    AmbiguousShortForm,
    AmbiguousCitation,
}

/// A problem with a citation, worded for the editorial board.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub kind: WarningKind,
    pub span: Range<usize>,
    pub message: String,
    pub hint: String,
}

impl Warning {
    /// The warning as a located diagnostic of the file at `path` whose text (the
    /// text that was scanned) is `source`.
    pub fn diagnostic(&self, path: &str, source: &str) -> crate::diagnostics::Diagnostic {
        self.located(path, &text::Lines::new(source))
    }

    /// The same, located through `lines` (of the scanned text): a plan's warnings share
    /// one, so that each counts lines on from the one before, not from the top.
    pub fn located(&self, path: &str, lines: &text::Lines) -> crate::diagnostics::Diagnostic {
        let (line, col) = lines.line_col(self.span.start);
        crate::diagnostics::Diagnostic::warning(path, line, col, &self.message).with_hint(&self.hint)
    }
}

/// Scans `text` and returns the documents it cites, every mention and the
/// warnings. Never panics; spans are char boundaries of `text`.
pub fn extract(text: &str, ctx: &CitingContext) -> Extraction {
    let normalized = Normalized::new(text);
    let raw = scan::scan(&normalized.text);
    let mut extraction = resolve::resolve(&normalized.text, raw, ctx);
    normalized.map_back(&mut extraction);
    extraction
}

/// The sentence or clause around a mention, for "every passage that cites it": from
/// the previous ".", ";", blank line or list item start to the next one, at most
/// about 400 characters, on char boundaries, always containing `span`.
pub fn passage(text: &str, span: Range<usize>) -> Range<usize> {
    const CAP: usize = 400;
    let start = text::floor_boundary(text, span.start.min(text.len()));
    let end = text::floor_boundary(text, span.end.clamp(start, text.len()));
    let b = text.as_bytes();
    // Backwards to a boundary.
    let mut from = start;
    while from > 0 && start - from <= CAP {
        let c = b[from - 1];
        if c == b';' || (c == b'.' && b.get(from).is_none_or(u8::is_ascii_whitespace)) {
            break;
        }
        if c == b'\n' {
            let line = text[from..].trim_start_matches([' ', '\t']);
            if scan::starts_item(line, 0) {
                from = text.len() - line.len();
                break;
            }
            if text[..from - 1].trim_end_matches([' ', '\t', '\r']).ends_with('\n') {
                break;
            }
        }
        from -= 1;
    }
    from = text::floor_boundary(text, from);
    // Forwards to a boundary.
    let mut to = end;
    while to < b.len() && to - end <= CAP {
        let c = b[to];
        if c == b';' || (c == b'.' && b.get(to + 1).is_none_or(u8::is_ascii_whitespace)) {
            to += 1;
            break;
        }
        if c == b'\n' {
            let line = text[to + 1..].trim_start_matches([' ', '\t', '\r']);
            if line.starts_with('\n') || scan::starts_item(line, 0) {
                break;
            }
        }
        to += 1;
    }
    to = text::floor_boundary(text, to);
    // Trim white space, then cap around the span.
    while from < start && text[from..].starts_with(char::is_whitespace) {
        from += text[from..].chars().next().map_or(1, char::len_utf8);
    }
    while to > end && text[..to].ends_with(char::is_whitespace) {
        to -= text[..to].chars().next_back().map_or(1, char::len_utf8);
    }
    if to - from > CAP && end - start < CAP {
        let room = (CAP - (end - start)) / 2;
        let new_from = text::floor_boundary(text, start.saturating_sub(room).max(from));
        let new_to = text::floor_boundary(text, (end + room).min(to)).max(end);
        from = new_from;
        to = new_to;
    }
    from.min(start)..to.max(end)
}

/// The text in NFC, with a map back to the original's byte offsets when
/// normalising changed it. Only the character clusters that NFC changes are
/// rewritten; everything else is copied, and offsets between two rewritten clusters
/// shift by a constant, so the map is a short sorted list of edits.
struct Normalized<'a> {
    text: Cow<'a, str>,
    /// Rewritten clusters: (start in the normalised text, end there, start in the
    /// original, end there), in order.
    edits: Vec<(usize, usize, usize, usize)>,
}

/// Skips bytes that cannot start a character NFC would change, eight at a time:
/// ASCII, continuation bytes and the lead bytes of U+0080–U+02FF are all below
/// 0xCC; Vietnamese letters U+1E00–U+1EFF are E1 followed by B8–BB. Returns the
/// first position of a chunk that needs a closer look.
fn skip_nfc_safe(b: &[u8], mut i: usize) -> usize {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const LOW: u64 = !HIGH;
    // High bit of each byte that is zero.
    let zero = |v: u64| !(((v & LOW) + LOW) | v) & HIGH;
    while let (Some(chunk), Some(after)) = (b.get(i..i + 8), b.get(i + 1..i + 9)) {
        let (Ok(chunk), Ok(after)) = (<[u8; 8]>::try_from(chunk), <[u8; 8]>::try_from(after)) else { break };
        let w = u64::from_le_bytes(chunk);
        let next = u64::from_le_bytes(after);
        // x >= 0xCC: high bit set and (x & 0x7F) + 0x34 reaches bit 7.
        let high = w & HIGH & ((w & LOW) + 0x3434_3434_3434_3434);
        let e1 = zero(w ^ 0xE1E1_E1E1_E1E1_E1E1);
        let vietnamese = zero((next & 0xFCFC_FCFC_FCFC_FCFC) ^ 0xB8B8_B8B8_B8B8_B8B8);
        if high & !(e1 & vietnamese) != 0 {
            break;
        }
        i += 8;
    }
    i
}

/// Characters that are in NFC whatever follows them, unless a combining mark does:
/// Latin (with Vietnamese letters), general punctuation and symbols.
fn nfc_safe(c: char) -> bool {
    matches!(c, '\u{00A0}'..='\u{02FF}' | '\u{1E00}'..='\u{1EFF}' | '\u{2002}'..='\u{2125}' | '\u{2130}'..='\u{2328}')
}

impl<'a> Normalized<'a> {
    fn new(original: &'a str) -> Self {
        let b = original.as_bytes();
        let mut text: Option<String> = None;
        let mut edits = Vec::new();
        // Bytes of the original already copied into `text`.
        let mut copied = 0;
        let mut i = 0;
        while i < b.len() {
            // Fast path on bytes: ASCII, Latin letters (U+00A0–U+02FF, lead bytes
            // C2–CB) and Vietnamese letters (U+1E00–U+1EFF: E1 B8–BB) are in NFC.
            // Fast path on bytes: ASCII, continuation bytes and the lead bytes of
            // U+0080–U+02FF (C2–CB) are all below 0xCC; Vietnamese letters
            // U+1E00–U+1EFF start E1 B8–BB. Only other lead bytes need a look.
            i = skip_nfc_safe(b, i);
            if i >= b.len() {
                break;
            }
            if b[i] < 0xCC {
                i += 1;
                continue;
            }
            if b[i] == 0xE1 && matches!(b.get(i + 1), Some(0xB8..=0xBB)) {
                i += 3;
                continue;
            }
            let Some(c) = original.get(i..).and_then(|r| r.chars().next()) else { break };
            let len = c.len_utf8();
            if nfc_safe(c) {
                i += len;
                continue;
            }
            // A cluster: the starter before a combining mark, the marks after.
            let mut start = i;
            if unicode_normalization::char::is_combining_mark(c)
                && let Some(prev) = original[..i].chars().next_back()
            {
                start = (i - prev.len_utf8()).max(copied);
            }
            let mut end = i + len;
            while let Some(next) = original[end..].chars().next() {
                if !unicode_normalization::char::is_combining_mark(next) {
                    break;
                }
                end += next.len_utf8();
            }
            let cluster = &original[start..end];
            let nfc: String = cluster.nfc().collect();
            if nfc != cluster {
                let out = text.get_or_insert_with(|| String::with_capacity(original.len()));
                out.push_str(&original[copied..start]);
                let norm_start = out.len();
                out.push_str(&nfc);
                edits.push((norm_start, out.len(), start, end));
                copied = end;
            }
            i = end;
        }
        match text {
            None => Normalized { text: Cow::Borrowed(original), edits },
            Some(mut out) => {
                out.push_str(&original[copied..]);
                Normalized { text: Cow::Owned(out), edits }
            }
        }
    }

    /// The original offset of normalised offset `offset`; inside a rewritten
    /// cluster, its start (or its end when `end` is set).
    fn back(&self, offset: usize, end: bool) -> usize {
        let k = self.edits.partition_point(|e| e.0 <= offset);
        if k == 0 {
            return offset;
        }
        let (ns, ne, os, oe) = self.edits[k - 1];
        if offset == ns {
            os
        } else if offset < ne {
            if end { oe } else { os }
        } else {
            oe + (offset - ne)
        }
    }

    fn range(&self, r: &Range<usize>) -> Range<usize> {
        let start = self.back(r.start, false);
        start..self.back(r.end, true).max(start)
    }

    fn map_back(&self, extraction: &mut Extraction) {
        if self.edits.is_empty() {
            return;
        }
        for m in &mut extraction.mentions {
            m.span = self.range(&m.span);
            m.symbol = self.range(&m.symbol);
        }
        for d in &mut extraction.documents {
            d.first_mention = self.range(&d.first_mention);
        }
        for w in &mut extraction.warnings {
            w.span = self.range(&w.span);
        }
    }
}

#[cfg(test)]
mod tests;
