//! QR codes as inline SVG, made at build time, so a printed notice-board sheet leads a
//! citizen's phone back to the live page.

use std::fmt::Write as _;

use qrcodegen::{QrCode, QrCodeEcc};

/// An SVG QR code of `url` with an accessible name; `None` if the URL is too long to
/// encode (thousands of characters).
pub fn svg(url: &str, label: &str) -> Option<String> {
    let code = QrCode::encode_text(url, QrCodeEcc::Medium).ok()?;
    let size = code.size();
    let border = 4;
    let total = size + 2 * border;
    // One rectangle per horizontal run of dark modules.
    let mut path = String::with_capacity((size * size) as usize * 4);
    for y in 0..size {
        let mut x = 0;
        while x < size {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < size && code.get_module(x, y) {
                x += 1;
            }
            let run = x - start;
            let _ = write!(path, "M{},{}h{run}v1h-{run}z", start + border, y + border);
        }
    }
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"ma-qr\" viewBox=\"0 0 {total} {total}\" role=\"img\" aria-label=\"{}\" shape-rendering=\"crispEdges\"><rect width=\"{total}\" height=\"{total}\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>",
        crate::markdown::escape_attr(label)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_a_page_url_as_labelled_svg() {
        let svg = svg("https://binhchuong.quangngai.gov.vn/cong-khai/ke-hoach/chuyen-doi-so-2026/", "Mã QR")
            .unwrap_or_default();
        assert!(svg.starts_with("<svg") && svg.contains("role=\"img\"") && svg.contains("aria-label=\"Mã QR\""));
        assert!(svg.matches('M').count() > 50, "has modules");
    }
}
