//! Site search built at build time, for the way Vietnamese readers type: without
//! tones ("chuyen doi so" finds "chuyển đổi số"), with đ typed as d ("dong" finds
//! "đồng"), exact-diacritic matches ranked first, document numbers searchable as
//! written ("57-NQ/TW"), and common abbreviations (CĐS, TTHC, UBND…) expanded.
//!
//! The index is an inverted index split into small JSON shards, so a phone downloads
//! only what a query needs: `tim-kiem/muc-<n>.json` holds entry metadata (50 entries
//! a shard) and `tim-kiem/tu-<n>.json` maps each folded term whose hash falls in shard
//! `n` to its spellings and the entries that contain them (as gaps between ascending
//! entry numbers, see [`IdList`]'s `Serialize`). The number of term shards
//! grows with the site, so shards stay near 48 KB on average from 3 plans to 10,000;
//! the shard of a word found in most entries ("xã") is larger (1.3 MB at 10,000 plans,
//! 4.4 MB before ids were written as gaps): a known limit.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::vi::fold;

/// Entries per metadata shard.
pub const ENTRIES_PER_SHARD: usize = 50;

/// One searchable thing: a plan section, an indicator, a task, an agency, a document.
#[derive(Clone, Debug, Serialize)]
pub struct Entry {
    pub url: String,
    pub title: String,
    /// What it is, shown beside the result ("Kế hoạch", "Chỉ tiêu", "Văn bản"…).
    pub kind: String,
    /// Searchable text (not shipped whole: only its terms and a short excerpt are).
    #[serde(skip)]
    pub text: String,
}

/// Abbreviations readers type, and what they stand for.
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("cđs", "chuyển đổi số"),
    ("tthc", "thủ tục hành chính"),
    ("dvc", "dịch vụ công"),
    ("dvctt", "dịch vụ công trực tuyến"),
    ("ubnd", "ủy ban nhân dân"),
    ("hđnd", "hội đồng nhân dân"),
    ("bcđ", "ban chỉ đạo"),
    ("vneid", "định danh điện tử"),
    ("khcn", "khoa học công nghệ"),
    ("đmst", "đổi mới sáng tạo"),
    ("attt", "an toàn thông tin"),
    ("cntt", "công nghệ thông tin"),
    ("csdl", "cơ sở dữ liệu"),
    ("mttq", "mặt trận tổ quốc"),
];

/// FNV-1a, 64-bit: the postings maps hash millions of short words, where SipHash's
/// DoS resistance buys nothing (the input is the site's own text).
#[derive(Default, Clone, Copy)]
struct FnvBuild;

struct Fnv(u64);

impl std::hash::BuildHasher for FnvBuild {
    type Hasher = Fnv;
    fn build_hasher(&self) -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u64::from(b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

type Postings = HashMap<String, IdList, FnvBuild>;

/// An ascending list of entry ids, kept as LEB128 varints of the gaps while a chunk
/// is tokenised: most gaps fit in a byte, a quarter of a `Vec<u32>`.
#[derive(Default)]
struct IdList {
    /// The last id pushed, plus one (0: none yet).
    next: u32,
    gaps: Vec<u8>,
}

impl IdList {
    /// Adds `id` (not below the last one; the same id again is ignored).
    fn push(&mut self, id: u32) {
        if self.next == id + 1 {
            return;
        }
        let mut gap = id + 1 - self.next;
        self.next = id + 1;
        while gap >= 0x80 {
            self.gaps.push((gap as u8 & 0x7f) | 0x80);
            gap >>= 7;
        }
        self.gaps.push(gap as u8);
    }

    /// The ids, in order.
    fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        let (mut next, mut gap, mut shift) = (0u32, 0u32, 0);
        self.gaps.iter().filter_map(move |&byte| {
            gap |= u32::from(byte & 0x7f) << shift;
            if byte & 0x80 != 0 {
                shift += 7;
                return None;
            }
            next += gap;
            (gap, shift) = (0, 0);
            Some(next - 1)
        })
    }

    /// The ids as they are written: the first, then each minus the one before.
    fn written_gaps(&self) -> impl Iterator<Item = u32> + '_ {
        let mut last = 0;
        self.ids().map(move |id| {
            let gap = id - last;
            last = id;
            gap
        })
    }

    /// The ids, each plus `offset`.
    fn decode(&self, offset: u32) -> Vec<u32> {
        self.ids().map(|id| id + offset).collect()
    }
}

/// Written as a JSON array of gaps: the first id, then each id minus the one before
/// (`[3, 1, 1, 4]` for 3, 4, 5, 9; `tim-kiem.js` adds them up). A word found in most
/// entries has gaps of one or two digits where its ids have six: its shard, the one a
/// phone downloads for "xã", is a third the size.
impl Serialize for IdList {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.written_gaps())
    }
}

/// Aim for term shards of about this many bytes: small enough for a slow phone line.
pub const TERM_SHARD_BYTES: usize = 48 * 1024;

/// The index files: (path inside the output, contents), for a list of entries.
pub fn build_index(entries: &[Entry]) -> Vec<(String, String)> {
    let files = std::sync::Mutex::new(Vec::new());
    let emit = |path: String, text: String| -> Result<(), ()> {
        files.lock().map_err(|_| ())?.push((path, text));
        Ok(())
    };
    let _ = build_index_from(entries.len(), |i| vec![entries[i].clone()], &emit);
    let mut files = files.into_inner().unwrap_or_default();
    files.sort();
    files
}

/// The index of the entries of `groups` groups (a page's parts, say), made by
/// `entries_of(group)` when their turn comes: groups are tokenised in parallel, chunk by
/// chunk, straight into postings, and each entry's text is dropped once tokenised (only
/// its excerpt is kept), so the whole site's text is never held twice. Each file is
/// handed to `emit` (path inside the output, contents) as soon as it is made, from any
/// thread and in no fixed order, and dropped: the index is never held whole as text.
/// Returns the number of entries, or the first error `emit` gave.
pub fn build_index_from<E: Send>(
    groups: usize,
    entries_of: impl Fn(usize) -> Vec<Entry> + Sync,
    emit: &(dyn Fn(String, String) -> Result<(), E> + Sync),
) -> Result<usize, E> {
    use rayon::prelude::*;
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};
    // Few, large chunks: each yields a partial map, merged below by term bucket.
    let chunk_len = (groups / (4 * rayon::current_num_threads()).max(1)).max(64);
    let chunks: Vec<std::ops::Range<usize>> =
        (0..groups).step_by(chunk_len).map(|start| start..(start + chunk_len).min(groups)).collect();
    // Chunks are taken in order, one at a time, by whichever thread is free, so they are
    // done nearly in order; each chunk's rows (url, title, kind, excerpt, each already
    // JSON) go out in metadata shards as soon as the chunks before it are done. Only the
    // rows of the chunks in flight are held (all of them were 105 MB at 10,000 plans).
    let next = AtomicUsize::new(0);
    let rows = Mutex::new(RowShards::default());
    // Per chunk: spelling (as written) → entry ids counted from the chunk's first entry,
    // lower-cased, folded and split by the finest shard a term can have (bucket =
    // term_shard(term, MAX_TERM_SHARDS)), as each chunk is done.
    let postings: Mutex<Vec<(usize, Bucketed)>> = Mutex::new(Vec::with_capacity(chunks.len()));
    let workers = rayon::current_num_threads().min(chunks.len());
    (0..workers).into_par_iter().try_for_each(|_| {
        while let Some(range) = chunks.get(next.fetch_add(1, Ordering::Relaxed)) {
            let chunk = range.start / chunk_len;
            let (chunk_rows, partial) = tokenise(range.clone(), &entries_of);
            let bucketed = bucket(partial);
            postings.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((chunk, bucketed));
            let ready = rows.lock().unwrap_or_else(std::sync::PoisonError::into_inner).add(chunk, chunk_rows);
            for (shard, text) in ready {
                emit(format!("tim-kiem/muc-{shard}.json"), text)?;
            }
        }
        Ok(())
    })?;
    let rows = rows.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    let entries = rows.total as usize;
    let offsets = rows.offsets.clone();
    if let Some((shard, text)) = rows.finish() {
        emit(format!("tim-kiem/muc-{shard}.json"), text)?;
    }
    let mut bucketed = postings.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    bucketed.sort_by_key(|(chunk, _)| *chunk);
    // Each bucket merges its chunks in chunk order, ids shifted by the entries of the
    // chunks before each (so every id list stays ascending), all buckets at once.
    // Per bucket: (the chunk's first entry, its postings in that bucket), in chunk order.
    let mut by_bucket: Vec<Vec<(u32, BucketPostings)>> =
        (0..MAX_TERM_SHARDS).map(|_| Vec::with_capacity(bucketed.len())).collect();
    for (chunk, buckets) in bucketed {
        for (bucket, entries) in buckets.into_iter().enumerate() {
            by_bucket[bucket].push((offsets[chunk], entries));
        }
    }
    // Merged ids stay gap-encoded until their shard is written.
    type Terms = BTreeMap<String, BTreeMap<String, IdList>>;
    let buckets: Vec<(Terms, usize)> = by_bucket
        .into_par_iter()
        .map(|chunks| {
            let mut merged: BTreeMap<String, BTreeMap<String, Vec<u32>>> = BTreeMap::new();
            for (offset, entries) in chunks {
                for (term, spelling, ids) in entries {
                    merged.entry(term).or_default().entry(spelling).or_default().extend(ids.decode(offset));
                }
            }
            let mut bytes = 0;
            let terms = merged
                .into_iter()
                .map(|(term, spellings)| {
                    let spellings = spellings
                        .into_iter()
                        .map(|(spelling, mut ids)| {
                            // "Xã" and "xã" of one chunk were listed apart: their ids interleave.
                            if !ids.windows(2).all(|pair| pair[0] < pair[1]) {
                                ids.sort_unstable();
                                ids.dedup();
                            }
                            let mut list = IdList::default();
                            ids.into_iter().for_each(|id| list.push(id));
                            // As written: each gap's digits and a comma.
                            let digits: usize =
                                list.written_gaps().map(|gap| gap.checked_ilog10().unwrap_or(0) as usize + 2).sum();
                            bytes += term.len() + spelling.len() + 8 + digits;
                            (spelling, list)
                        })
                        .collect();
                    (term, spellings)
                })
                .collect();
            (terms, bytes)
        })
        .collect();
    let estimated_bytes = buckets.iter().map(|(_, bytes)| bytes).sum();
    let term_shards = term_shard_count(estimated_bytes);
    // Shard n holds the buckets whose number ends in n's bits.
    (0..term_shards).into_par_iter().try_for_each(|n| {
        let map: BTreeMap<&String, &BTreeMap<String, IdList>> =
            buckets.iter().skip(n).step_by(term_shards).flat_map(|(terms, _)| terms.iter()).collect();
        if map.is_empty() {
            return Ok(());
        }
        emit(format!("tim-kiem/tu-{n}.json"), serde_json::to_string(&map).unwrap_or_default())
    })?;
    let manifest = serde_json::json!({
        "entries": entries,
        "per_shard": ENTRIES_PER_SHARD,
        "term_shards": term_shards,
        "abbreviations": ABBREVIATIONS.iter().map(|(a, b)| [fold(a), (*b).to_string()]).collect::<Vec<_>>(),
    });
    emit("tim-kiem/chi-muc.json".to_string(), manifest.to_string())?;
    Ok(entries)
}

/// A chunk's postings in one bucket: (folded term, spelling lower-cased, entry ids).
type BucketPostings = Vec<(String, String, IdList)>;

/// A chunk's postings, by bucket.
type Bucketed = Vec<BucketPostings>;

/// The entries of `groups`, tokenised: their rows (url, title, kind, excerpt; each
/// already as JSON) and spelling (as written) → entry ids counted from the first.
fn tokenise(groups: std::ops::Range<usize>, entries_of: &impl Fn(usize) -> Vec<Entry>) -> (Vec<String>, Postings) {
    let mut postings = Postings::default();
    let mut rows = Vec::new();
    for group in groups {
        for entry in entries_of(group) {
            let id = rows.len() as u32;
            let mut add = |spelling: &str| match postings.get_mut(spelling) {
                Some(ids) => ids.push(id),
                None => {
                    let mut ids = IdList::default();
                    ids.push(id);
                    postings.insert(spelling.to_string(), ids);
                }
            };
            each_token(&entry.title, &mut add);
            each_token(&entry.text, &mut add);
            let excerpt = excerpt(&entry.text, 110);
            rows.push(serde_json::to_string(&[entry.url, entry.title, entry.kind, excerpt]).unwrap_or_default());
        }
    }
    (rows, postings)
}

/// A chunk's postings lower-cased (once per distinct spelling, not once per word of the
/// text), folded, and split by bucket.
fn bucket(postings: Postings) -> Bucketed {
    let mut buckets: Bucketed = (0..MAX_TERM_SHARDS).map(|_| Vec::new()).collect();
    for (written, ids) in postings {
        let mut spelling = String::with_capacity(written.len());
        push_lowercase(&mut spelling, &written);
        let term = fold(&spelling);
        if !term.is_empty() {
            buckets[term_shard(&term, MAX_TERM_SHARDS)].push((term, spelling, ids));
        }
    }
    buckets
}

/// The metadata shards of the entry rows, written as the chunks before them are done.
#[derive(Default)]
struct RowShards {
    /// The next chunk whose rows can go out.
    next_chunk: usize,
    /// Rows of chunks done before the chunks ahead of them.
    waiting: BTreeMap<usize, Vec<String>>,
    /// The first entry of each chunk gone out.
    offsets: Vec<u32>,
    /// Rows gone out so far.
    total: u32,
    /// Rows of the shard being filled.
    filling: Vec<String>,
    /// The number of that shard.
    shard: usize,
}

impl RowShards {
    /// Takes chunk `chunk`'s rows; returns the shards now full, (number, JSON text).
    fn add(&mut self, chunk: usize, rows: Vec<String>) -> Vec<(usize, String)> {
        self.waiting.insert(chunk, rows);
        let mut full = Vec::new();
        while let Some(rows) = self.waiting.remove(&self.next_chunk) {
            self.offsets.push(self.total);
            self.total += rows.len() as u32;
            for row in rows {
                self.filling.push(row);
                if self.filling.len() == ENTRIES_PER_SHARD {
                    full.push((self.shard, format!("[{}]", self.filling.join(","))));
                    self.filling.clear();
                    self.shard += 1;
                }
            }
            self.next_chunk += 1;
        }
        full
    }

    /// The last shard, if it has rows.
    fn finish(self) -> Option<(usize, String)> {
        (!self.filling.is_empty()).then(|| (self.shard, format!("[{}]", self.filling.join(","))))
    }
}

/// The most term shards an index has.
const MAX_TERM_SHARDS: usize = 4096;

/// How many term shards: a power of two, so that shards hold about
/// [`TERM_SHARD_BYTES`] each (at least 1, at most [`MAX_TERM_SHARDS`]).
pub fn term_shard_count(estimated_bytes: usize) -> usize {
    estimated_bytes.div_ceil(TERM_SHARD_BYTES).next_power_of_two().clamp(1, MAX_TERM_SHARDS)
}

/// The shard a folded term lives in: FNV-1a over its UTF-16 code units (what the
/// browser sees in a JavaScript string), modulo the shard count (a power of two).
pub fn term_shard(folded: &str, shards: usize) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for unit in folded.encode_utf16() {
        hash ^= u32::from(unit);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash as usize & (shards - 1)
}

/// Lower-cased words of `text`, plus document numbers kept whole ("57-nq/tw") and their
/// parts, so that both "57-NQ/TW" and "57" find the document.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    let mut out = Vec::new();
    each_token(text, |token| {
        let mut lower = String::with_capacity(token.len());
        push_lowercase(&mut lower, token);
        out.push(lower);
    });
    out.into_iter()
}

/// Calls `f` with each token of `text` (see [`tokens`]) as written, a slice of `text`:
/// case does not change where tokens split, so the index builder lower-cases each
/// distinct spelling once instead of every word.
pub fn each_token(text: &str, mut f: impl FnMut(&str)) {
    each_word(text, |word| {
        let word = word.trim_matches(|c: char| c == '.' || c == '…' || c == '*' || c == '_' || c == '\'');
        if word.is_empty() {
            return;
        }
        let has_alphanumeric = |t: &str| t.chars().any(char::is_alphanumeric);
        if word.bytes().any(|b| b == b'/' || b == b'-') {
            let has_digit = word.bytes().any(|b| b.is_ascii_digit());
            if has_digit && word.chars().any(char::is_alphabetic) && has_alphanumeric(word) {
                f(word);
            }
            for part in word.split(['/', '-', '.']).filter(|p| !p.is_empty()) {
                if has_alphanumeric(part) {
                    f(part);
                }
            }
        } else {
            let token = word.trim_end_matches('.');
            if has_alphanumeric(token) {
                f(token);
            }
        }
    });
}

/// Is this character one words are split at: white space and the punctuation around
/// words (`,` `;` `:` brackets, quotes, `!` `?`)?
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '“' | '”' | '‘' | '’' | '!' | '?' | '[' | ']' | '«' | '»')
}

/// Calls `f` with each non-empty run of `text` between separators ([`is_separator`]).
/// Walks bytes: an ASCII byte is looked up in a table, and a multi-byte character is
/// decoded only when its first byte could start a separator (U+0085, U+00A0, «, », the
/// spaces and quotes of U+1680 and U+2000–U+3000): Vietnamese letters never are.
fn each_word(text: &str, mut f: impl FnMut(&str)) {
    // The ASCII part of `is_separator` (the tests check they agree).
    const ASCII: [bool; 128] = {
        let mut table = [false; 128];
        let mut b = 0;
        while b < 128 {
            table[b] = matches!(
                b as u8,
                b'\t'..=b'\r' | b' ' | b',' | b';' | b':' | b'(' | b')' | b'"' | b'!' | b'?' | b'[' | b']'
            );
            b += 1;
        }
        table
    };
    let bytes = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        let (separator, len) = match b {
            0..=0x7f => (ASCII[usize::from(b)], 1),
            // Vietnamese letters with tone marks (U+1EA0 to U+1EF9) start with E1 too:
            // of the characters starting with E1, only U+1680 (E1 9A 80) is a separator.
            0xe1 if bytes.get(i + 1) != Some(&0x9a) => (false, 3),
            0xc2 | 0xe1 | 0xe2 | 0xe3 => {
                let c = text[i..].chars().next().unwrap_or(' ');
                (is_separator(c), c.len_utf8())
            }
            0x80..=0xdf => (false, 2),
            0xe0..=0xef => (false, 3),
            _ => (false, 4),
        };
        if separator {
            if start < i {
                f(&text[start..i]);
            }
            start = i + len;
        }
        i += len;
    }
    if start < bytes.len() {
        f(&text[start..]);
    }
}

/// Appends `word` lower-cased. Vietnamese letters (ASCII, Latin-1, Ă Đ Ĩ Ũ Ơ Ư and
/// Latin Extended Additional) are mapped directly; anything else goes through
/// `char::to_lowercase`, so the result is the same as lower-casing every character.
fn push_lowercase(lower: &mut String, word: &str) {
    if word.is_ascii() {
        lower.push_str(word);
        lower.make_ascii_lowercase();
        return;
    }
    for c in word.chars() {
        let code = c as u32;
        let mapped = match code {
            0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE => char::from_u32(code + 0x20),
            0x100..=0x17F if !matches!(code, 0x130 | 0x138 | 0x149 | 0x178 | 0x17F) && code % 2 == 0 => {
                // Latin Extended-A pairs upper/lower as even/odd from U+0100 to U+0137
                // and from U+014A to U+0177; elsewhere in the block fall back.
                if code <= 0x137 || (0x14A..=0x177).contains(&code) { char::from_u32(code + 1) } else { None }
            }
            0x1EA0..=0x1EFF if code % 2 == 0 => char::from_u32(code + 1),
            0x1A0 | 0x1AF => char::from_u32(code + 1),
            // Already lower case: Latin-1's, the odd halves of the pairs above, ơ, ư.
            0xDF..=0xFF | 0x1A1 | 0x1B0 => Some(c),
            0x101..=0x137 | 0x14B..=0x177 | 0x1EA1..=0x1EFF if code % 2 == 1 => Some(c),
            _ => None,
        };
        match mapped {
            Some(m) => lower.push(m),
            None => lower.extend(c.to_lowercase()),
        }
    }
}

/// The first `max` characters of `text` on a word boundary, with "…" when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    // Only the first words matter: stop as soon as there are more than `max` characters.
    let mut collapsed = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
            chars += 1;
        }
        collapsed.push_str(word);
        chars += word.chars().count();
        if chars > max {
            break;
        }
    }
    if chars <= max {
        return collapsed;
    }
    let end = collapsed.char_indices().nth(max).map_or(collapsed.len(), |(at, _)| at);
    let cut = &collapsed[..end];
    format!("{}…", cut.rsplit_once(' ').map_or(cut, |(head, _)| head))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(title: &str, text: &str) -> Entry {
        Entry { url: "/a/".into(), title: title.into(), kind: "Kế hoạch".into(), text: text.into() }
    }

    #[test]
    fn document_numbers_are_tokens_as_written_and_in_parts() {
        let t: Vec<String> = tokens("Nghị quyết số 57-NQ/TW ngày 22/12/2024.").collect();
        assert!(t.contains(&"57-nq/tw".to_string()), "{t:?}");
        assert!(t.contains(&"57".to_string()) && t.contains(&"nq".to_string()));
        assert!(t.contains(&"nghị".to_string()));
    }

    #[test]
    fn index_groups_spellings_under_their_folded_term() {
        let files = build_index(&[entry("Đồng bộ", "động lực"), entry("Dòng chảy", "")]);
        assert_eq!(term_shard("dong", 1), 0);
        let d = files.iter().find(|(p, _)| p == "tim-kiem/tu-0.json").map(|(_, c)| c.as_str()).unwrap_or("");
        let parsed: serde_json::Value = serde_json::from_str(d).unwrap_or_default();
        let dong = &parsed["dong"];
        assert_eq!(dong["đồng"], serde_json::json!([0]));
        assert_eq!(dong["động"], serde_json::json!([0]));
        assert_eq!(dong["dòng"], serde_json::json!([1]));
    }

    #[test]
    fn the_index_is_the_same_whatever_the_threads_and_the_order_chunks_finish_in() {
        let entries: Vec<Entry> = (0..3000)
            .map(|i| entry(&format!("Mục {i}"), &format!("xã {} số {}/KH-UBND năm {}", i % 17, i, 2000 + i % 30)))
            .collect();
        let with_threads = |n: usize| {
            rayon::ThreadPoolBuilder::new().num_threads(n).build().map(|pool| pool.install(|| build_index(&entries)))
        };
        let one = with_threads(1).unwrap_or_default();
        assert!(one.iter().filter(|(p, _)| p.starts_with("tim-kiem/muc-")).count() == 60);
        for threads in [2, 3, 8] {
            assert!(with_threads(threads).is_ok_and(|files| files == one), "{threads} threads");
        }
        // Rows go out in entry order whatever order their chunks finish in.
        let rows = |chunk: usize, n: usize| (0..n).map(|i| format!("{chunk}.{i}")).collect::<Vec<_>>();
        let mut shards = RowShards::default();
        let mut out = shards.add(2, rows(2, 30));
        assert!(out.is_empty());
        out.extend(shards.add(0, rows(0, 40)));
        assert_eq!(out.len(), 0, "chunk 1 is still missing: chunk 0's 40 rows fill no shard");
        out.extend(shards.add(1, rows(1, 45)));
        out.extend(shards.finish());
        assert_eq!(shards_offsets(&out), vec![(0, 50), (1, 50), (2, 15)]);
        assert!(out[0].1.starts_with("[0.0,") && out[1].1.contains("1.44,2.0"), "{out:?}");
    }

    fn shards_offsets(out: &[(usize, String)]) -> Vec<(usize, usize)> {
        out.iter().map(|(n, text)| (*n, text.matches(',').count() + 1)).collect()
    }

    #[test]
    fn id_lists_are_written_as_gaps() {
        let entries: Vec<Entry> =
            (0..10).map(|i| entry("Mục", if [3, 4, 5, 9].contains(&i) { "quokka" } else { "khác" })).collect();
        let files = build_index(&entries);
        let json = |name: &str| -> serde_json::Value {
            let text = files.iter().find(|(p, _)| p == name).map(|(_, c)| c.as_str()).unwrap_or("");
            serde_json::from_str(text).unwrap_or_default()
        };
        let count = json("tim-kiem/chi-muc.json")["term_shards"].as_u64().unwrap_or(0) as usize;
        let shard_of = |term: &str| json(&format!("tim-kiem/tu-{}.json", term_shard(term, count)));
        assert_eq!(shard_of("quokka")["quokka"]["quokka"], serde_json::json!([3, 1, 1, 4]));
        // "mục" is in every entry: all gaps of one after the first.
        assert_eq!(shard_of("muc")["muc"]["mục"], serde_json::json!([0, 1, 1, 1, 1, 1, 1, 1, 1, 1]));
    }

    #[test]
    fn metadata_is_sharded() {
        let entries: Vec<Entry> = (0..120).map(|i| entry(&format!("Mục {i}"), "")).collect();
        let files = build_index(&entries);
        let shards = files.iter().filter(|(p, _)| p.starts_with("tim-kiem/muc-")).count();
        assert_eq!(shards, 3);
    }

    #[test]
    fn term_shards_grow_with_the_index_and_match_the_browser_hash() {
        assert_eq!(term_shard_count(0), 1);
        assert_eq!(term_shard_count(TERM_SHARD_BYTES * 3), 4);
        assert_eq!(term_shard_count(usize::MAX / 2), 4096);
        // FNV-1a 32 of "a" is 0xe40c292c (reference value); tim-kiem.js computes the same.
        assert_eq!(term_shard("a", 1 << 31), 0xe40c_292c & 0x7fff_ffff);
        let words: Vec<String> = (0..20_000).map(|i| format!("tu{i}")).collect();
        let entries: Vec<Entry> = words.chunks(100).map(|c| entry("Mục", &c.join(" "))).collect();
        let files = build_index(&entries);
        let term_files: Vec<&(String, String)> = files.iter().filter(|(p, _)| p.starts_with("tim-kiem/tu-")).collect();
        assert!(term_files.len() >= 8, "{}", term_files.len());
        let largest = term_files.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
        assert!(largest < 2 * TERM_SHARD_BYTES, "largest shard {largest} bytes");
    }

    #[test]
    fn fast_lowercase_agrees_with_char_to_lowercase() {
        let all: String = (0u32..0x2500).chain(0x1E00..0x1F00).filter_map(char::from_u32).collect();
        for c in all.chars().chain("Chuyển Đổi SỐ ƠƯĂÂÊÔ ẠẢẤẦẨẪẬẮẰẲẴẶẸẺẼẾỀỂỄỆỈỊỌỎỐỒỔỖỘỚỜỞỠỢỤỦỨỪỬỮỰỲỴỶỸ".chars())
        {
            let mut fast = String::new();
            push_lowercase(&mut fast, &format!("x{c}"));
            let slow: String = format!("x{c}").chars().flat_map(char::to_lowercase).collect();
            assert_eq!(fast, slow, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn id_lists_round_trip_through_their_gaps() {
        let ids = [0u32, 1, 2, 130, 131, 20_000, 2_000_000, 4_000_000_000];
        let mut list = IdList::default();
        for &id in &ids {
            list.push(id);
            list.push(id);
        }
        assert_eq!(list.decode(0), ids);
        assert_eq!(list.decode(5)[..3], [5, 6, 7]);
        assert_eq!(IdList::default().decode(3), Vec::<u32>::new());
    }

    proptest::proptest! {
        #[test]
        fn words_split_as_str_split_does(text in "(\\PC|[ \u{a0}\u{85}\u{1680}\u{1e00}-\u{1eff}\u{2000}-\u{200b}\u{3000}“”‘’«»,;:()\\[\\]!?\"])*") {
            let mut fast = Vec::new();
            each_word(&text, |w| fast.push(w.to_string()));
            let slow: Vec<String> =
                text.split(is_separator).filter(|w| !w.is_empty()).map(str::to_string).collect();
            proptest::prop_assert_eq!(fast, slow);
        }
    }

    proptest::proptest! {
        #[test]
        fn excerpt_stops_early_but_cuts_as_before(text in "[a-zđệ ]{0,40}( |\n|\u{a0})[a-zđệ ]{0,200}", max in 0usize..60) {
            // The first version: collapse max + 1 words, then cut.
            let collapsed: String = text.split_whitespace().take(max + 1).collect::<Vec<_>>().join(" ");
            let before = if collapsed.chars().count() <= max {
                collapsed
            } else {
                let cut: String = collapsed.chars().take(max).collect();
                format!("{}…", cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head))
            };
            proptest::prop_assert_eq!(excerpt(&text, max), before);
        }
    }

    #[test]
    fn every_separator_is_found() {
        let all: String = (0u32..0x3100).filter_map(char::from_u32).map(|c| format!("a{c}")).collect();
        let mut fast = Vec::new();
        each_word(&all, |w| fast.push(w.to_string()));
        let slow: Vec<String> = all.split(is_separator).filter(|w| !w.is_empty()).map(str::to_string).collect();
        assert_eq!(fast, slow);
    }

    #[test]
    fn excerpt_cuts_on_a_word() {
        assert_eq!(excerpt("một hai ba bốn", 8), "một hai…");
        assert_eq!(excerpt("ngắn", 8), "ngắn");
        assert_eq!(excerpt("  một\n hai\tba  ", 10), "một hai ba");
        assert_eq!(excerpt("một hai ba", 10), "một hai ba");
        assert_eq!(excerpt("mộthaibabốnnăm sáu", 8), "mộthaiba…");
        assert_eq!(excerpt("a b c d e f", 3), "a…");
    }
}
