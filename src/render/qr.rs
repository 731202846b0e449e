//! QR codes for printed sheets and posters, drawn as one SVG path: the
//! `qrcode` crate encodes, this module draws (a run of dark modules per
//! stroke, so a code for a long link stays a few kilobytes).

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel, bits, ec};

use crate::escape::xml as xml_escape;

/// Modules of white around the code, as the standard asks.
const QUIET: usize = 4;

/// An SVG QR code for `url`, labelled `label` for screen readers, or
/// `None` when the text is too long to encode.
pub fn svg(url: &str, label: &str) -> Option<String> {
    let (width, colors) = matrix(url)?;
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
                None => {
                    d.push('M');
                    push_number(&mut d, start + QUIET);
                    d.push(' ');
                    push_number(&mut d, y + QUIET);
                    d.push_str(".5h");
                }
                Some(e) => {
                    d.push('m');
                    push_number(&mut d, start - e);
                    d.push_str(" 0h");
                }
            }
            push_number(&mut d, x - start);
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

/// `n` in decimal: a code has a few hundred runs, and `format!` for
/// each was most of the drawing's time.
fn push_number(out: &mut String, n: usize) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// The modules of `url`'s code, row by row, and its width.
///
/// The mask is fixed instead of the best of eight by the standard's
/// penalty score: scoring took a third of a whole build's CPU time (one
/// code per sheet), and any mask is valid; readers decode ours (tested).
fn matrix(url: &str) -> Option<(usize, Vec<Color>)> {
    let bits = bits::encode_auto(url.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    let (data, ecc) = ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    let mut canvas = Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ecc);
    canvas.apply_mask(MaskPattern::LargeCheckerboard);
    Some((version.width() as usize, canvas.into_colors()))
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
        let (width, colors) = matrix(url).unwrap();
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
        assert!(drawn == colors, "the drawing differs from the code");
    }

    /// A QR reader gets the link back, for short and long links.
    #[test]
    fn readers_decode_the_link() {
        for url in [
            "https://example.org/a/2026/zhang-wei/",
            "https://dangjian.example.gov.cn/gongkai/chengnuo/%E5%9F%8E%E5%85%B3%E8%A1%97%E9%81%93/%E7%A4%BE%E5%8C%BA/2026/ouyang-xiaoming-2/",
        ] {
            let (width, colors) = matrix(url).unwrap();
            // 4 pixels a module, with the quiet zone.
            let scale = 4;
            let size = (width + 2 * QUIET) * scale;
            let mut img = rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| {
                let (mx, my) = (x / scale, y / scale);
                let inside =
                    (QUIET..QUIET + width).contains(&mx) && (QUIET..QUIET + width).contains(&my);
                if inside && colors[(my - QUIET) * width + mx - QUIET] == Color::Dark {
                    0
                } else {
                    255
                }
            });
            let grids = img.detect_grids();
            assert_eq!(grids.len(), 1, "{url}");
            let (_, text) = grids[0].decode().expect("decodes");
            assert_eq!(text, url);
        }
    }
}
