//! Document numbers ("số, ký hiệu"): finding one at a position in text, its
//! canonical form, the numbering scheme read from its shape, and the key that
//! identifies it regardless of how it was typed.
//!
//! Shapes (Nghị định 30/2020/NĐ-CP, the law on legal documents, Hướng dẫn
//! 36-HD/VPTW): `34/2021/NĐ-CP` (legal normative, with a year), `123-NQ/TW` (Party,
//! hyphen first), `234/QĐ-TTg` (administrative), `1234/BNN-VP` (official letter,
//! no type code).

use std::fmt;

use serde::{Serialize, Serializer};

use super::text::{dash_at, hspace_at, skip_hspace, skip_space, slash_at};
use super::types;

/// How a number is built, read from its shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Scheme {
    /// `34/2021/NĐ-CP`, `20/2023/QH15`: number, year, type and issuer.
    Legal,
    /// `123-NQ/TW`: number, hyphen, type, slash, issuer.
    Party,
    /// `234/QĐ-TTg`: number, slash, type code, hyphen, issuer.
    Administrative,
    /// `1234/BNN-VP`, `567/UBND`: no type code.
    OfficialLetter,
}

impl Scheme {
    pub fn label(self) -> &'static str {
        match self {
            Scheme::Legal => "văn bản quy phạm pháp luật",
            Scheme::Party => "văn bản của Đảng",
            Scheme::Administrative => "văn bản hành chính",
            Scheme::OfficialLetter => "công văn",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sep {
    Hyphen,
    Slash,
}

impl Sep {
    fn as_char(self) -> char {
        match self {
            Sep::Hyphen => '-',
            Sep::Slash => '/',
        }
    }
}

/// A document number and symbol, normalised: white space removed, a space between
/// letter groups turned into "-", dashes unified, Đ kept, the ordinal as written
/// ("02" stays "02").
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DocumentNumber {
    canonical: String,
    ordinal: u32,
    year: Option<u16>,
    codes: Vec<String>,
    scheme: Scheme,
    // Derived once, as numbers are compared and classified many times.
    key: String,
    type_code: Option<String>,
    issuer: Option<usize>,
    national: bool,
    expected: Option<Scheme>,
}

/// Where a number was found and how it was written.
#[derive(Clone, Debug)]
pub struct SymbolMatch {
    pub end: usize,
    pub number: DocumentNumber,
    /// White space within a line inside the symbol ("345- KH/TU", "98/KH UBND").
    pub spaced: bool,
    /// A space stood for the hyphen between two codes ("98/KH UBND").
    pub space_for_hyphen: bool,
}

const MAX_CODES: usize = 6;

/// Reads the number that starts at byte `start` (an ASCII digit), if one does.
/// The caller checks what precedes `start`.
pub fn scan(s: &str, start: usize) -> Option<SymbolMatch> {
    let b = s.as_bytes();
    let mut i = start;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let digits = i - start;
    if digits == 0 || digits > 5 {
        return None;
    }
    let mut spaced = false;
    let mut j = skip_hspace(s, i, 3);
    spaced |= j > i;
    if sep_at(s, j).is_none() {
        // "359⏎⏎-KH/TU": a line break before the separator (PDF extraction).
        let (k, newline) = skip_space(s, i, 8);
        if newline {
            j = k;
            spaced = false;
        }
    }
    let (sep1, len) = sep_at(s, j)?;
    let ordinal_text = &s[start..i];
    let ordinal: u32 = ordinal_text.parse().ok()?;
    let (mut p, newline) = skip_space(s, j + len, 12);
    spaced |= p > j + len && !newline;

    let mut year = None;
    if sep1 == Sep::Slash
        && let Some((y, after, gap)) = scan_year(s, p)
    {
        year = Some(y);
        spaced |= gap;
        p = after;
    }
    let (mut end, first) = scan_code(s, p)?;
    let mut codes = vec![first];
    let mut seps = Vec::new();
    let mut space_for_hyphen = false;
    while codes.len() < MAX_CODES {
        let r = skip_hspace(s, end, 3);
        if let Some((sep, len)) = sep_at(s, r) {
            let (t, newline) = skip_space(s, r + len, 12);
            match scan_code(s, t) {
                Some((e, code)) => {
                    spaced |= r > end || (t > r + len && !newline);
                    codes.push(code);
                    seps.push(sep);
                    end = e;
                    continue;
                }
                None => break,
            }
        }
        // "98/KH UBND": a space where the hyphen between type and issuer belongs.
        if codes.len() == 1
            && r > end
            && r - end <= 2
            && types::is_type_code(&codes[0])
            && hspace_at(s, end).is_some()
            && let Some((e, code)) = scan_code(s, r)
            && code.chars().count() >= 2
            && code.chars().all(|c| !c.is_ascii_lowercase())
            && !types::is_type_code(&code)
        {
            codes.push(code);
            seps.push(Sep::Hyphen);
            spaced = true;
            space_for_hyphen = true;
            end = e;
        }
        break;
    }

    // Shape checks: a Party number needs "TYPE/ISSUER"; a lone code must be a real
    // abbreviation, not one letter.
    if sep1 == Sep::Hyphen && (year.is_some() || !seps.contains(&Sep::Slash)) {
        return None;
    }
    if year.is_none() && codes.len() == 1 && codes[0].chars().count() < 2 {
        return None;
    }
    let number = DocumentNumber::build(ordinal_text, ordinal, sep1, year, codes, &seps);
    Some(SymbolMatch { end, number, spaced, space_for_hyphen })
}

fn sep_at(s: &str, i: usize) -> Option<(Sep, usize)> {
    if let Some(l) = slash_at(s, i) {
        return Some((Sep::Slash, l));
    }
    dash_at(s, i).map(|l| (Sep::Hyphen, l))
}

/// "2020/" at `p`: a year of this or the last century followed by a slash.
fn scan_year(s: &str, p: usize) -> Option<(u16, usize, bool)> {
    let b = s.as_bytes();
    let digits = b.get(p..p + 4)?;
    if !digits.iter().all(u8::is_ascii_digit) || !(digits.starts_with(b"19") || digits.starts_with(b"20")) {
        return None;
    }
    if b.get(p + 4).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let y: u16 = s.get(p..p + 4)?.parse().ok()?;
    let q = skip_hspace(s, p + 4, 3);
    let len = slash_at(s, q)?;
    let (after, newline) = skip_space(s, q + len, 12);
    Some((y, after, q > p + 4 || (after > q + len && !newline)))
}

/// A code at `p`: starts with a capital, then letters and digits, with more
/// capitals than small letters ("TTg", "QĐi", "QH15", "BCĐTW", "TƯ"), and not
/// followed by another letter ("Điều" is a word, not a code).
fn scan_code(s: &str, p: usize) -> Option<(usize, String)> {
    let rest = s.get(p..)?;
    let mut chars = rest.char_indices();
    let (_, first) = chars.next()?;
    if !first.is_uppercase() {
        return None;
    }
    let (mut upper, mut lower) = (1usize, 0usize);
    let mut end = first.len_utf8();
    for (k, c) in chars {
        match c {
            '0'..='9' => {}
            c if c.is_uppercase() => upper += 1,
            c if c.is_lowercase() => lower += 1,
            c if super::text::is_word_char(c) => return None,
            _ => break,
        }
        end = k + c.len_utf8();
        if end > 24 {
            return None;
        }
    }
    if upper <= lower {
        return None;
    }
    Some((p + end, rest[..end].to_string()))
}

impl DocumentNumber {
    fn build(ordinal_text: &str, ordinal: u32, sep1: Sep, year: Option<u16>, codes: Vec<String>, seps: &[Sep]) -> Self {
        let mut canonical = String::with_capacity(ordinal_text.len() + 16);
        canonical.push_str(ordinal_text);
        canonical.push(sep1.as_char());
        if let Some(y) = year {
            canonical.push_str(&y.to_string());
            canonical.push('/');
        }
        canonical.push_str(&codes[0]);
        for (sep, code) in seps.iter().zip(&codes[1..]) {
            canonical.push(sep.as_char());
            canonical.push_str(code);
        }
        let scheme = if year.is_some() {
            Scheme::Legal
        } else if sep1 == Sep::Hyphen {
            Scheme::Party
        } else if types::is_type_code(&codes[0]) {
            Scheme::Administrative
        } else {
            Scheme::OfficialLetter
        };
        let mut key = ordinal.to_string();
        key.push('|');
        if let Some(y) = year {
            key.push_str(&y.to_string());
        }
        for code in &codes {
            key.push('|');
            key.push_str(&code.to_ascii_uppercase());
        }
        let type_code = types::is_type_code(&codes[0]).then(|| codes[0].to_ascii_uppercase());
        let issuer = codes.iter().position(|c| !types::is_type_code(c));
        // "TƯ" is how some write "TW" (Trung ương).
        let issuer_upper = issuer.map(|k| codes[k].to_ascii_uppercase().replace("TƯ", "TW"));
        let national = issuer_upper.as_deref().is_some_and(is_national_code);
        let expected = issuer_upper.as_deref().and_then(|code| {
            if is_party_code(code) {
                Some(Scheme::Party)
            } else if is_state_code(code) {
                Some(Scheme::Administrative)
            } else {
                None
            }
        });
        DocumentNumber { canonical, ordinal, year, codes, scheme, key, type_code, issuer, national, expected }
    }

    /// Parses a number written on its own ("123-NQ/TW", " 98/KH UBND "), as in the
    /// registry file or an alias.
    pub fn parse(text: &str) -> Option<DocumentNumber> {
        let text = text.trim();
        if !text.as_bytes().first().is_some_and(u8::is_ascii_digit) {
            return None;
        }
        let m = scan(text, 0)?;
        (m.end == text.len()).then_some(m.number)
    }

    /// "123-NQ/TW", "34/2021/NĐ-CP", "98/KH-UBND".
    pub fn canonical(&self) -> &str {
        &self.canonical
    }

    pub fn ordinal(&self) -> u32 {
        self.ordinal
    }

    pub fn year(&self) -> Option<u16> {
        self.year
    }

    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The identity of the number regardless of how it was written: ordinal as a
    /// number, year, codes upper-cased, separators ignored (so `231-KH/UBND` and
    /// `231/KH-UBND` share a key).
    pub fn key(&self) -> String {
        self.key.clone()
    }

    pub fn key_str(&self) -> &str {
        &self.key
    }

    /// The type code, upper-cased ("KH" in `07-KH/BCĐTW`, "QĐI" in `08-QĐi/TW`).
    pub fn type_code(&self) -> Option<String> {
        self.type_code.clone()
    }

    pub fn type_code_str(&self) -> Option<&str> {
        self.type_code.as_deref()
    }

    /// The issuer's code: the first code that is not a type code ("TW", "TTg",
    /// "UBND", "BNN", "QH15").
    pub fn issuer_code(&self) -> Option<&str> {
        self.issuer.and_then(|k| self.codes.get(k)).map(String::as_str)
    }

    /// The document type the code stands for, when there is a type code.
    pub fn code_type(&self) -> Option<&'static str> {
        let first = self.codes.first()?;
        types::type_of_code(first, self.scheme == Scheme::Party)
    }

    /// Whether the issuer is a central body whose numbers are unique in the country
    /// (Party Central Committee, Government, Prime Minister, National Assembly,
    /// ministries); other codes (UBND, HĐND, TU, ĐU, BCĐ…) are reused by every
    /// province and commune.
    pub fn is_national(&self) -> bool {
        self.national
    }

    /// The separator style the issuer's code calls for, when the code is clearly a
    /// state or a Party body: `Some(Scheme::Party)` for TW, TU, ĐU…,
    /// `Some(Scheme::Administrative)` for UBND, CP, TTg, ministries.
    pub fn expected_style(&self) -> Option<Scheme> {
        self.expected
    }

    /// Whether the separators contradict the issuer ("231-KH/UBND": Party style for
    /// a People's Committee).
    pub fn style_conflict(&self) -> bool {
        if self.scheme == Scheme::Legal || self.type_code.is_none() {
            return false;
        }
        match self.expected_style() {
            Some(Scheme::Party) => self.scheme != Scheme::Party,
            Some(_) => self.scheme == Scheme::Party,
            None => false,
        }
    }
}

/// Ministries and central state bodies, by their usual codes.
const CENTRAL_STATE: &[&str] = &[
    "CP", "TTG", "CTN", "VPCP", "QH", "UBTVQH", "BCA", "BCT", "BGDĐT", "BGTVT", "BKHĐT", "BKHCN", "BLĐTBXH", "BNG",
    "BNN", "BNNPTNT", "BNNMT", "BNV", "BQP", "BTC", "BTNMT", "BTP", "BTTTT", "BVHTTDL", "BXD", "BYT", "BDTTG", "UBDT",
    "NHNN", "TTCP", "KTNN", "TANDTC", "VKSNDTC", "BHXH", "BHXHVN",
];

/// Local state bodies.
const LOCAL_STATE: &[&str] = &["UBND", "HĐND", "VP", "VPUBND"];

/// Party committees.
const PARTY: &[&str] = &["TW", "TU", "ĐU", "HU", "QU", "THU", "ĐUK", "ĐH", "BTV", "ĐĐ"];

fn strip_term(code: &str) -> &str {
    // "QH15", "UBTVQH14": the term number does not change the body.
    code.trim_end_matches(|c: char| c.is_ascii_digit())
}

fn is_national_code(upper: &str) -> bool {
    let base = strip_term(upper);
    CENTRAL_STATE.contains(&base) || upper.ends_with("TW") || upper.starts_with("TW")
}

fn is_party_code(upper: &str) -> bool {
    PARTY.contains(&upper) || (upper.ends_with("TW") && upper != "MTTW") || upper.ends_with("TU")
}

fn is_state_code(upper: &str) -> bool {
    let base = strip_term(upper);
    CENTRAL_STATE.contains(&base) || LOCAL_STATE.contains(&upper)
}

impl fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.canonical)
    }
}

/// Numbers serialise as their canonical form.
impl Serialize for DocumentNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.canonical)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn canon(s: &str) -> Option<String> {
        scan(s, 0).map(|m| m.number.canonical().to_string())
    }

    #[test]
    fn every_scheme_is_read_from_its_shape() {
        let cases = [
            ("45/2020/NĐ-CP", Scheme::Legal),
            ("20/2023/QH15", Scheme::Legal),
            ("57-NQ/TW", Scheme::Party),
            ("05-KH/TU", Scheme::Party),
            ("749/QĐ-TTg", Scheme::Administrative),
            ("3445/BNN-VPĐP", Scheme::OfficialLetter),
            ("438/UBND", Scheme::OfficialLetter),
            ("02/BCĐ", Scheme::OfficialLetter),
        ];
        for (text, scheme) in cases {
            let n = DocumentNumber::parse(text).unwrap_or_else(|| panic!("{text}"));
            assert_eq!(n.canonical(), text);
            assert_eq!(n.scheme(), scheme, "{text}");
        }
    }

    #[test]
    fn stray_spaces_and_line_breaks_are_removed() {
        assert_eq!(canon("359- KH/TU ngày"), Some("359-KH/TU".into()));
        assert_eq!(canon("45/ 2020/NĐ-CP"), Some("45/2020/NĐ-CP".into()));
        assert_eq!(canon("57-\n\nNQ/TW"), Some("57-NQ/TW".into()));
        assert_eq!(canon("01/QĐ-\n\nBCĐ ngày"), Some("01/QĐ-BCĐ".into()));
        assert_eq!(canon("57–NQ/TW"), Some("57-NQ/TW".into()));
        assert_eq!(canon("57-NQ/TƯ ngày"), Some("57-NQ/TƯ".into()));
        assert_eq!(canon("359\n\n-KH/TU ngày"), Some("359-KH/TU".into()));
        assert_eq!(canon("12\n- Tiếp tục"), None);
        assert_eq!(canon("12\n\n- UBND xã"), None);
    }

    #[test]
    fn a_space_between_codes_stands_for_a_hyphen() {
        let m = scan("21/KH UBND ngày", 0).expect("symbol");
        assert_eq!(m.number.canonical(), "21/KH-UBND");
        assert!(m.space_for_hyphen && m.spaced);
        assert_eq!(canon("02/KH BCĐ ngày"), Some("02/KH-BCĐ".into()));
    }

    #[test]
    fn dates_counts_and_words_are_not_numbers() {
        for text in ["22/12/2024", "2021-2025", "1.707 hồ sơ", "82 nhóm", "5/3/2025", "2-Điều", "6/A", "12/ha"] {
            assert!(scan(text, 0).is_none(), "{text}");
        }
    }

    #[test]
    fn swapped_separators_share_a_key_and_are_flagged() {
        let a = DocumentNumber::parse("231-KH/UBND").expect("party style");
        let b = DocumentNumber::parse("231/KH-UBND").expect("state style");
        assert_eq!(a.key(), b.key());
        assert!(a.style_conflict());
        assert!(!b.style_conflict());
    }

    #[test]
    fn national_and_local_codes() {
        for n in ["57-NQ/TW", "749/QĐ-TTg", "45/2020/NĐ-CP", "20/2023/QH15", "3445/BNN-VPĐP", "02-KH/BCĐTW"] {
            assert!(DocumentNumber::parse(n).is_some_and(|n| n.is_national()), "{n}");
        }
        for n in ["43/KH-UBND", "13-NQ/TU", "08-KH/ĐU", "02/KH-BCĐ", "438/UBND"] {
            assert!(DocumentNumber::parse(n).is_some_and(|n| !n.is_national()), "{n}");
        }
    }
}
