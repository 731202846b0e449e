//! Readers' files without a browser: the Atom feeds (parsed with the
//! `feed-rs` crate), `sitemap.xml`, `robots.txt`, the 404 page and the
//! search index (queried here the way `assets/search.js` queries it).
//!
//! The demo site is generated in memory through the library, under the
//! sub-path `https://example.org/sub/`, as of 2026-11-28.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use pledgeboard::build::load_and_generate;
use pledgeboard::content::LoadOptions;
use pledgeboard::model::Date;
use pledgeboard::output::OutBody;
use pledgeboard::render::RenderOptions;
use serde_json::Value;

const ORIGIN: &str = "https://example.org";
const BASE: &str = "/sub/";

/// The demo's output files: path → bytes.
fn demo() -> &'static BTreeMap<String, Vec<u8>> {
    static FILES: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    FILES.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let load = LoadOptions {
            base_url: Some(format!("{ORIGIN}{BASE}")),
            ..LoadOptions::default()
        };
        let render = RenderOptions {
            today: Date::parse("2026-11-28").expect("date"),
            live_reload: false,
        };
        let (_, files, _) = load_and_generate(root, &load, &render)
            .unwrap_or_else(|e| panic!("the demo does not build: {e:?}"));
        files
            .into_iter()
            .filter_map(|f| match f.body {
                OutBody::Bytes(b) => Some((f.path, b)),
                OutBody::Copy(_) => None,
            })
            .collect()
    })
}

fn text(path: &str) -> String {
    let files = demo();
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("no {path} in the output"));
    String::from_utf8(bytes.clone()).expect("UTF-8")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| u8::from_str_radix(&text[i + 1..i + 3], 16).ok())
            .flatten();
        if let Some(b) = hex {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).expect("UTF-8 path")
}

/// The output file an absolute site URL names, and its fragment.
fn target(url: &str) -> (String, Option<String>) {
    let rest = url
        .strip_prefix(&format!("{ORIGIN}{BASE}"))
        .unwrap_or_else(|| panic!("{url} is not under the base URL"));
    let (path, fragment) = match rest.split_once('#') {
        Some((p, f)) => (p, Some(percent_decode(f))),
        None => (rest, None),
    };
    let path = percent_decode(path);
    let file = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    };
    (file, fragment)
}

/// Every progress note of the demo's open data: (date, unit, pledger, id).
fn all_notes() -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    for (path, bytes) in demo() {
        if !(path.starts_with("data/") && path.ends_with(".json")) {
            continue;
        }
        let data: Value = serde_json::from_slice(bytes).expect("data JSON");
        for n in data["notes"].as_array().expect("notes") {
            out.push((
                n["date"].as_str().unwrap_or("").to_string(),
                n["unit"].as_str().unwrap_or("").to_string(),
                n["pledger"].as_str().unwrap_or("").to_string(),
                n["id"].as_str().unwrap_or("").to_string(),
            ));
        }
    }
    out
}

fn parse_feed(path: &str) -> feed_rs::model::Feed {
    let body = text(path);
    assert!(body.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""));
    feed_rs::parser::parse(body.as_bytes()).unwrap_or_else(|e| panic!("{path}: {e}"))
}

#[test]
fn site_feed_is_atom_with_the_newest_notes() {
    let feed = parse_feed("feeds/atom.xml");
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    assert!(feed.title.is_some_and(|t| t.content.contains("清河区")));
    assert!(feed.updated.is_some());
    assert!(!feed.id.is_empty());
    assert!(
        feed.links.iter().any(|l| l.rel.as_deref() == Some("self")
            && l.href == format!("{ORIGIN}{BASE}feeds/atom.xml"))
    );
    let notes = all_notes();
    assert!(notes.len() > 100);
    assert_eq!(feed.entries.len(), 50);
    // Notes are dated in China Standard Time (midnight, +08:00).
    let local_date = |t: i64| {
        jiff::Timestamp::from_second(t + 8 * 3600)
            .expect("timestamp")
            .strftime("%Y-%m-%d")
            .to_string()
    };
    let newest = notes.iter().map(|n| n.0.clone()).max().expect("a note");
    let first = &feed.entries[0];
    assert_eq!(
        first.updated.map(|d| local_date(d.timestamp())),
        Some(newest.clone())
    );
    // Newest first, and nothing newer left out.
    let dates: Vec<String> = feed
        .entries
        .iter()
        .map(|e| local_date(e.updated.expect("entry updated").timestamp()))
        .collect();
    assert!(dates.windows(2).all(|w| w[0] >= w[1]), "{dates:?}");
    let oldest_listed = dates.last().expect("entries").clone();
    let newer = notes.iter().filter(|n| n.0 > oldest_listed).count();
    assert!(
        newer <= 50,
        "{newer} notes are newer than the feed's last entry"
    );
    let files = demo();
    let mut ids = BTreeSet::new();
    for e in &feed.entries {
        assert!(ids.insert(e.id.clone()), "duplicate entry id {}", e.id);
        assert!(e.title.as_ref().is_some_and(|t| !t.content.is_empty()));
        assert!(!e.authors.is_empty(), "{}: no author", e.id);
        let link = &e.links.first().expect("entry link").href;
        // Entries link to `<sheet>#<note id>`, and the sheet has that anchor.
        let (file, fragment) = target(link);
        let fragment = fragment.unwrap_or_else(|| panic!("{link} has no #note"));
        let page = String::from_utf8(
            files
                .get(&file)
                .cloned()
                .unwrap_or_else(|| panic!("{link}: no {file}")),
        )
        .expect("page");
        assert!(
            page.contains(&format!("id=\"{fragment}\"")),
            "{link}: no element {fragment} on {file}"
        );
        assert!(
            notes.iter().any(|n| n.3 == fragment),
            "{fragment} is no note"
        );
    }
}

#[test]
fn every_unit_has_a_feed_of_its_subtree() {
    let units: Vec<String> = demo()
        .keys()
        .filter_map(|p| p.strip_suffix("/atom.xml"))
        .filter(|p| *p != "feeds")
        .map(String::from)
        .collect();
    assert!(units.len() >= 12, "{units:?}");
    for unit in &units {
        let feed = parse_feed(&format!("{unit}/atom.xml"));
        let prefix = format!("{ORIGIN}{BASE}{}/", pledgeboard::render::encode_path(unit));
        for e in &feed.entries {
            let link = &e.links[0].href;
            assert!(link.starts_with(&prefix), "{unit}: {link} is outside it");
        }
        // A unit's own notes are in its feed (up to the newest 50).
        let own: Vec<_> = all_notes()
            .into_iter()
            .filter(|n| n.1 == *unit || n.1.starts_with(&format!("{unit}/")))
            .collect();
        assert_eq!(feed.entries.len(), own.len().min(50), "{unit}");
    }
    // The street's feed has its communities' notes too.
    let street = parse_feed("chengguan-street/atom.xml");
    assert!(street.entries.iter().any(|e| {
        e.links[0]
            .href
            .contains("/chengguan-street/xinhua-community/")
    }));
    // Pages link to their feeds.
    let board = text("chengguan-street/2026/index.html");
    assert!(board.contains("href=\"/sub/chengguan-street/atom.xml\""));
    assert!(text("index.html").contains("type=\"application/atom+xml\""));
}

#[test]
fn sitemap_lists_every_page_once() {
    let sitemap = text("sitemap.xml");
    assert!(sitemap.contains("<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"));
    let mut listed = Vec::new();
    for loc in sitemap.split("<loc>").skip(1) {
        let url = loc.split("</loc>").next().unwrap_or("");
        let (file, _) = target(url);
        listed.push(file);
    }
    let unique: BTreeSet<&String> = listed.iter().collect();
    assert_eq!(unique.len(), listed.len(), "a page is listed twice");
    let pages: BTreeSet<&String> = demo()
        .keys()
        .filter(|p| p.ends_with("index.html"))
        .collect();
    assert_eq!(unique, pages);
    assert!(!sitemap.contains("404.html"));
    let robots = text("robots.txt");
    assert!(robots.contains(&format!("Sitemap: {ORIGIN}{BASE}sitemap.xml")));
}

#[test]
fn the_404_page_links_under_the_base_path() {
    let page = text("404.html");
    assert!(page.contains("<html lang=\"zh-CN\">"));
    assert!(page.contains("页面不存在"));
    assert!(page.contains("action=\"/sub/search/\""));
    for (i, _) in page.match_indices("href=\"") {
        let rest = &page[i + 6..];
        assert!(
            rest.starts_with(BASE) || rest.starts_with('#'),
            "{}",
            &rest[..30.min(rest.len())]
        );
    }
}

// ------------------------------------------------- the search index

/// `shard_of` of search.rs (FNV-1a over code points).
fn shard_of(term: &str, shards: u64) -> u64 {
    let mut h: u32 = 0x811c_9dc5;
    for c in term.chars() {
        h ^= c as u32;
        h = h.wrapping_mul(0x0100_0193);
    }
    u64::from(h) % shards
}

fn decode(s: &str) -> Vec<u64> {
    const DIGITS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let digit = |b: u8| DIGITS.iter().position(|&x| x == b).expect("a digit") as u64;
    let mut out = Vec::new();
    let mut value = 0u64;
    // A bitmap: `.`, the first number, six documents a character.
    if let Some(rest) = s.strip_prefix('.') {
        let mut bytes = rest.bytes();
        for b in bytes.by_ref() {
            let d = digit(b);
            value = value * 32 + (d & 31);
            if d < 32 {
                break;
            }
        }
        out.push(value);
        for (j, b) in bytes.enumerate() {
            let d = digit(b);
            out.extend(
                (0..6)
                    .filter(|k| d & (1 << k) != 0)
                    .map(|k| value + 1 + 6 * j as u64 + k),
            );
        }
        return out;
    }
    let mut prev: i64 = -1;
    for b in s.bytes() {
        let d = digit(b);
        value = value * 32 + (d & 31);
        if d < 32 {
            prev += value as i64 + 1;
            out.push(prev as u64);
            value = 0;
        }
    }
    out
}

/// The rows `search.js` would show for `terms` (already cut), in order.
fn search(terms: &[&str]) -> Vec<Value> {
    let meta: Value = serde_json::from_str(&text("search/meta.json")).expect("meta");
    let shards = meta["shards"].as_u64().expect("shards");
    let chunk = meta["chunk"].as_u64().expect("chunk");
    let mut strong: Option<Vec<u64>> = None;
    let mut all: Option<Vec<u64>> = None;
    for term in terms {
        let shard: BTreeMap<String, String> =
            serde_json::from_str(&text(&format!("search/t/{}.json", shard_of(term, shards))))
                .expect("shard");
        let Some(value) = shard.get(*term) else {
            return Vec::new();
        };
        let mut parts = value.split('~');
        let s = decode(parts.next().unwrap_or(""));
        let mut a = s.clone();
        a.extend(decode(parts.next().unwrap_or("")));
        a.sort_unstable();
        strong = Some(match strong {
            None => s,
            Some(prev) => prev.into_iter().filter(|x| s.contains(x)).collect(),
        });
        all = Some(match all {
            None => a,
            Some(prev) => prev.into_iter().filter(|x| a.contains(x)).collect(),
        });
    }
    let strong = strong.unwrap_or_default();
    let mut ids = strong.clone();
    ids.extend(
        all.unwrap_or_default()
            .into_iter()
            .filter(|x| !strong.contains(x)),
    );
    ids.iter()
        .map(|id| {
            let rows: Value = serde_json::from_str(&text(&format!("search/d/{}.json", id / chunk)))
                .expect("chunk");
            rows[(id % chunk) as usize].clone()
        })
        .collect()
}

#[test]
fn the_search_index_finds_words_parts_of_names_and_ids() {
    // 招聘会 is cut into 招聘 + 聘会.
    let rows = search(&["招聘", "聘会"]);
    assert!(!rows.is_empty());
    let titles: Vec<&str> = rows.iter().filter_map(|r| r[1].as_str()).collect();
    assert!(titles.iter().any(|t| t.contains("招聘会")), "{titles:?}");
    // Items show their status; every row links under the site.
    let item = rows
        .iter()
        .find(|r| r[0] == "i" && r[1].as_str().is_some_and(|t| t.contains("招聘会")))
        .expect("an item");
    assert!(item[3].is_u64(), "{item}");
    assert!(
        item[5]
            .as_str()
            .is_some_and(|u| u.starts_with("chengguan-street/2026/_unit/#item-"))
    );
    // Part of a name: both 文静s, pledgers before anything else.
    let rows = search(&["文静"]);
    let pledgers: Vec<&str> = rows
        .iter()
        .take_while(|r| r[0] == "p")
        .filter_map(|r| r[5].as_str())
        .collect();
    assert!(
        pledgers.contains(&"hetang-town/health-center/2026/lei-wenjing/"),
        "{pledgers:?}"
    );
    assert!(
        pledgers.contains(&"hetang-town/dongpo-village/2026/cheng-wenjing/"),
        "{pledgers:?}"
    );
    // One character; an ASCII id and its prefix.
    assert!(search(&["桂"]).iter().any(|r| r[1] == "易桂芳"));
    for q in ["guifang", "guif"] {
        assert!(
            search(&[q])
                .iter()
                .any(|r| r[5] == "hetang-town/2026/yi-guifang/"),
            "{q}"
        );
    }
    assert!(search(&["量子"]).is_empty());
}

#[test]
fn the_search_page_works_without_javascript() {
    let page = text("search/index.html");
    // A plain GET form, and the list of every unit and pledger.
    assert!(page.contains("<form class=\"search-form\" id=\"search-form\" role=\"search\""));
    assert!(page.contains("method=\"get\""));
    assert!(page.contains("href=\"/sub/hetang-town/2026/yi-guifang/\">易桂芳</a>"));
    assert!(page.contains("href=\"/sub/chengguan-street/2026/\">城关街道党工委</a>"));
    assert!(page.contains("<script src=\"/sub/assets/search.js\" defer></script>"));
    // Every other page has the search box.
    for path in [
        "index.html",
        "2026/index.html",
        "hetang-town/2026/yi-guifang/index.html",
    ] {
        assert!(
            text(path).contains("action=\"/sub/search/\" method=\"get\""),
            "{path}"
        );
    }
}
