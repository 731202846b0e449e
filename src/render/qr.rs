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
    // One stroke per run of dark modules, along the middle of its row:
    // `M x y.5h n` for a row's first run, `m gap 0h n` for the next ones.
    let mut d = String::with_capacity(width * width / 2);
    for y in 0..width {
        let row = &colors[y * width..(y + 1) * width];
        let mut end = None;
        let mut x = 0;
        while x < width {
            if row[x] != Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] == Color::Dark {
                x += 1;
            }
            match end {
                None => d.push_str(&format!("M{} {}.5h{}", start + QUIET, y + QUIET, x - start)),
                Some(e) => d.push_str(&format!("m{} 0h{}", start - e, x - start)),
            }
            end = Some(x);
        }
    }
    Some(format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {size} {size}\" \
         shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"{}\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path stroke=\"#000\" d=\"{d}\"/></svg>",
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
        // The finder pattern: a run of 7, then the next run in that row.
        assert!(s.contains("<path stroke=\"#000\" d=\"M4 4.5h7m"), "{s}");
        assert!(s.len() < 4000, "{} bytes", s.len());
    }

    /// The path, read back module by module, is the code's matrix.
    #[test]
    fn the_path_draws_every_dark_module() {
        let url = "https://example.org/p/%E5%9F%8E%E5%85%B3/2026/zhang-wei/";
        let s = svg(url, "x").unwrap();
        let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).unwrap();
        let width = code.width();
        let d = s.split(" d=\"").nth(1).unwrap().split('"').next().unwrap();
        let mut drawn = vec![Color::Light; width * width];
        let (mut x, mut y) = (0usize, 0usize);
        let mut rest = d;
        while !rest.is_empty() {
            let cmd = rest.as_bytes()[0];
            let end = rest[1..]
                .find(|c: char| c.is_ascii_alphabetic())
                .map_or(rest.len(), |i| i + 1);
            let args: Vec<&str> = rest[1..end].split(' ').collect();
            match cmd {
                b'M' => {
                    x = args[0].parse().unwrap();
                    y = args[1].trim_end_matches(".5").parse().unwrap();
                }
                b'm' => x += args[0].parse::<usize>().unwrap(),
                b'h' => {
                    let n: usize = args[0].parse().unwrap();
                    for i in x..x + n {
                        drawn[(y - QUIET) * width + i - QUIET] = Color::Dark;
                    }
                    x += n;
                }
                other => panic!("unexpected command {}", other as char),
            }
            rest = &rest[end..];
        }
        assert!(
            drawn == code.to_colors(),
            "the drawing differs from the code"
        );
    }
}
