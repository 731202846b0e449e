//! QR codes for printed sheets and posters, drawn as one SVG path: the
//! `qrcode` crate encodes, this module draws (a run of dark modules per
//! stroke, so a code for a long link stays a few kilobytes).

use qrcode::{Color, EcLevel, QrCode};

use super::feeds::xml_escape;

/// Modules of white around the code, as the standard asks.
const QUIET: usize = 4;

/// An SVG QR code for `url`, labelled `label` for screen readers, or
/// `None` when the text is too long to encode.
pub fn svg(url: &str, label: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET;
    let mut d = String::with_capacity(width * width);
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if colors[y * width + x] == Color::Dark {
                let start = x;
                while x < width && colors[y * width + x] == Color::Dark {
                    x += 1;
                }
                d.push_str(&format!(
                    "M{} {}h{}v1h-{}z",
                    start + QUIET,
                    y + QUIET,
                    x - start,
                    x - start
                ));
            } else {
                x += 1;
            }
        }
    }
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{}\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{d}\"/></svg>",
        xml_escape(label)
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_code() {
        let s = svg("https://example.org/pledges/a/2026/zhang-wei/", "二维码").unwrap();
        assert!(s.starts_with("<svg class=\"qr\""));
        assert!(s.contains("<path fill=\"#000\" d=\"M4 4h7v1h-7z"), "{s}");
        assert!(s.len() < 8000, "{} bytes", s.len());
    }
}
