//! Site search built at build time, for the way Vietnamese readers type: without
//! tones ("chuyen doi so" finds "chuyển đổi số"), with đ typed as d ("dong" finds
//! "đồng"), exact-diacritic matches ranked first, document numbers searchable as
//! written ("57-NQ/TW"), and common abbreviations (CĐS, TTHC, UBND…) expanded.
//!
//! The index is an inverted index split into small JSON shards, so a phone downloads
//! only what a query needs: `tim-kiem/muc-<n>.json` holds entry metadata (500 entries
//! a shard) and `tim-kiem/tu-<c>.json` maps each folded term starting with `c` to its
//! spellings and the entries that contain them.

use std::collections::BTreeMap;

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

/// The index files: (path inside the output, contents). Entries are tokenised in
/// parallel and each distinct spelling is folded once.
pub fn build_index(entries: &[Entry]) -> Vec<(String, String)> {
    use rayon::prelude::*;
    // Each entry's distinct spellings (lower-case, with marks).
    let spellings_per_entry: Vec<Vec<String>> = entries
        .par_iter()
        .map(|entry| {
            let mut spellings: Vec<String> = tokens(&entry.title).chain(tokens(&entry.text)).collect();
            spellings.sort_unstable();
            spellings.dedup();
            spellings
        })
        .collect();
    // spelling → entry ids, ascending because entries are visited in order.
    let mut postings: std::collections::HashMap<&str, Vec<u32>> = std::collections::HashMap::new();
    for (id, spellings) in spellings_per_entry.iter().enumerate() {
        for spelling in spellings {
            postings.entry(spelling.as_str()).or_default().push(id as u32);
        }
    }
    // term (folded) → spelling → ids.
    let folded: Vec<(String, &str, Vec<u32>)> =
        postings.into_par_iter().map(|(spelling, ids)| (fold(spelling), spelling, ids)).collect();
    let mut terms: BTreeMap<String, BTreeMap<&str, Vec<u32>>> = BTreeMap::new();
    for (term, spelling, ids) in folded {
        if !term.is_empty() {
            terms.entry(term).or_default().insert(spelling, ids);
        }
    }

    let mut files: Vec<(String, String)> = entries
        .par_chunks(ENTRIES_PER_SHARD)
        .enumerate()
        .map(|(shard, chunk)| {
            let rows: Vec<serde_json::Value> =
                chunk.iter().map(|e| serde_json::json!([e.url, e.title, e.kind, excerpt(&e.text, 110)])).collect();
            (format!("tim-kiem/muc-{shard}.json"), serde_json::to_string(&rows).unwrap_or_default())
        })
        .collect();
    let mut shards: BTreeMap<String, BTreeMap<&String, &BTreeMap<&str, Vec<u32>>>> = BTreeMap::new();
    for (term, spellings) in &terms {
        shards.entry(shard_key(term)).or_default().insert(term, spellings);
    }
    let shard_files: Vec<(String, String)> = shards
        .into_par_iter()
        .map(|(key, map)| (format!("tim-kiem/tu-{key}.json"), serde_json::to_string(&map).unwrap_or_default()))
        .collect();
    files.extend(shard_files);
    let manifest = serde_json::json!({
        "entries": entries.len(),
        "per_shard": ENTRIES_PER_SHARD,
        "abbreviations": ABBREVIATIONS.iter().map(|(a, b)| [fold(a), (*b).to_string()]).collect::<Vec<_>>(),
    });
    files.push(("tim-kiem/chi-muc.json".to_string(), manifest.to_string()));
    files
}

/// The shard a folded term lives in: its first character if it is a letter or digit.
pub fn shard_key(folded: &str) -> String {
    match folded.chars().next() {
        Some(c) if c.is_ascii_alphanumeric() => c.to_string(),
        _ => "khac".to_string(),
    }
}

/// Lower-cased words of `text`, plus document numbers kept whole ("57-nq/tw") and their
/// parts, so that both "57-NQ/TW" and "57" find the document.
pub fn tokens(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ',' | ';' | ':' | '(' | ')' | '"' | '“' | '”' | '‘' | '’' | '!' | '?' | '[' | ']' | '«' | '»'
            )
    })
    .filter(|w| !w.is_empty())
    .flat_map(|word| {
        let word = word.trim_matches(|c: char| c == '.' || c == '…' || c == '*' || c == '_' || c == '\'');
        let lower = word.to_lowercase();
        let mut out = Vec::new();
        if lower.contains(['/', '-']) {
            let has_digit = lower.chars().any(|c| c.is_ascii_digit());
            if has_digit && lower.chars().any(char::is_alphabetic) {
                out.push(lower.clone());
            }
            out.extend(lower.split(['/', '-', '.']).filter(|p| !p.is_empty()).map(str::to_string));
        } else if !lower.is_empty() {
            out.push(lower.trim_end_matches('.').to_string());
        }
        out.retain(|t| t.chars().any(char::is_alphanumeric));
        out
    })
}

/// The first `max` characters of `text` on a word boundary, with "…" when cut.
pub fn excerpt(text: &str, max: usize) -> String {
    let collapsed: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() <= max {
        return collapsed;
    }
    let cut: String = collapsed.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head).to_string();
    format!("{cut}…")
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
        let d = files.iter().find(|(p, _)| p == "tim-kiem/tu-d.json").map(|(_, c)| c.as_str()).unwrap_or("");
        let parsed: serde_json::Value = serde_json::from_str(d).unwrap_or_default();
        let dong = &parsed["dong"];
        assert_eq!(dong["đồng"], serde_json::json!([0]));
        assert_eq!(dong["động"], serde_json::json!([0]));
        assert_eq!(dong["dòng"], serde_json::json!([1]));
    }

    #[test]
    fn metadata_is_sharded() {
        let entries: Vec<Entry> = (0..120).map(|i| entry(&format!("Mục {i}"), "")).collect();
        let files = build_index(&entries);
        let shards = files.iter().filter(|(p, _)| p.starts_with("tim-kiem/muc-")).count();
        assert_eq!(shards, 3);
    }

    #[test]
    fn excerpt_cuts_on_a_word() {
        assert_eq!(excerpt("một hai ba bốn", 8), "một hai…");
        assert_eq!(excerpt("ngắn", 8), "ngắn");
    }
}
