//! Byte-level helpers for scanning Vietnamese text: white space (including the
//! line breaks PDF extraction leaves everywhere), separators written with look-alike
//! characters, words forwards and backwards. Every returned offset is a char
//! boundary of the scanned text.

use crate::vi;

/// A space or tab, or a no-break space (U+00A0): white space within a line.
/// Returns its length in bytes.
pub fn hspace_at(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    match b.get(i)? {
        b' ' | b'\t' => Some(1),
        0xC2 if b.get(i + 1) == Some(&0xA0) => Some(2),
        _ => None,
    }
}

/// Any white space, line breaks included. Returns its length in bytes.
pub fn space_at(s: &str, i: usize) -> Option<usize> {
    match s.as_bytes().get(i)? {
        b'\n' | b'\r' | 0x0C | 0x0B => Some(1),
        _ => hspace_at(s, i),
    }
}

/// Skips white space within a line, at most `max` bytes of it.
pub fn skip_hspace(s: &str, mut i: usize, max: usize) -> usize {
    let start = i;
    while let Some(l) = hspace_at(s, i) {
        if i + l - start > max {
            break;
        }
        i += l;
    }
    i
}

/// Skips any white space, at most `max` bytes of it. Also reports whether a line
/// break was crossed.
pub fn skip_space(s: &str, mut i: usize, max: usize) -> (usize, bool) {
    let start = i;
    let mut newline = false;
    while let Some(l) = space_at(s, i) {
        if i + l - start > max {
            break;
        }
        if s.as_bytes()[i] == b'\n' {
            newline = true;
        }
        i += l;
    }
    (i, newline)
}

/// Skips white space backwards from `i`, at most `max` bytes.
pub fn skip_space_back(s: &str, mut i: usize, max: usize) -> usize {
    let start = i;
    let b = s.as_bytes();
    while i > 0 && start - i < max {
        match b[i - 1] {
            b' ' | b'\t' | b'\n' | b'\r' | 0x0C | 0x0B => i -= 1,
            0xA0 if i >= 2 && b[i - 2] == 0xC2 => i -= 2,
            _ => break,
        }
    }
    i
}

/// A dash used as a separator: "-", the Unicode dashes U+2010–U+2015 and the minus
/// sign U+2212. Returns its length in bytes.
pub fn dash_at(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    match b.get(i)? {
        b'-' => Some(1),
        0xE2 => match (b.get(i + 1), b.get(i + 2)) {
            (Some(0x80), Some(0x90..=0x95)) | (Some(0x88), Some(0x92)) => Some(3),
            _ => None,
        },
        _ => None,
    }
}

/// A slash, "/" or the full-width "／" (U+FF0F). Returns its length in bytes.
pub fn slash_at(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    match b.get(i)? {
        b'/' => Some(1),
        0xEF if b.get(i + 1) == Some(&0xBC) && b.get(i + 2) == Some(&0x8F) => Some(3),
        _ => None,
    }
}

pub fn char_at(s: &str, i: usize) -> Option<char> {
    s.get(i..)?.chars().next()
}

pub fn char_before(s: &str, i: usize) -> Option<char> {
    s.get(..i)?.chars().next_back()
}

/// A word: letters and digits (Vietnamese letters are alphabetic; combining marks
/// are kept with their letter).
pub fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Latin letters with diacritics, Vietnamese ones included: the common case.
    if matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}') {
        return c != '\u{00D7}' && c != '\u{00F7}';
    }
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Latin letters with diacritics and their folded letter ("ộ" → 'o', "Đ" → 'd'),
/// sorted, computed once from [`vi::fold`].
fn fold_table() -> &'static [(char, char)] {
    use std::sync::OnceLock;
    static TABLE: OnceLock<Vec<(char, char)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        ('\u{00C0}'..='\u{024F}')
            .chain('\u{1E00}'..='\u{1EFF}')
            .filter_map(|c| {
                let folded = vi::fold(&c.to_string());
                let mut chars = folded.chars();
                match (chars.next(), chars.next()) {
                    (Some(f), None) if f.is_ascii() => Some((c, f)),
                    _ => None,
                }
            })
            .collect()
    })
}

fn fold_char(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    let table = fold_table();
    table.binary_search_by(|(k, _)| k.cmp(&c)).ok().map(|k| table[k].1)
}

/// [`vi::fold`] of one word, without decomposing when every letter is a known Latin
/// letter (the scanner folds many short words).
pub fn fold_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match fold_char(c) {
            Some(f) => out.push(f),
            None => return vi::fold(word),
        }
    }
    out
}

/// A word folded as [`vi::fold`] does, kept on the stack when it is short and every
/// letter folds to ASCII: the scanner's hot path folds thousands of words.
#[derive(Clone, Debug)]
pub enum Folded {
    Inline([u8; 24], u8),
    Heap(String),
}

impl Folded {
    /// The folded word, on the stack when possible.
    pub fn of(word: &str) -> Folded {
        Folded::inline(word).unwrap_or_else(|| Folded::Heap(vi::fold(word)))
    }

    /// The folded word if it fits on the stack.
    pub fn inline(word: &str) -> Option<Folded> {
        let mut buf = [0u8; 24];
        let mut len = 0;
        for c in word.chars() {
            let f = fold_char(c)?;
            *buf.get_mut(len)? = f as u8;
            len += 1;
        }
        Some(Folded::Inline(buf, len as u8))
    }

    pub fn as_str(&self) -> &str {
        match self {
            Folded::Inline(buf, len) => std::str::from_utf8(&buf[..usize::from(*len)]).unwrap_or(""),
            Folded::Heap(s) => s,
        }
    }
}

impl PartialEq<&str> for Folded {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Whether `word` folds to `folded`, without allocating in the common case.
pub fn fold_eq(word: &str, folded: &str) -> bool {
    let mut expected = folded.chars();
    for c in word.chars() {
        match fold_char(c) {
            Some(f) => {
                if expected.next() != Some(f) {
                    return false;
                }
            }
            None => return vi::fold(word) == folded,
        }
    }
    expected.next().is_none()
}

/// The word starting at `i` (which must be a char boundary): its end.
pub fn word_end(s: &str, i: usize) -> usize {
    let mut end = i;
    for (k, c) in s[i..].char_indices() {
        if !is_word_char(c) {
            return i + k;
        }
        end = i + k + c.len_utf8();
    }
    end
}

/// The word ending at `i`: its start.
pub fn word_start(s: &str, i: usize) -> usize {
    let mut start = i;
    for (k, c) in s[..i].char_indices().rev() {
        if !is_word_char(c) {
            break;
        }
        start = k;
    }
    start
}

/// Up to `max` words ending at `end`, separated only by white space (line breaks
/// included), in text order, with their starts, folded. Stops at anything that is
/// not white space between words.
pub fn words_before(s: &str, end: usize, max: usize) -> Vec<(usize, Folded)> {
    let mut out = Vec::new();
    let mut i = end;
    while out.len() < max {
        let start = word_start(s, i);
        if start == i || i - start > 40 {
            break;
        }
        out.push((start, Folded::of(&s[start..i])));
        let j = skip_space_back(s, start, 16);
        if j == start {
            break;
        }
        i = j;
    }
    out.reverse();
    out
}

/// Up to `max` words starting at `start`, separated only by white space, folded,
/// with their ends.
pub fn words_after(s: &str, start: usize, max: usize) -> Vec<(usize, Folded)> {
    let mut out = Vec::new();
    let mut i = start;
    while out.len() < max {
        let end = word_end(s, i);
        if end == i || end - i > 40 {
            break;
        }
        out.push((end, Folded::of(&s[i..end])));
        let (j, _) = skip_space(s, end, 16);
        if j == end {
            break;
        }
        i = j;
    }
    out
}

/// Whether the word at `i..` is `word` (folded comparison), followed by a word
/// boundary. Returns the end of the word.
pub fn word_is(s: &str, i: usize, folded: &str) -> Option<usize> {
    let end = word_end(s, i);
    if end == i || end - i > 24 {
        return None;
    }
    fold_eq(&s[i..end], folded).then_some(end)
}

/// White space runs collapsed to one space, trimmed.
pub fn collapse_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The largest char boundary of `s` not above `i`.
pub fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// 1-based line starts of a text, for turning many offsets into line:col quickly.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// 1-based line and character column of byte `offset`.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_boundary(self.text, offset);
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line.saturating_sub(1)];
        (line.max(1), self.text[start..offset].chars().count() + 1)
    }
}

/// Line and column lookups for a few offsets: counts line breaks directly, on from the
/// last offset looked up when offsets come in ascending order (a plan's warnings), and
/// builds a [`LineIndex`] only once many lookups out of order make it worth it.
pub struct Lines<'a> {
    text: &'a str,
    /// Lookups that had to count from the start.
    restarts: std::cell::Cell<usize>,
    /// The last offset looked up, its line and the start of that line.
    last: std::cell::Cell<(usize, usize, usize)>,
    index: std::cell::OnceCell<LineIndex<'a>>,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str) -> Self {
        Lines {
            text,
            restarts: std::cell::Cell::new(0),
            last: std::cell::Cell::new((0, 1, 0)),
            index: std::cell::OnceCell::new(),
        }
    }

    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        if let Some(index) = self.index.get() {
            return index.line_col(offset);
        }
        let offset = floor_boundary(self.text, offset);
        let (mut from, mut line, mut start) = self.last.get();
        if offset < from {
            self.restarts.set(self.restarts.get() + 1);
            if self.restarts.get() > 16 {
                return self.index.get_or_init(|| LineIndex::new(self.text)).line_col(offset);
            }
            (from, line, start) = (0, 1, 0);
        }
        let between = &self.text.as_bytes()[from..offset];
        line += between.iter().filter(|&&b| b == b'\n').count();
        if let Some(k) = between.iter().rposition(|&b| b == b'\n') {
            start = from + k + 1;
        }
        self.last.set((offset, line, start));
        (line, self.text[start..offset].chars().count() + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_before_cross_line_breaks() {
        let s = "theo Kế \n\nhoạch hành động số";
        let end = s.len() - " số".len();
        let words: Vec<String> = words_before(s, end, 4).into_iter().map(|(_, w)| w.as_str().to_string()).collect();
        assert_eq!(words, ["theo", "ke", "hoach", "hanh", "dong"][1..]);
    }

    #[test]
    fn fast_fold_agrees_with_vi_fold() {
        for c in ('\u{0}'..='\u{2FF}').chain('\u{1E00}'..='\u{1EFF}') {
            let word = c.to_string();
            assert_eq!(fold_word(&word), vi::fold(&word), "{c:?}");
            assert!(fold_eq(&word, &vi::fold(&word)), "{c:?}");
        }
        assert_eq!(fold_word("Quyết"), "quyet");
        assert!(fold_eq("ĐỊNH", "dinh") && !fold_eq("định", "din"));
    }

    #[test]
    fn line_index_matches_diagnostics() {
        let text = "một\nhai ba\n\nbốn";
        let index = LineIndex::new(text);
        let lines = Lines::new(text);
        for _ in 0..3 {
            for offset in [0, 3, 4, 8, 12, text.len(), 9, 9, 2, 14, 5, 100, 1] {
                assert_eq!(index.line_col(offset), crate::diagnostics::line_col(text, offset));
                assert_eq!(lines.line_col(offset), crate::diagnostics::line_col(text, offset));
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn lines_agree_with_diagnostics_in_any_order(
            text in "[a\u{1ec7}\n ]{0,60}",
            offsets in proptest::collection::vec(0usize..80, 0..40),
        ) {
            let lines = Lines::new(&text);
            for offset in offsets {
                proptest::prop_assert_eq!(lines.line_col(offset), crate::diagnostics::line_col(&text, offset));
            }
        }
    }
}
