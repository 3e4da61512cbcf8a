//! Document types: the type words a citation starts with ("Nghị quyết", "Kế hoạch
//! hành động"), the type codes inside a symbol ("NQ", "KH", "QĐ") and which go
//! together, after Nghị định 30/2020/NĐ-CP (Phụ lục III), the law on legal documents
//! and the Party's own rules for its documents.
//!
//! Words are compared folded (no tone marks, đ → d, lower case), so "KẾ HOẠCH",
//! "Kế Hoạch" and "ke hoach" are the same word and "Uỷ"/"Ủy" variants agree.

use crate::vi;

/// One type word: how it is displayed and which type codes a symbol of that type may
/// carry. An empty `codes` list means the type has no code of its own (laws carry
/// only the issuer's code); `any_code` means every code fits (Công văn, Văn bản).
#[derive(Debug)]
pub struct TypeWord {
    pub name: &'static str,
    pub codes: &'static [&'static str],
    pub any_code: bool,
}

const fn t(name: &'static str, codes: &'static [&'static str]) -> TypeWord {
    TypeWord { name, codes, any_code: false }
}

const fn any(name: &'static str) -> TypeWord {
    TypeWord { name, codes: &[], any_code: true }
}

/// Every type word the engine recognises. Longer phrases win over their prefixes
/// ("Kế hoạch hành động" over "Kế hoạch") because matching tries longer ones first.
pub static TYPE_WORDS: &[TypeWord] = &[
    // Legal normative documents.
    t("Hiến pháp", &[]),
    t("Bộ luật", &[]),
    t("Luật", &[]),
    t("Pháp lệnh", &[]),
    t("Lệnh", &["L"]),
    t("Nghị định", &["NĐ"]),
    t("Nghị quyết", &["NQ", "NQLT"]),
    t("Nghị quyết liên tịch", &["NQLT"]),
    t("Thông tư", &["TT"]),
    t("Thông tư liên tịch", &["TTLT"]),
    t("Văn bản hợp nhất", &["VBHN"]),
    // Administrative documents (Nghị định 30/2020/NĐ-CP, Phụ lục III).
    t("Quyết định", &["QĐ"]),
    t("Quy định", &["QYĐ", "QĐI", "QĐ"]),
    t("Quy chế", &["QC"]),
    t("Chỉ thị", &["CT"]),
    t("Thông cáo", &["TC"]),
    t("Thông báo", &["TB"]),
    t("Thông báo kết luận", &["TB"]),
    t("Hướng dẫn", &["HD"]),
    t("Chương trình", &["CTR"]),
    t("Chương trình hành động", &["CTR"]),
    t("Kế hoạch", &["KH"]),
    t("Kế hoạch hành động", &["KH"]),
    t("Phương án", &["PA"]),
    t("Đề án", &["ĐA"]),
    t("Dự án", &["DA"]),
    t("Báo cáo", &["BC"]),
    t("Biên bản", &["BB"]),
    t("Tờ trình", &["TTR"]),
    t("Hợp đồng", &["HĐ"]),
    t("Công điện", &["CĐ"]),
    t("Bản ghi nhớ", &["BGN"]),
    t("Bản thỏa thuận", &["BTT"]),
    t("Giấy ủy quyền", &["GUQ"]),
    t("Giấy mời", &["GM"]),
    t("Giấy giới thiệu", &["GGT"]),
    t("Giấy nghỉ phép", &["GNP"]),
    t("Phiếu gửi", &["PG"]),
    t("Phiếu chuyển", &["PC"]),
    t("Phiếu báo", &["PB"]),
    // Party documents (Thông tri shares TT with Thông tư; Kết luận is KL).
    t("Thông tri", &["TT"]),
    t("Kết luận", &["KL"]),
    // Letters: no type code of their own (state), CV (Party).
    any("Công văn"),
    any("Văn bản"),
];

/// Type words written as their code, folded.
const ABBREVIATIONS: &[(&str, &str)] =
    &[("qd", "Quyết định"), ("nq", "Nghị quyết"), ("nd", "Nghị định"), ("kh", "Kế hoạch")];

/// The folded words of each type word, computed once.
fn folded_table() -> &'static [(Vec<String>, &'static TypeWord)] {
    use std::sync::OnceLock;
    static TABLE: OnceLock<Vec<(Vec<String>, &'static TypeWord)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<(Vec<String>, &'static TypeWord)> = TYPE_WORDS
            .iter()
            .map(|tw| (vi::fold(tw.name).split_whitespace().map(str::to_string).collect(), tw))
            .collect();
        // Abbreviations used as type words ("theo QĐ số …"), only those that are no
        // other common word.
        for (abbreviation, name) in ABBREVIATIONS {
            if let Some(tw) = TYPE_WORDS.iter().find(|tw| tw.name == *name) {
                table.push((vec![abbreviation.to_string()], tw));
            }
        }
        // Longest first, so "kế hoạch hành động" is tried before "kế hoạch".
        table.sort_by_key(|entry| std::cmp::Reverse(entry.0.len()));
        table
    })
}

/// The type word whose folded words are exactly `words` (already folded), if any.
pub fn lookup_folded(words: &[&str]) -> Option<&'static TypeWord> {
    folded_table()
        .iter()
        .find(|(w, _)| w.len() == words.len() && w.iter().zip(words).all(|(a, b)| a == b))
        .map(|(_, tw)| *tw)
}

/// The longest type word made of the last words of `words` (folded, in text order).
/// Returns how many words it used.
pub fn longest_suffix(words: &[&str]) -> Option<(usize, &'static TypeWord)> {
    if !words.last().is_some_and(|w| is_last_word(w)) {
        return None;
    }
    for (w, tw) in folded_table() {
        if w.len() <= words.len() && w.iter().zip(&words[words.len() - w.len()..]).all(|(a, b)| a == b) {
            return Some((w.len(), tw));
        }
    }
    None
}

/// The longest type word made of the first words of `words` (folded).
pub fn longest_prefix(words: &[&str]) -> Option<(usize, &'static TypeWord)> {
    for (w, tw) in folded_table() {
        if w.len() <= words.len() && w.iter().zip(words).all(|(a, b)| a == b) {
            return Some((w.len(), tw));
        }
    }
    None
}

/// Whether a folded word can end a type word ("hoach", "quyet", "dinh", …): a cheap
/// test run before the full match.
pub fn is_last_word(folded: &str) -> bool {
    use std::sync::OnceLock;
    static LAST: OnceLock<Vec<String>> = OnceLock::new();
    LAST.get_or_init(|| {
        let mut v: Vec<String> = folded_table().iter().filter_map(|(w, _)| w.last().cloned()).collect();
        v.sort();
        v.dedup();
        v
    })
    .binary_search_by(|w| w.as_str().cmp(folded))
    .is_ok()
}

/// The type word a name like "Nghị quyết" or "kế hoạch" stands for.
pub fn by_name(name: &str) -> Option<&'static TypeWord> {
    let folded = vi::fold(name);
    let words: Vec<&str> = folded.split_whitespace().collect();
    lookup_folded(&words)
}

/// Type codes and the type they stand for, upper-cased ("QĐI" for "QĐi").
static CODES: &[(&str, &str)] = &[
    ("NQ", "Nghị quyết"),
    ("NQLT", "Nghị quyết liên tịch"),
    ("NĐ", "Nghị định"),
    ("QĐ", "Quyết định"),
    ("QYĐ", "Quy định"),
    ("QĐI", "Quy định"),
    ("QC", "Quy chế"),
    ("CT", "Chỉ thị"),
    ("TT", "Thông tư"),
    ("TTLT", "Thông tư liên tịch"),
    ("TC", "Thông cáo"),
    ("TB", "Thông báo"),
    ("HD", "Hướng dẫn"),
    ("CTR", "Chương trình"),
    ("KH", "Kế hoạch"),
    ("PA", "Phương án"),
    ("ĐA", "Đề án"),
    ("DA", "Dự án"),
    ("BC", "Báo cáo"),
    ("BB", "Biên bản"),
    ("TTR", "Tờ trình"),
    ("HĐ", "Hợp đồng"),
    ("CĐ", "Công điện"),
    ("BGN", "Bản ghi nhớ"),
    ("BTT", "Bản thỏa thuận"),
    ("GUQ", "Giấy ủy quyền"),
    ("GM", "Giấy mời"),
    ("GGT", "Giấy giới thiệu"),
    ("GNP", "Giấy nghỉ phép"),
    ("PG", "Phiếu gửi"),
    ("PC", "Phiếu chuyển"),
    ("PB", "Phiếu báo"),
    ("KL", "Kết luận"),
    ("CV", "Công văn"),
    ("L", "Lệnh"),
    ("VBHN", "Văn bản hợp nhất"),
];

/// The type a code stands for ("KH" → "Kế hoạch"), comparing upper-cased codes.
/// `party` picks "Thông tri" for TT in Party-style numbers.
pub fn type_of_code(code: &str, party: bool) -> Option<&'static str> {
    // Codes only have ASCII small letters ("TTg", "QĐi"), so an ASCII comparison
    // is enough and allocates nothing.
    if code.len() > 6 {
        return None;
    }
    let is = |c: &str| code.len() == c.len() && code.chars().map(|ch| ch.to_ascii_uppercase()).eq(c.chars());
    if party && is("TT") {
        return Some("Thông tri");
    }
    CODES.iter().find(|(c, _)| is(c)).map(|(_, name)| *name)
}

pub fn is_type_code(code: &str) -> bool {
    type_of_code(code, false).is_some()
}

impl TypeWord {
    /// Whether a symbol whose type code is `code` (upper-cased, or `None` when the
    /// symbol has no type code) fits this type word.
    pub fn accepts(&self, code: Option<&str>) -> bool {
        if self.any_code {
            return true;
        }
        match code {
            Some(code) => self.codes.contains(&code),
            None => self.codes.is_empty(),
        }
    }

    /// The code family of this type, for matching "Nghị quyết số 123" to 123-NQ/TW.
    pub fn family(&self) -> Option<&'static str> {
        self.codes.first().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_type_word_wins() {
        let words = ["ke", "hoach", "hanh", "dong"];
        assert_eq!(longest_suffix(&words).map(|(n, tw)| (n, tw.name)), Some((4, "Kế hoạch hành động")));
        assert_eq!(longest_suffix(&words[..2]).map(|(n, tw)| (n, tw.name)), Some((2, "Kế hoạch")));
    }

    #[test]
    fn type_words_match_any_case_and_tone_variant() {
        assert_eq!(by_name("KẾ HOẠCH").map(|t| t.name), Some("Kế hoạch"));
        assert_eq!(by_name("Giấy uỷ quyền").map(|t| t.name), Some("Giấy ủy quyền"));
        assert_eq!(by_name("Bản thoả thuận").map(|t| t.name), Some("Bản thỏa thuận"));
    }

    #[test]
    fn abbreviations_stand_for_type_words() {
        assert_eq!(longest_suffix(&["theo", "qd"]).map(|(n, tw)| (n, tw.name)), Some((1, "Quyết định")));
        assert_eq!(by_name("NQ").map(|t| t.name), Some("Nghị quyết"));
    }

    #[test]
    fn codes_give_types() {
        assert_eq!(type_of_code("KH", false), Some("Kế hoạch"));
        assert_eq!(type_of_code("QĐi", true), Some("Quy định"));
        assert_eq!(type_of_code("TT", true), Some("Thông tri"));
        assert_eq!(type_of_code("UBND", false), None);
    }
}
