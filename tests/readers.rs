//! Readers' files without a browser: the Atom feeds (parsed with the
//! `feed-rs` crate), `sitemap.xml`, `robots.txt`, the 404 page and the
//! search index (queried here the way `assets/search.js` queries it).
//!
//! The demo site is generated in memory through the library, under the
//! sub-path `https://example.org/sub/`, as of 2026-11-28. The long lists
//! (paged status and category lists, the year page's overdue items) are
//! read on a generated site big enough to need several pages.

mod common;

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
            relative: false,
        };
        let (_, files, _) = load_and_generate(root, &load, &render)
            .unwrap_or_else(|e| panic!("the demo does not build: {e:?}"));
        files
            .into_iter()
            .filter_map(|f| match f.body {
                OutBody::Bytes(b) => Some(resolved(f.path, b, BASE)),
                OutBody::Copy(_) => None,
            })
            .collect()
    })
}

/// A page's links as a browser follows them, absolute (`links.rs`).
fn resolved(path: String, bytes: Vec<u8>, base: &str) -> (String, Vec<u8>) {
    if !path.ends_with(".html") {
        return (path, bytes);
    }
    let page = String::from_utf8(bytes).expect("UTF-8 page");
    let page = common::links::absolute(&page, &path, base).into_bytes();
    (path, page)
}

fn text(path: &str) -> String {
    let files = demo();
    let bytes = files
        .get(path)
        .unwrap_or_else(|| panic!("no {path} in the output"));
    String::from_utf8(bytes.clone()).expect("UTF-8")
}

fn percent_decode(text: &str) -> String {
    String::from_utf8(common::percent_decode_bytes(text)).expect("UTF-8 path")
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
    assert!(page.contains("<html lang=\"zh-CN\" style="));
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

/// The shard of a term: Rust's definition, which search.js follows (a
/// unit test runs search.js's own against it).
fn shard_of(term: &str, shards: u64) -> u64 {
    pledgeboard::render::search_internals::shard_of(term, shards as usize) as u64
}

/// A posting list as search.js reads it (a unit test runs search.js's
/// own `decode` against this one).
fn decode(s: &str) -> Vec<u64> {
    pledgeboard::render::search_internals::decode_postings(s)
        .into_iter()
        .map(u64::from)
        .collect()
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
            text(path).contains("action=\"/sub/search/\"><input"),
            "{path}"
        );
    }
}

// ------------------------------------------------- long lists

/// A generated site (`mid_site_files`, under `https://example.org/p/`)
/// with 408 sheets and 1,224 items, as of the year's end: about 1,000
/// overdue items (six pages of 200) and some 245 items per category (two
/// pages).
fn long_site() -> &'static BTreeMap<String, Vec<u8>> {
    static FILES: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    FILES.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("tmp");
        common::write_files(tmp.path(), &common::mid_site_files(24, 16), None);
        let render = RenderOptions {
            today: Date::parse("2026-12-31").expect("date"),
            live_reload: false,
            relative: false,
        };
        let (_, files, _) = load_and_generate(tmp.path(), &LoadOptions::default(), &render)
            .unwrap_or_else(|e| panic!("the long site does not build: {e:?}"));
        files
            .into_iter()
            .filter_map(|f| match f.body {
                OutBody::Bytes(b) => Some(resolved(f.path, b, LONG_BASE)),
                OutBody::Copy(_) => None,
            })
            .collect()
    })
}

const LONG_BASE: &str = "/p/";

fn long_html(path: &str) -> scraper::Html {
    let bytes = long_site()
        .get(path)
        .unwrap_or_else(|| panic!("no {path} in the output"));
    scraper::Html::parse_document(std::str::from_utf8(bytes).expect("UTF-8"))
}

fn select<'a>(doc: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let sel = scraper::Selector::parse(css).expect("selector");
    doc.select(&sel).collect()
}

/// The output file a link of the long site names.
fn long_target(href: &str) -> String {
    let path = href
        .strip_prefix(LONG_BASE)
        .unwrap_or_else(|| panic!("{href} is not under {LONG_BASE}"));
    let path = percent_decode(path.split('#').next().unwrap_or(""));
    assert!(path.is_empty() || path.ends_with('/'), "{href}");
    format!("{path}index.html")
}

/// The links of the rows of every items table on a page.
fn row_links(doc: &scraper::Html) -> Vec<String> {
    select(doc, "table.items tbody tr td:first-child a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .map(str::to_string)
        .collect()
}

/// The pages of the list whose first page is in `dir`: `dir/index.html`,
/// `dir/2/index.html`, … as long as they exist.
fn list_pages(dir: &str) -> Vec<String> {
    let mut pages = vec![format!("{dir}/index.html")];
    for n in 2.. {
        let page = format!("{dir}/{n}/index.html");
        if !long_site().contains_key(&page) {
            break;
        }
        pages.push(page);
    }
    pages
}

/// Every item of the open data, in its (tree) order: (link, status,
/// category, deadline).
fn long_items() -> Vec<(String, String, String, String)> {
    let data: Value = serde_json::from_slice(&long_site()["data/2026.json"]).expect("data JSON");
    let mut out = Vec::new();
    for p in data["pledgers"].as_array().expect("pledgers") {
        let unit = p["unit"].as_str().expect("unit");
        let sheet = p["id"].as_str().expect("id");
        let dir = if unit.is_empty() {
            format!("2026/{sheet}")
        } else {
            format!("{unit}/2026/{sheet}")
        };
        for i in p["items"].as_array().expect("items") {
            out.push((
                format!("{LONG_BASE}{dir}/#item-{}", i["id"].as_str().expect("item")),
                i["status"].as_str().expect("status").to_string(),
                i["category"].as_str().unwrap_or("").to_string(),
                i["deadline"].as_str().expect("deadline").to_string(),
            ));
        }
    }
    out
}

/// Reads every page of a list and checks its navigation; returns the
/// rows of all pages in page order.
fn read_paged_list(dir: &str, title: &str) -> Vec<String> {
    let pages = list_pages(dir);
    let first_url = format!("{LONG_BASE}{}/", encode(dir));
    let mut rows = Vec::new();
    for (i, page) in pages.iter().enumerate() {
        let n = i + 1;
        let doc = long_html(page);
        let page_rows = row_links(&doc);
        // Only a list that fits one page may be empty.
        assert!(
            (!page_rows.is_empty() || pages.len() == 1) && page_rows.len() <= 200,
            "{page}: {} rows",
            page_rows.len()
        );
        if n < pages.len() {
            assert_eq!(page_rows.len(), 200, "{page} is not full");
        }
        rows.extend(page_rows);
        if pages.len() == 1 {
            assert!(select(&doc, "nav.pager").is_empty(), "{page}");
            continue;
        }
        let url = |k: usize| {
            if k == 1 {
                first_url.clone()
            } else {
                format!("{first_url}{k}/")
            }
        };
        // The same layout as every page: landmarks, search box, crumbs.
        assert_eq!(select(&doc, "main#main").len(), 1, "{page}");
        assert_eq!(
            select(&doc, "form.search-box[action='/p/search/']").len(),
            1,
            "{page}"
        );
        assert!(
            select(&doc, "link[rel=stylesheet]")
                .iter()
                .any(|l| l.value().attr("href") == Some("/p/assets/style.css"))
        );
        let pager = select(&doc, "nav.pager[aria-label='分页']");
        assert_eq!(pager.len(), 1, "{page}: one pager");
        let pager_text: String = pager[0].text().collect();
        let pages_n = pages.len();
        assert!(
            pager_text.contains(&format!("第 {n} 页，共 {pages_n} 页")),
            "{page}: {pager_text}"
        );
        let current = select(&doc, "nav.pager a[aria-current=page]");
        assert_eq!(current.len(), 1, "{page}");
        assert_eq!(current[0].value().attr("href"), Some(url(n).as_str()));
        // Previous and next, in the pager and in the head.
        for (rel, k) in [
            ("prev", n.checked_sub(1).filter(|&k| k > 0)),
            ("next", Some(n + 1).filter(|&k| k <= pages_n)),
        ] {
            let a = select(&doc, &format!("nav.pager a[rel={rel}]"));
            let link = select(&doc, &format!("head link[rel={rel}]"));
            match k {
                Some(k) => {
                    assert_eq!(a.len(), 1, "{page}: {rel}");
                    assert_eq!(a[0].value().attr("href"), Some(url(k).as_str()), "{page}");
                    assert_eq!(
                        link[0].value().attr("href"),
                        Some(url(k).as_str()),
                        "{page}"
                    );
                }
                None => assert!(a.is_empty() && link.is_empty(), "{page}: no {rel}"),
            }
        }
        // The first and last pages are always linked; every link resolves.
        let hrefs: Vec<&str> = select(&doc, "nav.pager a")
            .iter()
            .filter_map(|a| a.value().attr("href"))
            .collect();
        assert!(hrefs.contains(&url(1).as_str()) && hrefs.contains(&url(pages_n).as_str()));
        for href in &hrefs {
            assert!(
                long_site().contains_key(&long_target(href)),
                "{page}: {href}"
            );
        }
        // Page 2 on: the title and the crumbs say which page, and lead
        // back to the list.
        let heading: String = select(&doc, "title")[0].text().collect();
        assert!(heading.contains(title), "{page}: {heading}");
        if n > 1 {
            assert!(heading.contains(&format!("第 {n} 页")), "{page}: {heading}");
            let crumbs = select(&doc, "nav.crumbs a");
            assert!(
                crumbs
                    .iter()
                    .any(|a| a.value().attr("href") == Some(first_url.as_str())),
                "{page}: no crumb back to the list"
            );
            let here: String = select(&doc, "nav.crumbs li[aria-current=page]")[0]
                .text()
                .collect();
            assert_eq!(here, format!("第 {n} 页"));
        }
    }
    rows
}

fn encode(dir: &str) -> String {
    pledgeboard::render::encode_path(dir)
}

#[test]
fn long_status_lists_are_paged_in_order_without_duplicates() {
    let items = long_items();
    let overdue: Vec<String> = items
        .iter()
        .filter(|i| i.1 == "overdue")
        .map(|i| i.0.clone())
        .collect();
    assert!(overdue.len() > 1000, "{} overdue items", overdue.len());
    for status in ["overdue", "done", "not-started"] {
        let want: Vec<String> = items
            .iter()
            .filter(|i| i.1 == status)
            .map(|i| i.0.clone())
            .collect();
        let dir = format!("status/2026/{status}");
        let rows = read_paged_list(&dir, "2026年");
        assert_eq!(rows, want, "{status}: the pages together are the list");
        let unique: BTreeSet<&String> = rows.iter().collect();
        assert_eq!(unique.len(), rows.len(), "{status}: a row twice");
        // The heading counts the whole list on every page.
        for page in list_pages(&dir) {
            let h1: String = select(&long_html(&page), "h1")[0].text().collect();
            assert!(h1.contains(&format!("({})", want.len())), "{page}: {h1}");
        }
    }
    assert_eq!(
        list_pages("status/2026/overdue").len(),
        overdue.len().div_ceil(200)
    );
    // Page 1 of six links 1 2 3 … 6, and page 4 links 1 2 3 4 5 6.
    let numbers = |page: &str| -> String {
        select(&long_html(page), "nav.pager li")
            .iter()
            .map(|li| li.text().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
    };
    assert_eq!(
        numbers("status/2026/overdue/index.html"),
        "1 2 3 … 6 下一页"
    );
    assert_eq!(
        numbers("status/2026/overdue/4/index.html"),
        "上一页 1 2 3 4 5 6 下一页"
    );
}

#[test]
fn long_category_lists_are_paged_in_order_without_duplicates() {
    let items = long_items();
    let mut paged = 0;
    for cat in ["就业创业", "为民服务", "基层治理", "乡村振兴", "党员教育"] {
        let want: Vec<String> = items
            .iter()
            .filter(|i| i.2 == cat)
            .map(|i| i.0.clone())
            .collect();
        let dir = format!("categories/{cat}");
        let rows = read_paged_list(&dir, cat);
        assert_eq!(rows, want, "{cat}: the pages together are the list");
        let pages = list_pages(&dir);
        paged += usize::from(pages.len() > 1);
        // The year's figures are where its rows begin; page 2 continues it.
        assert_eq!(select(&long_html(&pages[0]), "dl.figures").len(), 1);
        if let Some(second) = pages.get(1) {
            let doc = long_html(second);
            assert!(select(&doc, "dl.figures").is_empty(), "{second}");
            let h2: String = select(&doc, "main h2")[0].text().collect();
            assert_eq!(h2, "2026年（续）");
        }
    }
    assert!(paged >= 2, "the fixture should page some categories");
}

#[test]
fn the_year_page_shows_the_first_overdue_items_and_links_to_all() {
    let items = long_items();
    let mut overdue: Vec<&(String, String, String, String)> =
        items.iter().filter(|i| i.1 == "overdue").collect();
    let count = overdue.len();
    overdue.sort_by(|a, b| a.3.cmp(&b.3));
    let doc = long_html("2026/index.html");
    let section = select(&doc, "section")
        .into_iter()
        .find(|s| {
            s.select(&scraper::Selector::parse("h2").expect("h2"))
                .any(|h| h.text().collect::<String>().starts_with("逾期事项"))
        })
        .expect("an overdue section");
    let heading: String = section
        .select(&scraper::Selector::parse("h2").expect("h2"))
        .flat_map(|h| h.text())
        .collect();
    assert_eq!(heading, format!("逾期事项 ({count})"));
    let rows: Vec<String> = section
        .select(&scraper::Selector::parse("table.items tbody tr td:first-child a").expect("sel"))
        .filter_map(|a| a.value().attr("href"))
        .map(str::to_string)
        .collect();
    assert_eq!(rows.len(), 100);
    // The earliest deadlines (ties in tree order).
    let want: Vec<String> = overdue.iter().take(100).map(|i| i.0.clone()).collect();
    assert_eq!(rows, want);
    let more: Vec<_> = section
        .select(&scraper::Selector::parse("a.more").expect("sel"))
        .collect();
    assert_eq!(more.len(), 1);
    assert_eq!(
        more[0].value().attr("href"),
        Some("/p/status/2026/overdue/")
    );
    assert_eq!(
        more[0].text().collect::<String>(),
        format!("查看全部 {count} 项逾期事项")
    );
}

#[test]
fn every_list_page_is_in_the_sitemap_once() {
    let sitemap = std::str::from_utf8(&long_site()["sitemap.xml"]).expect("UTF-8");
    let mut listed = Vec::new();
    for loc in sitemap.split("<loc>").skip(1) {
        let url = loc.split("</loc>").next().unwrap_or("");
        let href = url
            .strip_prefix("https://example.org")
            .unwrap_or_else(|| panic!("{url}"));
        listed.push(long_target(href));
    }
    let unique: BTreeSet<&String> = listed.iter().collect();
    assert_eq!(unique.len(), listed.len(), "a page is listed twice");
    let pages: BTreeSet<&String> = long_site()
        .keys()
        .filter(|p| p.ends_with("index.html"))
        .collect();
    assert_eq!(unique, pages);
    for page in list_pages("status/2026/overdue")
        .into_iter()
        .chain(list_pages("categories/就业创业"))
    {
        assert!(unique.contains(&page), "{page} not in the sitemap");
    }
}

#[test]
fn the_pager_speaks_english_on_an_english_site() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut files = common::mid_site_files(8, 12);
    files[0].1.push_str("language: en\n");
    common::write_files(tmp.path(), &files, None);
    let render = RenderOptions {
        today: Date::parse("2026-12-31").expect("date"),
        live_reload: false,
        relative: false,
    };
    let (_, files, _) = load_and_generate(tmp.path(), &LoadOptions::default(), &render)
        .unwrap_or_else(|e| panic!("the site does not build: {e:?}"));
    let page = |path: &str| -> Vec<u8> {
        let f = files
            .iter()
            .find(|f| f.path == path)
            .unwrap_or_else(|| panic!("no {path}"));
        match &f.body {
            OutBody::Bytes(b) => resolved(path.to_string(), b.clone(), LONG_BASE).1,
            OutBody::Copy(_) => panic!("{path} is a copy"),
        }
    };
    let page = |path: &str| String::from_utf8(page(path)).expect("UTF-8");
    let second = page("status/2026/overdue/2/index.html");
    assert!(second.contains("<nav class=\"pager\" aria-label=\"Pages\">"));
    assert!(second.contains("Page 2 of 2"), "status line");
    assert!(second.contains("<a href=\"/p/status/2026/overdue/\" rel=\"prev\">Previous</a>"));
    assert!(second.contains(
        "<a href=\"/p/status/2026/overdue/2/\" aria-label=\"Page 2\" aria-current=\"page\">2</a>"
    ));
    assert!(second.contains("<title>2026 Overdue - Page 2 - "));
    let year = page("2026/index.html");
    assert!(year.contains("The 100 with the earliest deadlines:"));
    assert!(year.contains("overdue items</a>"));
    assert!(year.contains("See all "));
}
