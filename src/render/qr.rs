//! QR codes for printed sheets and posters, drawn as one SVG path: the
//! `qrcode` crate encodes, this module draws (a run of dark modules per
//! stroke, so a code for a long link stays a few kilobytes).

use qrcode::canvas::{Canvas, MaskPattern};
use qrcode::{Color, EcLevel, bits, ec};

use crate::escape::xml as xml_escape;

/// Modules of white around the code, as the standard asks.
const QUIET: usize = 4;

/// An SVG QR code for `url`, or `None` when the text is too long to
/// encode. With a `label` it is an image of that name for screen
/// readers; without, it is drawn only, for a place screen readers do not
/// read (the sheet's printed form is `aria-hidden`, and its caption and
/// the link's text are beside the code).
///
/// The drawing is one stroked path and nothing else: the style sheet
/// gives it its colours, its white ground and crisp edges (`.qr`), and
/// an inline `<svg>` in HTML needs no `xmlns`. Every page with a code
/// repeats this, so its bytes count.
pub fn svg(url: &str, label: Option<&str>) -> Option<String> {
    let (width, _, d) = drawn(url, LEVEL)?;
    let size = width + 2 * QUIET;
    let named = label
        .map(|l| format!(" role=\"img\" aria-label=\"{}\"", xml_escape(l)))
        .unwrap_or_default();
    Some(format!(
        "<svg class=\"qr\" viewBox=\"0 0 {size} {size}\"{named}><path d=\"{d}\"/></svg>"
    ))
}

/// Error correction `L` (7 % of the code may be lost): our codes are
/// printed at 30 mm or more on white paper beside the same link in text,
/// for a phone held close, not for a billboard in the rain; `L` makes
/// them a version smaller than `M` (15 %) for most links, so a fifth
/// fewer modules to print and to write on every sheet page.
const LEVEL: EcLevel = EcLevel::L;

/// `url`'s code at `level` as (width in modules, modules row by row,
/// path data), with the
/// one of the eight masks whose path is the shortest. The standard's
/// penalty score is not used: it took a third of a whole build's CPU time
/// (one code per sheet), and any mask is valid (readers decode ours,
/// tested); the path's length is what every page pays for.
fn drawn(url: &str, level: EcLevel) -> Option<(usize, Vec<Color>, String)> {
    let bits = bits::encode_auto(url.as_bytes(), level).ok()?;
    let version = bits.version();
    let (data, ecc) = ec::construct_codewords(&bits.into_bytes(), version, level).ok()?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ecc);
    let width = version.width() as usize;
    // Each mask's path is measured without being written (a code per
    // sheet and per desk card: writing eight was a fifth of a build's
    // CPU time); only the shortest is drawn.
    let (_, colors) = MASKS
        .iter()
        .map(|&mask| {
            let mut masked = canvas.clone();
            masked.apply_mask(mask);
            let colors = masked.into_colors();
            let across = drawn_len(&runs(width, |l, i| colors[l * width + i]), 'h');
            let down = drawn_len(&runs(width, |l, i| colors[i * width + l]), 'v');
            (across.min(down), colors)
        })
        // The first of equal lengths: the same code in every build.
        .reduce(|best, next| if next.0 < best.0 { next } else { best })?;
    let d = path(width, &colors);
    Some((width, colors, d))
}

/// The length in bytes of what [`draw`] writes for `runs` along `dir`,
/// counted instead of written.
fn drawn_len(runs: &[(usize, usize, usize)], dir: char) -> usize {
    let digits = |n: isize| -> usize {
        let mut len = usize::from(n < 0) + 1;
        let mut m = n.unsigned_abs();
        while m >= 10 {
            m /= 10;
            len += 1;
        }
        len
    };
    let Some(&(line, start, _)) = runs.first() else {
        return 0;
    };
    // `M<x> <y>`, the across coordinate ending in `.5`.
    let mut total = 1 + digits((start + QUIET) as isize) + 1 + digits((line + QUIET) as isize) + 2;
    let (mut pen_along, mut pen_line) = (start, line);
    for (i, &(line, start, len)) in runs.iter().enumerate() {
        if i > 0 {
            let step = start as isize - pen_along as isize;
            let skip = (line - pen_line) as isize;
            let dy = if dir == 'h' { skip } else { step };
            // `m<dx> <dy>`, no space before a minus.
            total += 1 + digits(step) + digits(skip) + usize::from(dy >= 0);
        }
        total += 1 + digits(len as isize);
        pen_along = start + len;
        pen_line = line;
    }
    total
}

const MASKS: [MaskPattern; 8] = [
    MaskPattern::Checkerboard,
    MaskPattern::HorizontalLines,
    MaskPattern::VerticalLines,
    MaskPattern::DiagonalLines,
    MaskPattern::LargeCheckerboard,
    MaskPattern::Fields,
    MaskPattern::Diamonds,
    MaskPattern::Meadow,
];

/// The path data: one stroke, one module wide, per run of dark modules,
/// along the middle of its row (`h`) or column (`v`), whichever way
/// gives the shorter text. Only the first run is placed absolutely
/// (`M4 4.5`); every other one is a relative move from where the last
/// one ended (`m2 0`, or `m-20 1` to the next row), then its length.
fn path(width: usize, colors: &[Color]) -> String {
    let across = draw(&runs(width, |line, i| colors[line * width + i]), 'h');
    let down = draw(&runs(width, |line, i| colors[i * width + line]), 'v');
    match (across, down) {
        (Some(a), Some(d)) if d.len() < a.len() => d,
        (a, _) => a.unwrap_or_default(),
    }
}

/// The dark runs, line by line, as (line, start, length); `at(line, i)`
/// is the module `i` along `line`.
fn runs(width: usize, at: impl Fn(usize, usize) -> Color) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    for line in 0..width {
        let mut i = 0;
        while i < width {
            if at(line, i) != Color::Dark {
                i += 1;
                continue;
            }
            let start = i;
            while i < width && at(line, i) == Color::Dark {
                i += 1;
            }
            out.push((line, start, i - start));
        }
    }
    out
}

/// `runs` drawn with `h` (runs along rows) or `v` (along columns);
/// `None` only for a code with no dark module.
fn draw(runs: &[(usize, usize, usize)], dir: char) -> Option<String> {
    let mut d = String::with_capacity(runs.len() * 7);
    let &(line, start, _) = runs.first()?;
    // Along rows a point is (along, across); down columns (across, along).
    let (along, across) = (start + QUIET, line + QUIET);
    let (x, y) = if dir == 'h' {
        (along.to_string(), format!("{across}.5"))
    } else {
        (format!("{across}.5"), along.to_string())
    };
    d.push('M');
    d.push_str(&x);
    d.push(' ');
    d.push_str(&y);
    // Where the pen is, in modules along and across the lines.
    let (mut pen_along, mut pen_line) = (start, line);
    for (i, &(line, start, len)) in runs.iter().enumerate() {
        if i > 0 {
            let step = start as isize - pen_along as isize;
            let skip = (line - pen_line) as isize;
            let (dx, dy) = if dir == 'h' {
                (step, skip)
            } else {
                (skip, step)
            };
            d.push('m');
            push_signed(&mut d, dx);
            if dy >= 0 {
                d.push(' ');
            }
            push_signed(&mut d, dy);
        }
        d.push(dir);
        push_number(&mut d, len);
        pen_along = start + len;
        pen_line = line;
    }
    Some(d)
}

fn push_signed(out: &mut String, n: isize) {
    out.push_str(itoa::Buffer::new().format(n));
}

/// `n` in decimal: a code has a few hundred runs, and `format!` for
/// each was most of the drawing's time.
fn push_number(out: &mut String, n: usize) {
    out.push_str(itoa::Buffer::new().format(n));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_a_code() {
        let s = svg(
            "https://example.org/pledges/a/2026/zhang-wei/",
            Some("二维码"),
        )
        .unwrap();
        assert!(s.starts_with("<svg class=\"qr\" viewBox=\"0 0 "), "{s}");
        assert!(s.contains(" role=\"img\" aria-label=\"二维码\">"), "{s}");
        let bare = svg("https://example.org/pledges/a/2026/zhang-wei/", None).unwrap();
        assert!(
            bare.starts_with("<svg class=\"qr\" viewBox=\"0 0 "),
            "{bare}"
        );
        assert!(
            bare.contains("\"><path d=\"M") && !bare.contains("aria-label"),
            "{bare}"
        );
        // The finder pattern: a run of 7 from the corner, either way.
        assert!(
            s.contains("<path d=\"M4 4.5h7m") || s.contains("<path d=\"M4.5 4v7m"),
            "{s}"
        );
        assert!(s.len() < 3000, "{} bytes", s.len());
    }

    /// The modules a path draws, read back command by command: `M` and
    /// `m` move (a coordinate ending in `.5` is a line's middle), `h` and
    /// `v` paint the modules they pass over. Anything else fails.
    fn painted(d: &str, width: usize) -> Vec<Color> {
        let mut drawn = vec![Color::Light; width * width];
        let (mut x, mut y) = (0f64, 0f64);
        let bytes = d.as_bytes();
        let mut i = 0;
        let number = |i: &mut usize| -> f64 {
            while bytes[*i] == b' ' {
                *i += 1;
            }
            let start = *i;
            *i += 1;
            while *i < bytes.len() && (bytes[*i].is_ascii_digit() || bytes[*i] == b'.') {
                *i += 1;
            }
            d[start..*i].parse().unwrap()
        };
        while i < bytes.len() {
            let cmd = bytes[i];
            i += 1;
            match cmd {
                b'M' => (x, y) = (number(&mut i), number(&mut i)),
                b'm' => {
                    x += number(&mut i);
                    y += number(&mut i);
                }
                b'h' | b'v' => {
                    let n = number(&mut i);
                    assert!(n > 0.0 && n.fract() == 0.0, "{n}");
                    for _ in 0..n as usize {
                        let (mx, my) = if cmd == b'h' {
                            (x, y - 0.5)
                        } else {
                            (x - 0.5, y)
                        };
                        assert!(
                            mx.fract() == 0.0 && my.fract() == 0.0,
                            "off the grid: {mx} {my}"
                        );
                        let (mx, my) = (mx as usize - QUIET, my as usize - QUIET);
                        assert!(mx < width && my < width, "outside the code");
                        drawn[my * width + mx] = Color::Dark;
                        if cmd == b'h' { x += 1.0 } else { y += 1.0 }
                    }
                }
                other => panic!("unexpected command {}", other as char),
            }
        }
        drawn
    }

    /// The path, read back module by module, is the code's matrix, drawn
    /// along rows and down columns alike; the shorter of the two is used.
    #[test]
    fn the_path_draws_every_dark_module() {
        for url in [
            "https://example.org/p/%E5%9F%8E%E5%85%B3/2026/zhang-wei/",
            "https://example.org/a/2026/zhang-wei/",
            "http://127.0.0.1:1111/jiangbei-district/tuanjie-street/yucai-community/2026/peng-xiulan/",
        ] {
            let (width, colors, _) = drawn(url, LEVEL).unwrap();
            let across = draw(&runs(width, |l, i| colors[l * width + i]), 'h').unwrap();
            let down = draw(&runs(width, |l, i| colors[i * width + l]), 'v').unwrap();
            assert!(painted(&across, width) == colors, "rows differ: {url}");
            assert!(painted(&down, width) == colors, "columns differ: {url}");
            let s = svg(url, None).unwrap();
            let d = s.split(" d=\"").nth(1).unwrap().split('"').next().unwrap();
            assert_eq!(d.len(), across.len().min(down.len()), "{url}");
        }
    }

    /// Level L is a version smaller than M for a typical sheet's link,
    /// and the mask chosen draws the shortest path of the eight.
    #[test]
    fn the_smallest_code_is_drawn() {
        // 71 bytes: version 4 (33 modules) at L, 5 (37) at M.
        let url = "https://example.org/jiangbei-district/tuanjie-street/2026/peng-xiulan/";
        let (l, _, d) = drawn(url, EcLevel::L).unwrap();
        let (m, _, _) = drawn(url, EcLevel::M).unwrap();
        assert!(l < m, "L {l} modules, M {m}");
        let bits = bits::encode_auto(url.as_bytes(), EcLevel::L).unwrap();
        let version = bits.version();
        let (data, ecc) = ec::construct_codewords(&bits.into_bytes(), version, EcLevel::L).unwrap();
        let mut canvas = Canvas::new(version, EcLevel::L);
        canvas.draw_all_functional_patterns();
        canvas.draw_data(&data, &ecc);
        for mask in MASKS {
            let mut c = canvas.clone();
            c.apply_mask(mask);
            assert!(path(l, &c.into_colors()).len() >= d.len(), "{mask:?}");
        }
    }

    /// What is counted is what is drawn, both ways.
    #[test]
    fn counted_lengths_are_drawn_lengths() {
        for url in [
            "https://example.org/a/2026/zhang-wei/",
            "http://127.0.0.1:1111/%E5%9F%8E/2026/x/",
        ] {
            let (width, colors, _) = drawn(url, LEVEL).unwrap();
            let across = |l: usize, i: usize| colors[l * width + i];
            let down = |l: usize, i: usize| colors[i * width + l];
            for (runs, dir) in [(runs(width, across), 'h'), (runs(width, down), 'v')] {
                assert_eq!(
                    drawn_len(&runs, dir),
                    draw(&runs, dir).unwrap().len(),
                    "{dir}"
                );
            }
        }
    }

    /// A QR reader gets the link back from the drawn path, for short and
    /// long links.
    #[test]
    fn readers_decode_the_link() {
        for url in [
            "https://example.org/a/2026/zhang-wei/",
            "https://dangjian.example.gov.cn/gongkai/chengnuo/%E5%9F%8E%E5%85%B3%E8%A1%97%E9%81%93/%E7%A4%BE%E5%8C%BA/2026/ouyang-xiaoming-2/",
        ] {
            let width = drawn(url, LEVEL).unwrap().0;
            let s = svg(url, None).unwrap();
            let d = s.split(" d=\"").nth(1).unwrap().split('"').next().unwrap();
            let colors = painted(d, width);
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
