//! Vietnamese text rules shared by every stage: slugs for URLs and heading ids,
//! tone-insensitive folding for search, and numbers written and read the Vietnamese
//! way (`1.707`, `74,07%`).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds text for matching: decomposes (NFD), drops tone and vowel marks, maps
/// đ/Đ to d (they have no Unicode decomposition) and lower-cases.
/// "Chuyển đổi số" → "chuyen doi so", "Đồng" → "dong".
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(text.len());
    let latin = folded_latin();
    for c in text.chars() {
        let code = c as u32;
        let from_table = match code {
            0..=0x7F => Some(c.to_ascii_lowercase()),
            0xC0..=0x24F => latin.0.get(code as usize - 0xC0).copied().flatten(),
            0x1E00..=0x1EFF => latin.1.get(code as usize - 0x1E00).copied().flatten(),
            _ => None,
        };
        match from_table {
            Some(folded) => out.push(folded),
            None => fold_char(c, &mut out),
        }
    }
    out
}

/// Folds one character (see [`fold`]). Text folded character by character is text
/// folded whole: NFD's reordering only moves combining marks, which are dropped.
fn fold_char(c: char, out: &mut String) {
    for c in std::iter::once(c).nfd() {
        if is_combining_mark(c) {
            continue;
        }
        match c {
            'đ' | 'Đ' => out.push('d'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase()),
        }
    }
}

/// Single-character folds of U+00C0–U+024F and of U+1E00–U+1EFF.
type LatinFolds = (Vec<Option<char>>, Vec<Option<char>>);

/// The folds of Latin-1, Latin Extended-A and B (U+00C0–U+024F) and Latin Extended
/// Additional (U+1E00–U+1EFF, where most Vietnamese letters with tones are) that are a
/// single character, made once with [`fold_char`]: search folds every distinct word of
/// the site, and slugs fold every id.
fn folded_latin() -> &'static LatinFolds {
    static TABLE: std::sync::OnceLock<LatinFolds> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let single = |code: u32| {
            let mut folded = String::new();
            fold_char(char::from_u32(code)?, &mut folded);
            let mut chars = folded.chars();
            let first = chars.next()?;
            chars.next().is_none().then_some(first)
        };
        ((0xC0..=0x24F).map(single).collect(), (0x1E00..=0x1EFF).map(single).collect())
    })
}

/// A URL- and id-safe slug: folded, ASCII letters and digits joined by single
/// hyphens. "Mục tiêu cụ thể" → "muc-tieu-cu-the", "Đảng" → "dang".
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_hyphen = false;
    for c in fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c);
        } else {
            pending_hyphen = true;
        }
    }
    slug
}

/// Formats an integer with `.` between thousands: 1707 → "1.707".
pub fn format_int(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Formats a number with at most `max_decimals` decimals, `,` as decimal mark and
/// `.` between thousands, without trailing zeros: 74.07 → "74,07", 1707.0 → "1.707",
/// 62.50 → "62,5".
pub fn format_number(value: f64, max_decimals: usize) -> String {
    if !value.is_finite() {
        return "—".to_string();
    }
    let rounded = Fixed(value.abs(), max_decimals).to_string();
    let (int_part, frac_part) = rounded.split_once('.').unwrap_or((&rounded, ""));
    let frac = frac_part.trim_end_matches('0');
    let int_value: i64 = int_part.parse().unwrap_or(0);
    let mut out = String::new();
    let is_zero = int_value == 0 && frac.is_empty();
    if value < 0.0 && !is_zero {
        out.push('-');
    }
    out.push_str(&format_int(int_value));
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// `value` with `decimals` digits after the point, written exactly as
/// `format!("{value:.decimals$}")` writes it, but in the common case through integers:
/// Rust's exact float formatting was two fifths of the time of an indicator's page (its
/// chart's coordinates). `value × 10^decimals` is rounded; unless it lies exactly half
/// way (a tie) or is too large, that integer is what exact formatting would round to:
/// the product's rounding error is under half the spacing of floats there, and a half
/// integer sits on that spacing, so the error cannot carry it across one.
#[derive(Clone, Copy)]
pub struct Fixed(pub f64, pub usize);

impl std::fmt::Display for Fixed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const POWERS: [u64; 7] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];
        let Fixed(value, decimals) = *self;
        if let Some(&scale) = POWERS.get(decimals) {
            let scaled = value * scale as f64;
            let rounded = scaled.round();
            // NaN and infinities fail the first test.
            if scaled.abs() < (1u64 << 51) as f64 && (scaled - rounded).abs() != 0.5 {
                // Digits written right to left into a buffer, then out at once.
                let mut n = rounded.abs() as u64;
                let mut buffer = [0u8; 32];
                let mut at = buffer.len();
                for place in 0.. {
                    if place == decimals && decimals > 0 {
                        at -= 1;
                        buffer[at] = b'.';
                    }
                    at -= 1;
                    buffer[at] = b'0' + (n % 10) as u8;
                    n /= 10;
                    if n == 0 && place >= decimals {
                        break;
                    }
                }
                if value.is_sign_negative() {
                    at -= 1;
                    buffer[at] = b'-';
                }
                return f.write_str(std::str::from_utf8(&buffer[at..]).unwrap_or_default());
            }
        }
        write!(f, "{value:.decimals$}")
    }
}

/// "74,07%": a percentage as shown on the site (value already in percent).
pub fn format_percent(value: f64) -> String {
    format!("{}%", format_number(value, 2))
}

/// Reads a number written the way a person would write it in Vietnamese or in
/// English: "74,07" → 74.07, "1.707" → 1707, "1.234.567,8" → 1234567.8, "62.5" → 62.5,
/// "07" → 7. Returns `None` when the text is not a number.
pub fn parse_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let (negative, body) = match text.strip_prefix('-').or_else(|| text.strip_prefix('−')) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    if body.is_empty() || !body.bytes().all(|b| b.is_ascii_digit() || b == b'.' || b == b',') {
        return None;
    }
    if !body.as_bytes()[0].is_ascii_digit() || !body.as_bytes()[body.len() - 1].is_ascii_digit() {
        return None;
    }
    let dots = body.matches('.').count();
    let commas = body.matches(',').count();
    let normalised = match (dots, commas) {
        (0, 0) => body.to_string(),
        // Only commas: one is a decimal mark ("74,07"); several are thousands ("1,234,567").
        (0, 1) => body.replace(',', "."),
        (0, _) if thousands_groups(body, ',') => body.replace(',', ""),
        // Only dots: thousands when every group after the first has three digits
        // ("1.707", "1.234.567"), else a decimal point ("62.5").
        (_, 0) if thousands_groups(body, '.') => body.replace('.', ""),
        (1, 0) => body.to_string(),
        // Both: the last one is the decimal mark.
        (_, _) => {
            let last_dot = body.rfind('.').unwrap_or(0);
            let last_comma = body.rfind(',').unwrap_or(0);
            let (thousands, decimal) = if last_comma > last_dot { ('.', ',') } else { (',', '.') };
            let (int_part, frac_part) = body.rsplit_once(decimal)?;
            if int_part.contains(decimal) || !thousands_groups(int_part, thousands) && int_part.contains(thousands) {
                return None;
            }
            format!("{}.{}", int_part.replace(thousands, ""), frac_part)
        }
    };
    let value: f64 = normalised.parse().ok()?;
    Some(if negative { -value } else { value })
}

fn thousands_groups(text: &str, separator: char) -> bool {
    let mut groups = text.split(separator);
    let first = groups.next().unwrap_or("");
    (1..=3).contains(&first.len()) && groups.all(|g| g.len() == 3)
}

/// Roman numeral of 1..=3999 ("Quý IV"), or the number itself when out of range.
pub fn roman(n: u32) -> String {
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut n = n;
    let mut out = String::new();
    for (value, symbol) in TABLE {
        while n >= value {
            out.push_str(symbol);
            n -= value;
        }
    }
    out
}

/// A key for matching names the way a person retypes them: composed (NFC),
/// lower-cased, dashes unified and without spaces around them, runs of spaces
/// collapsed, and the tone of a final "oa"/"oe"/"uy" always on the first vowel
/// ("hoá" → "hóa", "uỷ" → "ủy"). Diacritics are kept: "Phòng Văn hóa- Xã hội" and "phòng văn hoá - xã hội"
/// match, "Phong Van hoa - Xa hoi" does not.
pub fn name_key(text: &str) -> String {
    let lowered: String = text.nfc().flat_map(char::to_lowercase).collect();
    let mut out = String::with_capacity(lowered.len());
    let mut pending_space = false;
    for c in lowered.chars() {
        let c = if matches!(c, '–' | '—' | '‐' | '‑' | '−') { '-' } else { c };
        if c.is_whitespace() {
            pending_space = true;
            continue;
        }
        if c == '-' {
            pending_space = false;
            out.push('-');
            continue;
        }
        if pending_space && !out.is_empty() && !out.ends_with('-') {
            out.push(' ');
        }
        pending_space = false;
        out.push(c);
    }
    modern_tone_placement(&out)
}

/// Puts the tone mark of a final "oa", "oe" or "uy" on the first vowel: "hoá" →
/// "hóa", "thuỷ" → "thủy", "khoẻ" → "khỏe" (both placements are in use; the corpus
/// of plans mostly writes "hóa"). "quý" keeps its tone where it is (the "u" belongs
/// to "qu"), and so does "hoàn" (not a final "oa"). Expects lower-case NFC text.
pub fn modern_tone_placement(text: &str) -> String {
    const O: [char; 5] = ['ò', 'ó', 'ỏ', 'õ', 'ọ'];
    const U: [char; 5] = ['ù', 'ú', 'ủ', 'ũ', 'ụ'];
    const A: [char; 5] = ['à', 'á', 'ả', 'ã', 'ạ'];
    const E: [char; 5] = ['è', 'é', 'ẻ', 'ẽ', 'ẹ'];
    const Y: [char; 5] = ['ỳ', 'ý', 'ỷ', 'ỹ', 'ỵ'];
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied().unwrap_or(' ');
        let ends_syllable = chars.get(i + 2).is_none_or(|c| !c.is_alphanumeric());
        let after_q = i > 0 && chars[i - 1] == 'q';
        let tone = |table: &[char; 5]| table.iter().position(|&t| t == next);
        let moved = match c {
            'o' if ends_syllable => tone(&A).map(|k| (O[k], 'a')).or_else(|| tone(&E).map(|k| (O[k], 'e'))),
            'u' if ends_syllable && !after_q => tone(&Y).map(|k| (U[k], 'y')),
            _ => None,
        };
        match moved {
            Some((first, second)) => {
                out.push(first);
                out.push(second);
                i += 2;
            }
            None => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// "Quý IV/2025".
pub fn quarter(year: i32, quarter: u32) -> String {
    format!("Quý {}/{year}", roman(quarter))
}

/// A signed change, Vietnamese style: "+2,5", "-1.200", "0".
pub fn format_signed(value: f64, max_decimals: usize) -> String {
    let text = format_number(value, max_decimals);
    if value > 0.0 && text != "0" { format!("+{text}") } else { text }
}

/// Parses a Roman numeral of 1..=3999 ("IV" → 4), case-insensitive.
pub fn parse_roman(text: &str) -> Option<u32> {
    let text = text.trim().to_ascii_uppercase();
    if text.is_empty() || !text.chars().all(|c| "IVXLCDM".contains(c)) {
        return None;
    }
    let value = |c: char| match c {
        'I' => 1,
        'V' => 5,
        'X' => 10,
        'L' => 50,
        'C' => 100,
        'D' => 500,
        _ => 1000,
    };
    let digits: Vec<u32> = text.chars().map(value).collect();
    let mut total = 0;
    for (i, d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|next| next > d) { total -= *d as i64 } else { total += *d as i64 }
    }
    // Only canonical spellings: "IIII" or "VX" are not numerals.
    let total = u32::try_from(total).ok()?;
    (roman(total) == text).then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    /// `fold` as first written: the whole text decomposed at once.
    fn fold_reference(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for c in text.nfd() {
            if is_combining_mark(c) {
                continue;
            }
            match c {
                'đ' | 'Đ' => out.push('d'),
                c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
                c => out.extend(c.to_lowercase()),
            }
        }
        out
    }

    #[test]
    fn folding_with_the_table_folds_as_decomposing_the_whole_text() {
        let every: String = (0u32..0x3100).chain(0x1E00..0x1F00).filter_map(char::from_u32).collect();
        assert_eq!(fold(&every), fold_reference(&every));
        // A mark after each character, and marks that reorder (cedilla and acute).
        let marked: String = every.chars().flat_map(|c| [c, '\u{301}', '\u{327}']).collect();
        assert_eq!(fold(&marked), fold_reference(&marked));
        assert_eq!(fold("Chuyển Đổi SỐ năm 2026"), "chuyen doi so nam 2026");
    }

    proptest::proptest! {
        #[test]
        fn fold_agrees_with_decomposing_the_whole_text(text in "(\\PC|[\u{300}-\u{36f}\u{1dc0}-\u{1dff}])*") {
            proptest::prop_assert_eq!(fold(&text), fold_reference(&text));
        }

        #[test]
        fn fixed_writes_as_exact_formatting_does(
            value in proptest::prop_oneof![
                proptest::num::f64::ANY,
                -1e6..1e6f64,
                (-100_000i64..100_000).prop_map(|n| n as f64 / 1000.0),
                (-2000i64..2000).prop_map(|n| n as f64 / 8.0),
            ],
            decimals in 0usize..8,
        ) {
            proptest::prop_assert_eq!(Fixed(value, decimals).to_string(), format!("{value:.decimals$}"));
        }
    }

    #[test]
    fn fixed_handles_ties_signs_and_extremes() {
        for value in [
            0.0,
            -0.0,
            0.05,
            -0.04,
            0.25,
            0.35,
            0.45,
            2.5,
            -2.5,
            1.005,
            56.5,
            192.0,
            1e15,
            2.0f64.powi(51),
            -2.0f64.powi(52) + 0.5,
            f64::MAX,
            f64::MIN_POSITIVE,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            for decimals in 0..8 {
                assert_eq!(Fixed(value, decimals).to_string(), format!("{value:.decimals$}"), "{value:e} .{decimals}");
            }
        }
    }

    #[test]
    fn slugs_fold_tones_and_d_bar() {
        assert_eq!(slugify("Mục tiêu cụ thể"), "muc-tieu-cu-the");
        assert_eq!(slugify("Đảng"), "dang");
        assert_eq!(slugify("  I. CĂN CỨ LẬP KẾ HOẠCH "), "i-can-cu-lap-ke-hoach");
        assert_eq!(slugify("Phòng Văn hóa- Xã hội"), "phong-van-hoa-xa-hoi");
        assert_eq!(slugify("Ủy ban / Uỷ ban"), "uy-ban-uy-ban");
    }

    #[test]
    fn fold_matches_unaccented_typing() {
        assert_eq!(fold("Chuyển Đổi Số"), "chuyen doi so");
        assert_eq!(fold("đồng"), "dong");
        // Decomposed input folds the same as composed input.
        assert_eq!(fold("ho\u{0302}\u{0300}"), fold("hồ"));
    }

    #[test]
    fn numbers_format_vietnamese_way() {
        assert_eq!(format_int(1707), "1.707");
        assert_eq!(format_int(-1234567), "-1.234.567");
        assert_eq!(format_number(74.07, 2), "74,07");
        assert_eq!(format_number(62.5, 2), "62,5");
        assert_eq!(format_number(80.0, 2), "80");
        assert_eq!(format_number(1707.0, 2), "1.707");
        assert_eq!(format_number(-0.001, 2), "0");
        assert_eq!(format_percent(0.45), "0,45%");
    }

    #[test]
    fn numbers_parse_as_people_write_them() {
        assert_eq!(parse_number("74,07"), Some(74.07));
        assert_eq!(parse_number("1.707"), Some(1707.0));
        assert_eq!(parse_number("1.234.567,8"), Some(1_234_567.8));
        assert_eq!(parse_number("62.5"), Some(62.5));
        assert_eq!(parse_number("07"), Some(7.0));
        assert_eq!(parse_number("1,234,567"), Some(1_234_567.0));
        assert_eq!(parse_number("12a"), None);
        assert_eq!(parse_number(",5"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn roman_numerals_for_quarters() {
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(2026), "MMXXVI");
    }

    #[test]
    fn name_key_tolerates_spacing_case_and_tone_placement() {
        assert_eq!(name_key("Phòng Văn hóa- Xã hội"), name_key("phòng  văn hoá - xã hội"));
        assert_eq!(name_key("Phòng Văn hoá – Xã hội"), "phòng văn hóa-xã hội");
        assert_eq!(name_key("Ủy ban"), name_key("Uỷ ban"));
        assert_ne!(name_key("Phong Van hoa - Xa hoi"), name_key("Phòng Văn hóa - Xã hội"));
        assert_eq!(name_key("Hoàn thành"), "hoàn thành");
        assert_eq!(name_key("Quý IV"), "quý iv");
        assert_eq!(name_key("sức khoẻ"), "sức khỏe");
    }

    #[test]
    fn roman_numerals_parse_back() {
        assert_eq!(parse_roman("iv"), Some(4));
        assert_eq!(parse_roman("IIII"), None);
        assert_eq!(parse_roman("X1"), None);
        assert_eq!(quarter(2025, 4), "Quý IV/2025");
    }

    #[test]
    fn signed_changes_show_plus() {
        assert_eq!(format_signed(2.5, 2), "+2,5");
        assert_eq!(format_signed(-1200.0, 2), "-1.200");
        assert_eq!(format_signed(0.001, 2), "0");
    }
}
