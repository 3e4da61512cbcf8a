//! Vietnamese text rules shared by every stage: slugs for URLs and heading ids,
//! tone-insensitive folding for search, and numbers written and read the Vietnamese
//! way (`1.707`, `74,07%`).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Folds text for matching: decomposes (NFD), drops tone and vowel marks, maps
/// đ/Đ to d (they have no Unicode decomposition) and lower-cases.
/// "Chuyển đổi số" → "chuyen doi so", "Đồng" → "dong".
pub fn fold(text: &str) -> String {
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
    let rounded = format!("{:.*}", max_decimals, value.abs());
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
