//! QR codes for printed sheets, posters and desk cards, as a PNG written
//! into the page: the `qrcode` crate encodes, this module makes the
//! image (a pixel a module, one bit a pixel), which the style sheet
//! scales without smoothing (`.qr`). A 33-module code is ~0.3 KB of
//! base64, where the smallest SVG path we drew was ~1.6 KB on every
//! sheet page (BENCHMARKS.md, "Page bytes").

use qrcode::canvas::{Canvas, MaskPattern, Module};
use qrcode::{Color, EcLevel, bits, ec};

use super::reuse::Reuse;
use super::zlib;
use crate::escape::xml as xml_escape;

/// Modules of white around the code, as the standard asks.
const QUIET: usize = 4;

/// Error correction `L` (7 % of the code may be lost): our codes are
/// printed at 30 mm or more on white paper beside the same link in text,
/// for a phone held close, not for a billboard in the rain; `L` makes
/// them a version smaller than `M` (15 %) for most links, so a fifth
/// fewer modules to print and to write on every sheet page.
const LEVEL: EcLevel = EcLevel::L;

/// `url`'s code at `level` as (width in modules, modules row by row),
/// with the one of the eight masks that leaves the fewest runs of dark
/// modules along the rows: long runs are what deflate shortens. The
/// standard's penalty score is not used: it took a third of a whole
/// build's CPU time (one code per sheet and per desk card), and any mask
/// is valid (readers decode ours, tested). The runs are counted on rows
/// of bits before any mask is drawn, the 15 format modules (which name
/// the mask) left light: masking the canvas eight times to count them
/// was a tenth of a build with note pages.
///
/// The mask and the format information naming it are drawn on rows of
/// bits too (`masked`), not by the crate module by module: that and the
/// image's rows made from the bits were a third of a code's time.
fn chosen(url: &str, level: EcLevel) -> Option<(usize, Vec<Row>)> {
    let bits = bits::encode_auto(url.as_bytes(), level).ok()?;
    let version = bits.version();
    let (data, ecc) = ec::construct_codewords(&bits.into_bytes(), version, level).ok()?;
    let mut canvas = Canvas::new(version, level);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ecc);
    let width = version.width() as usize;
    let planes = Planes::of(&canvas, width);
    let runs = planes.runs_by_mask();
    // The first of equal counts: the same code in every build.
    let best = (0..MASKS.len()).min_by_key(|&m| runs[m])?;
    Some((width, planes.masked(best, level)))
}

/// A row of modules as bits, module `x` at bit `x % 64` of word `x / 64`:
/// the widest code (version 40) is 177 modules.
type Row = [u64; 3];

fn set(row: &mut Row, x: usize) {
    row[x / 64] |= 1 << (x % 64);
}

/// A code before masking, a row of bits a row of modules: the data's
/// dark modules, the functional patterns' modules (finders, timing,
/// alignment, version, and the format modules, still light) and which
/// of them are dark.
struct Planes {
    width: usize,
    data: Vec<Row>,
    fixed: Vec<Row>,
    fixed_dark: Vec<Row>,
}

impl Planes {
    /// `canvas`, holding the functional patterns and the unmasked data.
    fn of(canvas: &Canvas, width: usize) -> Self {
        let mut planes = Planes {
            width,
            data: vec![Row::default(); width],
            fixed: vec![Row::default(); width],
            fixed_dark: vec![Row::default(); width],
        };
        for y in 0..width {
            for x in 0..width {
                // Coordinates below 177 fit an i16.
                match canvas.get(x as i16, y as i16) {
                    Module::Masked(c) => {
                        set(&mut planes.fixed[y], x);
                        if c == Color::Dark {
                            set(&mut planes.fixed_dark[y], x);
                        }
                    }
                    Module::Unmasked(Color::Dark) => set(&mut planes.data[y], x),
                    Module::Unmasked(Color::Light) | Module::Empty => {}
                }
            }
        }
        planes
    }

    /// Row `y` with mask `m` applied to the data, format modules light.
    fn row(&self, planes: &[Row], m: usize, y: usize) -> Row {
        let mask = &planes[m * self.width + y];
        std::array::from_fn(|w| {
            (self.data[y][w] ^ mask[w]) & !self.fixed[y][w] | self.fixed_dark[y][w]
        })
    }

    /// The dark runs each of [`MASKS`] would leave.
    fn runs_by_mask(&self) -> [usize; 8] {
        let planes = mask_planes(self.width);
        let mut runs = [0; 8];
        for (m, runs) in runs.iter_mut().enumerate() {
            for y in 0..self.width {
                let row = self.row(&planes, m, y);
                let mut carry = 0;
                for word in row {
                    // A run starts at a dark module whose left neighbour is
                    // light (or the edge).
                    let left = word << 1 | carry;
                    carry = word >> 63;
                    *runs += (word & !left).count_ones() as usize;
                }
            }
        }
        runs
    }

    /// The code with mask `m` (of [`MASKS`]): its dark modules, the
    /// format information (the level and the mask) drawn where the
    /// standard puts its two copies.
    fn masked(&self, m: usize, level: EcLevel) -> Vec<Row> {
        let planes = mask_planes(self.width);
        let mut rows: Vec<Row> = (0..self.width).map(|y| self.row(&planes, m, y)).collect();
        let info = format_info(level, m);
        let size = self.width;
        let mut put = |x: usize, y: usize, bit: usize| {
            if info >> bit & 1 == 1 {
                set(&mut rows[y], x);
            }
        };
        for bit in 0..15 {
            // Beside the top left finder: down its right side, then
            // leftwards under it, skipping the timing patterns.
            let (x, y) = match bit {
                0..=5 => (8, bit),
                6 => (8, 7),
                7 => (8, 8),
                8 => (7, 8),
                _ => (14 - bit, 8),
            };
            put(x, y, bit);
            // The copy: under the top right finder, then beside the
            // bottom left one.
            let (x, y) = if bit < 8 {
                (size - 1 - bit, 8)
            } else {
                (8, size - 15 + bit)
            };
            put(x, y, bit);
        }
        rows
    }
}

/// The 15 bits of format information for `level` and mask `m`: five
/// data bits, a BCH(15,5) code after them, masked by 0x5412 (ISO/IEC
/// 18004, 7.9).
fn format_info(level: EcLevel, m: usize) -> u16 {
    let ec: u16 = match level {
        EcLevel::L => 0b01,
        EcLevel::M => 0b00,
        EcLevel::Q => 0b11,
        EcLevel::H => 0b10,
    };
    let data = ec << 3 | m as u16;
    let mut rem = data << 10;
    for bit in (10..15).rev() {
        if rem >> bit & 1 == 1 {
            rem ^= 0x537 << (bit - 10);
        }
    }
    (data << 10 | rem) ^ 0x5412
}

/// The rows of every mask at `width`, mask by mask: made once a thread
/// for each size of code (a site's links make three or four).
fn mask_planes(width: usize) -> std::rc::Rc<[Row]> {
    thread_local! {
        static PLANES: std::cell::RefCell<Vec<(usize, std::rc::Rc<[Row]>)>> =
            const { std::cell::RefCell::new(Vec::new()) };
    }
    PLANES.with(|planes| {
        let mut planes = planes.borrow_mut();
        if let Some((_, rows)) = planes.iter().find(|(w, _)| *w == width) {
            return rows.clone();
        }
        let rows: std::rc::Rc<[Row]> = MASK_FNS
            .iter()
            .flat_map(|mask| {
                (0..width).map(move |y| {
                    let mut row = Row::default();
                    for x in (0..width).filter(|&x| mask(x, y)) {
                        set(&mut row, x);
                    }
                    row
                })
            })
            .collect();
        planes.push((width, rows.clone()));
        rows
    })
}

/// The masks of [`MASKS`], in its order, as the standard defines them:
/// true where a data module is inverted.
const MASK_FNS: [fn(usize, usize) -> bool; 8] = [
    |x, y| (x + y) % 2 == 0,
    |_, y| y % 2 == 0,
    |x, _| x % 3 == 0,
    |x, y| (x + y) % 3 == 0,
    |x, y| (y / 2 + x / 3) % 2 == 0,
    |x, y| (x * y) % 2 + (x * y) % 3 == 0,
    |x, y| ((x * y) % 2 + (x * y) % 3) % 2 == 0,
    |x, y| ((x + y) % 2 + (x * y) % 3) % 2 == 0,
];

/// A QR code for `url` as an `<img>` of a PNG written into the page (a
/// `data:` address), or `None` when the text is too long to encode. With
/// a `label` it is an image of that name for screen readers; without,
/// its text is empty, for a place screen readers do not read (the
/// sheet's printed form is `aria-hidden`, and its caption and the link's
/// text are beside the code). The style sheet gives its size and scales
/// it without smoothing (`image-rendering: pixelated`), so the modules
/// print as sharp squares.
pub fn img(made: &Made, url: &str, label: Option<&str>) -> Option<String> {
    let png = made.base64(url)?;
    let alt = label.map(xml_escape).unwrap_or_default();
    let mut out = String::with_capacity(png.len() + alt.len() + 64);
    out.push_str("<img class=\"qr\" alt=\"");
    out.push_str(&alt);
    out.push_str("\" src=\"data:image/png;base64,");
    out.push_str(&png);
    out.push_str("\">");
    Some(out)
}

/// The codes of one build: a member's code is on their sheet and on
/// their board's desk card, and making it was a tenth of a build. Each is
/// made for two uses (a unit's own sheet has no desk card: its code waits
/// until [`Made::KEEP`] codes do and all are let go).
pub struct Made(Reuse<String, Option<std::sync::Arc<str>>>);

impl Default for Made {
    fn default() -> Self {
        Made(Reuse::new(Self::KEEP))
    }
}

impl Made {
    const KEEP: usize = 4096;

    /// `url`'s code as the base64 of its PNG.
    fn base64(&self, url: &str) -> Option<std::sync::Arc<str>> {
        self.0.get(url, 2, || {
            let (width, dark) = chosen(url, LEVEL)?;
            let png = png(width, &dark)?;
            let mut text = String::with_capacity(png.len().div_ceil(3) * 4);
            base64(&png, &mut text);
            Some(text.into())
        })
    }
}

/// The code with its quiet zone as a 1-bit greyscale PNG, a pixel a
/// module.
fn png(width: usize, dark: &[Row]) -> Option<Vec<u8>> {
    let size = width + 2 * QUIET;
    let idat = zlib::compress(&rows(width, dark), &CODES);
    let side = u32::try_from(size).ok()?.to_be_bytes();
    let mut ihdr = Vec::with_capacity(13);
    ihdr.extend_from_slice(&side);
    ihdr.extend_from_slice(&side);
    // Bit depth 1, greyscale, deflate, no filter method, no interlace.
    ihdr.extend_from_slice(&[1, 0, 0, 0, 0]);
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in [
        (b"IHDR", &ihdr[..]),
        (b"IDAT", &idat[..]),
        (b"IEND", &[][..]),
    ] {
        out.extend_from_slice(&u32::try_from(data.len()).ok()?.to_be_bytes());
        let mut crc = crc32fast::Hasher::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&crc.finalize().to_be_bytes());
    }
    Some(out)
}

/// The deflate codes of every image, fitted once to the rows of a few
/// codes (links of 22 to 284 bytes, versions 2 to 11): the images are
/// alike, and fitting codes to each took twice as long for the same bytes.
static CODES: std::sync::LazyLock<zlib::Codes> = std::sync::LazyLock::new(|| {
    let links = [
        "https://example.org/a/".to_string(),
        "https://example.org/district/street/community/2026/zhang-wei/".to_string(),
        format!(
            "https://example.org/{}2026/_unit/",
            "district-street/".repeat(4)
        ),
        format!(
            "https://example.org/{}2026/member/",
            "city-district-street/".repeat(12)
        ),
    ];
    let samples: Vec<Vec<u8>> = links
        .iter()
        .filter_map(|link| chosen(link, LEVEL))
        .map(|(width, dark)| rows(width, &dark))
        .collect();
    let samples: Vec<&[u8]> = samples.iter().map(Vec::as_slice).collect();
    zlib::Codes::for_samples(&samples)
});

/// The image's rows as PNG filters them (type 0, none), one bit a pixel
/// (white 1), from the code's rows of dark modules.
fn rows(width: usize, dark: &[Row]) -> Vec<u8> {
    let size = width + 2 * QUIET;
    let row_bytes = size.div_ceil(8);
    let mut raw = Vec::with_capacity(size * (row_bytes + 1));
    for y in 0..size {
        // Filter type 0 (none): a row of pixels follows.
        raw.push(0);
        match y.checked_sub(QUIET).and_then(|y| dark.get(y)) {
            Some(row) => raw.extend((0..row_bytes).map(|k| {
                // Pixel 8k is the byte's highest bit.
                !modules8(row, 8 * k as isize - QUIET as isize).reverse_bits()
            })),
            None => raw.resize(raw.len() + row_bytes, 0xff),
        }
    }
    raw
}

/// Modules `from..from + 8` of `row` (module `from` at bit 0); those
/// before 0 or past the code's width are light (0).
fn modules8(row: &Row, from: isize) -> u8 {
    if from < 0 {
        return modules8(row, 0)
            .checked_shl(from.unsigned_abs() as u32)
            .unwrap_or(0);
    }
    let (w, s) = (from as usize / 64, from as usize % 64);
    let word = |w: usize| row.get(w).copied().unwrap_or(0);
    let high = if s > 56 { word(w + 1) << (64 - s) } else { 0 };
    ((word(w) >> s) | high) as u8
}

/// Standard base64 with padding (RFC 4648, section 4).
fn base64(bytes: &[u8], out: &mut String) {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i)) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of bits as the `qrcode` crate's colors, row by row.
    fn colors_of(width: usize, rows: &[Row]) -> Vec<Color> {
        assert_eq!(rows.len(), width);
        rows.iter()
            .flat_map(|row| {
                (0..width).map(move |x| {
                    if row[x / 64] >> (x % 64) & 1 == 1 {
                        Color::Dark
                    } else {
                        Color::Light
                    }
                })
            })
            .collect()
    }

    /// Format information for every level and mask is the standard's
    /// (its table, ISO/IEC 18004 annex C, for level M and L).
    #[test]
    fn format_information_is_the_standards() {
        assert_eq!(format_info(EcLevel::M, 0), 0b101010000010010);
        assert_eq!(format_info(EcLevel::L, 0), 0b111011111000100);
        assert_eq!(format_info(EcLevel::L, 7), 0b110100101110110);
        assert_eq!(format_info(EcLevel::H, 7), 0b000100000111011);
    }

    /// How many runs of dark modules the rows of `colors` hold: one starts
    /// at every dark module with a light one, or the edge, on its left.
    fn dark_runs(width: usize, colors: &[Color]) -> usize {
        colors
            .chunks(width)
            .map(|row| {
                (0..row.len())
                    .filter(|&i| row[i] == Color::Dark && (i == 0 || row[i - 1] != Color::Dark))
                    .count()
            })
            .sum()
    }

    #[test]
    fn names_the_image_only_when_asked() {
        let url = "https://example.org/pledges/a/2026/zhang-wei/";
        let named = img(&Made::default(), url, Some("扫码查看 <链接>")).unwrap();
        assert!(
            named.starts_with(
                "<img class=\"qr\" alt=\"扫码查看 &lt;链接&gt;\" src=\"data:image/png;base64,"
            ),
            "{named}"
        );
        let bare = img(&Made::default(), url, None).unwrap();
        assert!(
            bare.starts_with("<img class=\"qr\" alt=\"\" src="),
            "{bare}"
        );
        // Too long for any QR code: no image, not a broken one.
        assert_eq!(img(&Made::default(), &"x".repeat(8000), None), None);
    }

    /// A code wanted twice is made once and then forgotten; made again,
    /// it is the same.
    #[test]
    fn a_code_is_made_once_for_its_two_uses() {
        let url = "https://example.org/a/2026/zhang-wei/";
        let made = Made::default();
        let sheet = img(&made, url, None).unwrap();
        assert_eq!(made.0.waiting(), 1);
        let card = img(&made, url, Some("扫码")).unwrap();
        assert_eq!(made.0.waiting(), 0);
        let src = |tag: &str| tag.split(" src=").nth(1).unwrap().to_string();
        assert_eq!(src(&sheet), src(&card));
        assert_eq!(img(&Made::default(), url, None).unwrap(), sheet);
        // Codes never wanted again do not fill it for good.
        for i in 0..Made::KEEP {
            made.0.get(&i.to_string(), 2, || None);
        }
        assert_eq!(img(&made, url, None).unwrap(), sheet);
        assert_eq!(made.0.waiting(), 1);
    }

    /// The image's data is no longer than the best level of a general
    /// compressor (zlib-rs) makes it, over links of every length a sheet has.
    #[test]
    fn the_image_is_as_small_as_zlib_best_makes_it() {
        let (mut ours, mut best) = (0, 0);
        for i in 0..60 {
            let url = format!(
                "https://example.org/{}/2026/{}/",
                "jiangbei-district/qingshan-street".repeat(1 + i % 3),
                "zhang-wei-".repeat(1 + i % 5)
            );
            let (width, dark) = chosen(&url, LEVEL).unwrap();
            let raw = rows(width, &dark);
            ours += zlib::compress(&raw, &CODES).len();
            let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
            std::io::Write::write_all(&mut z, &raw).unwrap();
            best += z.finish().unwrap().len();
        }
        assert!(ours <= best, "{ours} bytes against zlib's {best}");
    }

    /// Level L is a version smaller than M for a typical sheet's link.
    #[test]
    fn level_l_is_a_version_smaller() {
        // 71 bytes: version 4 (33 modules) at L, 5 (37) at M.
        let url = "https://example.org/jiangbei-district/tuanjie-street/2026/peng-xiulan/";
        let (l, _) = chosen(url, EcLevel::L).unwrap();
        let (m, _) = chosen(url, EcLevel::M).unwrap();
        assert_eq!((l, m), (33, 37));
    }

    /// The pixels of a PNG `png` writes (1-bit greyscale, unfiltered), as
    /// a QR reader sees them: true for dark.
    fn png_pixels(data: &[u8]) -> (usize, Vec<bool>) {
        assert_eq!(&data[..8], b"\x89PNG\r\n\x1a\n");
        let (mut at, mut side, mut idat) = (8, 0, Vec::new());
        while at < data.len() {
            let len = u32::from_be_bytes(data[at..at + 4].try_into().unwrap()) as usize;
            let kind = &data[at + 4..at + 8];
            let body = &data[at + 8..at + 8 + len];
            let crc = u32::from_be_bytes(data[at + 8 + len..at + 12 + len].try_into().unwrap());
            let mut h = crc32fast::Hasher::new();
            h.update(kind);
            h.update(body);
            assert_eq!(h.finalize(), crc, "{}", String::from_utf8_lossy(kind));
            match kind {
                b"IHDR" => {
                    side = u32::from_be_bytes(body[..4].try_into().unwrap()) as usize;
                    assert_eq!(&body[4..8], &body[..4], "square");
                    assert_eq!(&body[8..], &[1, 0, 0, 0, 0]);
                }
                b"IDAT" => idat.extend_from_slice(body),
                b"IEND" => assert_eq!(at + 12 + len, data.len(), "IEND last"),
                other => panic!("chunk {other:?}"),
            }
            at += 12 + len;
        }
        let mut raw = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&idat[..]), &mut raw)
            .unwrap();
        let row = side.div_ceil(8) + 1;
        assert_eq!(raw.len(), row * side);
        let mut dark = Vec::with_capacity(side * side);
        for y in 0..side {
            assert_eq!(raw[y * row], 0, "filter none");
            for x in 0..side {
                dark.push(raw[y * row + 1 + x / 8] & (0x80 >> (x % 8)) == 0);
            }
        }
        (side, dark)
    }

    fn base64_decode(text: &str) -> Vec<u8> {
        const ABC: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = Vec::new();
        let (mut acc, mut bits) = (0u32, 0);
        for c in text.trim_end_matches('=').chars() {
            acc = acc << 6 | ABC.find(c).unwrap() as u32;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
            }
        }
        out
    }

    #[test]
    fn base64_is_standard() {
        let mut out = String::new();
        base64(b"Man", &mut out);
        base64(b"Ma", &mut out);
        base64(b"M", &mut out);
        base64(b"", &mut out);
        assert_eq!(out, "TWFuTWE=TQ==");
    }

    /// The printed form's `<img>`: the code's modules, pixel for pixel,
    /// inside a white quiet zone of 4, and a reader gets the link back;
    /// a few hundred bytes, where the path was ~1.9 KB.
    #[test]
    fn the_image_is_the_code() {
        for url in [
            "https://example.org/a/2026/zhang-wei/",
            "http://127.0.0.1:1111/jiangbei-district/tuanjie-street/yucai-community/2026/peng-xiulan/",
            "https://dangjian.example.gov.cn/gongkai/chengnuo/%E5%9F%8E%E5%85%B3%E8%A1%97%E9%81%93/%E7%A4%BE%E5%8C%BA/2026/ouyang-xiaoming-2/",
        ] {
            let tag = img(&Made::default(), url, None).unwrap();
            let prefix = "<img class=\"qr\" alt=\"\" src=\"data:image/png;base64,";
            assert!(tag.starts_with(prefix) && tag.ends_with("\">"), "{tag}");
            let (width, modules) = chosen(url, LEVEL).unwrap();
            let colors = colors_of(width, &modules);
            let (side, dark) = png_pixels(&base64_decode(&tag[prefix.len()..tag.len() - 2]));
            assert_eq!(side, width + 2 * QUIET);
            for y in 0..side {
                for x in 0..side {
                    let inside =
                        (QUIET..QUIET + width).contains(&x) && (QUIET..QUIET + width).contains(&y);
                    let want = inside && colors[(y - QUIET) * width + x - QUIET] == Color::Dark;
                    assert_eq!(dark[y * side + x], want, "{url}: pixel {x},{y}");
                }
            }
            let scale = 4;
            let mut img =
                rqrr::PreparedImage::prepare_from_greyscale(side * scale, side * scale, |x, y| {
                    if dark[y / scale * side + x / scale] {
                        0
                    } else {
                        255
                    }
                });
            let grids = img.detect_grids();
            assert_eq!(grids.len(), 1, "{url}");
            assert_eq!(grids[0].decode().expect("decodes").1, url);
            if url.len() < 100 {
                assert!(tag.len() < 600, "{} bytes: {url}", tag.len());
            }
        }
    }

    /// The counts the mask is chosen by are the runs the `qrcode` crate's
    /// own masking leaves, its format modules aside (left light), for
    /// every mask and for codes of one, two and three words a row.
    #[test]
    fn the_runs_counted_are_the_runs_masked() {
        for (url, words) in [
            ("https://example.org/a/2026/zhang-wei/".to_string(), 1),
            (format!("https://example.org/{}/", "b".repeat(400)), 2),
            (format!("https://example.org/{}/", "c".repeat(1500)), 3),
        ] {
            let bits = bits::encode_auto(url.as_bytes(), LEVEL).unwrap();
            let version = bits.version();
            let (data, ecc) = ec::construct_codewords(&bits.into_bytes(), version, LEVEL).unwrap();
            let mut canvas = Canvas::new(version, LEVEL);
            canvas.draw_all_functional_patterns();
            canvas.draw_data(&data, &ecc);
            let width = version.width() as usize;
            assert_eq!(width.div_ceil(64), words, "{width} modules");
            let planes = Planes::of(&canvas, width);
            let runs = planes.runs_by_mask();
            for (m, &mask) in MASKS.iter().enumerate() {
                let mut masked = canvas.clone();
                masked.apply_mask(mask);
                let mut colors = masked.into_colors();
                for (i, c) in colors.iter_mut().enumerate() {
                    if let Module::Masked(fixed) =
                        canvas.get((i % width) as i16, (i / width) as i16)
                    {
                        *c = fixed;
                    }
                }
                assert_eq!(
                    runs[m],
                    dark_runs(width, &colors),
                    "{width} modules, mask {m}"
                );
                // Masked on bits, with its format information, the code is
                // the crate's masked code module for module.
                assert_eq!(
                    colors_of(width, &planes.masked(m, LEVEL)),
                    {
                        let mut masked = canvas.clone();
                        masked.apply_mask(mask);
                        masked.into_colors()
                    },
                    "{width} modules, mask {m}"
                );
            }
        }
    }
}
