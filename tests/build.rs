//! The built site, end to end: fixture sites under `tests/fixtures/` are
//! built through the binary (`pledgeboard build --root <fixture> --out
//! <tmp> --today 2026-06-30`) and the output is checked as a reader of the
//! site or of its open data would see it: `/data/<year>.json` parsed with
//! serde_json, pages parsed with scraper.
//!
//! Each fixture is small and written by hand, so every expected figure is
//! counted on paper in a comment next to its assertion. Every fixture is
//! built once (a `OnceLock` each) and shared by the tests that read it.
//!
//! - `figures`: root unit, two children, a grandchild; rosters, a year
//!   roster, `members:` without roster, neither; every item status; a draft.
//! - `years`: two year folders, no root unit.
//! - `notepages`: `language: en`, `note_pages: true`, note attachments.
//! - `xss`: script payloads in every field an editor writes.
//! - the demo site at the repository root.

mod common;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use rayon::prelude::*;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

const TODAY: &str = "2026-06-30";

/// The demo site is set at the end of November 2026 (its latest note is
/// dated 2026-11-27, the example export of docs/spec.md §4 says `"today":
/// "2026-11-28"`); before its deadlines pass it has no overdue item.
const DEMO_TODAY: &str = "2026-11-28";

// ---------------------------------------------------------------- building

/// One finished build: its output folder and what it printed.
struct Built {
    out: PathBuf,
    stderr: String,
    /// The site's base path (`/`, `/sub/path/`): pages' links are
    /// resolved against their own URL under it ([`Built::text`]).
    base: String,
}

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A fresh output folder under cargo's temp dir for integration tests.
/// Its name carries the process id, so test runners that start a process
/// per test (nextest) never share one; folders left by earlier runs (ten
/// minutes old) are removed.
fn out_dir(label: &str) -> PathBuf {
    static PRUNED: std::sync::Once = std::sync::Once::new();
    let parent = Path::new(env!("CARGO_TARGET_TMPDIR")).join("build-tests");
    PRUNED.call_once(|| {
        let old = |e: &fs::DirEntry| {
            e.metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| t.elapsed().ok())
                .is_some_and(|age| age.as_secs() > 600)
        };
        for entry in fs::read_dir(&parent).into_iter().flatten().flatten() {
            if old(&entry) {
                let _ = fs::remove_dir_all(entry.path());
            }
        }
    });
    let out = parent.join(format!("{label}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&out);
    out
}

/// Builds `root` as of `today` into a fresh folder named after `label`;
/// panics with the build's output when it fails.
fn build_on(root: &Path, label: &str, today: &str, extra: &[&str]) -> Built {
    let out = out_dir(label);
    let output = Command::new(env!("CARGO_BIN_EXE_pledgeboard"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(&out)
        .args(["--today", today])
        .args(extra)
        .output()
        .expect("run pledgeboard");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "building {} failed ({}):\n{stderr}",
        root.display(),
        output.status
    );
    let base_url = extra
        .iter()
        .position(|a| *a == "--base-url")
        .and_then(|i| extra.get(i + 1).map(|u| u.to_string()))
        .or_else(|| {
            let yaml = fs::read_to_string(root.join("site.yaml")).ok()?;
            yaml.lines()
                .find_map(|l| l.strip_prefix("base_url:"))
                .map(|u| u.trim().trim_matches('"').to_string())
        })
        .unwrap_or_else(|| "/".into());
    // The path after `scheme://host`, ending in `/`.
    let path = base_url
        .split_once("://")
        .map_or(base_url.as_str(), |(_, rest)| {
            rest.find('/').map_or("/", |i| &rest[i..])
        });
    let base = format!("{}/", path.trim_end_matches('/'));
    Built { out, stderr, base }
}

fn build(root: &Path, label: &str, extra: &[&str]) -> Built {
    build_on(root, label, TODAY, extra)
}

fn figures() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build(&fixture("figures"), "figures", &[]))
}

/// The same fixture under a sub-path.
fn figures_sub() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| {
        build(
            &fixture("figures"),
            "figures-sub",
            &["--base-url", "https://example.org/sub/path/"],
        )
    })
}

fn years() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build(&fixture("years"), "years", &[]))
}

fn notepages() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build(&fixture("notepages"), "notepages", &[]))
}

fn xss() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| build(&fixture("xss"), "xss", &[]))
}

fn demo() -> &'static Built {
    static B: OnceLock<Built> = OnceLock::new();
    B.get_or_init(|| {
        build_on(
            Path::new(env!("CARGO_MANIFEST_DIR")),
            "demo",
            DEMO_TODAY,
            &[],
        )
    })
}

impl Built {
    /// Every output file: path relative to the output (with `/`) → bytes.
    fn files(&self) -> BTreeMap<String, Vec<u8>> {
        walkdir::WalkDir::new(&self.out)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.expect("walk output"))
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e
                    .path()
                    .strip_prefix(&self.out)
                    .expect("under output")
                    .iter()
                    .map(|p| p.to_str().expect("UTF-8 output name"))
                    .collect::<Vec<_>>()
                    .join("/");
                (rel, fs::read(e.path()).expect("read output file"))
            })
            .collect()
    }

    /// The HTML pages: path → text, links resolved ([`Built::text`]).
    fn pages(&self) -> BTreeMap<String, String> {
        self.files()
            .into_iter()
            .filter(|(p, _)| p.ends_with(".html"))
            .map(|(p, b)| {
                let page = String::from_utf8(b).expect("UTF-8 page");
                let page = common::links::absolute(&page, &p, &self.base);
                (p, page)
            })
            .collect()
    }

    fn exists(&self, rel: &str) -> bool {
        self.out.join(rel).is_file()
    }

    /// A file's text; a page's with every link resolved against the
    /// page's own URL, absolute and percent-encoded, as a browser follows it.
    fn text(&self, rel: &str) -> String {
        let text =
            fs::read_to_string(self.out.join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"));
        if rel.ends_with(".html") {
            common::links::absolute(&text, rel, &self.base)
        } else {
            text
        }
    }

    fn html(&self, rel: &str) -> Html {
        Html::parse_document(&self.text(rel))
    }

    fn json(&self, year: i32) -> Value {
        serde_json::from_str(&self.text(&format!("data/{year}.json"))).expect("valid JSON")
    }
}

// ---------------------------------------------------------------- JSON helpers

fn unit<'a>(data: &'a Value, path: &str) -> &'a Value {
    data["units"]
        .as_array()
        .expect("units")
        .iter()
        .find(|u| u["path"] == path)
        .unwrap_or_else(|| panic!("no unit {path:?} in the data"))
}

fn pledger<'a>(data: &'a Value, unit: &str, id: &str) -> &'a Value {
    data["pledgers"]
        .as_array()
        .expect("pledgers")
        .iter()
        .find(|p| p["unit"] == unit && p["id"] == id)
        .unwrap_or_else(|| panic!("no pledger {unit:?}/{id} in the data"))
}

/// Checks a rate: `None` is JSON `null`, `Some((n, d))` is n/d.
fn rate(value: &Value, expected: Option<(u64, u64)>, what: &str) {
    match expected {
        None => assert!(value.is_null(), "{what}: expected null, got {value}"),
        Some((n, d)) => {
            let want = n as f64 / d as f64;
            let got = value
                .as_f64()
                .unwrap_or_else(|| panic!("{what}: expected {n}/{d}, got {value}"));
            assert!(
                (got - want).abs() < 1e-9,
                "{what}: expected {n}/{d} = {want}, got {got}"
            );
        }
    }
}

/// A unit's row in `/data/<year>.json`; rates as (numerator, denominator).
struct UnitFigures<'a> {
    path: &'a str,
    parent: Option<&'a str>,
    items: u64,
    done: u64,
    fulfilment: Option<(u64, u64)>,
    pledged: u64,
    required: Option<u64>,
    coverage: Option<(u64, u64)>,
    satisfaction: Option<(u64, u64)>,
}

fn check_unit(data: &Value, want: UnitFigures) {
    let u = unit(data, want.path);
    let at = format!("unit {:?}", want.path);
    match want.parent {
        None => assert!(u["parent"].is_null(), "{at}: parent {}", u["parent"]),
        Some(p) => assert_eq!(u["parent"], p, "{at}: parent"),
    }
    assert_eq!(u["items"], want.items, "{at}: items");
    assert_eq!(u["done"], want.done, "{at}: done");
    rate(
        &u["fulfilment"],
        want.fulfilment,
        &format!("{at}: fulfilment"),
    );
    assert_eq!(u["pledged"], want.pledged, "{at}: pledged");
    assert_eq!(
        u["required"],
        serde_json::json!(want.required),
        "{at}: required"
    );
    rate(&u["coverage"], want.coverage, &format!("{at}: coverage"));
    rate(
        &u["satisfaction"],
        want.satisfaction,
        &format!("{at}: satisfaction"),
    );
}

/// A pledger's row; items as (id, status, progress, notes).
struct PledgerFigures<'a> {
    unit: &'a str,
    id: &'a str,
    name: &'a str,
    grade: Option<&'a str>,
    votes: Option<[u64; 3]>,
    fulfilment: Option<(u64, u64)>,
    satisfaction: Option<(u64, u64)>,
    items: &'a [(&'a str, &'a str, u64, u64)],
}

fn check_pledger(data: &Value, want: PledgerFigures) {
    let p = pledger(data, want.unit, want.id);
    let at = format!("pledger {:?}/{}", want.unit, want.id);
    assert_eq!(p["name"], want.name, "{at}: name");
    match want.grade {
        None => assert!(p["grade"].is_null(), "{at}: grade {}", p["grade"]),
        Some(g) => assert_eq!(p["grade"], g, "{at}: grade"),
    }
    match want.votes {
        None => assert!(p["votes"].is_null(), "{at}: votes {}", p["votes"]),
        Some([s, b, u]) => {
            assert_eq!(p["votes"]["satisfied"], s, "{at}: satisfied");
            assert_eq!(p["votes"]["basic"], b, "{at}: basic");
            assert_eq!(p["votes"]["unsatisfied"], u, "{at}: unsatisfied");
        }
    }
    rate(
        &p["fulfilment"],
        want.fulfilment,
        &format!("{at}: fulfilment"),
    );
    rate(
        &p["satisfaction"],
        want.satisfaction,
        &format!("{at}: satisfaction"),
    );
    let items = p["items"].as_array().expect("items");
    let got: Vec<(&str, &str, u64, u64)> = items
        .iter()
        .map(|i| {
            (
                i["id"].as_str().unwrap_or("?"),
                i["status"].as_str().unwrap_or("?"),
                i["progress"].as_u64().unwrap_or(999),
                i["notes"].as_u64().unwrap_or(999),
            )
        })
        .collect();
    assert_eq!(got, want.items, "{at}: items (id, status, progress, notes)");
}

// ---------------------------------------------------------------- HTML helpers

fn sel(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"))
}

fn all_elements(doc: &Html) -> Vec<ElementRef<'_>> {
    doc.select(&sel("*")).collect()
}

fn text_of(el: ElementRef) -> String {
    el.text().collect::<String>()
}

/// `%E5%9F%8E` → `城`.
fn percent_decode(text: &str) -> String {
    String::from_utf8(common::percent_decode_bytes(text)).expect("percent-decoded UTF-8")
}

/// The output file a site path (below the base path) names: `x/` is
/// `x/index.html`, `""` is the home page.
fn target_file(rel: &str) -> String {
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

const URL_ATTRS: &[&str] = &["href", "src", "action", "poster", "data"];

/// A link checker. Every `href`/`src` of every page that points into the
/// site (no scheme, or the site's `origin`) must start with `base` (the
/// base path, e.g. `/sub/path/`), name a file of the output, and, with a
/// `#fragment`, an element with that id on the target page.
fn check_links(b: &Built, origin: &str, base: &str) {
    let files = b.files();
    // Parsing is the slow part (the demo has 4 MB of pages): in parallel.
    let parsed: Vec<(String, HashSet<String>, Vec<String>)> = b
        .pages()
        .into_par_iter()
        .map(|(path, text)| {
            let doc = Html::parse_document(&text);
            let mut page_ids = HashSet::new();
            let mut page_links = Vec::new();
            for el in all_elements(&doc) {
                if let Some(id) = el.value().attr("id") {
                    page_ids.insert(id.to_string());
                }
                for attr in URL_ATTRS {
                    if let Some(v) = el.value().attr(attr) {
                        page_links.push(v.to_string());
                    }
                }
            }
            (path, page_ids, page_links)
        })
        .collect();
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    let mut links: Vec<(String, String)> = Vec::new();
    for (path, page_ids, page_links) in parsed {
        links.extend(page_links.into_iter().map(|l| (path.clone(), l)));
        ids.insert(path, page_ids);
    }
    assert!(!links.is_empty(), "no links at all");
    let mut broken = BTreeSet::new();
    for (page, link) in &links {
        let link = link.trim();
        let (target, fragment) = match link.split_once('#') {
            Some((t, f)) => (t, Some(f)),
            None => (link, None),
        };
        let target = target.split('?').next().unwrap_or("");
        let file = if target.is_empty() {
            // `#x` on the same page.
            page.clone()
        } else {
            let path = if let Some(rest) = target.strip_prefix(origin) {
                rest
            } else if target.starts_with("//") || target.contains(':') {
                continue; // another host, or mailto: and the like
            } else {
                target
            };
            let Some(rel) = path.strip_prefix(base) else {
                broken.insert(format!("{page}: `{link}` does not start with {base}"));
                continue;
            };
            target_file(&percent_decode(rel))
        };
        if !files.contains_key(&file) {
            broken.insert(format!("{page}: `{link}` → missing {file}"));
            continue;
        }
        if let Some(f) = fragment.filter(|f| !f.is_empty() && file.ends_with(".html")) {
            let f = percent_decode(f);
            if !ids.get(&file).is_some_and(|set| set.contains(&f)) {
                broken.insert(format!("{page}: `{link}` → no id {f:?} in {file}"));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.into_iter().collect::<Vec<_>>().join("\n")
    );
}

/// No page loads a style sheet, script or picture from another host than
/// the site's `origin` (no CDN).
fn check_no_external_assets(b: &Built, origin: &str) {
    let mut found = Vec::new();
    for (path, text) in b.pages() {
        let doc = Html::parse_document(&text);
        for (css, attr) in [("link", "href"), ("script", "src"), ("img", "src")] {
            for el in doc.select(&sel(css)) {
                let Some(url) = el.value().attr(attr) else {
                    continue;
                };
                let url = url.trim().to_ascii_lowercase();
                let external = url.starts_with("//")
                    || ((url.starts_with("http://") || url.starts_with("https://"))
                        && !url.starts_with(&format!("{origin}/")));
                if external {
                    found.push(format!("{path}: <{css} {attr}=\"{url}\">"));
                }
            }
        }
    }
    assert!(found.is_empty(), "external assets:\n{}", found.join("\n"));
}

/// No marker text appears in any output file (pages, data, copies).
fn assert_absent(b: &Built, markers: &[&str]) {
    let mut found = Vec::new();
    for (path, bytes) in b.files() {
        let text = String::from_utf8_lossy(&bytes);
        for m in markers {
            if text.contains(m) {
                found.push(format!("{path}: {m}"));
            }
        }
    }
    assert!(
        found.is_empty(),
        "found in the output:\n{}",
        found.join("\n")
    );
}

/// The figures that must add up in every data file: a unit's items, done
/// and status counts are those of the pledgers in its subtree; every
/// pledger's item notes are among the year's notes.
fn check_consistency(data: &Value) {
    let units = data["units"].as_array().expect("units");
    let pledgers = data["pledgers"].as_array().expect("pledgers");
    for u in units {
        let path = u["path"].as_str().expect("path");
        let inside = |p: &str| path.is_empty() || p == path || p.starts_with(&format!("{path}/"));
        let items: Vec<&Value> = pledgers
            .iter()
            .filter(|p| inside(p["unit"].as_str().unwrap_or("")))
            .flat_map(|p| p["items"].as_array().expect("items"))
            .collect();
        assert_eq!(u["items"], items.len() as u64, "items of {path:?}");
        let done = items.iter().filter(|i| i["status"] == "done").count() as u64;
        assert_eq!(u["done"], done, "done of {path:?}");
    }
    let notes = data["notes"].as_array().expect("notes");
    for p in pledgers {
        for i in p["items"].as_array().expect("items") {
            let naming = notes
                .iter()
                .filter(|n| n["unit"] == p["unit"] && n["pledger"] == p["id"])
                .filter(|n| {
                    n["items"]
                        .as_array()
                        .is_some_and(|ids| ids.contains(&i["id"]))
                })
                .count() as u64;
            assert_eq!(i["notes"], naming, "notes of {} {}", p["id"], i["id"]);
        }
    }
}

// ---------------------------------------------------------------- 1. figures

#[test]
fn figures_units() {
    let data = figures().json(2026);
    assert_eq!(data["year"], 2026);
    assert_eq!(data["today"], TODAY);
    // Tree order: pre-order, children sorted by folder name.
    let paths: Vec<&str> = data["units"]
        .as_array()
        .expect("units")
        .iter()
        .map(|u| u["path"].as_str().expect("path"))
        .collect();
    assert_eq!(paths, ["", "street-a", "street-a/community-c", "乙村"]);
    let kinds: Vec<&str> = data["units"]
        .as_array()
        .expect("units")
        .iter()
        .map(|u| u["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(kinds, ["committee", "street", "community", "village"]);
    assert_eq!(unit(&data, "")["name"], "测试市委");

    // 丙社区 (grandchild): _unit c-clean done (progress 100, a later
    // `abandoned` does not undo it); ma-li m-teach not-started, m-old
    // overdue → 3 items, 1 done, 0 adjusted → 1/3.
    // Coverage: the 2026 roster replaces the unit's (3 entries): he-ping,
    // ma-li, xu-mian (exempt 2026) → required 2; ma-li pledged → 1/2.
    // Votes: ma-li 5/3/2 → (5+3)/10.
    check_unit(
        &data,
        UnitFigures {
            path: "street-a/community-c",
            parent: Some("street-a"),
            items: 3,
            done: 1,
            fulfilment: Some((1, 3)),
            pledged: 1,
            required: Some(2),
            coverage: Some((1, 2)),
            satisfaction: Some((8, 10)),
        },
    );
    // 甲街道 own: _unit 4 items (done, adjusted, abandoned, not-started),
    // li-ming 4 (done, overdue, in-progress, not-started), zhao-lei 1
    // (in-progress), sun-li 1 (delayed) → 10 items, 2 done, 1 adjusted.
    // With 丙社区: 13 items, 3 done, 1 adjusted → 3/12.
    // Roster: 6 entries, zhou-lao exempt → 5 required; li-ming, zhao-lei,
    // sun-li published (wu-cao is a draft) → 3; with 丙社区 4/7.
    // Votes: _unit 30/5/5 + li-ming 10/(missing → 0)/2 + ma-li 5/3/2
    // = 45/8/9 → 53/62 (the draft's 1000 votes count nowhere).
    check_unit(
        &data,
        UnitFigures {
            path: "street-a",
            parent: Some(""),
            items: 13,
            done: 3,
            fulfilment: Some((3, 12)),
            pledged: 4,
            required: Some(7),
            coverage: Some((4, 7)),
            satisfaction: Some((53, 62)),
        },
    );
    // 乙村: _unit v-road done; chen-gang g-farm not-started, g-adjust
    // adjusted; lin-feng f-adj adjusted → 4 items, 1 done, 2 adjusted → 1/2.
    // Neither roster nor `members`: coverage unknown, and the unit adds
    // nothing (neither pledged nor required). No reviews.
    check_unit(
        &data,
        UnitFigures {
            path: "乙村",
            parent: Some(""),
            items: 4,
            done: 1,
            fulfilment: Some((1, 2)),
            pledged: 0,
            required: None,
            coverage: None,
            satisfaction: None,
        },
    );
    // Root: own _unit r-plan done, r-train overdue; wang-qiang w-visit
    // delayed → 3 items, 1 done. Whole site: 3 + 13 + 4 = 20 items,
    // 1 + 3 + 1 = 5 done, 0 + 1 + 2 = 3 adjusted → 5/17.
    // Coverage: `members: 4`, wang-qiang pledged → 1/4; + 4/7 + nothing
    // from 乙村 → 5/11.
    // Votes: 8/1/1 + 45/8/9 = 53/9/10 → 62/72.
    check_unit(
        &data,
        UnitFigures {
            path: "",
            parent: None,
            items: 20,
            done: 5,
            fulfilment: Some((5, 17)),
            pledged: 5,
            required: Some(11),
            coverage: Some((5, 11)),
            satisfaction: Some((62, 72)),
        },
    );
    // Status counts of the whole site: done 5 (r-plan, a-fair, l-progress,
    // c-clean, v-road), adjusted 3 (a-road, g-adjust, f-adj), abandoned 1
    // (a-market), overdue 3 (r-train, l-late, m-old), delayed 2 (w-visit,
    // sun-li s-vol), in-progress 2 (l-order, z-help), not-started 4
    // (a-comma, l-today, m-teach, g-farm).
    let mut counted: BTreeMap<&str, u64> = BTreeMap::new();
    for p in data["pledgers"].as_array().expect("pledgers") {
        for i in p["items"].as_array().expect("items") {
            *counted
                .entry(i["status"].as_str().expect("status"))
                .or_default() += 1;
        }
    }
    let want = BTreeMap::from([
        ("done", 5),
        ("adjusted", 3),
        ("abandoned", 1),
        ("overdue", 3),
        ("delayed", 2),
        ("in-progress", 2),
        ("not-started", 4),
    ]);
    assert_eq!(counted, want, "items per status");
    // The export's extra per-status counts, where present, agree.
    let statuses = &unit(&data, "")["statuses"];
    if !statuses.is_null() {
        for (key, n) in &want {
            assert_eq!(statuses[*key], *n, "root statuses[{key}]");
        }
    }
    check_consistency(&data);
}

#[test]
fn figures_pledgers() {
    let data = figures().json(2026);
    // 11 published sheets: root 2, 甲街道 4, 丙社区 2, 乙村 3 (the draft
    // wu-cao is not one of them).
    assert_eq!(data["pledgers"].as_array().expect("pledgers").len(), 11);

    // Root's own sheet: r-plan's note gives progress 100 → done;
    // r-train has no note and its deadline 2026-05-31 is before today →
    // overdue. 1/2; votes 8/1/1 → 9/10.
    check_pledger(
        &data,
        PledgerFigures {
            unit: "",
            id: "_unit",
            name: "测试市委",
            grade: Some("excellent"),
            votes: Some([8, 1, 1]),
            fulfilment: Some((1, 2)),
            satisfaction: Some((9, 10)),
            items: &[("r-plan", "done", 100, 1), ("r-train", "overdue", 0, 0)],
        },
    );
    // A note with status delayed and no progress; deadline 2026-09-30.
    check_pledger(
        &data,
        PledgerFigures {
            unit: "",
            id: "wang-qiang",
            name: "王强",
            grade: None,
            votes: None,
            fulfilment: Some((0, 1)),
            satisfaction: None,
            items: &[("w-visit", "delayed", 0, 1)],
        },
    );
    // a-fair: 40 then status done → done, progress becomes 100.
    // a-road: the note naming two items gives 30, then adjusted.
    // a-market: the same note gives 30, then abandoned.
    // a-comma: no note, deadline ahead → not-started.
    // Fulfilment 1 / (4 − 1 adjusted); votes 30/5/5 → 35/40.
    check_pledger(
        &data,
        PledgerFigures {
            unit: "street-a",
            id: "_unit",
            name: "甲街道党工委",
            grade: Some("excellent"),
            votes: Some([30, 5, 5]),
            fulfilment: Some((1, 3)),
            satisfaction: Some((35, 40)),
            items: &[
                ("a-fair", "done", 100, 2),
                ("a-road", "adjusted", 30, 2),
                ("a-market", "abandoned", 30, 2),
                ("a-comma", "not-started", 0, 0),
            ],
        },
    );
    // l-progress: 60 then 100 → done (its past deadline does not matter).
    // l-late: delayed at 50, but the deadline 2026-06-15 has passed →
    // overdue. l-order: `summary.md` (dated 2026-02-01, 80) comes before
    // 2026-03-01 (20) by date although not by name → 20, in-progress.
    // l-today: deadline is today, which is not before today → not-started.
    // 1/4. Votes lack `basic` → 0: 10/0/2 → 10/12.
    check_pledger(
        &data,
        PledgerFigures {
            unit: "street-a",
            id: "li-ming",
            name: "李明",
            grade: Some("qualified"),
            votes: Some([10, 0, 2]),
            fulfilment: Some((1, 4)),
            satisfaction: Some((10, 12)),
            items: &[
                ("l-progress", "done", 100, 2),
                ("l-late", "overdue", 50, 1),
                ("l-order", "in-progress", 20, 2),
                ("l-today", "not-started", 0, 0),
            ],
        },
    );
    // A grade without votes.
    check_pledger(
        &data,
        PledgerFigures {
            unit: "street-a",
            id: "zhao-lei",
            name: "赵磊",
            grade: Some("basic"),
            votes: None,
            fulfilment: Some((0, 1)),
            satisfaction: None,
            items: &[("z-help", "in-progress", 10, 1)],
        },
    );
    check_pledger(
        &data,
        PledgerFigures {
            unit: "street-a",
            id: "sun-li",
            name: "孙丽",
            grade: None,
            votes: None,
            fulfilment: Some((0, 1)),
            satisfaction: None,
            // Its own deadline (2026-05-31) has passed, its approved new
            // one (2026-12-31) has not: delayed, not overdue.
            items: &[("s-vol", "delayed", 0, 1)],
        },
    );
    // Progress 100, then `abandoned`: rule 1 (done) comes first.
    check_pledger(
        &data,
        PledgerFigures {
            unit: "street-a/community-c",
            id: "_unit",
            name: "丙社区党委",
            grade: None,
            votes: None,
            fulfilment: Some((1, 1)),
            satisfaction: None,
            items: &[("c-clean", "done", 100, 2)],
        },
    );
    check_pledger(
        &data,
        PledgerFigures {
            unit: "street-a/community-c",
            id: "ma-li",
            name: "马丽",
            grade: Some("qualified"),
            votes: Some([5, 3, 2]),
            fulfilment: Some((0, 2)),
            satisfaction: Some((8, 10)),
            items: &[("m-teach", "not-started", 0, 0), ("m-old", "overdue", 0, 0)],
        },
    );
    // `_unit.md` gives its own `name`, but the unit's own sheet always
    // shows the unit's name. Status done with progress 70 → 100.
    check_pledger(
        &data,
        PledgerFigures {
            unit: "乙村",
            id: "_unit",
            name: "乙村党支部",
            grade: None,
            votes: None,
            fulfilment: Some((1, 1)),
            satisfaction: None,
            items: &[("v-road", "done", 100, 1)],
        },
    );
    // 0 done / (2 − 1 adjusted).
    check_pledger(
        &data,
        PledgerFigures {
            unit: "乙村",
            id: "chen-gang",
            name: "陈刚",
            grade: None,
            votes: None,
            fulfilment: Some((0, 1)),
            satisfaction: None,
            items: &[
                ("g-farm", "not-started", 0, 0),
                ("g-adjust", "adjusted", 0, 1),
            ],
        },
    );
    // Every item adjusted: 0 / (1 − 1) is unknown.
    check_pledger(
        &data,
        PledgerFigures {
            unit: "乙村",
            id: "lin-feng",
            name: "林峰",
            grade: None,
            votes: None,
            fulfilment: None,
            satisfaction: None,
            items: &[("f-adj", "adjusted", 10, 1)],
        },
    );
    // The fields an item carries besides its state.
    let item = &pledger(&data, "street-a", "li-ming")["items"][0];
    assert_eq!(item["title"], "走访辖区企业50家");
    assert_eq!(item["category"], "就业创业");
    assert_eq!(item["deadline"], "2026-05-31");
    assert!(pledger(&data, "street-a", "li-ming")["items"][1]["category"].is_null());
}

/// (unit, pledger, id, items, date, progress, status) of a note.
type NoteRow<'a> = (
    &'a str,
    &'a str,
    &'a str,
    &'a [&'a str],
    &'a str,
    Option<u64>,
    Option<&'a str>,
);

#[test]
fn figures_notes() {
    let data = figures().json(2026);
    // (unit, pledger, id = file stem, items, date, progress, status):
    // what each note itself gives, null where it gives nothing.
    #[rustfmt::skip]
    let want: &[NoteRow] = &[
        ("", "_unit", "2026-02-01-plan", &["r-plan"], "2026-02-01", Some(100), None),
        ("", "wang-qiang", "2026-03-01-visit", &["w-visit"], "2026-03-01", None, Some("delayed")),
        ("street-a", "_unit", "2026-03-15-fair", &["a-fair"], "2026-03-15", Some(40), Some("in-progress")),
        ("street-a", "_unit", "2026-04-01-road-market", &["a-road", "a-market"], "2026-04-01", Some(30), Some("in-progress")),
        ("street-a", "_unit", "2026-04-10-road", &["a-road"], "2026-04-10", None, Some("adjusted")),
        ("street-a", "_unit", "2026-04-12-market", &["a-market"], "2026-04-12", None, Some("abandoned")),
        ("street-a", "_unit", "2026-05-20-fair-done", &["a-fair"], "2026-05-20", None, Some("done")),
        ("street-a", "li-ming", "summary", &["l-order"], "2026-02-01", Some(80), None),
        ("street-a", "li-ming", "2026-03-01-files", &["l-order"], "2026-03-01", Some(20), None),
        ("street-a", "li-ming", "2026-03-10-visit", &["l-progress"], "2026-03-10", Some(60), None),
        ("street-a", "li-ming", "2026-04-01-room", &["l-late"], "2026-04-01", Some(50), Some("delayed")),
        ("street-a", "li-ming", "2026-06-01-visit", &["l-progress"], "2026-06-01", Some(100), None),
        ("street-a", "sun-li", "2026-05-01-vol", &["s-vol"], "2026-05-01", None, Some("delayed")),
        ("street-a", "zhao-lei", "2026-02-14-help", &["z-help"], "2026-02-14", Some(10), Some("in-progress")),
        ("street-a/community-c", "_unit", "2026-03-05-clean", &["c-clean"], "2026-03-05", Some(100), None),
        ("street-a/community-c", "_unit", "2026-04-05-clean", &["c-clean"], "2026-04-05", None, Some("abandoned")),
        ("乙村", "_unit", "2026-06-01-road", &["v-road"], "2026-06-01", Some(70), Some("done")),
        ("乙村", "chen-gang", "2026-02-20-adjust", &["g-adjust"], "2026-02-20", None, Some("adjusted")),
        ("乙村", "lin-feng", "2026-03-20-adjust", &["f-adj"], "2026-03-20", Some(10), Some("adjusted")),
    ];
    let notes = data["notes"].as_array().expect("notes");
    assert_eq!(
        notes.len(),
        want.len(),
        "every published note, no draft note"
    );
    for &(unit, pledger, id, items, date, progress, status) in want {
        let n = notes
            .iter()
            .find(|n| n["unit"] == unit && n["pledger"] == pledger && n["id"] == id)
            .unwrap_or_else(|| panic!("no note {unit:?}/{pledger}/{id}"));
        assert_eq!(n["items"], serde_json::json!(items), "items of {id}");
        assert_eq!(n["date"], date, "date of {id}");
        assert_eq!(
            n["progress"],
            serde_json::json!(progress),
            "progress of {id}"
        );
        assert_eq!(n["status"], serde_json::json!(status), "status of {id}");
    }
    // Within a sheet, notes come in the order docs/spec.md §3 walks them: by date,
    // then file name (`summary`, dated 2026-02-01, first).
    let li_ming: Vec<&str> = notes
        .iter()
        .filter(|n| n["unit"] == "street-a" && n["pledger"] == "li-ming")
        .map(|n| n["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        li_ming,
        [
            "summary",
            "2026-03-01-files",
            "2026-03-10-visit",
            "2026-04-01-room",
            "2026-06-01-visit"
        ]
    );
}

#[test]
fn drafts_appear_nowhere() {
    let b = figures();
    // The draft wu-cao.md: its sheet name, item, category, body, its note
    // and its review entry. (Its roster entry, 吴某, is not a draft.)
    assert_absent(
        b,
        &[
            "吴草稿",
            "DRAFTNAME",
            "DRAFT-ITEM",
            "d-secret",
            "DRAFT-CATEGORY",
            "DRAFT-SHEET-BODY",
            "DRAFT-NOTE",
            "2026-03-03-draft",
            "DRAFT-REVIEW",
            "DRAFT-REVIEWER",
        ],
    );
    assert!(!b.exists("street-a/2026/wu-cao/index.html"));
    // Nor is the picture in its notes folder copied.
    let copied: Vec<String> = b
        .files()
        .into_keys()
        .filter(|p| p.contains("DRAFT") || p.contains("wu-cao"))
        .collect();
    assert!(copied.is_empty(), "{copied:?}");
}

#[test]
fn private_roster_fields_appear_nowhere() {
    for b in [figures(), xss()] {
        assert_absent(
            b,
            &[
                "PHONE-13800000000",
                "EXEMPT-REASON-MARKER",
                "年老体弱",
                "长期住院",
            ],
        );
    }
}

/// docs/spec.md revision 2: due items (done, abandoned, overdue against the
/// deadline now), the fulfilment of due items, `totals` and items' new
/// deadlines, as of 2026-06-30.
#[test]
fn figures_due_and_new_deadlines() {
    let data = figures().json(2026);
    // (path, due, done) — statuses as counted in `figures_units`.
    // 丙社区: c-clean done, m-old overdue. 甲街道 own: a-fair, l-progress
    // done, a-market abandoned, l-late overdue (sun-li's s-vol is delayed
    // to 2026-12-31), + 丙社区. 乙村: v-road done. Root: r-plan done,
    // r-train overdue, + all.
    for (path, due, done) in [
        ("street-a/community-c", 2, 1),
        ("street-a", 6, 3),
        ("乙村", 1, 1),
        ("", 9, 5),
    ] {
        let u = unit(&data, path);
        assert_eq!(u["due"], due, "{path}: due");
        assert_eq!(u["done"], done, "{path}: done");
        rate(
            &u["fulfilment_due"],
            Some((done, due)),
            &format!("{path}: fulfilment_due"),
        );
    }
    let t = &data["totals"];
    assert_eq!(
        (t["items"].clone(), t["done"].clone(), t["due"].clone()),
        (20.into(), 5.into(), 9.into())
    );
    rate(&t["fulfilment"], Some((5, 17)), "totals: fulfilment");
    rate(&t["fulfilment_due"], Some((5, 9)), "totals: fulfilment_due");
    // Pledgers: li-ming 1 done of 2 due; sun-li nothing due → unknown.
    let li = pledger(&data, "street-a", "li-ming");
    assert_eq!(li["due"], 2);
    rate(
        &li["fulfilment_due"],
        Some((1, 2)),
        "li-ming: fulfilment_due",
    );
    let sun = pledger(&data, "street-a", "sun-li");
    assert_eq!(sun["due"], 0);
    assert!(sun["fulfilment_due"].is_null(), "{}", sun["fulfilment_due"]);
    // Items: the new deadline where a note set one, else null.
    let s_vol = &sun["items"][0];
    assert_eq!(s_vol["id"], "s-vol");
    assert_eq!(s_vol["deadline"], "2026-05-31");
    assert_eq!(s_vol["new_deadline"], "2026-12-31");
    assert_eq!(s_vol["status"], "delayed");
    for p in data["pledgers"].as_array().expect("pledgers") {
        for i in p["items"].as_array().expect("items") {
            if i["id"] != "s-vol" {
                assert!(
                    i["new_deadline"].is_null(),
                    "{}: {}",
                    i["id"],
                    i["new_deadline"]
                );
            }
        }
    }
    let note = data["notes"]
        .as_array()
        .expect("notes")
        .iter()
        .find(|n| n["id"] == "2026-05-01-vol")
        .expect("the delay note");
    assert_eq!(note["deadline"], "2026-12-31");
}

// ---------------------------------------------------------------- 2. years

#[test]
fn a_data_file_per_year() {
    let b = years();
    let data_files: Vec<String> = b
        .files()
        .into_keys()
        .filter(|p| p.starts_with("data/"))
        .collect();
    assert_eq!(
        data_files,
        [
            "data/2025.csv",
            "data/2025.json",
            "data/2026.csv",
            "data/2026.json"
        ]
    );
    let y25 = b.json(2025);
    let y26 = b.json(2026);
    assert_eq!(y25["year"], 2025);
    assert_eq!(y26["year"], 2026);

    // No root unit: top-level units have parent null.
    // 2025 — alpha: a25 done + gamma's g25 (deadline 2025-06-30, passed) →
    // 2 items, 1 done → 1/2; `members: 2`, no member sheet → 0/2.
    check_unit(
        &y25,
        UnitFigures {
            path: "alpha",
            parent: None,
            items: 2,
            done: 1,
            fulfilment: Some((1, 2)),
            pledged: 0,
            required: Some(2),
            coverage: Some((0, 2)),
            satisfaction: None,
        },
    );
    check_unit(
        &y25,
        UnitFigures {
            path: "alpha/gamma",
            parent: Some("alpha"),
            items: 1,
            done: 0,
            fulfilment: Some((0, 1)),
            pledged: 0,
            required: None,
            coverage: None,
            satisfaction: None,
        },
    );
    // beta has no 2025 folder: it appears, with zeros.
    check_unit(
        &y25,
        UnitFigures {
            path: "beta",
            parent: None,
            items: 0,
            done: 0,
            fulfilment: None,
            pledged: 0,
            required: None,
            coverage: None,
            satisfaction: None,
        },
    );
    // 2026 — alpha: a26 overdue (2026-03-31), zhao's z26 not-started →
    // 0/2; zhao pledged of 2 → 1/2.
    check_unit(
        &y26,
        UnitFigures {
            path: "alpha",
            parent: None,
            items: 2,
            done: 0,
            fulfilment: Some((0, 2)),
            pledged: 1,
            required: Some(2),
            coverage: Some((1, 2)),
            satisfaction: None,
        },
    );
    // gamma has no 2026 folder: zeros.
    check_unit(
        &y26,
        UnitFigures {
            path: "alpha/gamma",
            parent: Some("alpha"),
            items: 0,
            done: 0,
            fulfilment: None,
            pledged: 0,
            required: None,
            coverage: None,
            satisfaction: None,
        },
    );
    check_unit(
        &y26,
        UnitFigures {
            path: "beta",
            parent: None,
            items: 1,
            done: 0,
            fulfilment: Some((0, 1)),
            pledged: 0,
            required: None,
            coverage: None,
            satisfaction: None,
        },
    );
    let ids = |d: &Value| -> Vec<String> {
        d["pledgers"]
            .as_array()
            .expect("pledgers")
            .iter()
            .map(|p| format!("{}/{}", p["unit"].as_str().unwrap_or("?"), p["id"]))
            .collect()
    };
    assert_eq!(ids(&y25), ["alpha/\"_unit\"", "alpha/gamma/\"_unit\""]);
    assert_eq!(
        ids(&y26),
        ["alpha/\"_unit\"", "alpha/\"zhao\"", "beta/\"_unit\""]
    );
    check_consistency(&y25);
    check_consistency(&y26);

    // Both years have their pages, and the archive links both.
    for year in ["2025", "2026"] {
        assert!(b.exists(&format!("{year}/index.html")), "/{year}/");
        assert!(b.exists(&format!("alpha/{year}/index.html")));
        assert!(b.exists(&format!("status/{year}/overdue/index.html")));
    }
    assert!(b.exists("alpha/gamma/2025/_unit/index.html"));
    assert!(b.exists("beta/2026/_unit/index.html"));
    let archive = b.html("years/index.html");
    let hrefs: Vec<&str> = archive
        .select(&sel("a[href]"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(hrefs.contains(&"/2025/"), "{hrefs:?}");
    assert!(hrefs.contains(&"/2026/"), "{hrefs:?}");
    check_links(b, "https://example.org", "/");
}

// ---------------------------------------------------------------- 3. CSV

/// The rows of a CSV text (RFC 4180, read by the csv crate).
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.expect("a CSV row").iter().map(String::from).collect())
        .collect()
}

#[test]
fn csv_has_a_bom_a_header_and_a_row_per_item() {
    let b = figures();
    let bytes = fs::read(b.out.join("data/2026.csv")).expect("read csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "no UTF-8 BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8 CSV");
    // The title `修缮"老街",含路灯` is quoted, its quotes doubled.
    assert!(text.contains("\"修缮\"\"老街\"\",含路灯\""), "{text}");
    let rows = parse_csv(&text);
    let header = &rows[0];
    // The columns of docs/spec.md §4, in order, then the extra ones.
    assert!(
        text.starts_with(
            "unit,unit_name,pledger,pledger_name,item,title,category,deadline,new_deadline,status,progress,notes,"
        ),
        "{}",
        text.lines().next().unwrap_or("")
    );
    let col = |name: &str| header.iter().position(|h| h == name).expect("column");
    for row in &rows {
        assert_eq!(row.len(), header.len(), "row {row:?}");
    }
    // One row per published item: the 20 items of `figures_units`.
    let data = b.json(2026);
    let items: Vec<(&Value, &Value)> = data["pledgers"]
        .as_array()
        .expect("pledgers")
        .iter()
        .flat_map(|p| {
            p["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(move |i| (p, i))
        })
        .collect();
    assert_eq!(items.len(), 20);
    assert_eq!(rows.len() - 1, 20);
    for (p, i) in items {
        let unit_path = p["unit"].as_str().expect("unit");
        let row = rows[1..]
            .iter()
            .find(|r| {
                r[col("unit")] == unit_path
                    && r[col("pledger")] == p["id"]
                    && r[col("item")] == i["id"]
            })
            .unwrap_or_else(|| panic!("no CSV row for {unit_path}/{}/{}", p["id"], i["id"]));
        assert_eq!(row[col("unit_name")], unit(&data, unit_path)["name"]);
        assert_eq!(row[col("pledger_name")], p["name"]);
        assert_eq!(row[col("title")], i["title"]);
        assert_eq!(row[col("category")], i["category"].as_str().unwrap_or(""));
        assert_eq!(row[col("deadline")], i["deadline"]);
        assert_eq!(
            row[col("new_deadline")],
            i["new_deadline"].as_str().unwrap_or("")
        );
        assert_eq!(row[col("status")], i["status"]);
        assert_eq!(row[col("progress")], i["progress"].to_string());
        assert_eq!(row[col("notes")], i["notes"].to_string());
    }
    let comma = rows
        .iter()
        .find(|r| r[col("item")] == "a-comma")
        .expect("a-comma row");
    assert_eq!(comma[col("title")], "修缮\"老街\",含路灯");
    assert_eq!(comma[col("unit_name")], "甲街道党工委");
    assert_eq!(comma[col("pledger")], "_unit");
}

// ---------------------------------------------------------------- 4. determinism

#[test]
fn builds_are_byte_identical() {
    let first = figures().files();
    let second = build(&fixture("figures"), "figures-again", &[]).files();
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>(),
        "the two builds wrote different files"
    );
    for (path, bytes) in &first {
        assert!(second[path] == *bytes, "{path} differs between two builds");
    }
}

// ---------------------------------------------------------------- 5. links

#[test]
fn links_stay_under_the_base_path_and_resolve() {
    let b = figures_sub();
    check_links(b, "https://example.org", "/sub/path/");
    // The style sheet, at least, is linked under the sub-path.
    let home = b.html("index.html");
    let css: Vec<&str> = home
        .select(&sel("link[rel=stylesheet]"))
        .filter_map(|l| l.value().attr("href"))
        .collect();
    assert!(
        !css.is_empty() && css.iter().all(|h| h.starts_with("/sub/path/")),
        "{css:?}"
    );
}

#[test]
fn links_resolve_in_every_fixture() {
    check_links(figures(), "https://example.org", "/");
    check_links(notepages(), "https://example.org", "/pledges/");
}

// ---------------------------------------------------------------- 6. pages

#[test]
fn spec_pages_exist() {
    let b = figures();
    let mut pages = vec![
        // home, year archive, categories
        "index.html",
        "years/index.html",
        "categories/index.html",
        // unit pages (the root unit is the home page)
        "street-a/index.html",
        "street-a/community-c/index.html",
        "乙村/index.html",
        // boards; the root unit's board is the year page
        "2026/index.html",
        "street-a/2026/index.html",
        "street-a/community-c/2026/index.html",
        "乙村/2026/index.html",
        // sheets
        "2026/_unit/index.html",
        "2026/wang-qiang/index.html",
        "street-a/2026/_unit/index.html",
        "street-a/2026/li-ming/index.html",
        "street-a/2026/zhao-lei/index.html",
        "street-a/2026/sun-li/index.html",
        "street-a/community-c/2026/_unit/index.html",
        "street-a/community-c/2026/ma-li/index.html",
        "乙村/2026/_unit/index.html",
        "乙村/2026/chen-gang/index.html",
        "乙村/2026/lin-feng/index.html",
    ];
    let statuses = [
        "done",
        "adjusted",
        "abandoned",
        "overdue",
        "delayed",
        "in-progress",
        "not-started",
    ];
    let status_pages: Vec<String> = statuses
        .iter()
        .map(|s| format!("status/2026/{s}/index.html"))
        .collect();
    pages.extend(status_pages.iter().map(String::as_str));
    for page in &pages {
        assert!(b.exists(page), "missing page {page}");
    }
    // A page for every category; `党建/组织` must not make a sub-folder.
    let index = b.html("categories/index.html");
    let links: BTreeSet<String> = index
        .select(&sel("main a[href^='/categories/']"))
        .filter_map(|a| a.value().attr("href"))
        // Per year: the rows lead to their year's part of the page.
        .filter_map(|h| h.strip_suffix("#y2026"))
        .map(percent_decode)
        .collect();
    for cat in [
        "党建-组织",
        "党建工作",
        "就业创业",
        "基层治理",
        "志愿服务",
        "环境整治",
    ] {
        let href = format!("/categories/{cat}/");
        assert!(links.contains(&href), "no link to {href} in {links:?}");
        assert!(b.exists(&format!("categories/{cat}/index.html")));
    }
    // The sheet's items are on its category page.
    let jobs = b.html("categories/就业创业/index.html");
    let text = text_of(jobs.root_element());
    for title in ["组织社区招聘会不少于4场", "走访辖区企业50家"] {
        assert!(text.contains(title), "{title} not on its category page");
    }
    // The overdue list lists the overdue items, in words.
    let overdue = text_of(b.html("status/2026/overdue/index.html").root_element());
    for title in ["培训支部书记100人", "建设党员活动室", "探望孤寡老人"] {
        assert!(overdue.contains(title), "{title} not on the overdue list");
    }
    assert!(!overdue.contains("走访辖区企业50家"));
}

/// docs/spec.md §4 also lists search, an Atom feed of progress notes and
/// `sitemap.xml`.
#[test]
fn search_feed_and_sitemap_exist() {
    let b = figures_sub();
    let files = b.files();
    let mut missing = Vec::new();
    if !files.contains_key("search/index.html") {
        missing.push("search page (search/index.html)");
    }
    let feed = files.iter().find(|(p, body)| {
        p.ends_with(".xml") && String::from_utf8_lossy(body).contains("http://www.w3.org/2005/Atom")
    });
    if feed.is_none() {
        missing.push("Atom feed of progress notes");
    }
    match files.get("sitemap.xml") {
        None => missing.push("sitemap.xml"),
        Some(body) => {
            let text = String::from_utf8_lossy(body);
            for loc in text.split("<loc>").skip(1) {
                let url = loc.split("</loc>").next().unwrap_or("");
                let rel = url
                    .strip_prefix("https://example.org/sub/path/")
                    .unwrap_or_else(|| panic!("sitemap URL {url} is not under base_url"));
                let file = target_file(&percent_decode(rel));
                assert!(files.contains_key(&file), "sitemap lists missing {file}");
            }
            assert!(text.contains("https://example.org/sub/path/street-a/2026/li-ming/"));
        }
    }
    if let Some((path, body)) = feed {
        let text = String::from_utf8_lossy(body);
        // Every link of the feed is absolute and names a page (and note
        // anchor) of the site.
        for part in text.split("href=\"").skip(1) {
            let url = part.split('"').next().unwrap_or("");
            let rel = url
                .strip_prefix("https://example.org/sub/path/")
                .unwrap_or_else(|| panic!("{path}: link {url} is not under base_url"));
            let (target, fragment) = rel.split_once('#').unwrap_or((rel, ""));
            let file = target_file(&percent_decode(target));
            assert!(files.contains_key(&file), "{path}: {url} → missing {file}");
            if !fragment.is_empty() {
                let page = b.html(&file);
                let id = percent_decode(fragment);
                assert!(
                    page.select(&sel(&format!("[id=\"{id}\"]")))
                        .next()
                        .is_some(),
                    "{path}: {url} → no id {id} in {file}"
                );
            }
        }
        assert!(
            text.contains("2026-06-01-visit"),
            "{path}: the latest note is not in the feed"
        );
        assert!(
            !text.contains("DRAFT-NOTE"),
            "{path}: a draft note is in the feed"
        );
    }
    assert!(missing.is_empty(), "missing: {}", missing.join(", "));
}

#[test]
fn sheets_anchor_every_note() {
    let b = figures();
    let data = b.json(2026);
    let mut sheets: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for n in data["notes"].as_array().expect("notes") {
        let unit = n["unit"].as_str().expect("unit");
        let pledger = n["pledger"].as_str().expect("pledger");
        let dir = if unit.is_empty() {
            format!("2026/{pledger}")
        } else {
            format!("{unit}/2026/{pledger}")
        };
        sheets
            .entry(format!("{dir}/index.html"))
            .or_default()
            .push(n["id"].as_str().expect("id").to_string());
    }
    // Every sheet but ma-li's has notes.
    assert_eq!(sheets.len(), 10);
    for (page, ids) in sheets {
        let doc = b.html(&page);
        for id in ids {
            let found = doc.select(&sel(&format!("[id=\"{id}\"]"))).count();
            assert_eq!(found, 1, "{page}: element with id {id}");
        }
    }
    // Without `note_pages`, no note has a page of its own.
    assert!(!b.exists("street-a/2026/li-ming/summary/index.html"));
    // The unit's own sheet shows the unit's name, not `_unit.md`'s.
    let h1 = b.html("乙村/2026/_unit/index.html");
    let text = text_of(h1.root_element());
    assert!(text.contains("乙村党支部"));
    assert!(!text.contains("本名不显示"), "_unit.md's own name is shown");
}

#[test]
fn chinese_ui_and_status_in_words() {
    let b = figures();
    for (page, text) in b.pages() {
        let doc = Html::parse_document(&text);
        let lang = doc
            .select(&sel("html"))
            .next()
            .and_then(|h| h.value().attr("lang").map(str::to_string));
        assert_eq!(lang.as_deref(), Some("zh-CN"), "{page}");
    }
    // Every status is written out in words in the item's row, on the
    // board and on the sheet, not only given a colour.
    let expect: &[(&str, &str, &str)] = &[
        (
            "street-a/2026/index.html",
            "组织社区招聘会不少于4场",
            "已完成",
        ),
        ("street-a/2026/index.html", "硬化背街小巷道路", "已调整"),
        ("street-a/2026/index.html", "规范夜市管理", "已放弃"),
        ("street-a/2026/index.html", "修缮\"老街\",含路灯", "未开始"),
        (
            "street-a/2026/li-ming/index.html",
            "走访辖区企业50家",
            "已完成",
        ),
        (
            "street-a/2026/li-ming/index.html",
            "建设党员活动室",
            "已逾期",
        ),
        ("street-a/2026/li-ming/index.html", "整理党建档案", "进行中"),
        ("street-a/2026/li-ming/index.html", "开展主题党日", "未开始"),
        ("2026/_unit/index.html", "培训支部书记100人", "已逾期"),
        (
            "2026/wang-qiang/index.html",
            "联系走访基层党组织20个",
            "已延期",
        ),
    ];
    for &(page, title, word) in expect {
        let doc = b.html(page);
        let rows: Vec<String> = doc
            .select(&sel("tr"))
            .map(text_of)
            .filter(|t| t.contains(title))
            .collect();
        assert!(
            rows.iter().any(|r| r.contains(word)),
            "{page}: {title} is not marked {word}: {rows:?}"
        );
        // (A printable copy of the sheet may list the item without its
        // state, but no row may give it another one.)
        for other in [
            "已完成",
            "已调整",
            "已放弃",
            "已逾期",
            "已延期",
            "进行中",
            "未开始",
        ] {
            assert!(
                other == word || rows.iter().all(|r| !r.contains(other)),
                "{page}: {title} is marked {other}, not {word}: {rows:?}"
            );
        }
    }
}

#[test]
fn english_ui_note_pages_and_attachments() {
    let b = notepages();
    let doc = b.html("index.html");
    let html = doc.select(&sel("html")).next().expect("html");
    assert_eq!(html.value().attr("lang"), Some("en"));
    // No Chinese UI words on an English site's pages.
    let board = text_of(b.html("town/2026/index.html").root_element());
    assert!(board.contains("Overdue"), "status not in words");
    assert!(
        !board.contains("已逾期") && !board.contains("公示"),
        "{board}"
    );

    // Every note has a page of its own at …/<year>/<pledger>/<stem>/.
    let data = b.json(2026);
    let notes = data["notes"].as_array().expect("notes");
    assert_eq!(notes.len(), 3);
    for n in notes {
        let page = format!(
            "town/2026/{}/{}/index.html",
            n["pledger"].as_str().expect("pledger"),
            n["id"].as_str().expect("id")
        );
        assert!(b.exists(&page), "missing note page {page}");
    }
    // Attachments are copied beside the sheet, byte for byte, and the
    // note's `![](photo.png)` points at the copy from both pages.
    let source = fixture("notepages").join("content/town/2026/_unit");
    for name in ["photo.png", "plan.pdf"] {
        let copied = fs::read(b.out.join("town/2026/_unit").join(name)).expect(name);
        assert_eq!(copied, fs::read(source.join(name)).expect(name), "{name}");
    }
    for page in [
        "town/2026/_unit/index.html",
        "town/2026/_unit/2026-03-01-opening/index.html",
        "town/2026/_unit/2026-04-01-second/index.html",
    ] {
        let doc = b.html(page);
        let srcs: Vec<&str> = doc
            .select(&sel("img[src]"))
            .filter_map(|i| i.value().attr("src"))
            .filter(|s| s.ends_with("photo.png"))
            .collect();
        assert!(!srcs.is_empty(), "{page}: no picture");
        for src in srcs {
            assert_eq!(src, "/pledges/town/2026/_unit/photo.png", "{page}");
        }
    }
    let sheet = b.html("town/2026/_unit/index.html");
    let pdf = sheet
        .select(&sel("a[href$='plan.pdf']"))
        .filter_map(|a| a.value().attr("href"))
        .next();
    assert_eq!(pdf, Some("/pledges/town/2026/_unit/plan.pdf"));
    // The sheet links each note's own page.
    let hrefs: Vec<&str> = sheet
        .select(&sel("a[href]"))
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        hrefs.contains(&"/pledges/town/2026/_unit/2026-03-01-opening/"),
        "{hrefs:?}"
    );
}

/// With `language: en` and content written in English, no page shows a
/// Chinese character: every UI word and mark is English.
#[test]
fn english_pages_have_no_chinese_ui_text() {
    let cjk =
        |c: char| ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c);
    let mut found = Vec::new();
    for (path, text) in notepages().pages() {
        for (n, line) in text.lines().enumerate() {
            if line.chars().any(cjk) {
                found.push(format!("{path}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "Chinese text on an English site:\n{}",
        found.join("\n")
    );
}

// ---------------------------------------------------------------- 7. safety

const SCRIPTABLE_ATTRS: &[&str] = &[
    "href",
    "src",
    "srcset",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "ping",
    "xlink:href",
    "style",
];

#[test]
fn editor_text_cannot_inject_script() {
    let b = xss();
    let pages = b.pages();
    assert!(pages.len() > 10);
    let mut found = Vec::new();
    for (path, text) in &pages {
        let doc = Html::parse_document(text);
        let theme_scripts = unsafe_markup(&doc, path, &mut found);
        // The raw text too, not only the parse: every `<script` is one of
        // the theme's, and no `<iframe` or `<svg onload` slipped through.
        let lower = text.to_ascii_lowercase();
        if lower.matches("<script").count() != theme_scripts {
            found.push(format!("{path}: raw <script"));
        }
        if lower.contains("<iframe") || lower.contains("<svg onload") {
            found.push(format!("{path}: raw <iframe or <svg onload"));
        }
    }
    // Feeds carry note bodies as escaped HTML (`<content type="html">`),
    // which feed readers render: the same rules hold inside.
    let mut feeds = 0;
    for (path, bytes) in b.files() {
        if !path.ends_with(".xml") {
            continue;
        }
        let text = String::from_utf8(bytes).expect("UTF-8 feed");
        for part in text.split("<content").skip(1) {
            let Some((head, rest)) = part.split_once('>') else {
                continue;
            };
            if !head.contains("html") {
                continue;
            }
            let body = rest.split("</content>").next().unwrap_or("");
            let html = xml_unescape(body);
            let doc = Html::parse_fragment(&html);
            let scripts = unsafe_markup(&doc, &path, &mut found);
            if scripts > 0 {
                found.push(format!("{path}: <script> in a feed entry"));
            }
            feeds += 1;
        }
    }
    assert!(feeds > 0, "no feed entry with HTML content to check");
    assert!(found.is_empty(), "unsafe markup:\n{}", found.join("\n"));
    // The payloads are shown as text: the unit's name is readable.
    let unit_page = text_of(b.html("evil/index.html").root_element());
    assert!(unit_page.contains("<script>alert(1)</script>恶意党委"));
    let sheet = text_of(b.html("evil/2026/_unit/index.html").root_element());
    assert!(sheet.contains("\"><script>alert(1)</script>标题"));
}

/// `&lt;p&gt;` → `<p>`: the five XML entities and numeric references.
fn xml_unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|&e| e <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|h| u32::from_str_radix(h, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Reports every element and attribute of `doc` that could run script;
/// returns how many `<script>` elements are the theme's own files (an
/// empty `<script src>` into the site, `/x/` in the xss fixture).
fn unsafe_markup(doc: &Html, path: &str, found: &mut Vec<String>) -> usize {
    let mut theme_scripts = 0;
    for el in all_elements(doc) {
        let name = el.value().name();
        if name == "script" {
            let src = el.value().attr("src").unwrap_or("");
            if src.starts_with("/x/") && src.ends_with(".js") && text_of(el).trim().is_empty() {
                theme_scripts += 1;
            } else {
                found.push(format!("{path}: <script> element"));
            }
        }
        if matches!(name, "iframe" | "frame" | "object" | "embed" | "base") {
            found.push(format!("{path}: <{name}> element"));
        }
        if name == "meta"
            && el
                .value()
                .attr("http-equiv")
                .is_some_and(|h| h.eq_ignore_ascii_case("refresh"))
        {
            found.push(format!("{path}: <meta http-equiv=refresh>"));
        }
        for (attr, value) in el.value().attrs() {
            let attr = attr.to_ascii_lowercase();
            if attr.starts_with("on") {
                found.push(format!("{path}: <{name} {attr}=…>"));
            }
            // Attributes a browser follows or loads as a URL (text
            // attributes such as `title` may hold the payload as text).
            if !SCRIPTABLE_ATTRS.contains(&attr.as_str()) {
                continue;
            }
            // Browsers ignore whitespace and control characters in a
            // URL's scheme.
            let squeezed: String = value
                .chars()
                .filter(|c| !c.is_whitespace() && !c.is_control())
                .collect::<String>()
                .to_ascii_lowercase();
            if squeezed.contains("javascript:") || squeezed.contains("vbscript:") {
                found.push(format!("{path}: <{name} {attr}=\"{value}\">"));
            }
        }
    }
    theme_scripts
}

/// The link checker itself: the root-path build checked against a
/// sub-path must fail.
#[test]
#[should_panic(expected = "broken links")]
fn link_checker_catches_links_outside_the_base_path() {
    check_links(figures(), "https://example.org", "/sub/path/");
}

#[test]
fn no_page_loads_assets_from_another_host() {
    for b in [figures(), figures_sub(), years(), notepages(), xss()] {
        check_no_external_assets(b, "https://example.org");
    }
}

// ---------------------------------------------------------------- 8. demo

#[test]
fn demo_site_builds_cleanly() {
    let b = demo();
    assert!(
        !b.stderr.contains("警告") && !b.stderr.contains("warning"),
        "the demo site has warnings:\n{}",
        b.stderr
    );
    let data = b.json(2026);
    let units = data["units"].as_array().expect("units");
    assert!(units.len() >= 12, "{} units", units.len());
    let kinds: BTreeSet<&str> = units.iter().filter_map(|u| u["kind"].as_str()).collect();
    assert!(kinds.len() >= 7, "kinds: {kinds:?}");
    let statuses: BTreeSet<&str> = data["pledgers"]
        .as_array()
        .expect("pledgers")
        .iter()
        .flat_map(|p| p["items"].as_array().expect("items"))
        .filter_map(|i| i["status"].as_str())
        .collect();
    assert_eq!(
        statuses,
        BTreeSet::from([
            "abandoned",
            "adjusted",
            "delayed",
            "done",
            "in-progress",
            "not-started",
            "overdue"
        ]),
        "the demo's 2026 items"
    );
    check_consistency(&data);
    check_links(b, "http://127.0.0.1:1111", "/");
    check_no_external_assets(b, "http://127.0.0.1:1111");
}

// ------------------------------------------- 6. figures a reader can trust

fn texts(doc: &Html, css: &str) -> Vec<String> {
    doc.select(&sel(css))
        .map(|e| text_of(e).split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// docs/spec.md revision 2 on the pages, as of 2026-06-30 (the year runs): the
/// fulfilment of due items leads, with its date and the whole-year figure
/// beside it, labelled; every rate has its definition one tap away.
#[test]
fn pages_lead_with_due_items_while_the_year_runs() {
    let b = figures();
    let year = b.html("2026/index.html");
    let lead = texts(&year, "dl.figures .lead-figure dt");
    assert_eq!(lead, ["到期事项兑现率"]);
    let dd = texts(&year, "dl.figures .lead-figure dd").join(" ");
    assert!(dd.starts_with("55.6%") && dd.contains("5/9"), "{dd}");
    let as_of = texts(&year, ".as-of").join(" ");
    assert!(as_of.contains("年度进行中，数据截至6月30日"), "{as_of}");
    let dts = texts(&year, "dl.figures dt");
    assert!(dts.contains(&"全年兑现率".to_string()), "{dts:?}");
    let all = texts(&year, "dl.figures dd").join(" ");
    assert!(all.contains("29.4%") && all.contains("5/17"), "{all}");
    // Each rate: a labelled <details> with a one-liner and a link to its
    // entry on the 口径说明 page, which exists.
    let glossary = b.html("glossary/index.html");
    for d in year.select(&sel("dl.figures details.define")) {
        let summary = text_of(d.select(&sel("summary")).next().expect("a summary"));
        assert!(
            summary.starts_with("口径") && summary.len() > "口径".len(),
            "{summary}"
        );
        let href = d
            .select(&sel("a"))
            .next()
            .and_then(|a| a.value().attr("href"))
            .expect("a link");
        let anchor = href.split_once("/glossary/#").expect("to the glossary").1;
        assert!(
            glossary
                .select(&sel(&format!("[id=\"{anchor}\"]")))
                .next()
                .is_some(),
            "no {anchor} on the glossary page"
        );
    }
    assert_eq!(year.select(&sel("dl.figures details.define")).count(), 4);
    for status in [
        "done",
        "adjusted",
        "abandoned",
        "overdue",
        "delayed",
        "in-progress",
        "not-started",
    ] {
        assert!(
            glossary
                .select(&sel(&format!("#status-{status}")))
                .next()
                .is_some(),
            "{status}"
        );
    }
    // The board of a unit with sub-units says its figures include them;
    // its own lists say 本组织.
    let board = b.html("street-a/2026/index.html");
    assert!(texts(&board, ".as-of").join(" ").contains("含下级组织"));
    let scopes = texts(&board, "h2 .scope");
    assert!(
        scopes.iter().all(|s| s == "本组织") && !scopes.is_empty(),
        "{scopes:?}"
    );
}

#[test]
fn pages_lead_with_the_whole_year_after_it() {
    let b = build_on(&fixture("figures"), "figures-after", "2027-01-15", &[]);
    let year = b.html("2026/index.html");
    assert_eq!(texts(&year, "dl.figures .lead-figure dt"), ["全年兑现率"]);
    assert!(texts(&year, ".as-of").is_empty());
    assert!(!texts(&year, "dl.figures dt").contains(&"到期事项兑现率".to_string()));
}

/// A delayed item shows its new deadline and the original struck through;
/// an overdue one by how many days; adjusted and abandoned ones what the
/// note that said so says.
#[test]
fn items_tell_their_story() {
    let b = figures();
    let sun = b.html("street-a/2026/sun-li/index.html");
    let row = texts(&sun, "#item-s-vol").join(" ");
    assert!(row.contains("已延期至 2026-12-31"), "{row}");
    assert_eq!(texts(&sun, "#item-s-vol del"), ["原定 2026-05-31"]);
    assert!(row.contains("经支部同意延期"), "{row}");
    let li = b.html("street-a/2026/li-ming/index.html");
    let late = texts(&li, "#item-l-late .status").join(" ");
    assert_eq!(late, "已逾期 15 天");
    let unit = b.html("street-a/2026/_unit/index.html");
    let road = texts(&unit, "#item-a-road .story").join(" ");
    assert!(
        road.starts_with("调整为:") && road.contains("规划调整，改为明年实施。"),
        "{road}"
    );
    let market = texts(&unit, "#item-a-market .story").join(" ");
    assert!(
        market.starts_with("放弃原因:") && market.contains("夜市搬迁"),
        "{market}"
    );
}

/// Evaluation not yet held and members not on record are said in words,
/// not as dashes, zeros or an empty 组织认定 column.
#[test]
fn placeholders_never_look_like_results() {
    let b = figures();
    let village = b.html("乙村/2026/index.html");
    let figures = texts(&village, "dl.figures dd").join(" ");
    assert!(figures.contains("年终评议后公布"), "{figures}");
    assert!(figures.contains("应承诺人数未登记"), "{figures}");
    let heads = texts(&village, "table.sheets th");
    assert!(
        !heads.is_empty() && !heads.contains(&"组织认定".to_string()),
        "{heads:?}"
    );
    // Graded members keep the column.
    let street = b.html("street-a/2026/index.html");
    assert!(texts(&street, "table.sheets th").contains(&"组织认定".to_string()));
}

// ---------------------------------------------------------------- 8. paper

/// The status word a page shows for a status of the open data.
fn status_word(status: &str) -> &'static str {
    match status {
        "done" => "已完成",
        "adjusted" => "已调整",
        "abandoned" => "已放弃",
        "overdue" => "已逾期",
        "delayed" => "已延期",
        "in-progress" => "进行中",
        "not-started" => "未开始",
        other => panic!("unknown status {other}"),
    }
}

/// A board's folder in the output: `<unit>/<year>/`, or `<year>/` for
/// the root unit.
fn board_folder(unit: &str, year: i32) -> String {
    if unit.is_empty() {
        format!("{year}/")
    } else {
        format!("{unit}/{year}/")
    }
}

/// Issue 18.1: the 公示栏 on paper shows, for every member, each item's
/// title, deadline and status word (not counts), the unit's own items,
/// the figures of the year in progress, the date, a QR code to the board
/// and the site's supervision contact; on A4 and on A3, linked from the
/// board; desk cards, one per member.
#[test]
fn posters_show_every_members_items_and_where_to_report() {
    let b = demo();
    let data = b.json(2026);
    for unit in ["chengguan-street", "chengguan-street/xinhua-community", ""] {
        let folder = board_folder(unit, 2026);
        let poster = b.html(&format!("{folder}_poster/index.html"));
        let pledgers: Vec<&Value> = data["pledgers"]
            .as_array()
            .expect("pledgers")
            .iter()
            .filter(|p| p["unit"] == unit)
            .collect();
        let deadline = |i: &Value| {
            i["new_deadline"]
                .as_str()
                .or(i["deadline"].as_str())
                .expect("a deadline")
                .to_string()
        };
        // Members: one group of rows each, a row per item.
        let members: Vec<&&Value> = pledgers.iter().filter(|p| p["id"] != "_unit").collect();
        let groups: Vec<ElementRef> = poster.select(&sel("tbody.poster-member")).collect();
        assert_eq!(groups.len(), members.len(), "{folder}");
        for (group, p) in groups.iter().zip(&members) {
            let who = group
                .select(&sel("th.who"))
                .map(text_of)
                .collect::<String>();
            assert!(who.starts_with(p["name"].as_str().expect("name")), "{who}");
            let rows: Vec<ElementRef> = group.select(&sel("tr")).collect();
            let items = p["items"].as_array().expect("items");
            assert_eq!(rows.len(), items.len(), "{who}");
            for (row, item) in rows.iter().zip(items) {
                let cells: Vec<String> = row
                    .select(&sel("td"))
                    .map(|td| text_of(td).trim().to_string())
                    .collect();
                assert_eq!(cells[0], item["title"].as_str().expect("title"));
                assert!(cells[1].ends_with(&deadline(item)), "{cells:?}");
                let status = item["status"].as_str().expect("status");
                assert!(cells[2].starts_with(status_word(status)), "{cells:?}");
            }
        }
        // The unit's own items.
        if let Some(own) = pledgers.iter().find(|p| p["id"] == "_unit") {
            let titles = texts(&poster, ".poster-unit tbody td b");
            let want: Vec<&str> = own["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|i| i["title"].as_str().expect("title"))
                .collect();
            assert_eq!(titles, want, "{folder}");
        }
        // The year in progress: the due-based figure leads, with its date.
        let heads = texts(&poster, ".poster-figures thead th");
        assert_eq!(heads[0], "到期事项兑现率", "{folder}");
        let caption = texts(&poster, ".poster-figures caption").join(" ");
        assert!(caption.contains("数据截至11月28日"), "{caption}");
        let head = texts(&poster, ".poster-head").join(" ");
        assert!(head.contains("2026-11-28"), "{head}");
        // The QR code and the board's address; where to report.
        assert!(
            poster
                .select(&sel(".poster-qr img.qr[alt]"))
                .next()
                .is_some()
        );
        let source = texts(&poster, ".poster-source .url").join(" ");
        assert_eq!(source, format!("http://127.0.0.1:1111/{folder}"));
        let report = texts(&poster, ".poster-supervision").join(" ");
        for want in [
            "监督电话",
            "0000-12345678",
            "意见箱",
            "各党群服务中心门口意见箱",
        ] {
            assert!(report.contains(want), "{want} not in {report}");
        }
        // A3: the same poster, laid out for A3.
        let a3 = b.text(&format!("{folder}_poster-a3/index.html"));
        assert!(
            a3.contains("<body class=\"page-poster paper-a3\">"),
            "{folder}"
        );
        let a3 = Html::parse_document(&a3);
        assert_eq!(
            a3.select(&sel("tbody.poster-member")).count(),
            members.len()
        );
        // The board (the year page for the root) links to both and to
        // the desk cards, one card per member.
        let board = b.html(&format!("{folder}index.html"));
        let links: Vec<String> = board
            .select(&sel("nav.print-links a"))
            .filter_map(|a| a.value().attr("href").map(str::to_string))
            .collect();
        let mut want = vec![
            format!("/{folder}_poster/"),
            format!("/{folder}_poster-a3/"),
        ];
        if !members.is_empty() {
            want.push(format!("/{folder}_cards/"));
            let cards = b.html(&format!("{folder}_cards/index.html"));
            let names = texts(&cards, ".pledge-card .card-name");
            let want: Vec<&str> = members
                .iter()
                .map(|p| p["name"].as_str().expect("name"))
                .collect();
            assert_eq!(names, want);
            assert_eq!(
                cards.select(&sel(".pledge-card img.qr")).count(),
                members.len()
            );
        }
        assert_eq!(links, want, "{folder}");
    }
}

/// A site without `supervision:` prints no empty contact box.
#[test]
fn posters_without_supervision_have_no_contact_box() {
    let b = figures();
    let poster = b.html("street-a/2026/_poster/index.html");
    assert!(poster.select(&sel(".poster-supervision")).next().is_none());
    assert!(
        b.html("street-a/2026/index.html")
            .select(&sel(".supervision-line"))
            .next()
            .is_none()
    );
    // The demo's is in every page's footer.
    let home = demo().html("index.html");
    assert!(
        texts(&home, ".supervision-line")
            .join(" ")
            .contains("0000-12345678")
    );
}

/// Issue 18.2: once its year is over, a sheet prints its result: each
/// item's status, the fulfilment, the votes and satisfaction, the grade;
/// and no blank signature line as if the pledge were fresh. A sheet of
/// the year in progress keeps its signature line.
#[test]
fn a_closed_years_sheet_prints_its_results() {
    let b = demo();
    let data = b.json(2025);
    let p = data["pledgers"]
        .as_array()
        .expect("pledgers")
        .iter()
        .find(|p| p["id"] != "_unit" && p["grade"].is_string() && p["votes"].is_object())
        .expect("a graded member in 2025");
    let folder = board_folder(p["unit"].as_str().expect("unit"), 2025);
    let page = b.html(&format!(
        "{folder}{}/index.html",
        p["id"].as_str().expect("id")
    ));
    let formal = page
        .select(&sel("section.formal"))
        .next()
        .expect("printed sheet");
    assert!(formal.value().classes().any(|c| c == "closed"));
    let text = text_of(formal);
    assert!(text.contains("年度已结束，本件为年终践诺结果"), "{text}");
    assert!(text.contains("数据截至 2026-11-28"), "{text}");
    assert!(!text.contains("承诺人（签字）"), "{text}");
    assert!(formal.select(&sel(".sign-line")).next().is_none());
    let formal = Html::parse_fragment(&formal.html());
    // The form's items are the page's own table: print shows its fifth
    // column, the status, once the year is over (the browser test prints
    // it and reads the words back).
    assert_eq!(
        texts(&page, ".sheet-items thead th")
            .get(4)
            .map(String::as_str),
        Some("状态")
    );
    let states = texts(&page, ".sheet-items tbody td:nth-child(5) .status");
    let css = b.text("assets/style.css");
    assert!(css.contains(
        "main:has(.formal.closed) .sheet-items :is(th, td):nth-child(5) { display: block;"
    ));
    let items = p["items"].as_array().expect("items");
    assert_eq!(states.len(), items.len());
    for (state, item) in states.iter().zip(items) {
        assert!(
            state.starts_with(status_word(item["status"].as_str().expect("status"))),
            "{state}"
        );
    }
    let results = texts(&formal, ".formal-results").join(" ");
    let fulfilment = format!(
        "{:.1}%",
        p["fulfilment"].as_f64().expect("fulfilment") * 100.0
    );
    let grade = match p["grade"].as_str() {
        Some("excellent") => "优秀",
        Some("qualified") => "合格",
        Some("basic") => "基本合格",
        _ => "不合格",
    };
    let satisfaction = format!(
        "{:.1}%",
        p["satisfaction"].as_f64().expect("satisfaction") * 100.0
    );
    for want in [
        "全年兑现率",
        fulfilment.as_str(),
        "组织认定",
        grade,
        "群众评议",
        "满意率",
        satisfaction.as_str(),
    ] {
        assert!(results.contains(want), "{want} not in {results}");
    }
    // The same pledger's sheet of the running year is still a form to sign.
    let running = b.html("chengguan-street/2026/chang-jianjun/index.html");
    let formal = running
        .select(&sel("section.formal"))
        .next()
        .expect("printed sheet");
    assert!(!formal.value().classes().any(|c| c == "closed"));
    assert!(text_of(formal).contains("承诺人（签字）"));
    assert!(formal.select(&sel(".formal-results")).next().is_none());
}

/// Issue 18.2: a unit's own sheet prints as an organization's: 承诺单位
/// and its 负责人 (the secretary), its upper-level organization, a seal
/// and the person in charge's signature; no 职务 or 承诺人 lines.
#[test]
fn a_units_sheet_prints_as_an_organization() {
    let b = demo();
    let page = b.html("chengguan-street/2026/_unit/index.html");
    let formal = page
        .select(&sel("section.formal"))
        .next()
        .expect("printed sheet");
    let formal = Html::parse_fragment(&formal.html());
    let cells = texts(&formal, ".formal-facts th, .formal-facts td");
    let after = |label: &str| {
        let at = cells
            .iter()
            .position(|c| c == label)
            .unwrap_or_else(|| panic!("no {label} in {cells:?}"));
        cells[at + 1].clone()
    };
    assert_eq!(after("承诺单位"), "城关街道党工委");
    assert_eq!(after("负责人"), "廖勇");
    assert_eq!(after("上级党组织"), "中共清河区委");
    assert!(
        !cells.contains(&"职务".to_string()) && !cells.contains(&"承诺人".to_string()),
        "{cells:?}"
    );
    let sign = texts(&formal, ".formal-sign p").join(" ");
    assert!(
        sign.contains("承诺单位（盖章）") && sign.contains("负责人（签字）"),
        "{sign}"
    );
    assert!(!sign.contains("承诺人（签字）"), "{sign}");
}

/// Issue 18.2: every page, printed, says whose site it is, its address
/// and the date of its data: a line above the content and, in the page
/// margin of every printed page, the same with the page number.
#[test]
fn every_print_keeps_its_date_and_source() {
    let b = demo();
    let pages = b.pages();
    let category = pages
        .keys()
        .find(|p| p.starts_with("categories/") && p.matches('/').count() == 2)
        .expect("a category page")
        .clone();
    for page in [
        "index.html",
        "status/2026/overdue/index.html",
        "categories/index.html",
        category.as_str(),
        "2026/index.html",
        "chengguan-street/2026/index.html",
        "chengguan-street/2026/_poster/index.html",
    ] {
        let text = &pages[page];
        let url = format!(
            "http://127.0.0.1:1111/{}",
            page.trim_end_matches("index.html")
        );
        // The page's own part: its address (letters unencoded) and the
        // date of its figures, as CSS custom properties on <html>.
        let decoded = percent_decode(&url).replacen("http://127.0.0.1:1111", "", 1);
        let vars =
            format!("<html lang=\"zh-CN\" style='--u:\"{decoded}\";--d:\"数据截至 2026-11-28\"'>");
        let head: String = text.chars().take(200).collect();
        assert!(text.contains(&vars), "{page}: {head}");
    }
    // The site's part, and where print puts them: a line above the
    // content and the bottom margin of every sheet of paper, with the
    // page number (the browser test prints them and reads them back).
    assert_eq!(
        b.text("assets/print.css"),
        ":root{--pb-site:\"清河区基层党组织和党员公开承诺公示\";--pb-origin:\"http://127.0.0.1:1111\";--pb-src:\"来源\"}\n"
    );
    let css = b.text("assets/style.css");
    assert!(css.contains("\n@import url(\"print.css\");\n"));
    for rule in [
        r#"@bottom-left { content: var(--pb-site) " · " var(--pb-origin) var(--u);"#,
        r#"@bottom-right { content: var(--d) " · " counter(page) " / " counter(pages);"#,
        r#"body::before { content: var(--pb-site) " · " var(--d) " · " var(--pb-src) ": " var(--pb-origin) var(--u);"#,
    ] {
        assert!(css.contains(rule), "no {rule}");
    }
    // List tables mark the columns print keeps wide enough.
    let overdue = b.html("status/2026/overdue/index.html");
    assert!(overdue.select(&sel("table.items td.cat")).next().is_some());
    assert!(overdue.select(&sel("table.items td.who")).next().is_some());
}
