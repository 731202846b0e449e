//! Test support: a page's site links as a browser follows them. Pages
//! write each link in its shortest form (page-relative or absolute,
//! letters unencoded; `render::urls::shorten`); tests that look for a
//! link resolve every `href`, `src` and `action` against the page's own
//! URL first, with this resolver of their own, so a link that leads
//! elsewhere still fails them. Used by the integration tests
//! (`tests/common`) and the render unit tests (included by path).

/// `page` (the file `file`, e.g. `a/2026/x/index.html`, of a site under
/// the base path `base`, e.g. `/` or `/sub/`) with every link attribute
/// resolved to an absolute path from the host, non-ASCII characters
/// percent-encoded (UTF-8, upper-case hex), as the site wrote its links
/// before they were shortened. Links with a scheme (`https:`, `mailto:`)
/// are left alone, but for their non-ASCII characters.
pub fn absolute(page: &str, file: &str, base: &str) -> String {
    let dir = file.strip_suffix("index.html").unwrap_or(file);
    let dir = dir.rsplit_once('/').map_or("", |(d, _)| d);
    let page_url = if dir.is_empty() {
        base.to_string()
    } else {
        format!("{base}{}/", folder(dir))
    };
    let mut out = String::with_capacity(page.len() + page.len() / 8);
    let mut rest = page;
    while let Some(at) = next_attr(rest) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let end = rest.find('"').unwrap_or(rest.len());
        out.push_str(&encoded(&resolve(&rest[..end], &page_url)));
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// Where the value of the next ` href="`, ` src="` or ` action="` starts.
fn next_attr(html: &str) -> Option<usize> {
    ["href", "src", "action"]
        .iter()
        .filter_map(|a| {
            let pat = format!("{a}=\"");
            let mut from = 0;
            while let Some(i) = html[from..].find(&pat).map(|i| i + from) {
                if i > 0 && html.as_bytes()[i - 1].is_ascii_whitespace() {
                    return Some(i + pat.len());
                }
                from = i + pat.len();
            }
            None
        })
        .min()
}

/// RFC 3986 reference resolution, as far as pages use it: an anchor or
/// query alone, `./`, leading `../`, a path from the root, or a scheme.
fn resolve(link: &str, page_url: &str) -> String {
    if link.starts_with('#') || link.starts_with('?') || link.is_empty() {
        return format!("{page_url}{link}");
    }
    let scheme = link
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && s.bytes().all(|b| b.is_ascii_alphanumeric()));
    if link.starts_with('/') || scheme {
        return link.to_string();
    }
    let mut folders: Vec<&str> = page_url.trim_end_matches('/').split('/').collect();
    let mut rest = link.strip_prefix("./").unwrap_or(link);
    while let Some(r) = rest.strip_prefix("../") {
        assert!(
            folders.len() > 1,
            "{link} climbs above the host from {page_url}"
        );
        folders.pop();
        rest = r;
    }
    format!("{}/{rest}", folders.join("/"))
}

/// Non-ASCII characters as `%XX` of their UTF-8 bytes.
fn encoded(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// An output folder as the site links to it: every byte but unreserved
/// ASCII and `/` as `%XX`.
fn folder(dir: &str) -> String {
    let mut out = String::with_capacity(dir.len());
    for b in dir.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
