//! QR codes as inline SVG, made at build time, so a printed notice-board sheet leads a
//! citizen's phone back to the live page.
//!
//! qrcodegen encodes the URL; the mask is chosen here, the way qrcodegen chooses it
//! (ISO 18004's penalty rules, lowest score wins, ties to the lowest mask number) but
//! about six times faster: qrcodegen scores each of the 8 masks module by module, with
//! a branch per module, which was most of the time of a notice-board sheet. Here the
//! code is encoded once with mask 0, each other mask is made from it with word-wide XORs
//! (the mask patterns flip data modules only), and each line is scored run by run from
//! its bits. The tests hold the result to qrcodegen's own: the same modules for every
//! mask, the same mask chosen.

use std::sync::OnceLock;

use qrcodegen::{Mask, QrCode, QrCodeEcc, QrSegment, Version};

/// An SVG QR code of `url` with an accessible name; `None` if the URL is too long to
/// encode (thousands of characters).
pub fn svg(url: &str, label: &str) -> Option<String> {
    let segments = QrSegment::make_segments(url);
    let first = encode(&segments, Some(Mask::new(0)))?;
    match Masked::best(&first) {
        Some(best) => Some(draw(best.size, |x, y| best.rows[y] >> x & 1 == 1, label)),
        // Codes wider than 64 modules (URLs of more than about 200 characters): qrcodegen.
        None => {
            let code = encode(&segments, None)?;
            Some(draw(code.size() as usize, |x, y| code.get_module(x as i32, y as i32), label))
        }
    }
}

/// Encodes as `QrCode::encode_text(url, QrCodeEcc::Medium)` does, with `mask` fixed
/// (`None`: qrcodegen chooses).
fn encode(segments: &[QrSegment], mask: Option<Mask>) -> Option<QrCode> {
    QrCode::encode_segments_advanced(segments, QrCodeEcc::Medium, Version::MIN, Version::MAX, mask, true).ok()
}

/// The SVG of a `size` × `size` code whose dark modules are those where `dark(x, y)`.
fn draw(size: usize, dark: impl Fn(usize, usize) -> bool, label: &str) -> String {
    let border = 4;
    let total = size + 2 * border;
    // One rectangle per horizontal run of dark modules.
    let mut path = String::with_capacity(size * size * 4);
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !dark(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && dark(x, y) {
                x += 1;
            }
            let run = x - start;
            // "M{x},{y}h{run}v1h-{run}z", without the formatting machinery.
            path.push('M');
            push_number(&mut path, start + border);
            path.push(',');
            push_number(&mut path, y + border);
            path.push('h');
            push_number(&mut path, run);
            path.push_str("v1h-");
            push_number(&mut path, run);
            path.push('z');
        }
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ma-qr\" viewBox=\"0 0 {total} {total}\" role=\"img\" aria-label=\"{}\" shape-rendering=\"crispEdges\"><rect width=\"{total}\" height=\"{total}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>",
        crate::markdown::escape_attr(label)
    )
}

/// Appends `n` in decimal.
fn push_number(out: &mut String, n: usize) {
    if n < 10 {
        out.push(char::from(b'0' + n as u8));
    } else {
        push_number(out, n / 10);
        out.push(char::from(b'0' + (n % 10) as u8));
    }
}

/// The widest code handled here: a line of modules is one `u64`.
const MAX_SIZE: usize = 64;

/// A code's modules with one mask applied, as bits: `rows[y]` has bit `x` set where
/// module (x, y) is dark, `columns[x]` has bit `y` set.
#[derive(Clone, PartialEq, Debug)]
struct Masked {
    size: usize,
    rows: Vec<u64>,
    columns: Vec<u64>,
}

impl Masked {
    /// `code` (encoded with mask 0) with the mask qrcodegen would choose, or `None` when
    /// the code is wider than [`MAX_SIZE`].
    fn best(code: &QrCode) -> Option<Masked> {
        let first = Masked::read(code)?;
        let function = function_modules(first.size, code.version().value());
        let mut best: Option<(i32, Masked)> = None;
        for mask in 0..8 {
            let masked = first.remasked(&function, code.error_correction_level(), mask);
            let penalty = masked.penalty();
            if best.as_ref().is_none_or(|(lowest, _)| penalty < *lowest) {
                best = Some((penalty, masked));
            }
        }
        best.map(|(_, masked)| masked)
    }

    /// The modules of `code` as they are with `mask` instead of mask 0.
    #[cfg(test)]
    fn with_mask(code: &QrCode, mask: u8) -> Option<Masked> {
        let first = Masked::read(code)?;
        let function = function_modules(first.size, code.version().value());
        Some(first.remasked(&function, code.error_correction_level(), mask))
    }

    /// The modules of `code`, encoded with mask 0 and at most [`MAX_SIZE`] wide.
    fn read(code: &QrCode) -> Option<Masked> {
        let size = code.size() as usize;
        if size > MAX_SIZE || code.mask().value() != 0 {
            return None;
        }
        let rows: Vec<u64> = (0..size)
            .map(|y| (0..size).fold(0, |row, x| row | u64::from(code.get_module(x as i32, y as i32)) << x))
            .collect();
        let columns = (0..size)
            .map(|x| rows.iter().enumerate().fold(0, |column, (y, row)| column | (row >> x & 1) << y))
            .collect();
        Some(Masked { size, rows, columns })
    }

    /// These modules (with mask 0) as they are with `mask`: data modules (those not in
    /// `function`) flipped by mask 0's pattern are flipped by `mask`'s instead, and the
    /// format information names `mask`. The function patterns are symmetric about the
    /// diagonal, so one map serves rows and columns.
    fn remasked(&self, function: &[u64], ecl: QrCodeEcc, mask: u8) -> Masked {
        let mut masked = self.clone();
        let patterns = patterns();
        let full = line_bits(self.size);
        let (rows, columns) = (&patterns.rows, &patterns.columns);
        for (i, (row, column)) in masked.rows.iter_mut().zip(&mut masked.columns).enumerate() {
            let data = !function[i] & full;
            *row ^= data & (rows[0][i] ^ rows[usize::from(mask)][i]);
            *column ^= data & (columns[0][i] ^ columns[usize::from(mask)][i]);
        }
        let bits = format_bits(ecl, mask);
        for (i, (x, y)) in format_positions(self.size).into_iter().enumerate() {
            let dark = i == 30 || bits >> (i % 15) & 1 == 1;
            masked.rows[y] = masked.rows[y] & !(1 << x) | u64::from(dark) << x;
            masked.columns[x] = masked.columns[x] & !(1 << y) | u64::from(dark) << y;
        }
        masked
    }

    /// qrcodegen's penalty score (`QrCode::get_penalty_score`).
    fn penalty(&self) -> i32 {
        let size = self.size;
        let mut result: i32 = self.rows.iter().chain(&self.columns).map(|&line| line_penalty(line, size)).sum();
        // 2 × 2 blocks of one colour.
        let pairs = line_bits(size - 1);
        for pair in self.rows.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let same = !(a ^ (a >> 1)) & !(a ^ b) & !(b ^ (b >> 1)) & pairs;
            result += PENALTY_N2 * same.count_ones() as i32;
        }
        // Balance of dark and light modules.
        let dark: i32 = self.rows.iter().map(|row| row.count_ones() as i32).sum();
        let total = (size * size) as i32;
        let k = ((dark * 20 - total * 10).abs() + total - 1) / total - 1;
        result + k * PENALTY_N4
    }
}

const PENALTY_N1: i32 = 3;
const PENALTY_N2: i32 = 3;
const PENALTY_N3: i32 = 40;
const PENALTY_N4: i32 = 10;

/// The low `n` bits set.
fn line_bits(n: usize) -> u64 {
    if n >= 64 { u64::MAX } else { (1 << n) - 1 }
}

/// The penalty of one row or column (`line`, bit i = module i): runs of five or more
/// modules of one colour (N1) and finder-like patterns (N3), scored run by run exactly
/// as qrcodegen scores them module by module (its `FinderPenalty` run history).
fn line_penalty(line: u64, size: usize) -> i32 {
    let n = size as i32;
    let long_run = |run: i32| if run >= 5 { PENALTY_N1 + run - 5 } else { 0 };
    let mut result = 0;
    // The lengths of the runs of one colour, light first (the first may be empty; light
    // runs at even indices). Bit i of `changes` is set where module i differs from
    // module i - 1 (the module before the first is light): the starts of runs.
    let mut runs = [0i32; MAX_SIZE + 2];
    let mut count = 0;
    let mut changes = (line ^ (line << 1)) & line_bits(size);
    let mut start = 0;
    while changes != 0 {
        let at = changes.trailing_zeros() as usize;
        changes &= changes - 1;
        runs[count] = (at - start) as i32;
        count += 1;
        start = at;
    }
    runs[count] = (size - start) as i32;
    count += 1;
    result += runs[..count].iter().map(|&run| long_run(run)).sum::<i32>();
    if count % 2 == 0 {
        count += 1; // ends dark: an empty light run follows
    }
    // The light border before the first run and after the last.
    runs[0] += n;
    runs[count - 1] += n;
    // As each light run ends, the seven runs up to it: 1:1:3:1:1 dark:light:dark:light:dark
    // with four light on one side and one on the other (qrcodegen's `count_patterns`).
    for j in (6..count).step_by(2) {
        let h = |k: usize| runs[j - k];
        let m = h(1);
        let core = m > 0 && h(2) == m && h(3) == m * 3 && h(4) == m && h(5) == m;
        let patterns = i32::from(core && h(0) >= m * 4 && h(6) >= m) + i32::from(core && h(6) >= m * 4 && h(0) >= m);
        result += patterns * PENALTY_N3;
    }
    result
}

/// Bit rows of the function modules (finder, timing and alignment patterns, format and
/// version information) of a code of `size` modules, as qrcodegen draws them.
fn function_modules(size: usize, version: u8) -> Vec<u64> {
    let mut rows = vec![0u64; size];
    let mut mark = |x: i64, y: i64| {
        if (0..size as i64).contains(&x) && (0..size as i64).contains(&y) {
            rows[y as usize] |= 1 << x;
        }
    };
    let s = size as i64;
    for i in 0..s {
        mark(6, i);
        mark(i, 6);
    }
    for (cx, cy) in [(3, 3), (s - 4, 3), (3, s - 4)] {
        for dy in -4..=4 {
            for dx in -4..=4 {
                mark(cx + dx, cy + dy);
            }
        }
    }
    let positions = alignment_positions(size, version);
    let last = positions.len().saturating_sub(1);
    for (i, &ax) in positions.iter().enumerate() {
        for (j, &ay) in positions.iter().enumerate() {
            if (i, j) == (0, 0) || (i, j) == (0, last) || (i, j) == (last, 0) {
                continue;
            }
            for dy in -2..=2 {
                for dx in -2..=2 {
                    mark(ax + dx, ay + dy);
                }
            }
        }
    }
    for (x, y) in format_positions(size) {
        mark(x as i64, y as i64);
    }
    if version >= 7 {
        for i in 0..18 {
            let (a, b) = (s - 11 + i % 3, i / 3);
            mark(a, b);
            mark(b, a);
        }
    }
    rows
}

/// qrcodegen's `get_alignment_pattern_positions`.
fn alignment_positions(size: usize, version: u8) -> Vec<i64> {
    if version == 1 {
        return Vec::new();
    }
    let version = i64::from(version);
    let count = version / 7 + 2;
    let step = if version == 32 { 26 } else { (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2 };
    let mut positions: Vec<i64> = (0..count - 1).map(|i| size as i64 - 7 - i * step).collect();
    positions.push(6);
    positions.reverse();
    positions
}

/// Where the 15 format bits go, bit i at position i of the first copy (0..15) and of the
/// second (15..30), then the module that is always dark: qrcodegen's `draw_format_bits`.
fn format_positions(size: usize) -> [(usize, usize); 31] {
    let mut positions = [(0, 0); 31];
    for (i, position) in positions.iter_mut().take(15).enumerate() {
        *position = match i {
            0..=5 => (8, i),
            6 => (8, 7),
            7 => (8, 8),
            8 => (7, 8),
            _ => (14 - i, 8),
        };
    }
    for i in 0..15 {
        positions[15 + i] = if i < 8 { (size - 1 - i, 8) } else { (8, size - 15 + i) };
    }
    positions[30] = (8, size - 8);
    positions
}

/// The 15 format bits for an error correction level and a mask (BCH-coded).
fn format_bits(ecl: QrCodeEcc, mask: u8) -> u32 {
    let level: u32 = match ecl {
        QrCodeEcc::Low => 1,
        QrCodeEcc::Medium => 0,
        QrCodeEcc::Quartile => 3,
        QrCodeEcc::High => 2,
    };
    let data = level << 3 | u32::from(mask);
    let mut rem = data;
    for _ in 0..10 {
        rem = (rem << 1) ^ ((rem >> 9) * 0x537);
    }
    (data << 10 | rem) ^ 0x5412
}

/// The 8 mask patterns as bits, by row and by column.
struct Patterns {
    rows: [[u64; MAX_SIZE]; 8],
    columns: [[u64; MAX_SIZE]; 8],
}

fn patterns() -> &'static Patterns {
    static PATTERNS: OnceLock<Patterns> = OnceLock::new();
    PATTERNS.get_or_init(|| {
        let mut patterns = Patterns { rows: [[0; MAX_SIZE]; 8], columns: [[0; MAX_SIZE]; 8] };
        for mask in 0..8 {
            for y in 0..MAX_SIZE {
                for x in 0..MAX_SIZE {
                    let flip = match mask {
                        0 => (x + y) % 2 == 0,
                        1 => y % 2 == 0,
                        2 => x % 3 == 0,
                        3 => (x + y) % 3 == 0,
                        4 => (x / 3 + y / 2) % 2 == 0,
                        5 => x * y % 2 + x * y % 3 == 0,
                        6 => (x * y % 2 + x * y % 3) % 2 == 0,
                        _ => ((x + y) % 2 + x * y % 3) % 2 == 0,
                    };
                    if flip {
                        patterns.rows[mask][y] |= 1 << x;
                        patterns.columns[mask][x] |= 1 << y;
                    }
                }
            }
        }
        patterns
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_pushed_in_decimal() {
        for n in (0..2000).chain([9999, 10_000, 123_456, usize::MAX]) {
            let mut out = String::from("x");
            push_number(&mut out, n);
            assert_eq!(out, format!("x{n}"));
        }
    }

    #[test]
    fn encodes_a_page_url_as_labelled_svg() {
        let svg = svg("https://binhchuong.quangngai.gov.vn/cong-khai/ke-hoach/chuyen-doi-so-2026/", "Mã QR")
            .unwrap_or_default();
        assert!(svg.starts_with("<svg") && svg.contains("role=\"img\"") && svg.contains("aria-label=\"Mã QR\""));
        assert!(svg.matches('M').count() > 50, "has modules");
    }

    /// Texts of every length from 1 to 260 bytes: versions 1 to 12 (wider than 64
    /// modules at the end), with and without version information, all four levels
    /// of error correction after boosting.
    fn samples() -> Vec<String> {
        let base = "https://congkhai.quangngai.gov.vn/ke-hoach/mo-duc-2/an-toan-thong-tin-nam-2026-mo-duc-2/?q=xã-đồng";
        (1..=260).map(|n| base.chars().cycle().skip(n % 7).take(n).collect()).collect()
    }

    fn modules(code: &QrCode) -> Vec<u64> {
        let size = code.size();
        (0..size).map(|y| (0..size).fold(0u64, |row, x| row | u64::from(code.get_module(x, y)) << x)).collect()
    }

    #[test]
    fn every_mask_gives_the_modules_qrcodegen_draws_for_it() {
        let mut checked = 0;
        for text in samples() {
            let segments = QrSegment::make_segments(&text);
            let Some(first) = encode(&segments, Some(Mask::new(0))) else { continue };
            if first.size() as usize > MAX_SIZE {
                assert!(Masked::with_mask(&first, 1).is_none());
                continue;
            }
            for mask in 0..8 {
                let expected = encode(&segments, Some(Mask::new(mask))).map(|c| modules(&c));
                let masked = Masked::with_mask(&first, mask).map(|m| {
                    let transposed: Vec<u64> = (0..m.size)
                        .map(|y| (0..m.size).fold(0u64, |row, x| row | (m.columns[x] >> y & 1) << x))
                        .collect();
                    assert_eq!(transposed, m.rows, "columns agree with rows ({text:?}, mask {mask})");
                    m.rows
                });
                assert_eq!(masked, expected, "{text:?}, mask {mask}");
                checked += 1;
            }
        }
        assert!(checked > 1500, "{checked}");
    }

    #[test]
    fn the_mask_chosen_is_qrcodegens_and_so_is_the_svg() {
        for text in samples() {
            let Ok(auto) = QrCode::encode_text(&text, QrCodeEcc::Medium) else { continue };
            let segments = QrSegment::make_segments(&text);
            let first = encode(&segments, Some(Mask::new(0))).expect("encodes");
            if let Some(best) = Masked::best(&first) {
                assert_eq!(best.rows, modules(&auto), "{text:?}: qrcodegen chose mask {}", auto.mask().value());
            }
            let size = auto.size() as usize;
            let expected = draw(size, |x, y| auto.get_module(x as i32, y as i32), "nhãn");
            assert_eq!(svg(&text, "nhãn"), Some(expected), "{text:?}");
        }
    }

    #[test]
    fn a_line_is_scored_as_qrcodegen_scores_it() {
        // qrcodegen's row loop, module by module, on lines of every pattern of 12 modules
        // and on longer random-looking ones.
        fn slow(line: u64, size: usize) -> i32 {
            let n = size as i32;
            let mut history = [0i32; 7];
            let add = |h: &mut [i32; 7], mut run: i32| {
                if h[0] == 0 {
                    run += n;
                }
                h.copy_within(0..6, 1);
                h[0] = run;
            };
            let count = |h: &[i32; 7]| {
                let n = h[1];
                let core = n > 0 && h[2] == n && h[3] == n * 3 && h[4] == n && h[5] == n;
                i32::from(core && h[0] >= n * 4 && h[6] >= n) + i32::from(core && h[6] >= n * 4 && h[0] >= n)
            };
            let (mut result, mut color, mut run) = (0, false, 0);
            for x in 0..size {
                let module = line >> x & 1 == 1;
                if module == color {
                    run += 1;
                    if run == 5 {
                        result += 3;
                    } else if run > 5 {
                        result += 1;
                    }
                } else {
                    add(&mut history, run);
                    if !color {
                        result += count(&history) * 40;
                    }
                    color = module;
                    run = 1;
                }
            }
            if color {
                add(&mut history, run);
                run = 0;
            }
            add(&mut history, run + n);
            result + count(&history) * 40
        }
        for line in 0..1u64 << 12 {
            assert_eq!(line_penalty(line, 12), slow(line, 12), "{line:012b}");
        }
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            // Runs of one colour, and finder shapes (1:1:3:1:1), are likelier in codes
            // than in noise: mix in a stretched copy.
            let line = if x & 1 == 0 { x } else { x & (x >> 1) & (x >> 2) | 0b1011101 << (x % 40) };
            for size in [21, 37, 45, 61, 64] {
                let line = line & line_bits(size);
                assert_eq!(line_penalty(line, size), slow(line, size), "{line:b} ({size})");
            }
        }
    }
}
