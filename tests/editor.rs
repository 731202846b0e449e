//! The editors' workflow (issue 4): `check` advice (one test per warning,
//! with its file and line), `new unit|pledge|note` (and that what they
//! write passes `check`), `init` followed by `build`, and `import` of the
//! CSV and XLSX fixtures in tests/fixtures/import/ (malformed rows, blank
//! "same as above" names and merged cells, full-width characters and stray
//! spaces in headers, every usual date form).

mod common;

use common::{run, text, write};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use pledgeboard::advice::{self, codes};
use pledgeboard::content::{LoadOptions, load};
use pledgeboard::derive;
use pledgeboard::diag::Diagnostic;
use pledgeboard::editor::import::{self, ImportOptions, ImportReport};
use pledgeboard::i18n::Messages;
use pledgeboard::model::{Date, ItemIx, Lang, SheetIx};
use tempfile::TempDir;

// ---------------------------------------------------------------- helpers

const SITE_YAML: &str = "title: 测试公示\nbase_url: /\n";
const TODAY: &str = "2026-06-01";

fn date(s: &str) -> Date {
    Date::parse(s).expect("a test date")
}

fn site(files: &[(&str, &str)]) -> TempDir {
    common::site_with(SITE_YAML, files)
}

fn read(root: &Path, path: &str) -> String {
    fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Every file below `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            let rel = path.strip_prefix(dir).expect("prefix").to_path_buf();
            if path.is_dir() {
                stack.push(path);
                files.insert(rel, Vec::new());
            } else {
                files.insert(rel, fs::read(&path).expect("read"));
            }
        }
    }
    files
}

/// `check` must pass (exit 0) at `today`; returns its JSON report.
fn check_ok(root: &Path, today: &str) -> serde_json::Value {
    let out = run(root, &["check", "--format", "json", "--today", today]);
    assert_eq!(out.status.code(), Some(0), "check failed:\n{}", text(&out));
    serde_json::from_slice(&out.stdout).expect("check --format json prints JSON")
}

/// The 1-based line of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> u32 {
    text.lines()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no `{needle}` in\n{text}")) as u32
        + 1
}

// ---------------------------------------------------------------- advice

const UNIT: &str = "name: 城关街道党工委\nkind: street\n";
const ROSTER: &str =
    "- id: zhang-wei\n  name: 张伟\n  role: secretary\n- id: li-na\n  name: 李娜\n  role: member\n";

/// An item: (id, deadline, with target, with baseline).
type It<'a> = (&'a str, &'a str, bool, bool);

fn sheet(name: &str, approved: Option<&str>, items: &[It]) -> String {
    let mut s = format!("---\nname: {name}\n");
    if let Some(d) = approved {
        s.push_str(&format!("approved: {{ by: 城关街道党工委, date: {d} }}\n"));
    }
    s.push_str("items:\n");
    for (id, deadline, target, baseline) in items {
        s.push_str(&format!(
            "  - id: {id}\n    title: 事项{id}\n    deadline: {deadline}\n"
        ));
        if *target {
            s.push_str("    target: 达到目标\n");
        }
        if *baseline {
            s.push_str("    baseline: 现有基础\n");
        }
    }
    s.push_str("---\n承诺正文。\n");
    s
}

const GOOD: It = ("a", "2026-12-31", true, true);

/// A unit whose every member pledged well and recently: no advice at all.
fn clean_files() -> Vec<(String, String)> {
    vec![
        ("content/street/_unit.yaml".into(), UNIT.into()),
        ("content/street/_roster.yaml".into(), ROSTER.into()),
        (
            "content/street/2026/zhang-wei.md".into(),
            sheet("张伟", Some("2026-05-15"), &[GOOD]),
        ),
        (
            "content/street/2026/li-na.md".into(),
            sheet("李娜", Some("2026-05-15"), &[GOOD]),
        ),
    ]
}

/// The clean site with `changes` (path, text) replacing or adding files.
fn advice_site(changes: &[(&str, &str)]) -> TempDir {
    let mut files: BTreeMap<String, String> = clean_files().into_iter().collect();
    for (p, t) in changes {
        files.insert(p.to_string(), t.to_string());
    }
    let all: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    site(&all)
}

/// The advice for the site at `TODAY`, through the library.
fn advice_of(dir: &TempDir) -> Vec<Diagnostic> {
    let (site, warnings) = load(dir.path(), &LoadOptions::default()).unwrap_or_else(|d| {
        panic!("the site does not load: {d:#?}");
    });
    assert!(warnings.is_empty(), "{warnings:#?}");
    let year = site.site_year().expect("a year");
    let facts = derive::derive_year(&site, year, date(TODAY));
    advice::advise(&site, &facts, Messages::default())
}

/// The one advice warning of the site; it must have `code`.
fn only(dir: &TempDir, code: &str) -> Diagnostic {
    let advice = advice_of(dir);
    assert_eq!(advice.len(), 1, "{advice:#?}");
    let d = advice.into_iter().next().expect("one");
    assert_eq!(d.code, Some(code), "{d:#?}");
    assert!(!d.is_error());
    d
}

fn at(d: &Diagnostic, path: &str, line: u32) {
    assert_eq!(d.path, Path::new(path), "{d:#?}");
    assert_eq!(d.line, line, "{d:#?}");
}

#[test]
fn a_clean_site_gets_no_advice() {
    assert_eq!(advice_of(&advice_site(&[])), []);
}

#[test]
fn advice_coverage_gap_points_at_the_roster_entry() {
    let roster = format!(
        "{ROSTER}- id: wang-fang\n  name: 王芳\n- id: old\n  name: 老周\n  exempt: 2026\n  exempt_reason: 年老体弱\n"
    );
    let dir = advice_site(&[("content/street/_roster.yaml", &roster)]);
    let d = only(&dir, codes::COVERAGE_GAP);
    at(&d, "content/street/_roster.yaml", 7);
    assert!(d.message.contains("王芳"), "{}", d.message);
    assert!(
        d.message
            .contains("pledgeboard new pledge street/2026/wang-fang"),
        "{}",
        d.message
    );
}

#[test]
fn advice_coverage_gap_from_the_members_count() {
    let dir = site(&[
        (
            "content/town/_unit.yaml",
            "name: 荷塘镇党委\nkind: township\nmembers: 3\n",
        ),
        (
            "content/town/2026/zhang-wei.md",
            &sheet("张伟", Some("2026-05-15"), &[GOOD]),
        ),
    ]);
    let d = only(&dir, codes::COVERAGE_GAP);
    at(&d, "content/town/_unit.yaml", 1);
    assert!(
        d.message.contains('3') && d.message.contains('1'),
        "{}",
        d.message
    );
}

#[test]
fn advice_pledge_awaiting_approval() {
    let dir = advice_site(&[(
        "content/street/2026/li-na.md",
        &sheet("李娜", None, &[GOOD]),
    )]);
    let d = only(&dir, codes::AWAITING_APPROVAL);
    at(&d, "content/street/2026/li-na.md", 1);
    assert!(d.message.contains("approved"), "{}", d.message);
}

#[test]
fn advice_item_past_deadline_without_a_final_note() {
    let text = sheet(
        "张伟",
        Some("2026-05-15"),
        &[
            GOOD,
            ("late", "2026-05-01", true, true),
            ("done", "2026-05-01", true, true),
        ],
    );
    let dir = advice_site(&[
        ("content/street/2026/zhang-wei.md", &text),
        (
            "content/street/2026/zhang-wei/2026-04-30-finished.md",
            "---\nitem: done\nstatus: done\n---\n完成。\n",
        ),
    ]);
    let d = only(&dir, codes::OVERDUE_WITHOUT_FINAL_NOTE);
    at(
        &d,
        "content/street/2026/zhang-wei.md",
        line_of(&text, "id: late"),
    );
    assert!(d.message.contains("late") && d.message.contains("2026-05-01"));
}

#[test]
fn advice_no_note_for_90_days() {
    // Approved in January, no note since: silent for more than 90 days.
    let dir = advice_site(&[(
        "content/street/2026/li-na.md",
        &sheet("李娜", Some("2026-01-10"), &[GOOD]),
    )]);
    let d = only(&dir, codes::NO_RECENT_NOTE);
    at(&d, "content/street/2026/li-na.md", 1);
    // A note within the 90 days silences it; so does a finished pledge.
    let dir = advice_site(&[
        (
            "content/street/2026/li-na.md",
            &sheet("李娜", Some("2026-01-10"), &[GOOD]),
        ),
        (
            "content/street/2026/li-na/2026-04-01-visit.md",
            "---\nitem: a\nprogress: 30\n---\n",
        ),
    ]);
    assert_eq!(advice_of(&dir), []);
    // An old note counts from its own date.
    let dir = advice_site(&[
        (
            "content/street/2026/li-na.md",
            &sheet("李娜", Some("2026-01-10"), &[GOOD]),
        ),
        (
            "content/street/2026/li-na/2026-02-01-visit.md",
            "---\nitem: a\nprogress: 30\n---\n",
        ),
    ]);
    let d = only(&dir, codes::NO_RECENT_NOTE);
    assert!(d.message.contains("2026-02-01"), "{}", d.message);
}

#[test]
fn advice_items_without_target_or_baseline() {
    let text = sheet(
        "张伟",
        Some("2026-05-15"),
        &[
            GOOD,
            ("vague", "2026-12-31", false, true),
            ("unchecked", "2026-12-31", true, false),
        ],
    );
    let dir = advice_site(&[("content/street/2026/zhang-wei.md", &text)]);
    let advice = advice_of(&dir);
    assert_eq!(advice.len(), 2, "{advice:#?}");
    let no_target = advice
        .iter()
        .find(|d| d.code == Some(codes::NO_TARGET))
        .expect("no-target");
    at(
        no_target,
        "content/street/2026/zhang-wei.md",
        line_of(&text, "id: vague"),
    );
    assert_eq!(no_target.column, 5);
    let no_baseline = advice
        .iter()
        .find(|d| d.code == Some(codes::NO_BASELINE))
        .expect("no-baseline");
    at(
        no_baseline,
        "content/street/2026/zhang-wei.md",
        line_of(&text, "id: unchecked"),
    );
}

#[test]
fn advice_leader_with_fewer_items_than_the_median() {
    let roster = format!("{ROSTER}- id: wang-fang\n  name: 王芳\n");
    let b = ("b", "2026-12-31", true, true);
    let c = ("c", "2026-12-31", true, true);
    let dir = advice_site(&[
        ("content/street/_roster.yaml", &roster),
        (
            "content/street/2026/li-na.md",
            &sheet("李娜", Some("2026-05-15"), &[GOOD, b, c]),
        ),
        (
            "content/street/2026/wang-fang.md",
            &sheet("王芳", Some("2026-05-15"), &[GOOD, b]),
        ),
    ]);
    let d = only(&dir, codes::LEADER_FEWER_ITEMS);
    at(&d, "content/street/2026/zhang-wei.md", 1);
    assert!(d.message.contains("2.5"), "{}", d.message);
    // As many items as the median is enough.
    let dir = advice_site(&[
        (
            "content/street/2026/li-na.md",
            &sheet("李娜", Some("2026-05-15"), &[GOOD]),
        ),
        (
            "content/street/2026/zhang-wei.md",
            &sheet("张伟", Some("2026-05-15"), &[GOOD]),
        ),
    ]);
    assert_eq!(advice_of(&dir), []);
}

#[test]
fn advice_exemption_without_a_reason() {
    let roster = format!("{ROSTER}- id: old\n  name: 老周\n  status: retired\n  exempt: 2026\n");
    let dir = advice_site(&[("content/street/_roster.yaml", &roster)]);
    let d = only(&dir, codes::EXEMPT_WITHOUT_REASON);
    at(&d, "content/street/_roster.yaml", 7);
    assert!(d.message.contains("老周") && d.message.contains("exempt_reason"));
}

#[test]
fn advice_rectification_past_its_deadline() {
    let unit = format!(
        "{UNIT}rectification:\n  - year: 2026\n    issued: 2026-01-05\n    deadline: 2026-03-01\n    reason: 已完成的\n    done: 2026-02-20\n  - year: 2026\n    issued: 2026-02-01\n    deadline: 2026-05-01\n    reason: 承诺空泛\n  - year: 2026\n    issued: 2026-05-01\n    deadline: 2026-09-01\n    reason: 还没到期\n"
    );
    let dir = advice_site(&[("content/street/_unit.yaml", &unit)]);
    let d = only(&dir, codes::RECTIFICATION_OVERDUE);
    at(&d, "content/street/_unit.yaml", 9);
    assert!(d.message.contains("2026-05-01"), "{}", d.message);
}

#[test]
fn check_shows_advice_build_stays_quiet() {
    let dir = advice_site(&[(
        "content/street/2026/li-na.md",
        &sheet("李娜", None, &[GOOD]),
    )]);
    let out = run(dir.path(), &["check", "--today", TODAY]);
    let err = text(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    // Warnings come grouped under their person's file.
    assert!(
        err.contains("content/street/2026/li-na.md：1 条警告\n  1:1: 承诺书尚待审定"),
        "{err}"
    );
    assert!(err.contains("警告分类：待审定 1 条"), "{err}");
    assert!(
        err.contains("检查通过：检查了 5 个文件，0 个错误、1 个警告"),
        "{err}"
    );
    let report = check_ok(dir.path(), TODAY);
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], 1);
    assert_eq!(report["files"], 5);
    let d = &report["diagnostics"][0];
    assert_eq!(d["code"], "awaiting-approval");
    assert_eq!(d["severity"], "warning");
    assert_eq!(d["path"], "content/street/2026/li-na.md");
    assert_eq!(d["line"], 1);

    let out = run(dir.path(), &["build", "--today", TODAY]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(!text(&out).contains("尚待审定"), "{}", text(&out));
}

#[test]
fn check_with_errors_counts_files_and_exits_1() {
    let dir = advice_site(&[("content/street/_unit.yaml", "name: x\nkind: town\n")]);
    let out = run(dir.path(), &["check", "--today", TODAY]);
    let err = text(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("检查了 5 个文件：发现 1 个错误"), "{err}");
}

#[test]
fn advice_speaks_english_on_an_english_site() {
    let dir = advice_site(&[
        ("site.yaml", "title: T\nbase_url: /\nlanguage: en\n"),
        (
            "content/street/2026/li-na.md",
            &sheet("李娜", None, &[GOOD]),
        ),
    ]);
    let out = run(dir.path(), &["check", "--today", TODAY]);
    let err = text(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("li-na.md: 1 warning(s)\n  1:1: this pledge awaits approval"),
        "{err}"
    );
    assert!(
        err.contains("warnings by kind: awaiting approval 1"),
        "{err}"
    );
    assert!(err.contains("check passed: checked 5 files"), "{err}");
    let out = run(dir.path(), &["check", "--today", "2026-13-01"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("--today: `2026-13-01` is not a valid date"));
}

/// What `new pledge` writes, approved but never filled in, is published
/// with the template's placeholder title: a warning at the item.
#[test]
fn advice_placeholder_title_of_an_approved_sheet_from_new_pledge() {
    let dir = advice_site(&[]);
    let root = dir.path();
    fs::remove_file(root.join("content/street/2026/li-na.md")).expect("rm");
    let out = run(root, &["new", "pledge", "street/2026/li-na"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let written = read(root, "content/street/2026/li-na.md");
    // Still a draft: awaiting approval, no placeholder warning yet.
    assert!(
        advice_of(&dir)
            .iter()
            .all(|d| d.code != Some(codes::PLACEHOLDER_TEXT))
    );
    let approved = written.replace("# approved:", "approved:");
    write(root, "content/street/2026/li-na.md", &approved);
    let d = advice_of(&dir)
        .into_iter()
        .find(|d| d.code == Some(codes::PLACEHOLDER_TEXT))
        .expect("a placeholder warning");
    at(
        &d,
        "content/street/2026/li-na.md",
        line_of(&approved, "- id: item-1"),
    );
    assert!(d.message.contains("item-1"), "{}", d.message);
    // A real title ends it.
    let title_line = approved
        .lines()
        .find(|l| l.trim_start().starts_with("title:"))
        .expect("title line");
    write(
        root,
        "content/street/2026/li-na.md",
        approved.replace(title_line, "    title: 组织社区招聘会不少于4场"),
    );
    assert!(
        advice_of(&dir)
            .iter()
            .all(|d| d.code != Some(codes::PLACEHOLDER_TEXT))
    );
}

#[test]
fn advice_name_differs_from_the_roster() {
    let dir = advice_site(&[(
        "content/street/2026/zhang-wei.md",
        &sheet("张玮", Some("2026-05-15"), &[GOOD]),
    )]);
    let d = only(&dir, codes::NAME_DIFFERS_FROM_ROSTER);
    at(&d, "content/street/2026/zhang-wei.md", 2);
    assert!(
        d.message.contains("张玮") && d.message.contains("张伟"),
        "{}",
        d.message
    );
    assert!(d.message.contains("_roster.yaml"), "{}", d.message);
    // Spaces that align a two-character name are no difference.
    let dir = advice_site(&[(
        "content/street/2026/li-na.md",
        &sheet("李\u{3000}娜", Some("2026-05-15"), &[GOOD]),
    )]);
    assert_eq!(advice_of(&dir), []);
}

/// Two units, warnings in both, an error in one: `--unit`, `--only`, and
/// the summary naming what was left out.
fn scoped_site() -> TempDir {
    advice_site(&[
        (
            "content/street/2026/zhang-wei.md",
            &sheet(
                "张伟",
                Some("2026-05-15"),
                &[
                    ("a", "2026-12-31", true, false),
                    ("b", "2026-12-31", true, false),
                ],
            ),
        ),
        (
            "content/street/2026/li-na.md",
            &sheet("李娜", None, &[GOOD]),
        ),
        (
            "content/street/xinhua/_unit.yaml",
            "name: 新华社区党委\nkind: community\n",
        ),
        (
            "content/street/xinhua/2026/wang-fang.md",
            &sheet(
                "王芳",
                Some("2026-05-15"),
                &[("c", "2026-12-31", false, false)],
            ),
        ),
        ("content/other/_unit.yaml", "name: 其他\nkind: street\n"),
    ])
}

#[test]
fn check_groups_warnings_per_person_and_counts_them() {
    let dir = scoped_site();
    let out = run(dir.path(), &["check", "--today", TODAY]);
    let err = text(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.contains("content/street/2026/zhang-wei.md：2 条警告\n  5:5: 事项“a”"),
        "{err}"
    );
    assert!(err.contains("\n  9:5: 事项“b”"), "{err}");
    assert!(
        err.contains("content/street/xinhua/2026/wang-fang.md：1 条警告"),
        "{err}"
    );
    assert!(
        err.contains("警告分类：待审定 1 条、无预期效果 1 条、无基线 2 条"),
        "{err}"
    );
    // No warning line stands alone with the old `警告：` label.
    assert!(!err.contains("警告：事项"), "{err}");
}

#[test]
fn check_unit_shows_one_unit_and_its_sub_units() {
    let dir = scoped_site();
    let root = dir.path();
    let out = run(
        root,
        &["check", "--today", TODAY, "--unit", "street/xinhua"],
    );
    let err = text(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("wang-fang.md"), "{err}");
    assert!(!err.contains("zhang-wei.md"), "{err}");
    assert!(
        err.contains("范围：content/street/xinhua（含下级单位）；另有 3 个警告未显示"),
        "{err}"
    );
    assert!(
        err.contains("检查通过：检查了 8 个文件，0 个错误、1 个警告"),
        "{err}"
    );
    // The unit's sub-units are in its scope; `content/` prefix and a
    // trailing slash are forgiven.
    let out = run(
        root,
        &["check", "--today", TODAY, "--unit", "content/street/"],
    );
    let err = text(&out);
    assert!(
        err.contains("wang-fang.md") && err.contains("zhang-wei.md"),
        "{err}"
    );
    // An error elsewhere is not shown, and the exit status follows what
    // is shown; the summary says it was left out.
    write(root, "content/other/_unit.yaml", "name: 其他\nkind: town\n");
    let out = run(root, &["check", "--today", TODAY, "--unit", "street"]);
    let err = text(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("content/other"), "{err}");
    assert!(err.contains("另有 1 个错误"), "{err}");
    assert!(err.contains("pledgeboard build 失败"), "{err}");
    let out = run(root, &["check", "--today", TODAY, "--unit", "other"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("content/other/_unit.yaml:2:7: "),
        "{}",
        text(&out)
    );
    // An unknown unit is a usage error with a suggestion.
    let out = run(root, &["check", "--unit", "street/xinhau"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(
        text(&out).contains("是不是“street/xinhua”"),
        "{}",
        text(&out)
    );
}

#[test]
fn check_only_shows_the_kinds_asked_for() {
    let dir = scoped_site();
    let root = dir.path();
    let out = run(root, &["check", "--today", TODAY, "--only", "no-baseline"]);
    let err = text(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(err.contains("zhang-wei.md：2 条警告"), "{err}");
    assert!(
        !err.contains("wang-fang.md") && !err.contains("li-na.md"),
        "{err}"
    );
    assert!(err.contains("只看：无基线；另有 2 个警告未显示"), "{err}");
    // Several at once, Chinese names too; JSON keeps its shape and says
    // what it left out.
    let out = run(
        root,
        &[
            "check",
            "--today",
            TODAY,
            "--format",
            "json",
            "--only",
            "待审定,no-target",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes, ["awaiting-approval", "no-target"], "{report}");
    assert_eq!(report["warnings"], 2);
    assert_eq!(report["hidden_warnings"], 2);
    assert_eq!(report["hidden_errors"], 0);
    // `--only errors` on a sound site: nothing shown, all hidden.
    let out = run(root, &["check", "--today", TODAY, "--only", "errors"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!text(&out).contains("条警告"), "{}", text(&out));
    // Unknown values: exit 2, the choices with their Chinese names.
    let out = run(root, &["check", "--only", "errors,no-basline"]);
    let err = text(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("是不是“no-baseline”"), "{err}");
    assert!(
        err.contains("no-baseline（无基线）") && err.contains("errors（错误）"),
        "{err}"
    );
}

// ---------------------------------------------------------------- new

fn new_site() -> TempDir {
    site(&[
        ("content/street/_unit.yaml", UNIT),
        (
            "content/street/_roster.yaml",
            "- id: zhang-wei\n  name: 张伟\n  role: secretary\n- id: old\n  name: 老周\n  exempt: 2026\n  exempt_reason: 年老\n",
        ),
        (
            "content/street/2026/zhang-wei.md",
            &sheet(
                "张伟",
                Some("2026-05-15"),
                &[GOOD, ("job-fair", "2026-10-31", true, true)],
            ),
        ),
    ])
}

#[test]
fn new_unit_top_level_and_nested_pass_check() {
    let dir = new_site();
    let root = dir.path();
    let out = run(
        root,
        &[
            "new",
            "unit",
            "xinhua",
            "--kind",
            "community",
            "--name",
            "新华社区党委",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(
        text(&out).contains("已创建 content/xinhua/_unit.yaml"),
        "{}",
        text(&out)
    );
    let yaml = read(root, "content/xinhua/_unit.yaml");
    assert!(yaml.contains("name: 新华社区党委"));
    assert!(yaml.contains("# 必填：单位全称"), "commented:\n{yaml}");
    let out = run(
        root,
        &[
            "new",
            "unit",
            "content/street/yuquan",
            "--kind",
            "community",
            "--name",
            "玉泉社区: 党支部",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let report = check_ok(root, TODAY);
    assert_eq!(report["errors"], 0);
    // The build sees both units.
    let (site, _) = load(root, &LoadOptions::default()).expect("loads");
    let yuquan = site
        .units
        .iter()
        .find(|u| u.path == "street/yuquan")
        .expect("nested unit");
    assert_eq!(yuquan.name, "玉泉社区: 党支部");
}

#[test]
fn new_unit_refuses_bad_input_with_suggestions() {
    let dir = new_site();
    let root = dir.path();
    let before = snapshot(root);
    let cases: &[(&[&str], &str)] = &[
        (
            &["new", "unit", "x", "--kind", "comunity", "--name", "X"],
            "是不是 community（社区）",
        ),
        (
            &[
                "new",
                "unit",
                "stret/x",
                "--kind",
                "community",
                "--name",
                "X",
            ],
            "是不是“street”",
        ),
        (
            &["new", "unit", "data", "--kind", "community", "--name", "X"],
            "不能叫“data”",
        ),
        (
            &[
                "new",
                "unit",
                "street/2026",
                "--kind",
                "community",
                "--name",
                "X",
            ],
            "年度文件夹",
        ),
        (
            &["new", "unit", "street", "--kind", "street", "--name", "X"],
            "文件已存在，不会覆盖",
        ),
        (
            &["new", "unit", "a b", "--kind", "street", "--name", "X"],
            "不能用作文件名",
        ),
    ];
    for (args, expected) in cases {
        let out = run(root, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(text(&out).contains(expected), "{args:?}: {}", text(&out));
    }
    assert_eq!(snapshot(root), before, "a refused `new` changed files");
}

#[test]
fn new_pledge_takes_name_and_role_from_the_roster() {
    let dir = new_site();
    let root = dir.path();
    write(
        root,
        "content/street/_roster.yaml",
        format!(
            "{}- id: li-na\n  name: 李娜\n  role: committee\n",
            read(root, "content/street/_roster.yaml")
        ),
    );
    let out = run(root, &["new", "pledge", "street/2026/li-na"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let sheet = read(root, "content/street/2026/li-na.md");
    assert!(sheet.contains("name: 李娜"), "{sheet}");
    assert!(sheet.contains("role: 委员"), "{sheet}");
    assert!(
        sheet.contains("# approved: { by: 城关街道党工委, date: 2026-01-18 }"),
        "{sheet}"
    );
    assert!(sheet.contains("deadline: 2026-12-31"), "{sheet}");
    // Valid: check passes, the new sheet awaits approval.
    let report = check_ok(root, TODAY);
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| d["path"] == "content/street/2026/li-na.md")
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert!(codes.contains(&"awaiting-approval"), "{report}");
    // Uncommenting `approved` publishes it.
    write(
        root,
        "content/street/2026/li-na.md",
        sheet.replace("# approved:", "approved:"),
    );
    let (site, _) = load(root, &LoadOptions::default()).expect("loads");
    let street = site
        .units
        .iter()
        .find(|u| u.path == "street")
        .expect("street");
    assert!(street.years[&2026].sheets.iter().any(|s| s.id == "li-na"));
}

#[test]
fn new_pledge_for_a_unit_and_without_a_roster() {
    let dir = new_site();
    let root = dir.path();
    write(
        root,
        "content/town/_unit.yaml",
        "name: 荷塘镇党委\nkind: township\n",
    );
    let out = run(root, &["new", "pledge", "town/2026/wang-qiang"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("--name"), "{}", text(&out));
    let out = run(
        root,
        &["new", "pledge", "town/2026/wang-qiang", "--name", "王强"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(read(root, "content/town/2026/wang-qiang.md").contains("name: 王强"));
    let out = run(root, &["new", "pledge", "street/2026/_unit"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let unit_sheet = read(root, "content/street/2026/_unit.md");
    assert!(!unit_sheet.contains("\nname:"), "{unit_sheet}");
    assert!(
        unit_sheet.contains("上级党组织"),
        "approved by the level above:\n{unit_sheet}"
    );
    check_ok(root, TODAY);
}

#[test]
fn new_pledge_refuses_unknown_exempt_and_existing() {
    let dir = new_site();
    let root = dir.path();
    let before = snapshot(root);
    let cases: &[(&[&str], &str)] = &[
        (
            &["new", "pledge", "street/2026/zhang-wie"],
            "是不是“zhang-wei”",
        ),
        (&["new", "pledge", "street/2026/old"], "免诺"),
        (
            &["new", "pledge", "street/2026/zhang-wei"],
            "文件已存在，不会覆盖",
        ),
        (&["new", "pledge", "stret/2026/zhang-wei"], "是不是“street”"),
        (
            &["new", "pledge", "street/zhang-wei"],
            "单位路径/年度/党员编号",
        ),
        (
            &["--root", "nowhere", "new", "pledge", "street/2026/x"],
            "site.yaml",
        ),
    ];
    for (args, expected) in cases {
        let out = run(root, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(text(&out).contains(expected), "{args:?}: {}", text(&out));
    }
    assert_eq!(snapshot(root), before);
}

/// Issue 16, point 4: `--status 完成` and `--kind 街道` work, and the file
/// gets the keyword.
#[test]
fn new_takes_chinese_words_for_keywords() {
    let dir = new_site();
    let root = dir.path();
    let args = [
        "new",
        "note",
        "street/2026/zhang-wei",
        "--item",
        "job-fair",
        "--status",
        "完成",
        "--today",
        "2026-03-15",
        "--title",
        "done",
    ];
    let out = run(root, &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let note = read(root, "content/street/2026/zhang-wei/2026-03-15-done.md");
    assert!(note.contains("status: done"), "{note}");
    let args = [
        "new",
        "unit",
        "xinhua",
        "--kind",
        "社区",
        "--name",
        "新华社区党委",
    ];
    let out = run(root, &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let yaml = read(root, "content/xinhua/_unit.yaml");
    assert!(yaml.contains("kind: community"), "{yaml}");
    check_ok(root, TODAY);
}

#[test]
fn new_note_slugs_counters_and_a_valid_file() {
    let dir = new_site();
    let root = dir.path();
    let notes = "content/street/2026/zhang-wei";
    let out = run(
        root,
        &[
            "new",
            "note",
            "street/2026/zhang-wei",
            "--item",
            "job-fair",
            "--progress",
            "40",
            "--status",
            "in-progress",
            "--title",
            "First job fair",
            "--today",
            "2026-03-15",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let note = read(root, &format!("{notes}/2026-03-15-first-job-fair.md"));
    assert!(note.contains("item: job-fair"), "{note}");
    assert!(note.contains("progress: 40"), "{note}");
    assert!(note.contains("status: in-progress"), "{note}");
    assert!(note.contains("title: First job fair"), "{note}");
    assert!(
        note.contains("事项job-fair"),
        "the item's title is shown:\n{note}"
    );
    // A Chinese title never becomes guessed pinyin: a counter instead.
    for _ in 0..2 {
        let out = run(
            root,
            &[
                "new",
                "note",
                "street/2026/zhang-wei",
                "--item",
                "a",
                "--title",
                "第一场招聘会",
                "--today",
                "2026-03-15",
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    }
    assert!(root.join(format!("{notes}/2026-03-15-1.md")).is_file());
    assert!(root.join(format!("{notes}/2026-03-15-2.md")).is_file());
    // Several items, and status done.
    let out = run(
        root,
        &[
            "new",
            "note",
            "content/street/2026/zhang-wei.md",
            "--item",
            "a",
            "--item",
            "job-fair",
            "--status",
            "done",
            "--today",
            "2026-04-01",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let note = read(root, &format!("{notes}/2026-04-01-1.md"));
    assert!(note.contains("item: [a, job-fair]"), "{note}");
    // Every note is valid, and counts.
    check_ok(root, TODAY);
    let (site, _) = load(root, &LoadOptions::default()).expect("loads");
    let street = site
        .units
        .iter()
        .find(|u| u.path == "street")
        .expect("street");
    let sheet = &street.years[&2026].sheets[0];
    assert_eq!(sheet.notes.len(), 4);
    let facts = derive::derive_year(&site, 2026, date(TODAY));
    let u = site.unit_at("street").expect("u");
    assert!(
        facts
            .sheet(u, SheetIx::new(0))
            .items
            .iter()
            .all(|s| s.progress == 100)
    );
}

#[test]
fn new_note_refuses_unknown_item_sheet_status_and_dates() {
    let dir = new_site();
    let root = dir.path();
    let before = snapshot(root);
    let base = ["new", "note", "street/2026/zhang-wei"];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--item", "job-fiar"], "是不是“job-fair”"),
        (vec![], "--item"),
        (
            vec!["--item", "a", "--status", "finished"],
            "只能是：in-progress（进行中）、done（已完成）",
        ),
        (
            vec!["--item", "a", "--status", "dnoe"],
            "是不是 done（已完成）",
        ),
        (vec!["--item", "a", "--progress", "120"], "0 到 100"),
        (
            vec!["--item", "a", "--today", "2025-12-31"],
            "不在 2026 年内",
        ),
        (
            vec!["--item", "a", "--today", "2026-02-30"],
            "--today 的日期“2026-02-30”无效",
        ),
    ];
    for (extra, expected) in cases {
        let mut args = base.to_vec();
        args.extend(extra);
        let out = run(root, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(text(&out).contains(expected), "{args:?}: {}", text(&out));
    }
    let out = run(
        root,
        &["new", "note", "street/2026/zhang-wie", "--item", "a"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("是不是“zhang-wei”"), "{}", text(&out));
    assert_eq!(snapshot(root), before);
}

#[test]
fn new_note_on_a_broken_sheet_reports_the_sheet() {
    let dir = new_site();
    let root = dir.path();
    write(
        root,
        "content/street/2026/zhang-wei.md",
        "---\nname: 张伟\nitems:\n  - id: a\n    title: t\n    dedline: 2026-12-31\n---\n",
    );
    let out = run(
        root,
        &["new", "note", "street/2026/zhang-wei", "--item", "a"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("content/street/2026/zhang-wei.md:6:5: "),
        "{}",
        text(&out)
    );
}

// ---------------------------------------------------------------- init

#[test]
fn init_then_build_and_check() {
    let parent = tempfile::tempdir().expect("tmp");
    let out = run(parent.path(), &["init", "mysite", "--today", "2026-03-15"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let root = parent.path().join("mysite");
    for f in [
        "site.yaml",
        "README.md",
        "content/_unit.yaml",
        "content/example-community/_unit.yaml",
        "content/example-community/_roster.yaml",
        "content/example-community/2026/zhang-san.md",
        "content/example-community/2026/zhang-san/2026-03-15-first-visit.md",
        "content/example-community/2026/_review.yaml",
    ] {
        assert!(root.join(f).is_file(), "{f}");
    }
    assert!(read(&root, "README.md").contains("pledgeboard serve"));
    // The example is exemplary: no error, no advice.
    let report = check_ok(&root, "2026-03-15");
    assert_eq!(report["warnings"], 0, "{report}");
    let out = run(&root, &["build", "--today", "2026-03-15"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    for page in [
        "public/index.html",
        "public/example-community/2026/index.html",
        "public/example-community/2026/zhang-san/index.html",
        "public/data/2026.json",
    ] {
        assert!(root.join(page).is_file(), "{page}");
    }
    let page = read(&root, "public/example-community/2026/zhang-san/index.html");
    assert!(
        page.contains("走访困难党员和群众3户"),
        "the note is on the sheet"
    );
}

#[test]
fn init_refuses_a_non_empty_folder() {
    let parent = tempfile::tempdir().expect("tmp");
    write(parent.path(), "busy/notes.txt", "mine");
    let before = snapshot(parent.path());
    let out = run(parent.path(), &["init", "busy"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("不是空的"), "{}", text(&out));
    assert_eq!(snapshot(parent.path()), before);
    // An existing empty folder is fine.
    fs::create_dir(parent.path().join("empty")).expect("mkdir");
    let out = run(parent.path(), &["init", "empty"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

// ---------------------------------------------------------------- import

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import");

/// The site the import fixtures are written for.
fn import_site() -> TempDir {
    site(&[
        ("content/street/_unit.yaml", UNIT),
        (
            "content/street/_roster.yaml",
            "- id: zhang-wei\n  name: 张伟\n  role: secretary\n- id: li-na\n  name: 李娜\n- id: wang-fang-a\n  name: 王芳\n- id: wang-fang-b\n  name: 王芳\n- id: zhao-lei\n  name: 赵磊\n  exempt: 2026\n  exempt_reason: 病休\n",
        ),
        (
            "content/street/xinhua/_unit.yaml",
            "name: 新华社区党委\nkind: community\n",
        ),
        (
            "content/street/xinhua/_roster.yaml",
            "- id: zhou-jie\n  name: 周杰\n  role: committee\n- id: sun-li\n  name: 孙丽\n- id: zheng-hua\n  name: 郑华\n",
        ),
    ])
}

fn import_file(root: &Path, file: &str, dry_run: bool) -> ImportReport {
    let path = Path::new(FIXTURES).join(file);
    let opts = ImportOptions {
        file: &path,
        unit: "street",
        year: 2026,
        maps: &[],
        dry_run,
        approved: None,
        add_to_roster: false,
    };
    import::import(root, &opts, Messages::default())
        .unwrap_or_else(|e| panic!("import failed: {} {:?}", e.message, e.diags))
}

/// What both fixtures must become (they hold the same table).
fn assert_fixture_import(root: &Path, report: &ImportReport) {
    let written: Vec<(String, usize)> = report
        .sheets
        .iter()
        .map(|p| (p.path.display().to_string(), p.items))
        .collect();
    assert_eq!(
        written,
        [
            ("content/street/2026/zhang-wei.md".to_string(), 2),
            ("content/street/2026/li-na.md".to_string(), 2),
            ("content/street/2026/_unit.md".to_string(), 1),
            ("content/street/xinhua/2026/zhou-jie.md".to_string(), 1),
        ]
    );
    let problems: Vec<usize> = report.problems.iter().map(|p| p.row).collect();
    assert_eq!(
        problems,
        [7, 8, 9, 13, 14, 15, 16],
        "{:#?}",
        report.problems
    );
    let reason = |row: usize| {
        report
            .problems
            .iter()
            .find(|p| p.row == row)
            .map(|p| p.reason.clone())
            .unwrap_or_default()
    };
    assert!(
        reason(7).contains("wang-fang-a, wang-fang-b"),
        "{}",
        reason(7)
    );
    assert!(reason(8).contains("免诺"), "{}", reason(8));
    assert!(reason(9).contains("花名册中没有“钱七”"), "{}", reason(9));
    assert!(reason(13).contains("第 14 行"), "{}", reason(13));
    assert!(reason(14).contains("下半年"), "{}", reason(14));
    assert!(reason(15).contains("不存在社区"), "{}", reason(15));
    assert!(reason(16).contains("承诺事项为空"), "{}", reason(16));
    assert_eq!(report.unused_columns, ["备注"]);

    let zhang = read(root, "content/street/2026/zhang-wei.md");
    for expected in [
        "name: 张伟",
        "role: 书记",
        "  - id: item-1",
        "title: 组织社区招聘会不少于4场",
        "category: 就业创业",
        "deadline: 2026-10-31",
        "target: 帮助30名居民实现就业",
        "baseline: 2025年举办2场",
        "responsibility: 张伟牵头",
        "  - id: item-2",
        "title: 走访困难群众50户",
        "deadline: 2026-09-30",
        "# approved: { by: 城关街道党工委",
    ] {
        assert!(zhang.contains(expected), "no `{expected}` in\n{zhang}");
    }
    let li = read(root, "content/street/2026/li-na.md");
    assert!(li.contains("name: 李娜"), "{li}");
    assert_eq!(li.matches("deadline: 2026-09-30").count(), 2, "{li}");
    let unit = read(root, "content/street/2026/_unit.md");
    assert!(unit.contains("deadline: 2026-12-31"), "{unit}");
    let zhou = read(root, "content/street/xinhua/2026/zhou-jie.md");
    assert!(
        zhou.contains("role: 委员") && zhou.contains("deadline: 2026-06-30"),
        "{zhou}"
    );
    assert!(!root.join("content/street/xinhua/2026/sun-li.md").exists());

    // What was written passes check (as drafts awaiting approval).
    let report = check_ok(root, TODAY);
    let drafts = report["diagnostics"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|d| d["code"] == "awaiting-approval")
        .count();
    assert_eq!(drafts, 4, "{report}");
}

#[test]
fn import_csv_fixture() {
    let dir = import_site();
    let report = import_file(dir.path(), "pledges.csv", false);
    assert_eq!(report.sheet, None);
    assert_fixture_import(dir.path(), &report);
}

#[test]
fn import_xlsx_fixture_with_merged_cells_and_date_cells() {
    let dir = import_site();
    let report = import_file(dir.path(), "pledges.xlsx", false);
    assert_eq!(report.sheet.as_deref(), Some("承诺汇总"));
    assert_fixture_import(dir.path(), &report);
}

#[test]
fn import_never_overwrites_and_dry_run_writes_nothing() {
    let dir = import_site();
    let root = dir.path();
    let before = snapshot(root);
    let dry = import_file(root, "pledges.csv", true);
    assert_eq!(snapshot(root), before, "a dry run wrote files");
    assert_eq!(dry.written().count(), 4);
    // Through the binary: the dry-run list, the rows left out, exit 1.
    let csv = Path::new(FIXTURES).join("pledges.csv");
    let csv = csv.to_str().expect("utf-8 path");
    let out = run(
        root,
        &[
            "import",
            csv,
            "--unit",
            "street",
            "--year",
            "2026",
            "--dry-run",
        ],
    );
    let all = text(&out);
    assert_eq!(out.status.code(), Some(1), "{all}");
    assert!(
        all.contains("将写入 content/street/2026/zhang-wei.md（张伟，2 项）"),
        "{all}"
    );
    assert!(all.contains("第 9 行未导入：花名册中没有“钱七”"), "{all}");
    assert!(all.contains("试运行，没有写入任何文件"), "{all}");
    assert_eq!(snapshot(root), before);

    // A second import of the same table changes nothing.
    import_file(root, "pledges.csv", false);
    let after_first = snapshot(root);
    let again = import_file(root, "pledges.xlsx", false);
    assert!(again.sheets.iter().all(|p| p.exists), "{:#?}", again.sheets);
    assert_eq!(again.written().count() + again.extended().count(), 0);
    assert_eq!(snapshot(root), after_first);
    // A hand-edited sheet keeps every byte; only the items it lacks are added.
    let hand = sheet("李娜", Some("2026-05-15"), &[GOOD]);
    write(root, "content/street/2026/li-na.md", &hand);
    let third = import_file(root, "pledges.xlsx", false);
    let li = read(root, "content/street/2026/li-na.md");
    let close = hand.rfind("\n---\n").expect("front matter") + 1;
    let (front, body) = hand.split_at(close);
    assert!(li.starts_with(front) && li.ends_with(body), "{li}");
    assert_eq!(third.extended().count(), 1, "{:#?}", third.sheets);
    assert!(li.contains("title: 参加社区志愿服务不少于24小时"), "{li}");
    check_ok(root, TODAY);
}

#[test]
fn import_approved_sheets_are_published() {
    let dir = import_site();
    let root = dir.path();
    let csv = Path::new(FIXTURES).join("pledges.csv");
    let out = run(
        root,
        &[
            "import",
            csv.to_str().expect("path"),
            "--unit",
            "street",
            "--year",
            "2026",
            "--approved-by",
            "城关街道党工委",
            "--approved-date",
            "2026-02-01",
        ],
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "rows were left out: {}",
        text(&out)
    );
    let (site, _) = load(root, &LoadOptions::default()).expect("loads");
    let street = site
        .units
        .iter()
        .find(|u| u.path == "street")
        .expect("street");
    let ids: Vec<&str> = street.years[&2026]
        .sheets
        .iter()
        .map(|s| s.id.as_str())
        .collect();
    assert_eq!(ids, ["_unit", "li-na", "zhang-wei"]);
    let out = run(
        root,
        &[
            "import",
            "x.csv",
            "--unit",
            "street",
            "--year",
            "2026",
            "--approved-by",
            "x",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
}

#[test]
fn import_without_a_roster_needs_an_id_column() {
    let dir = site(&[(
        "content/town/_unit.yaml",
        "name: 荷塘镇党委\nkind: township\n",
    )]);
    let root = dir.path();
    let csv = root.join("ids.csv");
    fs::write(
        &csv,
        "编号,姓名,承诺事项,完成时限\nwang-qiang,王强,修路,2026-10-01\n,李四,植树,2026-04-01\nbad/id,赵五,扫雪,2026-12-01\n",
    )
    .expect("write");
    let opts = ImportOptions {
        file: &csv,
        unit: "town",
        year: 2026,
        maps: &[],
        dry_run: false,
        approved: None,
        add_to_roster: false,
    };
    let report = import::import(root, &opts, Messages::default()).expect("import");
    assert_eq!(report.written().count(), 1);
    assert!(read(root, "content/town/2026/wang-qiang.md").contains("name: 王强"));
    let rows: Vec<usize> = report.problems.iter().map(|p| p.row).collect();
    assert_eq!(rows, [3, 4]);
    assert!(
        report.problems[0].reason.contains("编号"),
        "{:?}",
        report.problems
    );
    check_ok(root, TODAY);

    // Without an id column and without a roster, every row is reported.
    fs::write(&csv, "姓名,承诺事项,完成时限\n王强,修路,2026-10-01\n").expect("write");
    let report = import::import(root, &opts, Messages::default()).expect("import");
    assert_eq!(report.written().count(), 0);
    assert!(
        report.problems[0].reason.contains("不会自动生成拼音"),
        "{:?}",
        report.problems
    );
}

#[test]
fn import_maps_other_headers_and_reads_gbk() {
    let dir = import_site();
    let root = dir.path();
    let csv = root.join("gbk.csv");
    let (bytes, _, _) = encoding_rs::GBK.encode("姓名,具体内容,时间\n张伟,办实事,2026年10月1日\n");
    fs::write(&csv, &bytes).expect("write");
    let maps = ["具体内容=title".to_string(), "时间=deadline".to_string()];
    let opts = ImportOptions {
        file: &csv,
        unit: "street",
        year: 2026,
        maps: &maps,
        dry_run: false,
        approved: None,
        add_to_roster: false,
    };
    let report = import::import(root, &opts, Messages::default()).expect("import");
    assert_eq!(report.written().count(), 1, "{report:#?}");
    let zhang = read(root, "content/street/2026/zhang-wei.md");
    assert!(zhang.contains("title: 办实事") && zhang.contains("deadline: 2026-10-01"));
    // Without the maps the headers are not understood: a clear error.
    let opts = ImportOptions { maps: &[], ..opts };
    let err = import::import(root, &opts, Messages::default()).expect_err("no header");
    assert!(err.message.contains("--map"), "{}", err.message);
    assert_eq!(err.exit_code(), 2);
}

#[test]
fn import_errors_for_unknown_units_and_files() {
    let dir = import_site();
    let root = dir.path();
    let csv = Path::new(FIXTURES).join("pledges.csv");
    let csv = csv.to_str().expect("path");
    let out = run(root, &["import", csv, "--unit", "stret", "--year", "2026"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("是不是“street”"), "{}", text(&out));
    let out = run(
        root,
        &["import", "nope.pdf", "--unit", "street", "--year", "2026"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains(".xlsx"), "{}", text(&out));
    let out = run(
        root,
        &[
            "import",
            "missing.csv",
            "--unit",
            "street",
            "--year",
            "2026",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("无法读取"), "{}", text(&out));
    let out = run(
        root,
        &[
            "import", csv, "--unit", "street", "--year", "2026", "--map", "x=titel",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("是不是“title”"), "{}", text(&out));
}

#[test]
fn messages_follow_the_site_language_in_new_and_import() {
    let dir = import_site();
    let root = dir.path();
    write(root, "site.yaml", "title: T\nbase_url: /\nlanguage: en\n");
    let out = run(root, &["new", "pledge", "street/2026/zhang-wie"]);
    assert!(
        text(&out).contains("did you mean `zhang-wei`"),
        "{}",
        text(&out)
    );
    let csv = Path::new(FIXTURES).join("pledges.csv");
    let out = run(
        root,
        &[
            "import",
            csv.to_str().expect("p"),
            "--unit",
            "street",
            "--year",
            "2026",
            "--dry-run",
        ],
    );
    let all = text(&out);
    assert!(all.contains("row 9 not imported"), "{all}");
    assert!(all.contains("dry run, nothing written"), "{all}");
    let _ = Lang::En;
}

// ------------------------------------------- delays (docs/spec.md revision 2)

/// A note that delays, adjusts or abandons an item must say why: `check`
/// warns at its `status:` line when it has no text, and not when it has.
#[test]
fn advice_status_note_without_text() {
    let path = "content/street/2026/zhang-wei/2026-05-20-late.md";
    for status in ["delayed", "adjusted", "abandoned"] {
        let note = format!("---\nitem: a\ntitle: 调整\nstatus: {status}\n---\n\n");
        let dir = advice_site(&[(path, &note)]);
        let d = only(&dir, codes::STATUS_NOTE_WITHOUT_TEXT);
        at(&d, path, 4);
        assert!(d.message.contains(status), "{}", d.message);
        let note =
            format!("---\nitem: a\nstatus: {status}\n---\n因道路施工，经街道党工委审定调整。\n");
        assert_eq!(advice_of(&advice_site(&[(path, &note)])), []);
    }
    // Other statuses need no explanation.
    let note = "---\nitem: a\nstatus: in-progress\nprogress: 30\n---\n";
    assert_eq!(advice_of(&advice_site(&[(path, note)])), []);
}

/// Overdue is measured against the deadline now: an approved new
/// deadline silences the overdue advice until it passes, and the advice
/// then names it.
#[test]
fn advice_overdue_counts_from_the_new_deadline() {
    let text = sheet(
        "张伟",
        Some("2026-05-15"),
        &[("late", "2026-05-01", true, true)],
    );
    let note = |deadline: &str| {
        format!(
            "---\nitem: late\nstatus: delayed\ndeadline: {deadline}\n---\n场地未落实，经审定延期。\n"
        )
    };
    let path = "content/street/2026/zhang-wei/2026-04-30-delay.md";
    let dir = advice_site(&[
        ("content/street/2026/zhang-wei.md", &text),
        (path, &note("2026-12-31")),
    ]);
    assert_eq!(advice_of(&dir), []);
    let dir = advice_site(&[
        ("content/street/2026/zhang-wei.md", &text),
        (path, &note("2026-05-20")),
    ]);
    let d = only(&dir, codes::OVERDUE_WITHOUT_FINAL_NOTE);
    assert!(d.message.contains("2026-05-20"), "{}", d.message);
}

#[test]
fn new_note_delayed_with_a_new_deadline() {
    let dir = new_site();
    let root = dir.path();
    let out = run(
        root,
        &[
            "new",
            "note",
            "street/2026/zhang-wei",
            "--item",
            "job-fair",
            "--status",
            "delayed",
            "--deadline",
            "2027-01-31",
            "--today",
            "2026-05-20",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let note = read(root, "content/street/2026/zhang-wei/2026-05-20-1.md");
    assert!(note.contains("status: delayed"), "{note}");
    assert!(note.contains("deadline: 2027-01-31"), "{note}");
    let (site, _) = load(root, &LoadOptions::default()).expect("loads");
    let u = site.unit_at("street").expect("u");
    let facts = derive::derive_year(&site, 2026, date("2026-11-28"));
    let st = facts.sheet(u, SheetIx::new(0)).items[ItemIx::new(1)];
    assert_eq!(st.new_deadline, Some(date("2027-01-31")));
    assert_eq!(st.status, derive::ItemStatus::Delayed);
    // `--status delayed` alone leaves a commented line to fill in.
    let out = run(
        root,
        &[
            "new",
            "note",
            "street/2026/zhang-wei",
            "--item",
            "a",
            "--status",
            "delayed",
            "--today",
            "2026-05-21",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let note = read(root, "content/street/2026/zhang-wei/2026-05-21-1.md");
    assert!(note.contains("# deadline: "), "{note}");
}

#[test]
fn new_note_refuses_a_deadline_without_delayed_or_a_bad_one() {
    let dir = new_site();
    let root = dir.path();
    let before = snapshot(root);
    let base = [
        "new",
        "note",
        "street/2026/zhang-wei",
        "--item",
        "a",
        "--today",
        "2026-05-20",
    ];
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["--deadline", "2027-01-31"], "--status delayed"),
        (
            vec!["--status", "done", "--deadline", "2027-01-31"],
            "--status delayed",
        ),
        (
            vec!["--status", "delayed", "--deadline", "2027-02-30"],
            "--deadline 的日期“2027-02-30”无效",
        ),
    ];
    for (extra, expected) in cases {
        let mut args = base.to_vec();
        args.extend(extra);
        let out = run(root, &args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(text(&out).contains(expected), "{args:?}: {}", text(&out));
    }
    assert_eq!(snapshot(root), before);
}
