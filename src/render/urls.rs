//! Where every page lives: output folders (raw names) and the links to
//! them (absolute from the base path, percent-encoded, pretty URLs).

use std::collections::{BTreeMap, BTreeSet};

/// Top-level folders of pages that belong to no unit.
pub const CATEGORIES: &str = "categories";
pub const STATUS: &str = "status";
pub const YEARS: &str = "years";
/// The reader-facing 口径说明 page: every figure and status word explained.
pub const GLOSSARY: &str = "glossary";
pub const STYLE: &str = "assets/style.css";
/// What every printed page says of the site (its name, host, the word
/// before an address), as CSS custom properties the style sheet imports.
pub const PRINT_CSS: &str = "assets/print.css";
pub const SEARCH: &str = "search";
pub const SEARCH_JS: &str = "assets/search.js";
/// Reader preferences (larger text), on every page.
pub const READER_JS: &str = "assets/reader.js";
pub const SITE_FEED: &str = "feeds/atom.xml";
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";
pub const NOT_FOUND: &str = "404.html";
/// The file of every page folder.
pub const INDEX: &str = "index.html";
/// The feed file in every unit's folder but the root's.
pub const UNIT_FEED: &str = "atom.xml";

/// The longest file or folder name most disks hold, in bytes.
pub const MAX_NAME_BYTES: usize = 255;

/// A unit's Atom feed (its subtree's notes); the root unit has none of
/// its own: the site feed is its feed.
pub fn unit_feed(unit_path: &str) -> Option<String> {
    (!unit_path.is_empty()).then(|| join(&[unit_path, UNIT_FEED]))
}

/// Part `n` (from 1) of a sitemap too long for one file.
pub fn sitemap_part(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// Whether `name` is a [`sitemap_part`] (letter case aside).
pub fn is_sitemap_part(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower
        .strip_prefix("sitemap-")
        .and_then(|rest| rest.strip_suffix(".xml"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Joins non-empty folder parts with `/`.
pub fn join(parts: &[&str]) -> String {
    let mut out = String::new();
    for part in parts.iter().filter(|p| !p.is_empty()) {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(part);
    }
    out
}

pub fn unit_dir(unit_path: &str) -> String {
    unit_path.to_string()
}

/// A unit's board; the root unit's board is the year page.
pub fn board_dir(unit_path: &str, year: i32) -> String {
    join(&[unit_path, &year.to_string()])
}

/// The printable 公示栏 of a board, on A4 or A3 paper. The names start
/// with `_`, which no member's pledge file can (`walk::sheet_id`), so no
/// sheet's folder can take them.
pub const POSTER: &str = "_poster";
pub const POSTER_A3: &str = "_poster-a3";
/// The board's printable desk cards (承诺卡), one per member.
pub const CARDS: &str = "_cards";

/// Paper a printable page is laid out for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Paper {
    A4,
    A3,
}

impl Paper {
    pub fn as_str(self) -> &'static str {
        match self {
            Paper::A4 => "a4",
            Paper::A3 => "a3",
        }
    }
}

/// A board's poster (the root unit's under the year page's folder).
pub fn poster_dir(unit_path: &str, year: i32, paper: Paper) -> String {
    let name = match paper {
        Paper::A4 => POSTER,
        Paper::A3 => POSTER_A3,
    };
    join(&[unit_path, &year.to_string(), name])
}

pub fn cards_dir(unit_path: &str, year: i32) -> String {
    join(&[unit_path, &year.to_string(), CARDS])
}

pub fn sheet_dir(unit_path: &str, year: i32, sheet: &str) -> String {
    join(&[unit_path, &year.to_string(), sheet])
}

pub fn note_dir(unit_path: &str, year: i32, sheet: &str, note: &str) -> String {
    join(&[unit_path, &year.to_string(), sheet, note])
}

pub fn year_dir(year: i32) -> String {
    year.to_string()
}

/// `status/<year>`: the index of a year's status lists.
pub fn statuses_dir(year: i32) -> String {
    join(&[STATUS, &year.to_string()])
}

pub fn status_dir(year: i32, status: &str) -> String {
    join(&[STATUS, &year.to_string(), status])
}

/// Page `n` (from 1) of a list whose first page is in `dir`: page 1 is
/// `dir` itself (so the list's URL never changes), page `n` ≥ 2 is
/// `<dir>/<n>` — a plain folder, so any static host serves it.
pub fn list_page_dir(dir: &str, n: usize) -> String {
    if n <= 1 {
        dir.to_string()
    } else {
        join(&[dir, &n.to_string()])
    }
}

/// The output file of a page in `dir` (`""` is the home page).
pub fn index_file(dir: &str) -> String {
    join(&[dir, INDEX])
}

/// What a link leaves as it is: unreserved ASCII (RFC 3986) and `/`.
const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'/');

/// Percent-encodes everything but unreserved ASCII and `/`.
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    push_encoded(&mut out, path);
    out
}

/// [`encode_path`] onto the end of `out`: every page's links go through
/// here.
fn push_encoded(out: &mut String, path: &str) {
    out.extend(percent_encoding::utf8_percent_encode(path, KEEP));
}

/// An item's anchor on its sheet (the `id` of its row): `item-<id>`.
pub fn item_anchor(item_id: &str) -> String {
    format!("item-{item_id}")
}

/// The link to `anchor` on the page `page_url`. Every anchor link of the
/// site (pages, search, feeds) is made here, the anchor percent-encoded
/// like the rest of a link; a browser decodes it before it looks for the
/// `id`, so `#item-%E5%9F%8E` finds `id="item-城"`.
pub fn anchor_link(page_url: &str, anchor: &str) -> String {
    let mut out = String::with_capacity(page_url.len() + anchor.len() + 1);
    out.push_str(page_url);
    out.push('#');
    push_encoded(&mut out, anchor);
    out
}

/// Builds links from the site's base path (`/` or `/pledges/`).
#[derive(Clone, Debug)]
pub struct Urls {
    base: String,
}

impl Urls {
    pub fn new(base_path: &str) -> Self {
        let mut base = base_path.to_string();
        if !base.starts_with('/') {
            base.insert(0, '/');
        }
        if !base.ends_with('/') {
            base.push('/');
        }
        Urls { base }
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    /// The link to a page folder: `<base><dir>/`.
    pub fn dir(&self, dir: &str) -> String {
        if dir.is_empty() {
            self.base.clone()
        } else {
            let mut out = String::with_capacity(self.base.len() + dir.len() + 1);
            out.push_str(&self.base);
            push_encoded(&mut out, dir);
            out.push('/');
            out
        }
    }

    /// The link to a file: `<base><path>`.
    pub fn file(&self, path: &str) -> String {
        let mut out = String::with_capacity(self.base.len() + path.len());
        out.push_str(&self.base);
        push_encoded(&mut out, path);
        out
    }
}

/// The attributes whose values are links a page's reader follows or
/// loads (`data-base` is where the search script finds the index).
const LINK_ATTRS: [&str; 4] = ["href", "src", "action", "data-base"];

/// How a page writes its site links (attribute values under `base`):
/// the rule of [`relativize`] or of [`shorten`], for one link at a time.
/// The compiled pages (`super::native`) write each link in its final
/// form with it; Tera's pages are rewritten by those two afterwards.
pub enum LinkForm<'a> {
    /// Relative to the page's file, folders as `…/index.html`: `up` is a
    /// `../` for each folder the page is in.
    Relative { up: String, base: &'a str },
    /// The shorter of the absolute and the page-relative form: `page`
    /// is the page's folder link, its letters decoded.
    Shortest {
        page: std::borrow::Cow<'a, str>,
        base: &'a str,
    },
}

/// Where a link is written: a page's bytes, or a compiled page's text.
pub trait Sink {
    fn put(&mut self, text: &str);
    /// Bytes cut from a page at ASCII bytes (see `each_link`).
    fn put_bytes(&mut self, bytes: &[u8]);
}

impl Sink for Vec<u8> {
    fn put(&mut self, text: &str) {
        self.extend_from_slice(text.as_bytes());
    }

    fn put_bytes(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

impl Sink for String {
    fn put(&mut self, text: &str) {
        self.push_str(text);
    }

    fn put_bytes(&mut self, bytes: &[u8]) {
        // Cut from a `&str` at ASCII bytes: always text.
        self.push_str(&String::from_utf8_lossy(bytes));
    }
}

/// The links of `html`, markup made elsewhere (an editor's Markdown), onto
/// `out` in `form`, the rest as it is.
pub fn links_into(html: &str, form: &LinkForm, out: &mut impl Sink) {
    links_each(html.as_bytes(), out, |out, attr, value| {
        form.put(out, attr, value)
    });
}

impl<'a> LinkForm<'a> {
    /// The form of the links of the page written at `page_file` (its
    /// folder link `page_url`).
    pub fn new(relative: bool, page_file: &str, page_url: &'a str, base: &'a str) -> Self {
        if relative {
            LinkForm::Relative {
                up: "../".repeat(page_file.matches('/').count()),
                base,
            }
        } else {
            LinkForm::Shortest {
                page: with_letters(page_url),
                base,
            }
        }
    }

    /// `value`, the (escaped) value of the link attribute `attr`, onto
    /// `out` in this form.
    pub fn put(&self, out: &mut impl Sink, attr: &str, value: &str) {
        match self {
            LinkForm::Relative { up, base } => match value.strip_prefix(base) {
                Some(inner) if !value.starts_with("//") => {
                    let cut = inner.find(['?', '#']).unwrap_or(inner.len());
                    let (path, tail) = inner.split_at(cut);
                    out.put(up);
                    out.put(path);
                    // The search script's base is a folder prefix it adds to.
                    if attr == "data-base" {
                        if up.is_empty() && path.is_empty() {
                            out.put("./");
                        }
                    } else if path.is_empty() || path.ends_with('/') {
                        out.put(INDEX);
                    }
                    out.put(tail);
                }
                _ => out.put(value),
            },
            LinkForm::Shortest { page, base } => {
                if attr != "data-base" && value.starts_with(base) && !value.starts_with("//") {
                    push_shortest(out, &with_letters(value), page);
                } else {
                    out.put(value);
                }
            }
        }
    }
}

/// A rendered page with every site link (an attribute value under `base`)
/// made relative to the page's own file `page_file`, and every folder
/// link ending in `index.html`: a copy opened from a folder or a USB
/// stick (`file://`, which serves no folder indexes) or put under any
/// folder of a server then works. Done on the finished HTML, once per
/// page, because the view models' links are shared by pages of every
/// depth; editor text cannot take part: its quotes are escaped, so only
/// the templates' own attributes match. Absolute URLs (`https://…`, as
/// in feeds, the sitemap and QR codes) are left as they are.
pub fn relativize(html: &[u8], page_file: &str, base: &str) -> Vec<u8> {
    let form = LinkForm::new(true, page_file, "", base);
    each_link(html, html.len() / 16, |out, attr, value| {
        form.put(out, attr, value)
    })
}

/// A rendered page with every site link (an attribute value under `base`)
/// in the shorter of its absolute and its page-relative form, and the
/// letters in it (Chinese above all) written as themselves instead of
/// percent-encoded: a sheet page links dozens of times, and its bytes
/// are writing and upload time. `page_url` is the page's own folder
/// link (`<base>…/`). A link to the page itself with an anchor is the
/// anchor alone; a tie keeps the absolute form, which also works from
/// a copy of the page moved elsewhere. The search script's `data-base`
/// stays absolute (it is a prefix, not a link).
///
/// The letters are safe as they are: an `href` is a URL that may hold
/// any non-ASCII code point (a browser encodes it as UTF-8 before it
/// asks the server, the same bytes as before); every character that
/// means something in a URL or in HTML (`%`, `?`, `#`, `"`, spaces,
/// other punctuation) stays encoded. Relative links rely on the page
/// being served at its folder's URL, with the `/` (every link of the
/// site ends in `/`, and so do the QR codes and the sitemap).
pub fn shorten(html: &[u8], page_url: &str, base: &str) -> Vec<u8> {
    let form = LinkForm::new(false, "", page_url, base);
    each_link(html, 0, |out, attr, value| form.put(out, attr, value))
}

/// `html` with the value of every link attribute (`LINK_ATTRS`) replaced
/// by what `write(out, attr, value)` pushes onto `out`; `extra` is room to
/// reserve beyond the input's length. Bytes in, bytes out: the page is
/// never checked as a whole for UTF-8 (that pass was as long as this
/// one), only each value, and every cut is at an ASCII byte.
fn each_link(html: &[u8], extra: usize, write: impl FnMut(&mut Vec<u8>, &str, &str)) -> Vec<u8> {
    let mut out = Vec::with_capacity(html.len() + extra);
    links_each(html, &mut out, write);
    out
}

/// `each_link` onto `out`.
fn links_each<S: Sink>(html: &[u8], out: &mut S, mut write: impl FnMut(&mut S, &str, &str)) {
    // How far `html` is on `out`: a `="` before it is inside a value.
    let mut done = 0;
    for eq in memchr::memmem::find_iter(html, b"=\"") {
        if eq < done {
            continue;
        }
        let Some(attr) = link_attr_before(html, eq) else {
            continue;
        };
        let start = eq + 2;
        let end = memchr::memchr(b'"', &html[start..]).map_or(html.len(), |n| start + n);
        out.put_bytes(&html[done..start]);
        match std::str::from_utf8(&html[start..end]) {
            Ok(value) => write(out, attr, value),
            // Not text (no template writes such a value): as it was.
            Err(_) => out.put_bytes(&html[start..end]),
        }
        done = end;
    }
    out.put_bytes(&html[done..]);
}

/// `link` (absolute, from the site's root) onto `out` as it is or as a
/// path relative to the folder `page`, whichever is shorter.
fn push_shortest(out: &mut impl Sink, link: &str, page: &str) {
    let cut = link.find(['?', '#']).unwrap_or(link.len());
    let (path, tail) = link.split_at(cut);
    // The folders both share: up to the last `/` of the common bytes.
    let same = path
        .bytes()
        .zip(page.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let common = path.as_bytes()[..same]
        .iter()
        .rposition(|&b| b == b'/')
        .map_or(0, |i| i + 1);
    let up = page[common..].matches('/').count();
    let down = &path[common..];
    // `a:b/` would read as a scheme; an empty path is the page itself.
    let dot = up == 0 && {
        let first = down.split('/').next().unwrap_or("");
        first.contains(':') || (down.is_empty() && !tail.starts_with('#'))
    };
    // Measured before it is written: no string made for every link.
    let rel_len = 3 * up + 2 * usize::from(dot) + down.len() + tail.len();
    if rel_len < link.len() {
        for _ in 0..up {
            out.put("../");
        }
        if dot {
            out.put("./");
        }
        out.put(down);
        out.put(tail);
    } else {
        out.put(link);
    }
}

/// `link` with every percent-encoded letter (a non-ASCII character that
/// is alphabetic or numeric, such as 城 or é) decoded; everything else,
/// invalid sequences too, as it was.
pub(crate) fn with_letters(link: &str) -> std::borrow::Cow<'_, str> {
    if !link.contains('%') {
        return std::borrow::Cow::Borrowed(link);
    }
    let bytes = link.as_bytes();
    let hex = |i: usize| -> Option<u8> {
        let h = bytes.get(i + 1..i + 3)?;
        u8::from_str_radix(std::str::from_utf8(h).ok()?, 16).ok()
    };
    let mut out = String::with_capacity(link.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(lead) = hex(i)
            && lead >= 0xc0
        {
            let len = match lead {
                0xc0..=0xdf => 2,
                0xe0..=0xef => 3,
                _ => 4,
            };
            let mut char_bytes = [0u8; 4];
            let all = (0..len).all(|k| {
                let at = i + 3 * k;
                let b = (bytes.get(at) == Some(&b'%')).then(|| hex(at)).flatten();
                b.map(|b| char_bytes[k] = b).is_some()
            });
            if all
                && let Ok(s) = std::str::from_utf8(&char_bytes[..len])
                && s.chars().all(char::is_alphanumeric)
            {
                out.push_str(s);
                i += 3 * len;
                continue;
            }
        }
        // Copy up to the next `%` (always a character boundary).
        let next = link[i + 1..].find('%').map_or(link.len(), |n| n + i + 1);
        out.push_str(&link[i..next]);
        i = next;
    }
    std::borrow::Cow::Owned(out)
}

/// Which of [`LINK_ATTRS`] the `="` at `eq` of `html` ends, if one
/// does: ` <attr>="`, a space of any kind before the name.
fn link_attr_before(html: &[u8], eq: usize) -> Option<&'static str> {
    LINK_ATTRS.into_iter().find(|attr| {
        eq.checked_sub(attr.len() + 1).is_some_and(|start| {
            html[start + 1..eq] == *attr.as_bytes() && html[start].is_ascii_whitespace()
        })
    })
}

/// The longest category folder name before [`category_slugs`] adds its
/// `-2`, `-3`… to tell colliding ones apart; well under
/// [`MAX_NAME_BYTES`] (a Chinese character takes 3 bytes).
const MAX_SLUG_BYTES: usize = 240;

/// A category's folder name: the text with `/ \ ? # % " < > |`, control
/// characters and whitespace replaced by `-`; Chinese is kept. A name
/// too long for a disk is cut and ends in a hash of the whole text, so
/// it stays the same from build to build and apart from other cut ones;
/// one that is a name of the categories folder's own (`index.html`) gets
/// a `-` in front, like `.` and `..`. Every other slug is the text as it
/// always was, so no category's URL changes.
pub fn category_slug(category: &str) -> String {
    let slug: String = category
        .chars()
        .map(|c| {
            if c.is_whitespace() || c.is_control() || "/\\?#%\"<>|".contains(c) {
                '-'
            } else {
                c
            }
        })
        .collect();
    // `.` and `..` would climb out of `categories/`.
    if slug.is_empty() || slug.chars().all(|c| c == '.') || slug.eq_ignore_ascii_case(INDEX) {
        return format!("-{slug}");
    }
    if slug.len() <= MAX_SLUG_BYTES {
        return slug;
    }
    let hash = format!("-{:016x}", fnv1a(category.as_bytes()));
    let mut cut = MAX_SLUG_BYTES - hash.len();
    while !slug.is_char_boundary(cut) {
        cut -= 1;
    }
    format!("{}{hash}", &slug[..cut])
}

/// FNV-1a, 64 bits: a hash fixed by its definition (std's may change
/// between Rust releases, and a slug must not).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Folder names for every category; texts whose slugs collide get `-2`,
/// `-3`… in sorted order, so the result is deterministic.
pub fn category_slugs<'a>(
    categories: impl IntoIterator<Item = &'a str>,
) -> BTreeMap<String, String> {
    let sorted: BTreeSet<&str> = categories.into_iter().collect();
    let mut taken = BTreeSet::new();
    let mut out = BTreeMap::new();
    for cat in sorted {
        let base = category_slug(cat);
        let mut slug = base.clone();
        let mut n = 2;
        while !taken.insert(slug.to_lowercase()) {
            slug = format!("{base}-{n}");
            n += 1;
        }
        out.insert(cat.to_string(), slug);
    }
    out
}

pub fn category_dir(slug: &str) -> String {
    join(&[CATEGORIES, slug])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn relativize(html: &str, page_file: &str, base: &str) -> String {
        String::from_utf8(super::relativize(html.as_bytes(), page_file, base)).unwrap()
    }

    fn shorten(html: &str, page_url: &str, base: &str) -> String {
        String::from_utf8(super::shorten(html.as_bytes(), page_url, base)).unwrap()
    }

    #[test]
    fn links_and_paths() {
        let u = Urls::new("/pledges/");
        assert_eq!(u.dir(""), "/pledges/");
        assert_eq!(u.dir(&board_dir("", 2026)), "/pledges/2026/");
        assert_eq!(
            u.dir(&sheet_dir("a/b", 2026, "_unit")),
            "/pledges/a/b/2026/_unit/"
        );
        assert_eq!(index_file(""), "index.html");
        assert_eq!(
            u.dir(&poster_dir("a/b", 2026, Paper::A3)),
            "/pledges/a/b/2026/_poster-a3/"
        );
        assert_eq!(poster_dir("", 2026, Paper::A4), "2026/_poster");
        assert_eq!(cards_dir("a", 2026), "a/2026/_cards");
        assert_eq!(index_file(&board_dir("a", 2026)), "a/2026/index.html");
        assert_eq!(u.dir("城关"), "/pledges/%E5%9F%8E%E5%85%B3/");
        assert_eq!(encode_path("a b%/c\n"), "a%20b%25/c%0A");
        assert_eq!(encode_path("-._~AZaz09城"), "-._~AZaz09%E5%9F%8E");
        assert_eq!(
            anchor_link("/p/", &item_anchor("城 1")),
            "/p/#item-%E5%9F%8E%201"
        );
        assert_eq!(Urls::new("/").file(STYLE), "/assets/style.css");
        let overdue = status_dir(2026, "overdue");
        assert_eq!(list_page_dir(&overdue, 1), "status/2026/overdue");
        assert_eq!(
            u.dir(&list_page_dir(&overdue, 3)),
            "/pledges/status/2026/overdue/3/"
        );
        assert_eq!(
            index_file(&list_page_dir(&category_dir("就业"), 2)),
            "categories/就业/2/index.html"
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(category_slug("就业 创业/帮扶"), "就业-创业-帮扶");
        assert_eq!(category_slug(".."), "-..");
        assert_eq!(category_slug("index.html"), "-index.html");
        assert_eq!(category_slug("Index.HTML"), "-Index.HTML");
        assert_eq!(category_slug("index.htm"), "index.htm");
        let slugs = category_slugs(["a b", "a/b", "c"]);
        assert_eq!(slugs["a b"], "a-b");
        assert_eq!(slugs["a/b"], "a-b-2");
    }

    /// A category of any length has a folder name a disk can hold, the
    /// same in every build; ones that fit keep their text.
    #[test]
    fn long_category_slugs_fit_and_stay_put() {
        let fits = "帮".repeat(MAX_SLUG_BYTES / 3);
        assert_eq!(category_slug(&fits), fits);
        let long = format!("{}乡村振兴", "帮扶困难群众".repeat(30));
        let slug = category_slug(&long);
        assert!(slug.len() <= MAX_SLUG_BYTES, "{} bytes", slug.len());
        assert_eq!(slug, category_slug(&long));
        assert!(long.starts_with(&slug[..slug.len() - 17]));
        // Cut at a character: the hash tells texts with one beginning apart.
        let other = format!("{}党员教育", "帮扶困难群众".repeat(30));
        assert_ne!(category_slug(&other), slug);
        assert_eq!(
            category_slug(&"a".repeat(300)),
            format!(
                "{}-{:016x}",
                "a".repeat(223),
                fnv1a("a".repeat(300).as_bytes())
            )
        );
        // Told apart further by `category_slugs`, they still fit.
        let slugs = category_slugs([long.as_str(), other.as_str()]);
        assert!(slugs.values().all(|s| s.len() <= MAX_NAME_BYTES));
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
    }

    /// Site links become relative to the page, folders end in
    /// `index.html`; anchors, queries, other hosts and look-alike
    /// attributes stay as they are.
    #[test]
    fn relative_links() {
        let page = concat!(
            r##"<link rel="stylesheet" href="/p/assets/style.css">"##,
            r##"<a href="/p/">home</a><a href="/p/a/2026/#n1">n</a>"##,
            r##"<form action="/p/search/" data-base="/p/">"##,
            r##"<a href="https://x.org/p/">x</a><a href="#top">t</a>"##,
            r##"<img src="/p/a/2026/z/pic.jpg"><a data-href="/p/a/">d</a>"##,
            r##"<a href="/p/search/?q=a%20b">q</a><a href="/other/">o</a>"##,
        );
        let out = relativize(page, "a/2026/x/index.html", "/p/");
        assert_eq!(
            out,
            concat!(
                r##"<link rel="stylesheet" href="../../../assets/style.css">"##,
                r##"<a href="../../../index.html">home</a><a href="../../../a/2026/index.html#n1">n</a>"##,
                r##"<form action="../../../search/index.html" data-base="../../../">"##,
                r##"<a href="https://x.org/p/">x</a><a href="#top">t</a>"##,
                r##"<img src="../../../a/2026/z/pic.jpg"><a data-href="/p/a/">d</a>"##,
                r##"<a href="../../../search/index.html?q=a%20b">q</a><a href="/other/">o</a>"##,
            )
        );
        assert_eq!(
            relativize(r##"<a href="/">h</a>"##, "index.html", "/"),
            r##"<a href="index.html">h</a>"##
        );
        let cjk = r##"<td data-label="完成时限"><a href="/城关/">城关</a>限="x" 限 href="/"##;
        assert_eq!(
            relativize(cjk, "a/index.html", "/"),
            r##"<td data-label="完成时限"><a href="../城关/index.html">城关</a>限="x" 限 href="../index.html"##
        );
        assert_eq!(
            relativize(r##"<form data-base="/">"##, "index.html", "/"),
            r##"<form data-base="./">"##
        );
    }

    /// Site links in the shorter form: relative within the page's
    /// neighbourhood, absolute across the site, the page's own anchors
    /// alone; letters unencoded, everything else still encoded; other
    /// hosts, the search script's base and look-alike attributes as they
    /// are.
    #[test]
    fn shortest_links() {
        let page = concat!(
            r##"<link rel="stylesheet" href="/p/assets/style.css">"##,
            r##"<a href="/p/">home</a><a href="/p/a/2026/x/#n1">own</a>"##,
            r##"<a href="/p/a/2026/x/n1/">down</a><a href="/p/a/2026/">up</a>"##,
            r##"<a href="/p/a/2026/x/">self</a><a href="/p/a/2026/y/#item-%E5%9F%8E%201">side</a>"##,
            r##"<form action="/p/search/" data-base="/p/">"##,
            r##"<a href="https://x.org/p/">x</a><a data-href="/p/a/">d</a>"##,
            r##"<a href="/p/categories/%E5%B0%B1%E4%B8%9A%3F%22/">c</a><a href="/other/">o</a>"##,
            r##"<a href="/p/a/2026/%E5%9F%8E%3Ab/">colon</a><img src="/p/a/2026/x/pic.jpg">"##,
        );
        let out = shorten(page, "/p/a/2026/x/", "/p/");
        assert_eq!(
            out,
            concat!(
                r##"<link rel="stylesheet" href="/p/assets/style.css">"##,
                r##"<a href="/p/">home</a><a href="#n1">own</a>"##,
                r##"<a href="n1/">down</a><a href="../">up</a>"##,
                r##"<a href="./">self</a><a href="../y/#item-城%201">side</a>"##,
                r##"<form action="/p/search/" data-base="/p/">"##,
                r##"<a href="https://x.org/p/">x</a><a data-href="/p/a/">d</a>"##,
                r##"<a href="/p/categories/就业%3F%22/">c</a><a href="/other/">o</a>"##,
                r##"<a href="../城%3Ab/">colon</a><img src="pic.jpg">"##,
            )
        );
        // A page whose own folder has letters: compared unencoded.
        let cjk = shorten(r##"<a href="/%E5%9F%8E/2026/">b</a>"##, "/%E5%9F%8E/", "/");
        assert_eq!(cjk, r##"<a href="2026/">b</a>"##);
        // Encoded bytes that are no letter, or no character, stay.
        assert_eq!(
            with_letters("/%E3%80%80/%E5%9F/%ZZ%/"),
            "/%E3%80%80/%E5%9F/%ZZ%/"
        );
        assert_eq!(with_letters("/%C3%A9%E2%82%AC"), "/é%E2%82%AC");
    }

    #[test]
    fn sitemap_parts() {
        assert_eq!(sitemap_part(3), "sitemap-3.xml");
        assert!(is_sitemap_part(&sitemap_part(12)) && is_sitemap_part("Sitemap-1.XML"));
        assert!(!is_sitemap_part("sitemap-.xml") && !is_sitemap_part("sitemap-a.xml"));
    }
}
