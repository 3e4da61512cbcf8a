//! The scanner: one pass over the text that anchors on digits, reads a document
//! number where one starts, and looks around it for the type word and "số" (left),
//! the date, the issuer and the subject (right). Digits that are not a number but
//! follow a type word ("Nghị quyết số 123", "Đề án 99") become short forms.
//!
//! Everything here is local to one mention; linking mentions together (shared
//! issuers, lists, short forms, identity) is `resolve`'s job.

use std::ops::Range;

use super::number::{self, DocumentNumber};
use super::text::{
    Folded, char_at, char_before, collapse_space, dash_at, floor_boundary, is_word_char, skip_hspace, skip_space,
    skip_space_back, slash_at, word_end, word_is, word_start, words_after, words_before,
};
use super::types::{self, TypeWord};
use crate::date::Date;

/// A citation with a document number.
#[derive(Clone, Debug)]
pub struct RawCitation {
    /// From the type word (or "số", or the number) through the number.
    pub span: Range<usize>,
    pub symbol: Range<usize>,
    pub number: DocumentNumber,
    pub spaced: bool,
    pub space_for_hyphen: bool,
    pub type_word: Option<&'static TypeWord>,
    /// The type of a list heading this item belongs to ("Các quyết định của …:").
    pub list_type: Option<&'static TypeWord>,
    pub has_so: bool,
    /// What precedes the citation: ':' (a list heading), ';' or ',' (a list item).
    pub before: Option<char>,
    /// For the first item after a heading ending in ':': the heading's issuer and type.
    pub heading: Option<Heading>,
    pub date: Option<Date>,
    pub date_span: Option<Range<usize>>,
    /// A date that does not exist in the calendar, as written.
    pub bad_date: Option<(Range<usize>, String)>,
    pub issuer: Option<String>,
    pub issuer_inferred: bool,
    /// End of the number, date and issuer: where a following citation would start.
    pub tail_end: usize,
    /// The subject ("về …") and where its clause ends.
    pub subject: Option<Range<usize>>,
}

#[derive(Clone, Debug)]
pub struct Heading {
    pub issuer: Option<String>,
    pub type_word: Option<&'static TypeWord>,
}

/// A type word followed by a bare number: "Nghị quyết số 123", "Đề án 99".
#[derive(Clone, Debug)]
pub struct RawShortForm {
    pub span: Range<usize>,
    pub number_span: Range<usize>,
    pub type_word: &'static TypeWord,
    pub ordinal: u32,
    /// "Nghị quyết số 123" (a short form) rather than "Nghị quyết 123" (a nickname).
    pub has_so: bool,
}

#[derive(Clone, Debug)]
pub enum RawMention {
    Citation(Box<RawCitation>),
    Short(RawShortForm),
}

impl RawMention {
    pub fn span(&self) -> &Range<usize> {
        match self {
            RawMention::Citation(c) => &c.span,
            RawMention::Short(s) => &s.span,
        }
    }
}

/// Scans `text` (NFC) for every mention, in text order.
pub fn scan(text: &str) -> Vec<RawMention> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i..].iter().position(u8::is_ascii_digit) {
            Some(k) => i += k,
            None => break,
        }
        let start = i;
        let mut j = i;
        while j < b.len() && b[j].is_ascii_digit() {
            j += 1;
        }
        if !boundary_before(text, start) && !glued_to_so(text, start) {
            i = j;
            continue;
        }
        if let Some(m) = number::scan(text, start)
            && !is_form_number(text, start)
        {
            let end = m.end;
            out.push(RawMention::Citation(Box::new(citation(text, start, m))));
            i = end;
            continue;
        }
        if let Some(short) = short_form(text, start, j) {
            out.push(RawMention::Short(short));
        }
        i = j;
    }
    out
}

/// A number may start here: not inside a word or a longer number ("1.707",
/// "2021-2025", "QH15").
fn boundary_before(text: &str, start: usize) -> bool {
    let Some(prev) = char_before(text, start) else { return true };
    if is_word_char(prev) {
        return false;
    }
    if matches!(prev, '.' | ',' | '/' | '-' | '\u{2010}'..='\u{2015}' | '\u{2212}') {
        let before = char_before(text, start - prev.len_utf8());
        return !before.is_some_and(|c| c.is_ascii_digit());
    }
    true
}

/// "số45/KH-UBND": the number typed without a space after "số".
fn glued_to_so(text: &str, start: usize) -> bool {
    so_before(text, start).is_some_and(|so| char_before(text, so).is_none_or(|c| !is_word_char(c)))
}

/// The "số" word ending at `end` (any case), if there is one: its start.
fn so_before(text: &str, end: usize) -> Option<usize> {
    let start = word_start(text, end);
    if start == end || end - start > 6 {
        return None;
    }
    matches!(&text[start..end], "số" | "Số" | "SỐ" | "so" | "So").then_some(start)
}

/// The type word ending at `end`: its start.
fn type_before(text: &str, end: usize) -> Option<(usize, &'static TypeWord)> {
    // Most words end no type word: check the last one before folding more.
    let last_start = word_start(text, end);
    if last_start == end || !Folded::inline(&text[last_start..end]).is_some_and(|f| types::is_last_word(f.as_str())) {
        return None;
    }
    let words = words_before(text, end, 4);
    if words.is_empty() {
        return None;
    }
    let folded: Vec<&str> = words.iter().map(|(_, w)| w.as_str()).collect();
    let (n, tw) = types::longest_suffix(&folded)?;
    Some((words[words.len() - n].0, tw))
}

/// The type word starting at `start`: its end.
fn type_after(text: &str, start: usize) -> Option<(usize, &'static TypeWord)> {
    let words = words_after(text, start, 4);
    let folded: Vec<&str> = words.iter().map(|(_, w)| w.as_str()).collect();
    let (n, tw) = types::longest_prefix(&folded)?;
    Some((words[n - 1].0, tw))
}

/// Words before "số" that number something other than a document: forms, annexes,
/// articles ("Mẫu số 01/TKN", "Phụ lục số 2").
const NOT_DOCUMENTS: &[&str] = &["mau", "bieu", "luc", "muc", "dieu", "khoan", "diem", "khai", "phieu", "hieu", "nha"];

/// A document number starts at `start` and is cited, unless it numbers a form or
/// an annex ("Mẫu số 01/TKN").
pub fn is_form_number(text: &str, start: usize) -> bool {
    let p = skip_space_back(text, start, 16);
    let Some(so) = so_before(text, p) else { return false };
    let words = words_before(text, skip_space_back(text, so, 16), 1);
    words.last().is_some_and(|(_, w)| NOT_DOCUMENTS.contains(&w.as_str()))
        && type_before(text, skip_space_back(text, so, 16)).is_none()
}

/// "Luật Giao dịch điện tử số …": a law, code or ordinance cited by its name before
/// "số". Returns where "Luật" starts.
fn named_law(text: &str, so_end: usize) -> Option<(usize, &'static TypeWord)> {
    let words = words_before(text, so_end, 10);
    for (start, word) in words.iter().rev() {
        if matches!(word.as_str(), "luat" | "lenh") && char_at(text, *start).is_some_and(char::is_uppercase) {
            let (ts, tw) = type_before(text, word_end(text, *start))?;
            return matches!(tw.name, "Luật" | "Bộ luật" | "Pháp lệnh").then_some((ts, tw));
        }
    }
    None
}

fn citation(text: &str, start: usize, m: number::SymbolMatch) -> RawCitation {
    // Left: [type word] [của ISSUER] [số[:]] NUMBER.
    let mut span_start = start;
    let mut has_so = false;
    let mut type_word = None;
    let mut prose_issuer = None;
    let mut p = skip_space_back_md(text, start);
    if p > 0 && text.as_bytes()[p - 1] == b':' {
        // "Số: 25/QĐ-UBND"
        let q = skip_space_back(text, p - 1, 8);
        if so_before(text, q).is_some() {
            p = q;
        }
    }
    if let Some(so) = so_before(text, p) {
        has_so = true;
        span_start = so;
        p = skip_space_back_md(text, so);
    }
    if let Some((ts, tw)) = type_before(text, p) {
        type_word = Some(tw);
        span_start = ts;
    } else if has_so && let Some((ts, tw, issuer)) = party_prose(text, p) {
        // "Quyết định của Bộ Chính trị số 31-QĐ/TW"
        type_word = Some(tw);
        span_start = ts;
        prose_issuer = Some(issuer);
    } else if has_so && let Some((ts, tw)) = named_law(text, p) {
        // "Luật Giao dịch điện tử số 20/2023/QH15"
        type_word = Some(tw);
        span_start = ts;
    }
    let before_pos = skip_space_back_md(text, span_start);
    let before = char_before(text, before_pos).filter(|c| matches!(c, ':' | ';' | ','));
    let heading =
        if type_word.is_none() && has_so && before == Some(':') { Some(heading(text, before_pos - 1)) } else { None };

    // Right: [,] [ngày DATE] [của ISSUER] [ngày DATE] [về SUBJECT].
    let mut tail_end = m.end;
    let mut date = None;
    let mut date_span = None;
    let mut bad_date = None;
    let mut take_date = |from: usize, tail_end: &mut usize| -> bool {
        match date_after(text, from) {
            Some((parsed, range, end)) => {
                match parsed {
                    Ok(d) => {
                        date = Some(d);
                        date_span = Some(range);
                    }
                    Err(written) => bad_date = Some((range, written)),
                }
                *tail_end = end;
                true
            }
            None => false,
        }
    };
    let dated = take_date(m.end, &mut tail_end);
    let mut issuer = prose_issuer;
    if issuer.is_none()
        && let Some((name, end)) = issuer_after(text, tail_end)
    {
        issuer = Some(name);
        tail_end = end;
        if !dated {
            take_date(tail_end, &mut tail_end);
        }
    }
    let subject = subject_after(text, tail_end);

    RawCitation {
        span: span_start..m.end,
        symbol: start..m.end,
        spaced: m.spaced,
        space_for_hyphen: m.space_for_hyphen,
        number: m.number,
        type_word,
        list_type: None,
        has_so,
        before,
        heading,
        date,
        date_span,
        bad_date,
        issuer,
        issuer_inferred: false,
        tail_end,
        subject,
    }
}

/// Skips white space and Markdown emphasis backwards.
fn skip_space_back_md(text: &str, mut i: usize) -> usize {
    loop {
        let j = skip_space_back(text, i, 24);
        let b = text.as_bytes();
        if j > 0 && matches!(b[j - 1], b'*' | b'_') && i - j < 24 {
            i = j - 1;
            continue;
        }
        return j;
    }
}

/// "Quyết định của Bộ Chính trị số …": a type word, "của" and an issuer before "số".
fn party_prose(text: &str, so_end: usize) -> Option<(usize, &'static TypeWord, String)> {
    let words = words_before(text, so_end, 14);
    for (k, (start, word)) in words.iter().enumerate().rev() {
        if word.as_str() == "cua" && k + 1 < words.len() {
            let (ts, tw) = type_before(text, skip_space_back(text, *start, 16))?;
            let issuer = collapse_space(&text[words[k + 1].0..so_end]);
            return Some((ts, tw, issuer));
        }
    }
    None
}

/// A list heading such as "Các văn bản của UBND tỉnh:" ending at `colon`.
fn heading(text: &str, colon: usize) -> Heading {
    let from = floor_boundary(text, colon.saturating_sub(200));
    let clause_start = text[from..colon].rfind(['\n', '.', ';', ':']).map_or(from, |k| from + k + 1);
    let clause = &text[clause_start..colon];
    let mut issuer = None;
    let mut type_word = None;
    if let Some(k) = find_word(clause, "của") {
        let name = collapse_space(&clause[k + "của".len()..]);
        if !name.is_empty() {
            issuer = Some(name);
        }
        type_word = type_before(text, skip_space_back(text, clause_start + k, 16)).map(|(_, tw)| tw);
    }
    Heading { issuer, type_word: type_word.filter(|tw| !tw.any_code) }
}

/// Byte offset of `word` as a whole word in `s`.
fn find_word(s: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(k) = s[from..].find(word) {
        let at = from + k;
        let end = at + word.len();
        let left = char_before(s, at).is_none_or(|c| !is_word_char(c));
        let right = char_at(s, end).is_none_or(|c| !is_word_char(c));
        if left && right {
            return Some(at);
        }
        from = end;
    }
    None
}

/// Skips white space and Markdown around a citation: emphasis ("**…**") and a
/// link's target ("[Nghị quyết số …](https://…)").
fn skip_markup(text: &str, from: usize) -> usize {
    let mut p = skip_space(text, from, 16).0;
    for _ in 0..4 {
        let b = text.as_bytes();
        match b.get(p) {
            Some(b'*' | b'_') => p = skip_space(text, p + 1, 16).0,
            Some(b']') if b.get(p + 1) == Some(&b'(') => match text[p..].bytes().take(400).position(|c| c == b')') {
                Some(k) => p = skip_space(text, p + k + 1, 16).0,
                None => break,
            },
            Some(b']') => p = skip_space(text, p + 1, 16).0,
            _ => break,
        }
    }
    p
}

/// A date introduced by "ngày" (optionally after a comma) at `from`: the parsed
/// date or the impossible date as written, the date's span, and where the phrase
/// ends.
fn date_after(text: &str, from: usize) -> Option<(Result<Date, String>, Range<usize>, usize)> {
    let mut p = skip_markup(text, from);
    if matches!(text.as_bytes().get(p), Some(b',' | b'(')) {
        p = skip_space(text, p + 1, 16).0;
    }
    let after_ngay = word_is(text, p, "ngay")?;
    let (mut q, _) = skip_space(text, after_ngay, 16);
    if text.as_bytes().get(q) == Some(&b':') {
        q = skip_space(text, q + 1, 8).0;
    }
    let (parsed, end) = parse_date(text, q)?;
    Some((parsed, q..end, end))
}

fn digits(text: &str, i: usize, max: usize) -> Option<(u32, usize)> {
    let b = text.as_bytes();
    let mut j = i;
    while j < b.len() && b[j].is_ascii_digit() && j - i < max {
        j += 1;
    }
    if j == i || b.get(j).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    Some((text[i..j].parse().ok()?, j))
}

/// `22/12/2024`, `5/3/2025`, `04-10-2025`, `05.3.2025`, `19 tháng 6 năm 2025`.
pub fn parse_date(text: &str, q: usize) -> Option<(Result<Date, String>, usize)> {
    let (day, p) = digits(text, q, 2)?;
    let numeric_sep = |i: usize| -> Option<usize> {
        let i = skip_hspace(text, i, 2);
        let len = match text.as_bytes().get(i) {
            Some(b'.') => Some(1),
            _ => slash_at(text, i).or_else(|| dash_at(text, i)),
        }?;
        Some(skip_space(text, i + len, 8).0)
    };
    let (month, year, end) = if let Some(m_at) = numeric_sep(p) {
        let (month, p2) = digits(text, m_at, 2)?;
        let y_at = numeric_sep(p2)?;
        let (year, end) = digits(text, y_at, 4)?;
        if end - y_at != 4 {
            return None;
        }
        (month, year, end)
    } else {
        let (p1, _) = skip_space(text, p, 8);
        let p1 = word_is(text, p1, "thang")?;
        let (p1, _) = skip_space(text, p1, 8);
        let (month, p2) = digits(text, p1, 2)?;
        let (p2, _) = skip_space(text, p2, 8);
        let p2 = word_is(text, p2, "nam")?;
        let (p2, _) = skip_space(text, p2, 8);
        let (year, end) = digits(text, p2, 4)?;
        if end - p2 != 4 {
            return None;
        }
        (month, year, end)
    };
    let parsed = Date::new(year as i32, month, day).ok_or_else(|| collapse_space(&text[q..end]));
    Some((parsed, end))
}

/// Words after which an issuer phrase ends ("của Chính phủ về …", "… ban hành …").
/// Single words stop only when written in lower case ("Đà Nẵng" is a name, "đã" is
/// not).
const STOP_WORDS: &[&str] = &[
    "ve", "tai", "theo", "tren", "trong", "den", "da", "nham", "de", "voi", "ngay", "nam", "gui", "kem", "la", "duoc",
    "giao", "cho", "va", "hoac", "tu", "nay", "do",
];

/// Word pairs that end an issuer phrase in any case ("Phê duyệt", "ban hành").
const STOP_PAIRS: &[(&str, &str)] = &[
    ("ban", "hanh"),
    ("phe", "duyet"),
    ("thuc", "hien"),
    ("trien", "khai"),
    ("sua", "doi"),
    ("bo", "sung"),
    ("huong", "dan"),
    ("quy", "dinh"),
    ("cu", "the"),
    ("phat", "dong"),
    ("thong", "bao"),
    ("ket", "luan"),
    ("giai", "doan"),
    ("kem", "theo"),
    ("to", "chuc"),
    ("xay", "dung"),
];

/// Pairs that stop even when capitalised (a verb at the start of a title).
const STRONG_PAIRS: &[(&str, &str)] =
    &[("ban", "hanh"), ("phe", "duyet"), ("thuc", "hien"), ("trien", "khai"), ("sua", "doi"), ("huong", "dan")];

/// Topics that belong to a steering committee's name: "Ban Chỉ đạo … về phát triển
/// khoa học, công nghệ, …".
const BCD_TOPICS: &[&str] = &["phat", "chuyen", "khoa", "cai", "doi", "xay", "giam", "phong", "cong"];

/// "của ISSUER" at `from`: the issuer's name and where it ends.
fn issuer_after(text: &str, from: usize) -> Option<(String, usize)> {
    let mut p = skip_markup(text, from);
    if text.as_bytes().get(p) == Some(&b',') {
        p = skip_space(text, p + 1, 16).0;
    }
    let after = word_is(text, p, "cua")?;
    let (start, _) = skip_space(text, after, 16);
    let end = issuer_end(text, start);
    let name = collapse_space(&text[start..end]);
    let name = name.trim_end_matches([',', '-', '&', ' ']).to_string();
    if name.is_empty() {
        return None;
    }
    Some((name, end))
}

fn issuer_end(text: &str, start: usize) -> usize {
    let mut i = start;
    let mut end = start;
    let mut words = 0usize;
    let mut steering = false;
    let mut topic = false;
    loop {
        let (j, _) = skip_space(text, i, 16);
        let Some(c) = char_at(text, j) else { break };
        if is_word_char(c) {
            let w_end = word_end(text, j);
            let word = Folded::of(&text[j..w_end]);
            let word = word.as_str();
            let lower = c.is_lowercase();
            // The next word matters only for word pairs ("ban hành") and a few
            // words; folding it for every word would cost more than all the rest.
            let next = if words == 0 || word == "ve" || STOP_PAIRS.iter().any(|(first, _)| *first == word) {
                words_after(text, skip_space(text, w_end, 16).0, 1)
                    .pop()
                    .map(|(_, w)| w.as_str().to_string())
                    .unwrap_or_default()
            } else {
                String::new()
            };
            if words == 0 {
                steering = word == "bcd" || (word == "ban" && next == "chi") || word == "truong";
            }
            if steering && !topic && word == "ve" && BCD_TOPICS.contains(&next.as_str()) {
                topic = true;
            } else if is_stop(word, &next, lower, topic) {
                break;
            } else if word == "va" {
                // "và" joins two names ("Bộ Nông nghiệp và Phát triển nông thôn") or
                // ends the issuer ("của Chính phủ và Kế hoạch số …").
                let next_start = skip_space(text, w_end, 16).0;
                let next_upper = char_at(text, next_start).is_some_and(char::is_uppercase);
                let next_type = type_after(text, next_start).is_some_and(|(e, _)| {
                    let (k, _) = skip_space(text, e, 16);
                    word_is(text, k, "so").is_some()
                        || (!topic && text.as_bytes().get(k).is_some_and(u8::is_ascii_digit))
                });
                if next_type || (!topic && !next_upper) {
                    break;
                }
            } else if c.is_ascii_digit() && !topic {
                break;
            }
            words += 1;
            end = w_end;
            i = w_end;
            if words >= if topic { 40 } else { 16 } {
                break;
            }
            continue;
        }
        match c {
            // "KHCN,ĐMST,CĐS": a comma inside a name; ", " ends it (except in a
            // steering committee's list of topics).
            ',' => {
                let next = char_at(text, j + 1);
                if next.is_some_and(is_word_char) || (topic && next.is_some_and(char::is_whitespace)) {
                    i = j + 1;
                } else {
                    break;
                }
            }
            '&' => i = j + 1,
            '-' if j > i => {
                // "Phòng Văn hóa - Xã hội"
                let (k, _) = skip_space(text, j + 1, 4);
                if k > j + 1 && char_at(text, k).is_some_and(char::is_uppercase) {
                    i = k;
                } else {
                    break;
                }
            }
            _ => break,
        }
    }
    end
}

fn is_stop(word: &str, next: &str, lower: bool, topic: bool) -> bool {
    if topic {
        return word == "ve" || STRONG_PAIRS.contains(&(word, next));
    }
    if STRONG_PAIRS.contains(&(word, next)) {
        return true;
    }
    lower && (STOP_PAIRS.contains(&(word, next)) || (STOP_WORDS.contains(&word) && word != "va"))
}

/// Words that introduce a document's subject after its number, date and issuer.
const SUBJECT_STARTS: &[&[&str]] = &[
    &["ve"],
    &["v", "v"],
    &["phe", "duyet"],
    &["ban", "hanh"],
    &["thuc", "hien"],
    &["trien", "khai"],
    &["huong", "dan"],
    &["quy", "dinh"],
    &["sua", "doi"],
];

const MAX_SUBJECT: usize = 600;

/// The subject at `from` ("về …" up to the end of its clause): its range.
fn subject_after(text: &str, from: usize) -> Option<Range<usize>> {
    let mut p = skip_markup(text, from);
    if text.as_bytes().get(p) == Some(&b',') {
        p = skip_space(text, p + 1, 16).0;
    }
    // "V/v" is two words around a slash.
    let starts_vv = matches!(text.get(p..p + 3), Some("V/v" | "v/v" | "V/V"));
    let words = words_after(text, p, 2);
    let folded: Vec<&str> = words.iter().map(|(_, w)| w.as_str()).collect();
    let starts = starts_vv
        || SUBJECT_STARTS.iter().any(|s| s.len() <= folded.len() && folded[..s.len()] == s[..] && s[0] != "v");
    if !starts {
        return None;
    }
    let end = clause_end(text, p, MAX_SUBJECT);
    (end > p).then_some(p..end)
}

/// Where the clause starting at `from` ends: ";", a full stop followed by white
/// space, a closing parenthesis, a new list item, or `max` bytes.
pub fn clause_end(text: &str, from: usize, max: usize) -> usize {
    let limit = floor_boundary(text, from.saturating_add(max));
    let b = text.as_bytes();
    let mut depth = 0usize;
    let mut i = from;
    while i < limit {
        match b[i] {
            b';' | b':' => return trim_end(text, from, i),
            b'(' => depth += 1,
            b')' if depth > 0 => depth -= 1,
            b')' => return trim_end(text, from, i),
            b'.' if b.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()) => return trim_end(text, from, i),
            b'\n' => {
                let (j, _) = skip_space(text, i, 64);
                if j >= b.len()
                    || starts_item(text, j)
                    || matches!(b[j], b'#' | b'|' | b'>')
                    || text[i..j].matches('\n').count() >= 3
                {
                    return trim_end(text, from, i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    // Cut at the last white space before the limit.
    let cut = text[from..limit].rfind(char::is_whitespace).map_or(limit, |k| from + k);
    trim_end(text, from, cut)
}

fn trim_end(text: &str, from: usize, end: usize) -> usize {
    from + text[from..end].trim_end_matches(|c: char| c.is_whitespace() || c == ',').len()
}

/// A list item starts at `i`: "- ", "+ ", "* ", "• ", "a) ", "1. ", "2.1. ".
pub fn starts_item(text: &str, i: usize) -> bool {
    let rest = &text[i..];
    let mut chars = rest.chars();
    match chars.next() {
        Some('-' | '+' | '*' | '•' | '–') => true,
        Some(c) if c.is_ascii_digit() => {
            let b = rest.as_bytes();
            let mut k = 0;
            let mut dotted = false;
            loop {
                let s = k;
                while k < b.len() && b[k].is_ascii_digit() {
                    k += 1;
                }
                if k == s {
                    break;
                }
                match b.get(k) {
                    Some(b'.') => {
                        k += 1;
                        dotted = true;
                    }
                    Some(b')') => return true,
                    _ => return false,
                }
            }
            dotted && b.get(k).is_none_or(u8::is_ascii_whitespace)
        }
        Some(c) if c.is_alphabetic() => matches!(chars.next(), Some(')')),
        _ => false,
    }
}

/// Units and counts that follow a number which is not a document's ("Kế hoạch 5
/// năm", "Đề án 3 nhóm").
const TIME_WORDS: &[&str] = &["nam", "thang", "ngay", "quy", "tuan", "gio", "phut", "dot", "lan"];
const UNIT_WORDS: &[&str] = &[
    "nhom", "ho", "nguoi", "ty", "trieu", "nghin", "ngan", "dong", "km", "ha", "muc", "diem", "chi", "nhiem", "thu",
    "van", "to", "don", "co", "cap", "linh", "noi", "chuong", "dieu", "khoan", "phan", "phu", "luot", "buoc", "bo",
    "trang", "ban", "cuon", "tiet", "mo", "cong", "truong", "lop", "hoc", "giai",
];

fn short_form(text: &str, start: usize, end: usize) -> Option<RawShortForm> {
    let nd = end - start;
    if nd > 4 {
        return None;
    }
    let b = text.as_bytes();
    match b.get(end) {
        Some(b'.' | b',') if b.get(end + 1).is_some_and(u8::is_ascii_digit) => return None,
        Some(b'/' | b'%') => return None,
        _ => {}
    }
    if dash_at(text, end).is_some() || slash_at(text, end).is_some() || char_at(text, end).is_some_and(is_word_char) {
        return None;
    }
    // Cheap test first: the word before must be "số" or end a type word.
    let p = skip_space_back_md(text, start);
    if p == start && p > 0 {
        return None;
    }
    let last_start = word_start(text, p);
    if last_start == p || p - last_start > 12 {
        return None;
    }
    let last = Folded::inline(&text[last_start..p])?;
    let (has_so, type_end) = if last.as_str() == "so" {
        (true, skip_space_back_md(text, last_start))
    } else if types::is_last_word(last.as_str()) {
        (false, p)
    } else {
        return None;
    };
    let (type_start, type_word) = type_before(text, type_end)?;
    let ordinal: u32 = text[start..end].parse().ok()?;
    if !has_so && (nd < 2 || (nd == 4 && (text[start..end].starts_with("19") || text[start..end].starts_with("20")))) {
        return None;
    }
    let (next_start, _) = skip_space(text, end, 16);
    if let Some((_, next)) = words_after(text, next_start, 1).pop()
        && (TIME_WORDS.contains(&next.as_str()) || (!has_so && UNIT_WORDS.contains(&next.as_str())))
    {
        return None;
    }
    Some(RawShortForm { span: type_start..end, number_span: start..end, type_word, ordinal, has_so })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> RawCitation {
        let mut found: Vec<RawCitation> = scan(text)
            .into_iter()
            .filter_map(|m| match m {
                RawMention::Citation(c) => Some(*c),
                RawMention::Short(_) => None,
            })
            .collect();
        assert_eq!(found.len(), 1, "{text}: {found:?}");
        found.remove(0)
    }

    #[test]
    fn dates_in_every_form() {
        for (text, iso) in [
            ("ngày 22/12/2024", "2024-12-22"),
            ("ngày 5/3/2025", "2025-03-05"),
            ("ngày 19 tháng 6 năm 2025", "2025-06-19"),
            ("ngày 04-10-2025", "2025-10-04"),
            ("ngày 05.3.2025", "2025-03-05"),
            (", ngày 10/9/2025", "2025-09-10"),
            ("ngày \n\n06/01/2022", "2022-01-06"),
        ] {
            let (parsed, _, _) = date_after(text, 0).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(parsed.map(Date::iso), Ok(iso.to_string()), "{text}");
        }
        assert!(matches!(date_after("ngày 31/4/2025", 0), Some((Err(_), _, _))));
        assert!(date_after("22/12/2024", 0).is_none());
    }

    #[test]
    fn issuer_stops_before_the_subject() {
        let c = one("Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển");
        assert_eq!(c.issuer.as_deref(), Some("Bộ Chính trị"));
        let c = one("Văn bản số 3445/BNN-VPĐP ngày 29/5/2023 của Bộ Nông nghiệp và Phát triển nông thôn về triển khai");
        assert_eq!(c.issuer.as_deref(), Some("Bộ Nông nghiệp và Phát triển nông thôn"));
        let c = one("Quyết định số 749/QĐ-TTg ngày 03/6/2020 của Thủ tướng Chính phủ Phê duyệt Chương trình");
        assert_eq!(c.issuer.as_deref(), Some("Thủ tướng Chính phủ"));
        let c = one("Quyết định số 02/BCĐ ngày 17/9/2025 của BCĐ phát triển KHCN,ĐMST,CĐS về Thành lập Tổ");
        assert_eq!(c.issuer.as_deref(), Some("BCĐ phát triển KHCN,ĐMST,CĐS"));
    }

    #[test]
    fn steering_committee_names_keep_their_topic() {
        let c = one(
            "Kế hoạch số 02/KH BCĐ ngày 15/5/2025 của Ban Chỉ đạo của Ủy ban nhân dân tỉnh Quảng Ngãi về phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số và Đề án 06; Quyết định",
        );
        assert_eq!(
            c.issuer.as_deref(),
            Some(
                "Ban Chỉ đạo của Ủy ban nhân dân tỉnh Quảng Ngãi về phát triển khoa học, công nghệ, đổi mới sáng tạo, chuyển đổi số và Đề án 06"
            )
        );
    }

    #[test]
    fn list_item_starts_are_recognised() {
        for item in ["- a", "+ b", "1. c", "2.1. d", "a) e", "• f"] {
            assert!(starts_item(item, 0), "{item}");
        }
        for plain in ["Kế hoạch", "2025 là", "12/KH"] {
            assert!(!starts_item(plain, 0), "{plain}");
        }
    }
}
