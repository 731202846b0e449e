//! docs/spec.md §5 (Bad input), one test per error: every scenario builds a small
//! site in a temporary folder, loads it and checks the exact path, line and
//! column of the diagnostic and a distinctive part of its message. Lines
//! are lines of the file (front matter starts at line 2); a missing field
//! is reported where its mapping starts. The last part drives the binary:
//! exit codes, `path:line:column: message` lines and untouched output.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use pledgeboard::content::{LoadOptions, load};
use pledgeboard::diag::{Diagnostic, Severity};
use tempfile::TempDir;

mod common;
use common::{run, write};

// ---------------------------------------------------------------- fixtures

const SITE_YAML: &str = "title: 测试公示\nbase_url: https://example.org/pledges/\n";

const UNIT: &str = "name: 城关街道党工委\nkind: street\n";

/// A valid member sheet; its lines are referred to by number below.
const SHEET: &str = "---
name: 张伟
approved: { by: 城关街道党工委, date: 2026-01-18 }
items:
  - id: job-fair
    title: 组织社区招聘会不少于4场
    deadline: 2026-10-31
---
承诺正文。
";

/// The notes folder of the sheet above.
const NOTES: &str = "content/a/2026/zhang-wei";
const SHEET_PATH: &str = "content/a/2026/zhang-wei.md";
const UNIT_PATH: &str = "content/a/_unit.yaml";

/// A site: a valid minimal `site.yaml` (unless `files` gives another one)
/// and `files`, as (path below the site root, content).
fn site(files: &[(&str, &str)]) -> TempDir {
    common::site_with(SITE_YAML, files)
}

/// A site with one unit `content/a` and one valid, approved member sheet
/// `content/a/2026/zhang-wei.md`; `files` are added or replace those.
fn board(files: &[(&str, &str)]) -> TempDir {
    let mut all = vec![(UNIT_PATH, UNIT), (SHEET_PATH, SHEET)];
    all.extend_from_slice(files);
    site(&all)
}

/// Loads the site, which must fail; returns its errors (warnings dropped).
fn errors(dir: &TempDir) -> Vec<Diagnostic> {
    match load(dir.path(), &LoadOptions::default()) {
        Ok((site, warnings)) => panic!(
            "expected errors, the site loaded ({} units); warnings:\n{}",
            site.units.len(),
            show(&warnings)
        ),
        Err(diags) => diags.into_iter().filter(Diagnostic::is_error).collect(),
    }
}

fn show(diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| format!("  {d}\n")).collect()
}

/// Asserts that `diags` holds an error at exactly `path:line:column`
/// whose message contains `needle`.
fn assert_has(diags: &[Diagnostic], path: &str, line: u32, column: u32, needle: &str) {
    let found = diags.iter().any(|d| {
        d.severity == Severity::Error
            && d.path == Path::new(path)
            && (d.line, d.column) == (line, column)
            && d.message.contains(needle)
    });
    assert!(
        found,
        "no error at {path}:{line}:{column} containing {needle:?}; got:\n{}",
        show(diags)
    );
}

/// The site must fail with exactly one error, at `path:line:column`, whose
/// message contains `needle`. Returns its message.
fn only_error(dir: &TempDir, path: &str, line: u32, column: u32, needle: &str) -> String {
    let diags = errors(dir);
    assert_eq!(
        diags.len(),
        1,
        "expected exactly one error, got:\n{}",
        show(&diags)
    );
    assert_has(&diags, path, line, column, needle);
    diags[0].message.clone()
}

/// The site must load without errors.
fn loads(dir: &TempDir) -> pledgeboard::model::Site {
    match load(dir.path(), &LoadOptions::default()) {
        Ok((site, _)) => site,
        Err(diags) => panic!("expected the site to load, got:\n{}", show(&diags)),
    }
}

// ------------------------------------------------------------- the baseline

#[test]
fn the_baseline_board_is_valid() {
    let site = loads(&board(&[]));
    assert_eq!(site.units.len(), 1);
    assert_eq!(site.units[0].years[&2026].sheets.len(), 1);
}

// ------------------------------------------------------------ YAML syntax

#[test]
fn bad_yaml_syntax_in_unit_yaml() {
    let dir = board(&[(UNIT_PATH, "name: 城关街道\nkind: [street\n")]);
    let diags = errors(&dir);
    assert_eq!(diags.len(), 1, "{}", show(&diags));
    let d = &diags[0];
    assert_eq!(d.path, Path::new(UNIT_PATH));
    // Where the bracket opens, not where the parser gave up.
    assert_eq!((d.line, d.column), (2, 7), "{d}");
    assert!(d.message.contains("第 2 行的“[”没有配对的“]”"), "{d}");
}

#[test]
fn bad_yaml_syntax_in_front_matter_is_located_in_the_file() {
    let sheet = "---
name: 张伟
items: x: y
---
";
    let dir = board(&[(SHEET_PATH, sheet)]);
    only_error(&dir, SHEET_PATH, 3, 9, "YAML 格式错误");
}

#[test]
fn front_matter_must_open_and_close() {
    let dir = board(&[
        (SHEET_PATH, "name: 张伟\n"),
        ("content/a/2026/li-na.md", "---\nname: 李娜\n"),
    ]);
    let diags = errors(&dir);
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    assert_has(&diags, SHEET_PATH, 1, 1, "第一行应为 ---");
    assert_has(&diags, "content/a/2026/li-na.md", 1, 1, "信息块没有结束");
}

#[test]
fn duplicate_key_in_unit_yaml() {
    let dir = board(&[(UNIT_PATH, "name: 城关街道\nkind: street\nname: 城关\n")]);
    only_error(&dir, UNIT_PATH, 3, 1, "字段“name”重复出现");
}

#[test]
fn duplicate_key_in_front_matter() {
    let sheet = "---
name: 张伟
approved: { by: 城关街道党工委, date: 2026-01-18 }
name: 张伟伟
items:
  - { id: a, title: 标题, deadline: 2026-10-31 }
---
";
    let dir = board(&[(SHEET_PATH, sheet)]);
    only_error(&dir, SHEET_PATH, 4, 1, "字段“name”重复出现");
}

#[test]
fn duplicate_key_in_a_nested_mapping() {
    let sheet = "---
name: 张伟
items:
  - id: a
    title: 标题
    deadline: 2026-10-31
    title: 另一个标题
---
";
    let dir = board(&[(SHEET_PATH, sheet)]);
    only_error(&dir, SHEET_PATH, 7, 5, "字段“title”重复出现");
}

// ------------------------------------------------ Chinese-keyboard slips
//
// Issue 16: the mistakes a Chinese keyboard makes most are each reported
// at their own line and column, in Chinese, with the fix, whether or not
// the YAML still parses; legitimate full-width punctuation in text is not.

/// Whether `message` holds an English phrase (two ASCII words in a row),
/// as the parser's messages do.
fn english_phrase(message: &str) -> Option<String> {
    let words: Vec<&str> = message.split(' ').collect();
    let word = |w: &str| w.len() >= 2 && w.chars().all(|c| c.is_ascii_alphabetic());
    words
        .windows(2)
        .find(|p| word(p[0]) && word(p[1]))
        .map(|p| p.join(" "))
}

#[test]
fn full_width_colon_after_a_key() {
    let dir = board(&[(UNIT_PATH, "name: 城关街道\nkind：street\n")]);
    only_error(
        &dir,
        UNIT_PATH,
        2,
        5,
        "第 2 行用了全角冒号“：”，请改成英文冒号“:”并在后面加一个空格",
    );
}

#[test]
fn full_width_colon_in_front_matter_is_at_its_file_line() {
    let sheet = SHEET.replace("    deadline: 2026-10-31", "    deadline：2026-10-31");
    let dir = board(&[(SHEET_PATH, &sheet)]);
    only_error(&dir, SHEET_PATH, 7, 13, "全角冒号");
}

#[test]
fn full_width_colon_and_comma_in_a_flow_map() {
    let sheet = SHEET.replace(
        "approved: { by: 城关街道党工委, date: 2026-01-18 }",
        "approved: { by：城关街道党工委， date: 2026-01-18 }",
    );
    let diags = errors(&board(&[(SHEET_PATH, &sheet)]));
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    assert_has(&diags, SHEET_PATH, 3, 15, "全角冒号");
    assert_has(&diags, SHEET_PATH, 3, 23, "请改成英文逗号“,”");
}

#[test]
fn full_width_comma_in_a_list_of_years() {
    // `[2024，2025]` parses, as one odd year: still reported as the slip.
    let unit = "name: 城关街道\nkind: street\nexemplary: [2024，2025]\n";
    only_error(&board(&[(UNIT_PATH, unit)]), UNIT_PATH, 3, 17, "全角逗号");
}

#[test]
fn full_width_brackets_and_braces() {
    let unit = "name: 城关街道\nkind: street\nexemplary: ［2024, 2025］\n";
    only_error(
        &board(&[(UNIT_PATH, unit)]),
        UNIT_PATH,
        3,
        12,
        "英文方括号“[ ]”",
    );
    let sheet = SHEET.replace(
        "approved: { by: 城关街道党工委, date: 2026-01-18 }",
        "approved: ｛ by: 城关街道党工委, date: 2026-01-18 ｝",
    );
    only_error(
        &board(&[(SHEET_PATH, &sheet)]),
        SHEET_PATH,
        3,
        11,
        "英文花括号",
    );
    let note = "---\nitem: [job-fair］\nprogress: 10\n---\n";
    let path = "content/a/2026/zhang-wei/2026-03-15-a.md";
    only_error(&board(&[(path, note)]), path, 2, 16, "全角括号“］”");
}

#[test]
fn full_width_quote_opening_a_value() {
    // Unbalanced by the `: ` inside: the quote is the cause.
    let sheet = SHEET.replace("组织社区招聘会不少于4场", "＂第一阶段: 招聘会＂");
    only_error(
        &board(&[(SHEET_PATH, &sheet)]),
        SHEET_PATH,
        6,
        12,
        "全角引号",
    );
    // Parsed as text, the quotes would show on the page: a warning.
    let unit = "name: ＂城关街道＂\nkind: street\n";
    let (_, warnings) = load(board(&[(UNIT_PATH, unit)]).path(), &LoadOptions::default())
        .unwrap_or_else(|d| panic!("{}", show(&d)));
    let w = warnings
        .iter()
        .find(|d| d.path == Path::new(UNIT_PATH))
        .expect("a warning");
    assert_eq!((w.line, w.column), (1, 7), "{w}");
    assert!(w.message.contains("英文引号"), "{w}");
}

#[test]
fn tab_in_indentation_is_at_its_own_line() {
    let sheet = SHEET.replace("    title: 组织", "\ttitle: 组织");
    only_error(
        &board(&[(SHEET_PATH, &sheet)]),
        SHEET_PATH,
        6,
        1,
        "第 6 行用了制表符（Tab）缩进",
    );
    let unit = "name: 城关街道\nkind: street\nrectification:\n  - year: 2026\n    issued: 2026-07-01\n\tdeadline: 2026-10-31\n    reason: x\n";
    only_error(&board(&[(UNIT_PATH, unit)]), UNIT_PATH, 6, 1, "制表符");
}

#[test]
fn full_width_space_in_indentation() {
    // U+3000 is not whitespace to YAML: the line parses as a key
    // `　　issued`; reported as the indentation it was meant to be.
    let unit =
        "name: 城关街道\nkind: street\nrectification:\n  - year: 2026\n　　issued: 2026-07-01\n";
    only_error(
        &board(&[(UNIT_PATH, unit)]),
        UNIT_PATH,
        5,
        1,
        "全角空格“　”缩进",
    );
    let roster = "-　id: zhang-wei\n  name: 张伟\n";
    let path = "content/a/_roster.yaml";
    only_error(&board(&[(path, roster)]), path, 1, 2, "全角空格");
}

#[test]
fn missing_space_after_a_colon() {
    let unit = "name: 城关街道\nkind:street\n";
    only_error(
        &board(&[(UNIT_PATH, unit)]),
        UNIT_PATH,
        2,
        5,
        "冒号“:”后面缺少空格",
    );
    let roster = "- id:zhang-wei\n  name: 张伟\n";
    let path = "content/a/_roster.yaml";
    only_error(&board(&[(path, roster)]), path, 1, 5, "缺少空格");
    let unit = "name: 城关街道\nkind:　street\n";
    only_error(&board(&[(UNIT_PATH, unit)]), UNIT_PATH, 2, 6, "全角空格");
}

#[test]
fn several_slips_are_each_reported() {
    let sheet = "---
name：张伟
approved: { by: 城关街道党工委， date: 2026-01-18 }
items:
\t- id: job-fair
    title: 组织社区招聘会不少于4场
    deadline:2026-10-31
---
";
    let diags = errors(&board(&[(SHEET_PATH, sheet)]));
    assert_eq!(diags.len(), 4, "{}", show(&diags));
    assert_has(&diags, SHEET_PATH, 2, 5, "第 2 行");
    assert_has(&diags, SHEET_PATH, 3, 24, "第 3 行");
    assert_has(&diags, SHEET_PATH, 5, 1, "第 5 行");
    assert_has(&diags, SHEET_PATH, 7, 13, "第 7 行");
}

#[test]
fn full_width_punctuation_in_text_is_fine() {
    let sheet = "---
name: 张伟
approved: { by: 城关街道党工委（党建办）, date: 2026-01-18 }
items:
  - id: job-fair
    title: 组织招聘会，不少于4场：上半年2场
    category: 就业创业
    deadline: 2026-10-31
    baseline: ［2025］举办2场
    target: 帮助30名居民实现就业
---
正文：承诺，践诺。\tkind：x
";
    let unit = "name: 城关街道\nkind: street\ndescription: |\n  说明：辖8个社区，\n  　　另有2个村。\nrectification:\n  - year: 2026\n    issued: 2026-07-01\n    deadline: 2026-10-31\n    reason: 原因：资金未到位，群众知晓率低\n";
    let review = "zhang-wei:\n  comments:\n    - { half: 1, by: 李明（书记）, date: 2026-07-05, text: 推进有力，成效明显：好 }\n";
    let dir = board(&[
        (SHEET_PATH, sheet),
        (UNIT_PATH, unit),
        ("content/a/2026/_review.yaml", review),
    ]);
    let (site, warnings) =
        load(dir.path(), &LoadOptions::default()).unwrap_or_else(|d| panic!("{}", show(&d)));
    assert!(
        warnings.iter().all(|w| !w.message.contains("全角")),
        "{}",
        show(&warnings)
    );
    let item = &site.units[0].years[&2026].sheets[0].items[0];
    assert_eq!(item.title, "组织招聘会，不少于4场：上半年2场");
}

#[test]
fn slips_are_english_on_an_english_site() {
    let dir = board(&[
        (
            "site.yaml",
            "title: Test\nbase_url: https://example.org/\nlanguage: en\n",
        ),
        (UNIT_PATH, "name: Chengguan\nkind：street\n"),
    ]);
    only_error(&dir, UNIT_PATH, 2, 5, "line 2 has a full-width colon");
}

/// What a Chinese input method types for `[`, `]`, `\\`, `"` and `-`.
#[test]
fn input_method_brackets_commas_quotes_and_dashes() {
    let unit = "name: 城关街道\nkind: street\nexemplary: 【2024、2025】\n";
    let diags = errors(&board(&[(UNIT_PATH, unit)]));
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    assert_has(
        &diags,
        UNIT_PATH,
        3,
        12,
        "中文括号“【”，请改成英文方括号“[ ]”",
    );
    assert_has(&diags, UNIT_PATH, 3, 17, "中文逗号“、”");
    let sheet = SHEET.replace("组织社区招聘会不少于4场", "“第一阶段: 招聘会”");
    only_error(
        &board(&[(SHEET_PATH, &sheet)]),
        SHEET_PATH,
        6,
        12,
        "中文引号““”开头",
    );
    let roster = "- id: zhang-wei\n  name: 张伟\n－ id: li-na\n  name: 李娜\n";
    let path = "content/a/_roster.yaml";
    only_error(&board(&[(path, roster)]), path, 3, 1, "全角横线“－”");
    let unit = "name: 城关街道\n＃ 注释\nkind: street\n";
    only_error(&board(&[(UNIT_PATH, unit)]), UNIT_PATH, 2, 1, "全角井号");
}

#[test]
fn input_method_punctuation_in_text_is_fine() {
    let sheet = SHEET.replace(
        "组织社区招聘会不少于4场",
        "【重点】“两学一做”学习教育、招聘会",
    );
    let review = "zhang-wei:\n  comments:\n    - { half: 1, by: 李明, date: 2026-07-05, text: 【重点】推进有力、成效明显 }\n";
    let site = loads(&board(&[
        (SHEET_PATH, &sheet),
        ("content/a/2026/_review.yaml", review),
    ]));
    let year = &site.units[0].years[&2026];
    assert_eq!(
        year.sheets[0].items[0].title,
        "【重点】“两学一做”学习教育、招聘会"
    );
}

#[test]
fn front_matter_fences_typed_with_full_width_dashes() {
    let sheet = SHEET.replacen("---", "———", 1);
    only_error(
        &board(&[(SHEET_PATH, &sheet)]),
        SHEET_PATH,
        1,
        1,
        "三个英文减号 ---",
    );
    let sheet = SHEET.replace("\n---\n", "\n－－－\n");
    only_error(
        &board(&[(SHEET_PATH, &sheet)]),
        SHEET_PATH,
        8,
        1,
        "第 8 行的分隔线",
    );
}

#[test]
fn a_broken_english_site_yaml_is_answered_in_english() {
    let site_yaml = "title: Test\nbase_url: https://example.org/\nlanguage: en\ntheme：x\n";
    let dir = board(&[("site.yaml", site_yaml)]);
    only_error(&dir, "site.yaml", 4, 6, "line 4 has a full-width colon");
    let site_yaml = "title: Test\nbase_url: https://example.org/\nlanguage: en\ntheme: [x\n";
    let dir = board(&[("site.yaml", site_yaml)]);
    only_error(&dir, "site.yaml", 4, 8, "the `[` on line 4 is never closed");
}

#[test]
fn a_full_width_space_before_the_colon() {
    let unit = "name: 城关街道\nkind　: street\n";
    only_error(&board(&[(UNIT_PATH, unit)]), UNIT_PATH, 2, 5, "全角空格");
}

#[test]
fn parser_errors_never_show_the_parser_english() {
    let broken = [
        "name: 城关街道\nkind: [street\n",
        "name: 城关街道\nkind: street: x\n",
        "name: \"城关街道\nkind: street\n",
        "name: 城关街道\n kind: street\n",
        "name: 城关街道\nkind: street\n  - x\n",
        "name: 城关街道\nkind: street\ndescription: 'a' b\n",
        "name: &a 城关\nkind: *b\n",
        "- a\nname: x\n",
        "name: {a: 1\n",
        "name: 城关街道\nkind: street\n名称 城关\n",
    ];
    for text in broken {
        let diags = errors(&board(&[(UNIT_PATH, text)]));
        for d in &diags {
            assert!(d.line >= 1, "{text:?}: no line: {d}");
            if let Some(p) = english_phrase(&d.message) {
                panic!("{text:?}: English `{p}` in {d}");
            }
        }
    }
}

#[test]
fn a_failed_parse_names_the_likely_cause_at_its_line() {
    // The parser stumbles on line 3; the cause is the `[` on line 2.
    let unit = "name: 城关街道\nexemplary: [2024, 2025\nkind: street\n";
    only_error(
        &board(&[(UNIT_PATH, unit)]),
        UNIT_PATH,
        2,
        12,
        "第 2 行的“[”没有配对的“]”",
    );
    let unit = "name: 城关街道\nkind: street\n类型：街道\n";
    only_error(&board(&[(UNIT_PATH, unit)]), UNIT_PATH, 3, 3, "全角冒号");
    let unit = "name: \"城关\\q街道\"\nkind: street\n";
    only_error(
        &board(&[(UNIT_PATH, unit)]),
        UNIT_PATH,
        1,
        7,
        "请改用单引号",
    );
}

#[test]
fn parser_errors_say_what_to_do() {
    let sheet = SHEET.replace("组织社区招聘会不少于4场", "第一阶段: 招聘会");
    only_error(
        &board(&[(SHEET_PATH, &sheet)]),
        SHEET_PATH,
        6,
        16,
        "请给整个值加英文引号",
    );
}

// --------------------------------------------------------- unknown fields

#[test]
fn unknown_field_in_unit_yaml_with_hint() {
    let dir = board(&[(UNIT_PATH, "name: 城关街道\nkind: street\nsecetary: 王芳\n")]);
    let m = only_error(&dir, UNIT_PATH, 3, 1, "不认识的字段“secetary”");
    assert!(m.contains("是不是“secretary”"), "{m}");
}

#[test]
fn unknown_field_in_sheet_with_hint() {
    let sheet = "---
name: 张伟
approved: { by: 城关街道党工委, date: 2026-01-18 }
rol: 党支部书记
items:
  - { id: a, title: 标题, deadline: 2026-10-31 }
---
";
    let dir = board(&[(SHEET_PATH, sheet)]);
    let m = only_error(&dir, SHEET_PATH, 4, 1, "不认识的字段“rol”");
    assert!(m.contains("是不是“role”"), "{m}");
}

#[test]
fn unknown_field_in_item_dedline_hints_deadline() {
    let sheet = "---
name: 张伟
approved: { by: 城关街道党工委, date: 2026-01-18 }
items:
  - id: job-fair
    title: 组织招聘会
    dedline: 2026-10-31
---
";
    let dir = board(&[(SHEET_PATH, sheet)]);
    let diags = errors(&dir);
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    assert_has(&diags, SHEET_PATH, 7, 5, "是不是“deadline”");
    // `deadline` itself is then missing, reported where the item starts.
    assert_has(&diags, SHEET_PATH, 5, 5, "缺少必填字段“deadline”");
}

#[test]
fn unknown_field_in_note_with_hint() {
    let note = "---
item: job-fair
progres: 40
---
";
    let dir = board(&[(&format!("{NOTES}/2026-03-15-fair.md"), note)]);
    let path = format!("{NOTES}/2026-03-15-fair.md");
    let m = only_error(&dir, &path, 3, 1, "不认识的字段“progres”");
    assert!(m.contains("是不是“progress”"), "{m}");
}

#[test]
fn unknown_field_in_review_entry_with_hint() {
    let review = "zhang-wei:
  votes: { satisfied: 40, basic: 3, unsatisfied: 0 }
  grde: excellent
";
    let dir = board(&[("content/a/2026/_review.yaml", review)]);
    let m = only_error(
        &dir,
        "content/a/2026/_review.yaml",
        3,
        3,
        "不认识的字段“grde”",
    );
    assert!(m.contains("是不是“grade”"), "{m}");
}

#[test]
fn unknown_field_in_site_yaml_with_hint() {
    let dir = board(&[(
        "site.yaml",
        "title: 测试\nbase_url: https://example.org/\nthem: red\n",
    )]);
    let m = only_error(&dir, "site.yaml", 3, 1, "不认识的字段“them”");
    assert!(m.contains("是不是“theme”"), "{m}");
}

#[test]
fn unknown_field_without_hint_points_to_extra() {
    let dir = board(&[(UNIT_PATH, "name: 城关街道\nkind: street\nbanner: x.jpg\n")]);
    only_error(&dir, UNIT_PATH, 3, 1, "extra:");
}

#[test]
fn unknown_fields_in_approved_votes_comment_and_rectification() {
    let sheet = "---
name: 张伟
approved: { by: 城关街道党工委, date: 2026-01-18, note: 无 }
items:
  - { id: a, title: 标题, deadline: 2026-10-31 }
---
";
    let review = "zhang-wei:
  comments:
    - { half: 1, by: 李明, date: 2026-07-05, text: 好, score: 5 }
  votes: { satisfied: 4, neutral: 1 }
";
    let unit = "name: 城关街道
kind: street
rectification:
  - year: 2026
    issued: 2026-07-01
    deadline: 2026-10-31
    reason: 承诺空泛
    finished: 2026-10-20
";
    let dir = board(&[
        (SHEET_PATH, sheet),
        ("content/a/2026/_review.yaml", review),
        (UNIT_PATH, unit),
    ]);
    let diags = errors(&dir);
    assert_eq!(diags.len(), 4, "{}", show(&diags));
    assert_has(&diags, SHEET_PATH, 3, 44, "“note”");
    assert_has(&diags, "content/a/2026/_review.yaml", 3, 53, "“score”");
    assert_has(&diags, "content/a/2026/_review.yaml", 4, 26, "“neutral”");
    assert_has(&diags, UNIT_PATH, 8, 5, "“finished”");
}

#[test]
fn roster_may_carry_private_fields() {
    let roster = "- id: zhang-wei
  name: 张伟
  phone: 13800000000
  address: 城关街道1号
";
    let site = loads(&board(&[("content/a/_roster.yaml", roster)]));
    assert_eq!(site.units[0].roster.as_ref().map(Vec::len), Some(1));
}

#[test]
fn extra_is_allowed_in_unit_sheet_and_note() {
    let unit = "name: 城关街道\nkind: street\nextra: { color: red }\n";
    let note = "---\nitem: job-fair\nextra:\n  photo: a.jpg\n---\n";
    loads(&board(&[
        (UNIT_PATH, unit),
        (&format!("{NOTES}/2026-03-15-fair.md"), note),
    ]));
}

// ------------------------------------------------------------------ types

#[test]
fn quoted_number_is_text_and_an_error() {
    let note = "---
item: job-fair
progress: \"50\"
---
";
    let path = format!("{NOTES}/2026-03-15-fair.md");
    let dir = board(&[(&path, note)]);
    only_error(&dir, &path, 3, 11, "不要加引号");
}

#[test]
fn progress_above_100() {
    let path = format!("{NOTES}/2026-03-15-fair.md");
    let dir = board(&[(&path, "---\nitem: job-fair\nprogress: 101\n---\n")]);
    only_error(&dir, &path, 3, 11, "应在 0 到 100 之间");
}

#[test]
fn progress_below_0() {
    let path = format!("{NOTES}/2026-03-15-fair.md");
    let dir = board(&[(&path, "---\nitem: job-fair\nprogress: -1\n---\n")]);
    only_error(&dir, &path, 3, 11, "应在 0 到 100 之间");
}

#[test]
fn progress_as_a_fraction_is_an_error() {
    let path = format!("{NOTES}/2026-03-15-fair.md");
    let dir = board(&[(&path, "---\nitem: job-fair\nprogress: 0.5\n---\n")]);
    only_error(&dir, &path, 3, 11, "应当是整数");
}

fn sheet_with_deadline(deadline: &str) -> String {
    format!(
        "---
name: 张伟
approved: {{ by: 城关街道党工委, date: 2026-01-18 }}
items:
  - id: job-fair
    title: 组织招聘会
    deadline: {deadline}
---
"
    )
}

#[test]
fn date_that_does_not_exist() {
    let dir = board(&[(SHEET_PATH, &sheet_with_deadline("2026-02-30"))]);
    only_error(&dir, SHEET_PATH, 7, 15, "“2026-02-30”无效");
}

#[test]
fn date_with_slashes() {
    let dir = board(&[(SHEET_PATH, &sheet_with_deadline("2026/03/01"))]);
    only_error(&dir, SHEET_PATH, 7, 15, "“2026/03/01”无效");
}

#[test]
fn date_without_dashes() {
    // A plain 20260301 is a YAML integer; the message shows it as written.
    let dir = board(&[(SHEET_PATH, &sheet_with_deadline("20260301"))]);
    only_error(&dir, SHEET_PATH, 7, 15, "“20260301”无效");
}

#[test]
fn quoted_date_is_accepted() {
    loads(&board(&[(
        SHEET_PATH,
        &sheet_with_deadline("\"2026-03-01\""),
    )]));
}

#[test]
fn deadline_may_fall_outside_the_pledge_year() {
    loads(&board(&[(SHEET_PATH, &sheet_with_deadline("2027-03-31"))]));
}

#[test]
fn bad_date_in_approved_and_in_unit_yaml() {
    let sheet = "---
name: 张伟
approved: { by: 城关街道党工委, date: 2026-13-01 }
items:
  - { id: a, title: 标题, deadline: 2026-10-31 }
---
";
    let unit = "name: 城关街道\nkind: street\nestablished: 1998-7-1\n";
    let dir = board(&[(SHEET_PATH, sheet), (UNIT_PATH, unit)]);
    let diags = errors(&dir);
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    assert_has(&diags, SHEET_PATH, 3, 32, "“2026-13-01”无效");
    assert_has(&diags, UNIT_PATH, 3, 14, "“1998-7-1”无效");
}

// --------------------------------------------------------- missing fields

#[test]
fn site_yaml_without_title() {
    let dir = board(&[("site.yaml", "# 站点配置\nbase_url: https://example.org/\n")]);
    only_error(&dir, "site.yaml", 2, 1, "缺少必填字段“title”");
}

#[test]
fn site_yaml_without_base_url() {
    let dir = board(&[("site.yaml", "title: 测试\nlanguage: zh-CN\n")]);
    only_error(&dir, "site.yaml", 1, 1, "缺少必填字段“base_url”");
}

#[test]
fn site_yaml_with_a_bad_base_url() {
    let dir = board(&[("site.yaml", "title: 测试\nbase_url: javascript:alert(1)\n")]);
    only_error(&dir, "site.yaml", 2, 11, "base_url");
}

#[test]
fn unit_without_name() {
    let dir = board(&[(UNIT_PATH, "kind: street\nsecretary: 王芳\n")]);
    only_error(&dir, UNIT_PATH, 1, 1, "缺少必填字段“name”");
}

#[test]
fn unit_without_kind() {
    let dir = board(&[(UNIT_PATH, "# 街道\nname: 城关街道\n")]);
    only_error(&dir, UNIT_PATH, 2, 1, "缺少必填字段“kind”");
}

#[test]
fn roster_entry_without_id_and_without_name() {
    let roster = "- id: zhang-wei
  name: 张伟
- name: 李娜
  role: member
- id: wang-fang
  role: member
";
    let dir = board(&[("content/a/_roster.yaml", roster)]);
    let diags = errors(&dir);
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    assert_has(&diags, "content/a/_roster.yaml", 3, 3, "缺少必填字段“id”");
    assert_has(&diags, "content/a/_roster.yaml", 5, 3, "缺少必填字段“name”");
}

#[test]
fn member_sheet_without_name() {
    let sheet = "---
approved: { by: 城关街道党工委, date: 2026-01-18 }
items:
  - { id: a, title: 标题, deadline: 2026-10-31 }
---
";
    let dir = board(&[(SHEET_PATH, sheet)]);
    only_error(&dir, SHEET_PATH, 2, 1, "缺少必填字段“name”");
}

#[test]
fn unit_sheet_may_omit_name() {
    let sheet = "---
approved: { by: 上级党委, date: 2026-01-18 }
items:
  - { id: a, title: 标题, deadline: 2026-10-31 }
---
";
    let site = loads(&board(&[("content/a/2026/_unit.md", sheet)]));
    let year = &site.units[0].years[&2026];
    assert!(year.unit_sheet().is_some_and(|s| s.name.is_none()));
}

#[test]
fn sheet_without_items() {
    let sheet = "---
name: 张伟
approved: { by: 城关街道党工委, date: 2026-01-18 }
---
";
    let dir = board(&[(SHEET_PATH, sheet)]);
    only_error(&dir, SHEET_PATH, 2, 1, "缺少必填字段“items”");
}

#[test]
fn empty_items_list() {
    let sheet = "---
name: 张伟
approved: { by: 城关街道党工委, date: 2026-01-18 }
items: []
---
";
    let dir = board(&[(SHEET_PATH, sheet)]);
    only_error(&dir, SHEET_PATH, 4, 8, "至少要有一项承诺事项");
}

#[test]
fn item_without_id_title_or_deadline() {
    let sheet = "---
name: 张伟
approved: { by: 城关街道党工委, date: 2026-01-18 }
items:
  - title: 标题一
    deadline: 2026-10-31
  - id: b
    deadline: 2026-10-31
  - id: c
    title: 标题三
  - { id: d, title: 标题四 }
---
";
    let dir = board(&[(SHEET_PATH, sheet)]);
    let diags = errors(&dir);
    assert_eq!(diags.len(), 4, "{}", show(&diags));
    assert_has(&diags, SHEET_PATH, 5, 5, "缺少必填字段“id”");
    assert_has(&diags, SHEET_PATH, 7, 5, "缺少必填字段“title”");
    assert_has(&diags, SHEET_PATH, 9, 5, "缺少必填字段“deadline”");
    // A flow mapping starts at its brace.
    assert_has(&diags, SHEET_PATH, 11, 5, "缺少必填字段“deadline”");
}

#[test]
fn approved_without_by_or_date() {
    let sheet = "---
name: 张伟
approved:
  date: 2026-01-18
items:
  - { id: a, title: 标题, deadline: 2026-10-31 }
---
";
    let sheet2 = "---
name: 李娜
approved: { by: 城关街道党工委 }
items:
  - { id: a, title: 标题, deadline: 2026-10-31 }
---
";
    let dir = board(&[(SHEET_PATH, sheet), ("content/a/2026/li-na.md", sheet2)]);
    let diags = errors(&dir);
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    assert_has(&diags, SHEET_PATH, 4, 3, "缺少必填字段“by”");
    assert_has(
        &diags,
        "content/a/2026/li-na.md",
        3,
        11,
        "缺少必填字段“date”",
    );
}

#[test]
fn rectification_without_its_required_fields() {
    let unit = "name: 城关街道
kind: street
rectification:
  - issued: 2026-07-01
    deadline: 2026-10-31
    reason: 承诺空泛
  - year: 2026
    deadline: 2026-10-31
    reason: 承诺空泛
  - year: 2026
    issued: 2026-07-01
    reason: 承诺空泛
  - year: 2026
    issued: 2026-07-01
    deadline: 2026-10-31
";
    let dir = board(&[(UNIT_PATH, unit)]);
    let diags = errors(&dir);
    assert_eq!(diags.len(), 4, "{}", show(&diags));
    assert_has(&diags, UNIT_PATH, 4, 5, "缺少必填字段“year”");
    assert_has(&diags, UNIT_PATH, 7, 5, "缺少必填字段“issued”");
    assert_has(&diags, UNIT_PATH, 10, 5, "缺少必填字段“deadline”");
    assert_has(&diags, UNIT_PATH, 13, 5, "缺少必填字段“reason”");
}

#[test]
fn comment_without_its_required_fields() {
    let review = "zhang-wei:
  comments:
    - { by: 李明, date: 2026-07-05, text: 好 }
    - { half: 1, date: 2026-07-05, text: 好 }
    - half: 2
      by: 李明
      text: 好
    - half: 2
      by: 李明
      date: 2026-12-20
";
    let path = "content/a/2026/_review.yaml";
    let dir = board(&[(path, review)]);
    let diags = errors(&dir);
    assert_eq!(diags.len(), 4, "{}", show(&diags));
    assert_has(&diags, path, 3, 7, "缺少必填字段“half”");
    assert_has(&diags, path, 4, 7, "缺少必填字段“by”");
    assert_has(&diags, path, 5, 7, "缺少必填字段“date”");
    assert_has(&diags, path, 8, 7, "缺少必填字段“text”");
}

#[test]
fn note_without_item() {
    let path = format!("{NOTES}/2026-03-15-fair.md");
    let dir = board(&[(&path, "---\nprogress: 40\nstatus: in-progress\n---\n")]);
    only_error(&dir, &path, 2, 1, "缺少必填字段“item”");
}

#[test]
fn a_key_with_no_value_counts_as_missing() {
    let dir = board(&[(UNIT_PATH, "name: 城关街道\nkind:\n")]);
    only_error(&dir, UNIT_PATH, 1, 1, "缺少必填字段“kind”");
}

#[test]
fn empty_required_text() {
    let sheet = "---
name: 张伟
approved: { by: 城关街道党工委, date: 2026-01-18 }
items:
  - id: job-fair
    title: \"\"
    deadline: 2026-10-31
---
";
    let dir = board(&[(SHEET_PATH, sheet)]);
    only_error(&dir, SHEET_PATH, 6, 12, "“title”不能为空");
}

#[test]
fn blank_required_text_is_empty_too() {
    let dir = board(&[(UNIT_PATH, "name: '   '\nkind: street\n")]);
    only_error(&dir, UNIT_PATH, 1, 7, "“name”不能为空");
}

// --------------------------------------------------------------- keywords

#[test]
fn unknown_kind() {
    let dir = board(&[(UNIT_PATH, "name: 城关街道\nkind: town\n")]);
    let m = only_error(&dir, UNIT_PATH, 2, 7, "“kind”的值“town”无效");
    assert!(m.contains("street"), "the choices are listed: {m}");
}

#[test]
fn keyword_messages_list_every_choice_with_its_chinese_name() {
    let dir = board(&[(UNIT_PATH, "name: 城关街道\nkind: town\n")]);
    let m = only_error(
        &dir,
        UNIT_PATH,
        2,
        7,
        "kind 只能是：committee（党委）、township（乡镇）、",
    );
    assert!(
        m.contains("street（街道）") && m.contains("social（社会组织）"),
        "{m}"
    );
}

#[test]
fn a_longer_chinese_word_gets_a_guess() {
    let dir = board(&[(UNIT_PATH, "name: 城关街道\nkind: 街道办事处\n")]);
    only_error(&dir, UNIT_PATH, 2, 7, "是不是 street（街道）？");
    let review = "zhang-wei:\n  grade: 优\n";
    let path = "content/a/2026/_review.yaml";
    only_error(
        &board(&[(path, review)]),
        path,
        2,
        10,
        "是不是 excellent（优秀）？",
    );
}

/// Issue 16, point 4: the Chinese words of docs/format.md's alias table
/// read exactly as their keywords, and the data keeps the keywords.
#[test]
fn chinese_words_for_keywords_are_accepted() {
    let unit = "name: 城关街道\nkind: 街道\n";
    let roster = "- id: zhang-wei\n  name: 张伟\n  role: 书记\n  status: 流动党员\n";
    let sheet = SHEET.replace("name: 张伟\n", "name: 张伟\nform: 书面\n");
    let note = "---\nitem: job-fair\nstatus: 完成\n---\n";
    let review = "zhang-wei:
  comments:
    - { half: 上半年, by: 李明, date: 2026-07-05, text: 好 }
  grade: 合格
";
    let dir = board(&[
        (UNIT_PATH, unit),
        ("content/a/_roster.yaml", roster),
        (SHEET_PATH, &sheet),
        (&format!("{NOTES}/2026-03-15-fair.md"), note),
        ("content/a/2026/_review.yaml", review),
    ]);
    let site = loads(&dir);
    use pledgeboard::model::{Grade, MemberStatus, NoteStatus, PledgeForm, Role, UnitKind};
    let unit = &site.units[0];
    assert_eq!(unit.kind, UnitKind::Street);
    let roster = unit.roster.as_deref().expect("a roster");
    assert_eq!(roster[0].role, Some(Role::Secretary));
    assert_eq!(roster[0].status, MemberStatus::Floating);
    let year = &unit.years[&2026];
    let sheet = &year.sheets[0];
    assert_eq!(sheet.form, PledgeForm::Written);
    assert_eq!(sheet.notes[0].status, Some(NoteStatus::Done));
    let review = &year.reviews["zhang-wei"];
    assert_eq!(review.grade, Some(Grade::Qualified));
    assert_eq!(review.comments[0].half, 1);
}

#[test]
fn unknown_grade() {
    let review = "zhang-wei:\n  grade: good\n";
    let path = "content/a/2026/_review.yaml";
    only_error(
        &board(&[(path, review)]),
        path,
        2,
        10,
        "“grade”的值“good”无效",
    );
}

#[test]
fn unknown_note_status() {
    let path = format!("{NOTES}/2026-03-15-fair.md");
    let dir = board(&[(&path, "---\nitem: job-fair\nstatus: finished\n---\n")]);
    only_error(&dir, &path, 3, 9, "“status”的值“finished”无效");
}

#[test]
fn unknown_roster_status_and_role() {
    let roster = "- id: zhang-wei
  name: 张伟
  role: leader
  status: resting
";
    let path = "content/a/_roster.yaml";
    let diags = errors(&board(&[(path, roster)]));
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    assert_has(&diags, path, 3, 9, "“role”的值“leader”无效");
    assert_has(&diags, path, 4, 11, "“status”的值“resting”无效");
}

#[test]
fn unknown_form() {
    let sheet = "---
name: 张伟
form: video
approved: { by: 城关街道党工委, date: 2026-01-18 }
items:
  - { id: a, title: 标题, deadline: 2026-10-31 }
---
";
    only_error(
        &board(&[(SHEET_PATH, sheet)]),
        SHEET_PATH,
        3,
        7,
        "“form”的值“video”无效",
    );
}

#[test]
fn comment_half_3() {
    let review = "zhang-wei:
  comments:
    - { half: 3, by: 李明, date: 2026-07-05, text: 好 }
";
    let path = "content/a/2026/_review.yaml";
    only_error(
        &board(&[(path, review)]),
        path,
        3,
        15,
        "half 只能是：1（上半年）、2（下半年）",
    );
}

// -------------------------------------------------------- duplicate ids

#[test]
fn duplicate_item_ids_in_a_sheet() {
    let sheet = "---
name: 张伟
approved: { by: 城关街道党工委, date: 2026-01-18 }
items:
  - id: job-fair
    title: 招聘会
    deadline: 2026-10-31
  - id: job-fair
    title: 第二场招聘会
    deadline: 2026-11-30
---
";
    only_error(
        &board(&[(SHEET_PATH, sheet)]),
        SHEET_PATH,
        8,
        9,
        "编号“job-fair”重复",
    );
}

#[test]
fn duplicate_roster_ids() {
    let roster = "- id: zhang-wei
  name: 张伟
- id: li-na
  name: 李娜
- id: zhang-wei
  name: 张伟（另一位）
";
    let path = "content/a/_roster.yaml";
    only_error(&board(&[(path, roster)]), path, 5, 7, "编号“zhang-wei”重复");
}

// ----------------------------------------------------------------- notes

#[test]
fn note_naming_an_unknown_item_with_hint() {
    let path = format!("{NOTES}/2026-03-15-fair.md");
    let dir = board(&[(&path, "---\nitem: job-fiar\n---\n")]);
    let m = only_error(&dir, &path, 2, 7, "没有编号为“job-fiar”的事项");
    assert!(m.contains("是不是“job-fair”"), "{m}");
}

#[test]
fn note_naming_an_unknown_item_in_a_list() {
    let path = format!("{NOTES}/2026-03-15-fair.md");
    let dir = board(&[(&path, "---\nitem:\n  - job-fair\n  - night-market\n---\n")]);
    only_error(&dir, &path, 4, 5, "没有编号为“night-market”的事项");
}

#[test]
fn note_dated_outside_its_folders_year() {
    let path = format!("{NOTES}/fair.md");
    let dir = board(&[(&path, "---\nitem: job-fair\ndate: 2025-12-31\n---\n")]);
    only_error(&dir, &path, 3, 7, "不在 2026 年内");
}

#[test]
fn note_named_for_a_date_outside_its_folders_year() {
    let path = format!("{NOTES}/2027-01-05-fair.md");
    let dir = board(&[(&path, "---\nitem: job-fair\n---\n")]);
    only_error(&dir, &path, 2, 1, "不在 2026 年内");
}

#[test]
fn note_date_disagrees_with_its_file_name() {
    let path = format!("{NOTES}/2026-03-15-fair.md");
    let dir = board(&[(&path, "---\nitem: job-fair\ndate: 2026-03-16\n---\n")]);
    let m = only_error(&dir, &path, 3, 7, "不一致");
    assert!(m.contains("2026-03-15") && m.contains("2026-03-16"), "{m}");
}

#[test]
fn note_with_neither_date_nor_dated_name() {
    let path = format!("{NOTES}/fair.md");
    let dir = board(&[(&path, "---\nitem: job-fair\nprogress: 40\n---\n")]);
    only_error(&dir, &path, 2, 1, "缺少日期");
}

#[test]
fn note_with_date_field_only_is_fine() {
    let path = format!("{NOTES}/fair.md");
    let site = loads(&board(&[(
        &path,
        "---\nitem: job-fair\ndate: 2026-04-01\n---\n",
    )]));
    let notes = &site.units[0].years[&2026].sheets[0].notes;
    assert_eq!(notes[0].date.to_string(), "2026-04-01");
}

#[test]
fn notes_folder_without_a_sheet() {
    let path = "content/a/2026/li-na/2026-03-15-fair.md";
    let dir = board(&[(path, "---\nitem: job-fair\n---\n")]);
    only_error(
        &dir,
        "content/a/2026/li-na",
        0,
        0,
        "进展文件夹“li-na”旁边没有承诺书",
    );
}

// ---------------------------------------------------------------- encoding

#[test]
fn invalid_utf8_reports_the_first_bad_byte() {
    let mut bytes = b"---\nname: \xe5\xbc\xa0\xe4\xbc\x9f\nrole: ab".to_vec();
    bytes.push(0xff);
    bytes.extend_from_slice(b"cd\nitems: []\n---\n");
    let dir = board(&[]);
    write(dir.path(), SHEET_PATH, &bytes);
    // Line 3, after `role: ab` (8 characters).
    only_error(&dir, SHEET_PATH, 3, 9, "不是 UTF-8");
}

#[test]
fn invalid_utf8_column_counts_characters_before_the_bad_byte() {
    // GBK-encoded text after valid UTF-8 Chinese on the same line.
    let mut bytes = "name: 城关".as_bytes().to_vec();
    bytes.extend_from_slice(&[0xb3, 0xc7, 0xb9, 0xd8]);
    bytes.extend_from_slice(b"\nkind: street\n");
    let dir = board(&[]);
    write(dir.path(), UNIT_PATH, &bytes);
    only_error(&dir, UNIT_PATH, 1, 9, "不是 UTF-8");
}

#[test]
fn a_utf8_bom_is_accepted() {
    let dir = board(&[(UNIT_PATH, "\u{feff}name: 城关街道\nkind: street\n")]);
    loads(&dir);
}

#[test]
fn windows_line_endings_and_bom_keep_lines_and_columns() {
    // Notepad's "UTF-8 with BOM" and CRLF line ends.
    let sheet = "\u{feff}---\r\nname: 张伟\r\napproved: { by: 城关街道党工委, date: 2026-01-18 }\r\nitems:\r\n  - id: job-fair\r\n    title: 招聘会\r\n    deadline: 2026-02-30\r\n---\r\n正文\r\n";
    only_error(
        &board(&[(SHEET_PATH, sheet)]),
        SHEET_PATH,
        7,
        15,
        "2026-02-30",
    );
    let note = "---\r\nitem: job-fair\r\nprogress: 101\r\n---\r\n";
    let path = format!("{NOTES}/2026-03-15-x.md");
    only_error(&board(&[(&path, note)]), &path, 3, 11, "0 到 100");
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_unicode() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let dir = board(&[]);
    let name = OsStr::from_bytes(b"\xd5\xc5\xce\xb0.md"); // 张伟 in GBK
    if fs::write(dir.path().join("content/a/2026").join(name), SHEET).is_err() {
        return; // this file system only takes Unicode names (APFS)
    }
    let diags = errors(&dir);
    assert_eq!(diags.len(), 1, "{}", show(&diags));
    assert!(
        diags[0].path.starts_with("content/a/2026"),
        "{}",
        show(&diags)
    );
    assert!(
        diags[0].message.contains("无法识别的字符"),
        "{}",
        show(&diags)
    );
}

// ----------------------------------------------------------------- roster

const ROSTER: &str = "- id: zhang-wei
  name: 张伟
  role: secretary
- id: li-na
  name: 李娜
  status: retired
  exempt: [2025, 2026]
  exempt_reason: 年老体弱
";

#[test]
fn pledge_for_a_member_not_on_the_roster_with_hint() {
    let dir = board(&[
        ("content/a/_roster.yaml", ROSTER),
        ("content/a/2026/zhang-wie.md", SHEET),
    ]);
    let m = only_error(
        &dir,
        "content/a/2026/zhang-wie.md",
        1,
        1,
        "花名册中没有编号为“zhang-wie”",
    );
    assert!(m.contains("是不是“zhang-wei”"), "{m}");
}

#[test]
fn a_broken_roster_entry_does_not_also_disown_its_member() {
    // One error, in the roster: the sheet is not also "not on the roster".
    let roster = "- id: zhang-wei\n  name: \"\"\n";
    let path = "content/a/_roster.yaml";
    only_error(&board(&[(path, roster)]), path, 2, 9, "“name”不能为空");
}

#[test]
fn without_a_roster_any_member_may_pledge() {
    loads(&board(&[("content/a/2026/wang-fang.md", SHEET)]));
}

#[test]
fn pledge_for_a_member_exempt_that_year() {
    let dir = board(&[
        ("content/a/_roster.yaml", ROSTER),
        ("content/a/2026/li-na.md", SHEET),
    ]);
    only_error(&dir, "content/a/2026/li-na.md", 1, 1, "已免于 2026 年承诺");
}

#[test]
fn exemption_of_another_year_does_not_count() {
    let roster = "- id: zhang-wei\n  name: 张伟\n  exempt: 2025\n";
    loads(&board(&[("content/a/_roster.yaml", roster)]));
}

#[test]
fn year_roster_replaces_the_units_roster() {
    // On the unit's roster, but not on the 2026 roster.
    let year_roster = "- id: li-na\n  name: 李娜\n";
    let dir = board(&[
        ("content/a/_roster.yaml", ROSTER),
        ("content/a/2026/_roster.yaml", year_roster),
    ]);
    only_error(&dir, SHEET_PATH, 1, 1, "花名册中没有编号为“zhang-wei”");
}

// ----------------------------------------------------------------- review

#[test]
fn review_key_naming_no_sheet_with_hint() {
    let review = "_unit:
  grade: excellent
zhang-wie:
  grade: qualified
";
    let path = "content/a/2026/_review.yaml";
    let m = only_error(
        &board(&[(path, review)]),
        path,
        3,
        1,
        "没有承诺书“zhang-wie”",
    );
    assert!(m.contains("是不是“zhang-wei”"), "{m}");
}

#[test]
fn review_may_name_an_unpublished_sheet() {
    let draft = "---
name: 李娜
items:
  - { id: a, title: 标题, deadline: 2026-10-31 }
---
";
    let review = "li-na:\n  grade: qualified\n";
    let site = loads(&board(&[
        ("content/a/2026/li-na.md", draft),
        ("content/a/2026/_review.yaml", review),
    ]));
    let year = &site.units[0].years[&2026];
    assert!(
        !year.reviews.contains_key("li-na"),
        "a draft's review is not kept"
    );
}

// ---------------------------------------------------------------- folders

#[test]
fn top_level_unit_folder_named_data() {
    let dir = site(&[("content/data/_unit.yaml", UNIT)]);
    only_error(&dir, "content/data/_unit.yaml", 0, 0, "不能叫“data”");
}

#[test]
fn a_nested_unit_may_be_named_data() {
    let site = loads(&board(&[("content/a/data/_unit.yaml", UNIT)]));
    assert!(site.units.iter().any(|u| u.path == "a/data"));
}

#[test]
fn year_folder_with_no_unit() {
    let dir = site(&[
        ("content/a/_unit.yaml", UNIT),
        ("content/b/2026/zhang-wei.md", SHEET),
    ]);
    only_error(
        &dir,
        "content/b/2026",
        0,
        0,
        "年度文件夹必须放在单位文件夹里",
    );
}

#[test]
fn year_folder_directly_in_content_without_a_root_unit() {
    let dir = site(&[("content/2026/zhang-wei.md", SHEET)]);
    only_error(&dir, "content/2026", 0, 0, "年度文件夹必须放在单位文件夹里");
}

#[test]
fn missing_site_yaml() {
    let dir = tempfile::tempdir().expect("temp dir");
    write(dir.path(), UNIT_PATH, UNIT.as_bytes());
    let diags = errors(&dir);
    assert_eq!(diags.len(), 1, "{}", show(&diags));
    assert_has(&diags, "site.yaml", 0, 0, "找不到 site.yaml");
}

// ---------------------------------------------------- reporting as a whole

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let note = "---\nitem: job-fair\nprogress: 140\n---\n";
    let dir = board(&[
        (UNIT_PATH, "name: 城关街道\nkind: town\n"),
        (SHEET_PATH, &sheet_with_deadline("2026-02-30")),
        (
            "content/b/_unit.yaml",
            "name: 新华社区\nkind: community\ncolour: red\n",
        ),
        ("content/b/2026/_unit/2026-05-01-x.md", note),
    ]);
    let diags = errors(&dir);
    assert_eq!(diags.len(), 4, "{}", show(&diags));
    assert_has(&diags, UNIT_PATH, 2, 7, "town");
    assert_has(&diags, SHEET_PATH, 7, 15, "2026-02-30");
    assert_has(&diags, "content/b/_unit.yaml", 3, 1, "colour");
    assert_has(&diags, "content/b/2026/_unit", 0, 0, "没有承诺书");
    // Sorted by path and position, whatever order the files were read in.
    let mut sorted = diags.clone();
    sorted.sort();
    assert_eq!(diags, sorted);
}

#[test]
fn several_errors_in_one_file_are_all_reported() {
    let sheet = "---
name: \"\"
form: video
approved: { by: 城关街道党工委, date: 2026-1-18 }
items:
  - { id: a, title: 标题, deadline: 2026-10-31, owner: 张伟 }
---
";
    let diags = errors(&board(&[(SHEET_PATH, sheet)]));
    assert_eq!(diags.len(), 4, "{}", show(&diags));
    assert_has(&diags, SHEET_PATH, 2, 7, "不能为空");
    assert_has(&diags, SHEET_PATH, 3, 7, "video");
    assert_has(&diags, SHEET_PATH, 4, 32, "2026-1-18");
    assert_has(&diags, SHEET_PATH, 6, 47, "owner");
}

#[test]
fn messages_are_chinese_by_default() {
    let dir = board(&[(UNIT_PATH, "name: 城关街道\n")]);
    let m = only_error(&dir, UNIT_PATH, 1, 1, "缺少必填字段“kind”");
    assert!(!m.contains("missing"), "{m}");
}

#[test]
fn messages_are_english_with_language_en() {
    let dir = board(&[
        (
            "site.yaml",
            "title: Test\nbase_url: https://example.org/\nlanguage: en\n",
        ),
        (UNIT_PATH, "name: Chengguan\n"),
    ]);
    only_error(&dir, UNIT_PATH, 1, 1, "missing required field `kind`");
}

#[test]
fn site_yaml_errors_are_english_with_language_en() {
    // Even the site.yaml's own errors, and those of the rest of the site
    // when site.yaml is broken, follow its `language`.
    let dir = board(&[
        (
            "site.yaml",
            "base_url: https://example.org/\nlanguage: en\n",
        ),
        (UNIT_PATH, "name: Chengguan\n"),
    ]);
    let diags = errors(&dir);
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    assert_has(&diags, "site.yaml", 1, 1, "missing required field `title`");
    assert_has(&diags, UNIT_PATH, 1, 1, "missing required field `kind`");
}

// ------------------------------------------------------------- unpublished

const DRAFT: &str = "---
name: 李娜
items:
  - id: visit
    title: 走访困难群众
    deadline: 2026-12-31
---
";

#[test]
fn unapproved_pledges_are_not_errors() {
    let site = loads(&board(&[("content/a/2026/li-na.md", DRAFT)]));
    let year = &site.units[0].years[&2026];
    assert_eq!(year.drafts, vec!["li-na".to_string()]);
    assert!(year.sheets.iter().all(|s| s.id != "li-na"));
}

#[test]
fn notes_of_unapproved_pledges_are_still_validated() {
    let path = "content/a/2026/li-na/2026-03-15-visit.md";
    let dir = board(&[
        ("content/a/2026/li-na.md", DRAFT),
        (path, "---\nitem: vist\nprogress: \"30\"\n---\n"),
    ]);
    let diags = errors(&dir);
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    assert_has(&diags, path, 2, 7, "是不是“visit”");
    assert_has(&diags, path, 3, 11, "不要加引号");
}

#[test]
fn notes_of_a_broken_sheet_are_still_validated() {
    // The sheet fails (no items), so the note's item cannot be checked,
    // but its other errors are reported in the same build.
    let sheet = "---\nname: 张伟\nitems: []\n---\n";
    let path = format!("{NOTES}/2026-03-15-fair.md");
    let dir = board(&[
        (SHEET_PATH, sheet),
        (&path, "---\nitem: anything\nprogress: \"30\"\n---\n"),
    ]);
    let diags = errors(&dir);
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    assert_has(&diags, SHEET_PATH, 3, 8, "至少要有一项");
    assert_has(&diags, &path, 3, 11, "不要加引号");
}

#[test]
fn notes_of_a_sheet_with_other_errors_check_their_items() {
    let sheet = "---
name: 张伟
rol: 书记
items:
  - { id: job-fair, title: 招聘会, deadline: 2026-10-31 }
---
";
    let path = format!("{NOTES}/2026-03-15-fair.md");
    let dir = board(&[(SHEET_PATH, sheet), (&path, "---\nitem: job-fiar\n---\n")]);
    let diags = errors(&dir);
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    assert_has(&diags, SHEET_PATH, 3, 1, "“rol”");
    assert_has(&diags, &path, 2, 7, "是不是“job-fair”");
}

#[test]
fn unapproved_pledges_are_still_validated() {
    let draft = "---\nname: 李娜\nitems: []\n---\n";
    let dir = board(&[("content/a/2026/li-na.md", draft)]);
    only_error(&dir, "content/a/2026/li-na.md", 3, 8, "至少要有一项");
}

#[test]
fn without_require_approval_unapproved_pledges_are_published() {
    let dir = board(&[
        (
            "site.yaml",
            "title: 测试\nbase_url: https://example.org/\nrequire_approval: false\n",
        ),
        ("content/a/2026/li-na.md", DRAFT),
    ]);
    let site = loads(&dir);
    assert!(
        site.units[0].years[&2026]
            .sheets
            .iter()
            .any(|s| s.id == "li-na")
    );
}

// ------------------------------------------------------------ odd input

#[test]
fn empty_files_of_every_kind() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("site.yaml", &[("site.yaml", "")]),
        (UNIT_PATH, &[(UNIT_PATH, "")]),
        ("content/a/_roster.yaml", &[("content/a/_roster.yaml", "")]),
        (SHEET_PATH, &[(SHEET_PATH, "")]),
        (
            "content/a/2026/_unit.md",
            &[("content/a/2026/_unit.md", "")],
        ),
        (
            "content/a/2026/zhang-wei/2026-03-15-x.md",
            &[("content/a/2026/zhang-wei/2026-03-15-x.md", "")],
        ),
    ];
    for (path, files) in cases {
        let diags = errors(&board(files));
        assert_eq!(diags.len(), 1, "empty {path}:\n{}", show(&diags));
        assert_eq!(diags[0].path, Path::new(path), "{}", show(&diags));
        assert!(diags[0].line <= 1, "{}", show(&diags));
    }
    // An empty _review.yaml reviews nobody, which is fine.
    loads(&board(&[("content/a/2026/_review.yaml", "")]));
}

#[test]
fn a_sheet_that_is_only_dashes() {
    // Unclosed: reported at the opening line.
    for text in ["---", "---\n"] {
        only_error(
            &board(&[(SHEET_PATH, text)]),
            SHEET_PATH,
            1,
            1,
            "信息块没有结束",
        );
    }
    // Closed but empty: reported where the fields should be.
    for text in ["---\n---\n", "---\n---", "---\n...\n"] {
        only_error(&board(&[(SHEET_PATH, text)]), SHEET_PATH, 2, 1, "字段: 值");
    }
}

#[test]
fn a_list_where_a_map_is_expected() {
    let note_path = format!("{NOTES}/2026-03-15-x.md");
    let dir = board(&[
        (
            "site.yaml",
            "- title: 测试\n- base_url: https://example.org/\n",
        ),
        (UNIT_PATH, "- name\n- kind\n"),
        ("content/a/_roster.yaml", "id: zhang-wei\nname: 张伟\n"),
        (SHEET_PATH, "---\n- name: 张伟\n---\n"),
        (&note_path, "---\n[job-fair]\n---\n"),
        ("content/a/2026/_review.yaml", "- zhang-wei\n"),
    ]);
    let diags = errors(&dir);
    assert_eq!(diags.len(), 6, "{}", show(&diags));
    assert_has(&diags, "site.yaml", 1, 1, "site.yaml");
    assert_has(&diags, UNIT_PATH, 1, 1, "_unit.yaml");
    assert_has(&diags, "content/a/_roster.yaml", 1, 1, "列表");
    assert_has(&diags, SHEET_PATH, 2, 1, "字段: 值");
    assert_has(&diags, &note_path, 2, 1, "字段: 值");
    assert_has(&diags, "content/a/2026/_review.yaml", 1, 1, "字段: 值");
}

#[test]
fn wrong_shapes_inside_a_sheet() {
    let sheet = "---
name: [张伟]
approved: 城关街道党工委
items:
  - job-fair
  - { id: [a], title: {x: 1}, deadline: [2026-10-31] }
---
";
    let diags = errors(&board(&[(SHEET_PATH, sheet)]));
    assert_has(&diags, SHEET_PATH, 2, 7, "一段文字");
    assert_has(&diags, SHEET_PATH, 3, 11, "approved");
    assert_has(&diags, SHEET_PATH, 5, 5, "items");
    assert_has(&diags, SHEET_PATH, 6, 11, "“id”应当是一段文字");
    assert_has(&diags, SHEET_PATH, 6, 23, "“title”应当是一段文字");
    assert_has(&diags, SHEET_PATH, 6, 41, "“deadline”");
}

#[test]
fn a_binary_file_named_like_a_sheet() {
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";
    let dir = board(&[]);
    write(dir.path(), "content/a/2026/x.md", png);
    only_error(&dir, "content/a/2026/x.md", 1, 1, "不是 UTF-8");
}

#[test]
fn a_nul_filled_file_named_like_a_sheet() {
    let dir = board(&[]);
    write(dir.path(), "content/a/2026/x.md", [0u8; 64]);
    only_error(&dir, "content/a/2026/x.md", 1, 1, "---");
}

#[test]
fn huge_numbers_and_odd_scalars_do_not_panic() {
    let path = format!("{NOTES}/2026-03-15-x.md");
    let note = "---
item: job-fair
progress: 99999999999999999999999999999999999999999
status: .nan
title: 1e400
author: !!binary aGVsbG8=
---
";
    let diags = errors(&board(&[(&path, note)]));
    assert_eq!(diags.len(), 3, "{}", show(&diags));
    assert_has(&diags, &path, 3, 11, "“progress”应当是整数");
    assert_has(&diags, &path, 4, 9, "“status”的值“.nan”无效");
    // Issue 13: a tag is valid YAML, but no field's business.
    assert_has(&diags, &path, 6, 9, "“!!binary”");
    let members = "name: 城关街道\nkind: street\nmembers: 18446744073709551616\n";
    only_error(&board(&[(UNIT_PATH, members)]), UNIT_PATH, 3, 10, "members");
    // Non-finite floats are valid YAML: a text field keeps them as written.
    let site = loads(&board(&[(
        SHEET_PATH,
        &SHEET.replace("组织社区招聘会不少于4场", ".inf"),
    )]));
    assert_eq!(site.units[0].years[&2026].sheets[0].items[0].title, ".inf");
}

fn nested_list(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

#[test]
fn deeply_nested_yaml_is_an_error_not_a_crash() {
    // Through the binary: a stack overflow aborts the process, which must
    // show up here as a failure rather than take the test harness down.
    let deep = nested_list(10_000);
    let block: String = (0..10_000)
        .map(|i| format!("{}-\n", " ".repeat(i)))
        .collect();
    let dir = board(&[
        (
            UNIT_PATH,
            &format!("name: 城关街道\nkind: street\nextra: {deep}\n"),
        ),
        (SHEET_PATH, &format!("---\n{deep}\n---\n")),
        ("content/a/_roster.yaml", &block),
        (
            "content/a/2026/_review.yaml",
            &format!("zhang-wei: {deep}\n"),
        ),
    ]);
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    for path in [
        UNIT_PATH,
        SHEET_PATH,
        "content/a/_roster.yaml",
        "content/a/2026/_review.yaml",
    ] {
        assert!(
            err.contains(&format!("{path}:")),
            "no error for {path}:\n{err}"
        );
    }
}

#[test]
fn deeply_nested_yaml_in_process() {
    let deep = nested_list(10_000);
    let dir = board(&[(
        UNIT_PATH,
        &format!("name: 城关街道\nkind: street\nextra: {deep}\n"),
    )]);
    let diags = errors(&dir);
    assert_eq!(diags.len(), 1, "{}", show(&diags));
    assert_eq!(diags[0].path, Path::new(UNIT_PATH));
    assert_eq!(diags[0].line, 3, "{}", show(&diags));
}

#[test]
fn moderately_nested_extra_is_accepted() {
    let dir = board(&[(
        UNIT_PATH,
        &format!(
            "name: 城关街道\nkind: street\nextra: {{ a: {} }}\n",
            nested_list(20)
        ),
    )]);
    loads(&dir);
}

// ------------------------------------- output names (issue 13, points 4, 6)

/// A note on the job fair, dated in its text (its file name need not be).
const NOTE: &str = "---\ndate: 2026-03-15\nitem: job-fair\n---\n进展。\n";

#[test]
fn member_id_named_like_the_boards_page() {
    let dir = board(&[("content/a/2026/index.html.md", SHEET)]);
    only_error(&dir, "content/a/2026/index.html.md", 0, 0, "“index.html”");
}

#[test]
fn member_id_differing_in_case_from_the_boards_page() {
    let dir = board(&[("content/a/2026/Index.HTML.md", SHEET)]);
    only_error(&dir, "content/a/2026/Index.HTML.md", 0, 0, "不区分大小写");
}

#[test]
fn two_sheets_differing_only_in_case() {
    let dir = board(&[("content/a/2026/Zhang-Wei.md", SHEET)]);
    // Reported at the second in sorted order (capitals sort first),
    // naming the first.
    let message = only_error(&dir, SHEET_PATH, 0, 0, "“Zhang-Wei”");
    assert!(message.contains("content/a/2026/Zhang-Wei.md"), "{message}");
}

#[test]
fn child_unit_folder_named_like_its_parents_feed_or_page() {
    for name in ["atom.xml", "Index.html"] {
        let path = format!("content/a/{name}/_unit.yaml");
        let dir = board(&[(&path, UNIT)]);
        only_error(&dir, &path, 0, 0, &format!("“{name}”"));
    }
}

#[test]
fn top_level_unit_folders_named_like_the_sites_own_files() {
    for name in [
        "index.html",
        "robots.txt",
        "sitemap.xml",
        "sitemap-2.xml",
        "404.html",
        "Data",
        "SEARCH",
    ] {
        let path = format!("content/{name}/_unit.yaml");
        let dir = site(&[(&path, UNIT)]);
        only_error(&dir, &path, 0, 0, &format!("不能叫“{name}”"));
    }
}

#[test]
fn a_nested_unit_may_be_named_like_a_top_level_file() {
    let site = loads(&board(&[("content/a/robots.txt/_unit.yaml", UNIT)]));
    assert!(site.units.iter().any(|u| u.path == "a/robots.txt"));
}

#[test]
fn note_named_like_its_sheets_page_with_note_pages() {
    let note = format!("{NOTES}/index.html.md");
    let files = [(note.as_str(), NOTE)];
    // Without note pages a note is an anchor on its sheet's page: no clash.
    loads(&board(&files));
    let dir = board(&files);
    write(
        dir.path(),
        "site.yaml",
        format!("{SITE_YAML}note_pages: true\n").as_bytes(),
    );
    only_error(&dir, &note, 0, 0, "“index.html”");
}

#[test]
fn attachment_named_like_a_notes_page_with_note_pages() {
    let note = format!("{NOTES}/photo.JPG.md");
    let picture = format!("{NOTES}/photo.jpg");
    let files = [(note.as_str(), NOTE), (picture.as_str(), "jpeg")];
    loads(&board(&files));
    let dir = board(&files);
    write(
        dir.path(),
        "site.yaml",
        format!("{SITE_YAML}note_pages: true\n").as_bytes(),
    );
    // `photo.JPG.md` sorts first: the picture is the second claim.
    let message = only_error(&dir, &picture, 0, 0, "“photo.JPG”");
    assert!(message.contains(&note), "{message}");
}

#[test]
fn attachments_differing_only_in_case() {
    let a = format!("{NOTES}/Photo.jpg");
    let b = format!("{NOTES}/photo.jpg");
    let note = format!("{NOTES}/2026-03-15-fair.md");
    let dir = board(&[(a.as_str(), "x"), (b.as_str(), "y"), (note.as_str(), NOTE)]);
    only_error(&dir, &b, 0, 0, "“Photo.jpg”");
}

#[test]
fn a_name_windows_refuses_is_only_a_warning() {
    let path = "content/a/2026/con.md";
    let (site, warnings) = load(board(&[(path, SHEET)]).path(), &LoadOptions::default())
        .unwrap_or_else(|d| panic!("{}", show(&d)));
    assert!(
        site.units[0].years[&2026]
            .sheets
            .iter()
            .any(|s| s.id == "con")
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.path == Path::new(path) && w.message.contains("Windows")),
        "{}",
        show(&warnings)
    );
}

/// A board's print pages (`_poster/`, `_poster-a3/`, `_cards/`) sit
/// beside its sheets' folders under names no sheet can take: a member
/// `poster` is a member like any other, and a file `_poster.md` is not a
/// sheet (a warning says it is ignored), so the two never meet.
#[test]
fn print_pages_and_sheets_never_share_a_folder() {
    let poster = "content/a/2026/poster.md";
    let taken = "content/a/2026/_poster.md";
    let dir = board(&[(poster, SHEET), (taken, SHEET)]);
    let out = run(
        dir.path(),
        &["build", "--out", "public", "--today", "2026-06-01"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        err.lines()
            .any(|l| l.starts_with(&format!("{taken}:")) && l.contains("已忽略")),
        "{err}"
    );
    let page = |rel: &str| {
        fs::read_to_string(dir.path().join("public").join(rel))
            .unwrap_or_else(|e| panic!("{rel}: {e}"))
    };
    assert!(page("a/2026/poster/index.html").contains("承诺书"));
    for rel in ["a/2026/_poster/index.html", "a/2026/_poster-a3/index.html"] {
        assert!(page(rel).contains("class=\"page-poster"), "{rel}");
    }
    // Both members, `poster` included, are on the poster and have a card.
    let cards = page("a/2026/_cards/index.html");
    assert_eq!(cards.matches("class=\"card-name\"").count(), 2, "{cards}");
}

#[test]
fn a_member_id_with_a_line_break_is_an_error() {
    let path = "content/a/2026/zhang\nwei.md";
    let dir = board(&[(path, SHEET)]);
    only_error(&dir, path, 0, 0, "控制字符");
}

#[test]
fn year_folders_outside_the_plausible_years() {
    for year in ["0000", "0999", "1899", "3000"] {
        let folder = format!("content/a/{year}");
        let dir = board(&[(&format!("{folder}/zhang-wei.md"), SHEET)]);
        only_error(&dir, &folder, 0, 0, &format!("“{year}”不是有效的年份"));
    }
    let site = loads(&board(&[("content/a/1900/zhang-wei.md", SHEET)]));
    assert!(site.units[0].years.contains_key(&1900));
}

#[test]
fn yaml_tags_are_errors_at_the_tag() {
    // Base64 of 张伟 and a NUL byte: the tag, and what it would give.
    let sheet = SHEET.replace("name: 张伟", "name: !!binary 5byg5LyfAA==");
    let diags = errors(&board(&[(SHEET_PATH, &sheet)]));
    assert_eq!(diags.len(), 2, "{}", show(&diags));
    assert_has(&diags, SHEET_PATH, 2, 7, "!!binary");
    assert_has(&diags, SHEET_PATH, 2, 16, "U+0000");
    let unit = "name: !local 城关\nkind: street\n";
    only_error(&board(&[(UNIT_PATH, unit)]), UNIT_PATH, 1, 7, "!local");
    let unit = "name: 城关\nkind: !!str street\n";
    only_error(&board(&[(UNIT_PATH, unit)]), UNIT_PATH, 2, 7, "YAML");
}

#[test]
fn control_character_escapes_are_errors_where_they_stand() {
    // `\0` once put NUL bytes into pages and the CSV file.
    let sheet = SHEET.replace("title: 组织社区招聘会不少于4场", "title: \"招聘会\\0\"");
    only_error(&board(&[(SHEET_PATH, &sheet)]), SHEET_PATH, 6, 12, "U+0000");
    let note = format!("{NOTES}/2026-03-15-fair.md");
    let text = NOTE.replace("date: 2026-03-15", "date: 2026-03-15\ntitle: \"a\\e[31m\"");
    only_error(&board(&[(&note, &text)]), &note, 3, 8, "U+001B");
    let review = "zhang-wei:\n  comments:\n    - { half: 1, by: \"书记\\x07\", date: 2026-07-01, text: 好 }\n";
    let path = "content/a/2026/_review.yaml";
    only_error(&board(&[(path, review)]), path, 3, 22, "U+0007");
    // Tabs and line breaks are text.
    let sheet = SHEET.replace(
        "title: 组织社区招聘会不少于4场",
        "title: \"招聘会\\t第一场\\n第二场\"",
    );
    loads(&board(&[(SHEET_PATH, &sheet)]));
}

#[test]
fn extra_that_is_not_a_map() {
    let unit = format!("{UNIT}extra: 5\n");
    only_error(&board(&[(UNIT_PATH, &unit)]), UNIT_PATH, 3, 8, "“extra”");
    let sheet = SHEET.replace("name: 张伟\n", "name: 张伟\nextra: [a, b]\n");
    only_error(&board(&[(SHEET_PATH, &sheet)]), SHEET_PATH, 3, 8, "“extra”");
    let note = format!("{NOTES}/2026-03-15-fair.md");
    let text = NOTE.replace("item: job-fair", "item: job-fair\nextra: 文字");
    only_error(&board(&[(&note, &text)]), &note, 4, 8, "“extra”");
}

// ------------------------------------------------------------- the binary

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Every file below `dir` with its bytes (the load cache too: `check`
/// reads it but never writes it).
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path.clone());
                files.insert(
                    path.strip_prefix(dir).expect("prefix").to_path_buf(),
                    Vec::new(),
                );
            } else {
                let bytes = fs::read(&path).expect("read");
                files.insert(path.strip_prefix(dir).expect("prefix").to_path_buf(), bytes);
            }
        }
    }
    files
}

#[test]
fn build_on_a_bad_site_exits_1_and_leaves_the_output_untouched() {
    let dir = board(&[]);
    let root = dir.path();
    let good = run(root, &["build", "--out", "public", "--today", "2026-06-01"]);
    assert_eq!(good.status.code(), Some(0), "{}", stderr(&good));
    let before = snapshot(&root.join("public"));
    assert!(
        before.keys().any(|p| p.ends_with("index.html")),
        "the good build wrote pages: {:?}",
        before.keys().collect::<Vec<_>>()
    );

    write(
        root,
        SHEET_PATH,
        sheet_with_deadline("2026-02-30").as_bytes(),
    );
    write(root, UNIT_PATH, b"name: x\nkind: town\n");
    let bad = run(root, &["build", "--out", "public", "--today", "2026-06-01"]);
    let err = stderr(&bad);
    assert_eq!(bad.status.code(), Some(1), "{err}");
    assert!(
        err.lines().any(
            |l| l.starts_with("content/a/2026/zhang-wei.md:7:15: ") && l.contains("2026-02-30")
        ),
        "{err}"
    );
    assert!(
        err.lines()
            .any(|l| l.starts_with("content/a/_unit.yaml:2:7: ") && l.contains("town")),
        "{err}"
    );
    assert_eq!(snapshot(&root.join("public")), before, "the output changed");
    // No staging folders are left beside it.
    let names: Vec<String> = fs::read_dir(root)
        .expect("read root")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.contains("pledgeboard") || n == ".pledgeboard-cache"),
        "{names:?}"
    );
}

#[test]
fn build_with_root_prints_paths_under_the_root() {
    let dir = board(&[(UNIT_PATH, "name: x\nkind: town\n")]);
    let cwd = dir.path().parent().expect("parent");
    let root = dir.path().to_string_lossy().into_owned();
    let out = run(cwd, &["--root", &root, "build", "--out", "public"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let expected = dir.path().join(UNIT_PATH);
    assert!(
        err.contains(&format!("{}:2:7: ", expected.display())),
        "{err}"
    );
    assert!(!dir.path().join("public").exists());
}

#[test]
fn check_exits_1_on_errors_and_writes_nothing() {
    let dir = board(&[(SHEET_PATH, &sheet_with_deadline("2026/03/01"))]);
    let before = snapshot(dir.path());
    let out = run(dir.path(), &["check", "--today", "2026-06-01"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("content/a/2026/zhang-wei.md:7:15: "), "{err}");
    assert_eq!(snapshot(dir.path()), before, "check wrote something");
}

#[test]
fn check_exits_0_on_a_good_site_and_writes_nothing() {
    let dir = board(&[]);
    let before = snapshot(dir.path());
    let out = run(dir.path(), &["check", "--today", "2026-06-01"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(snapshot(dir.path()), before, "check wrote something");
}

/// With a load cache that `build` wrote and a file changed since, `check`
/// reads what it can from the cache and still writes nothing.
#[test]
fn check_over_a_stale_load_cache_writes_nothing() {
    let dir = board(&[]);
    let built = run(dir.path(), &["build", "--today", "2026-06-01"]);
    assert_eq!(built.status.code(), Some(0), "{}", stderr(&built));
    assert!(dir.path().join(".pledgeboard-cache").is_dir());
    fs::write(
        dir.path().join(UNIT_PATH),
        "name: 另一个名字\nkind: street\n",
    )
    .expect("edit");
    let before = snapshot(dir.path());
    let out = run(dir.path(), &["check", "--today", "2026-06-01"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(snapshot(dir.path()), before, "check wrote something");
}

#[test]
fn check_json_lists_the_diagnostics() {
    let dir = board(&[(UNIT_PATH, "name: x\nkind: town\n")]);
    let out = run(dir.path(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let report: serde_json::Value =
        serde_json::from_slice(&out.stdout).expect("check --format json prints JSON");
    assert_eq!(report["errors"], 1, "{report}");
    let diags = report["diagnostics"].as_array().expect("diagnostics array");
    let d = diags
        .iter()
        .find(|d| d["severity"] == "error")
        .expect("an error");
    assert_eq!(d["path"], UNIT_PATH);
    assert_eq!(d["line"], 2);
    assert_eq!(d["column"], 7);
    assert!(
        d["message"].as_str().is_some_and(|m| m.contains("town")),
        "{d}"
    );
}

#[test]
fn check_json_on_a_good_site() {
    let dir = board(&[]);
    let out = run(
        dir.path(),
        &["check", "--format", "json", "--today", "2026-06-01"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(report["errors"], 0, "{report}");
}

#[test]
fn the_binary_speaks_english_with_language_en() {
    let dir = board(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://example.org/\nlanguage: en\n",
        ),
        (UNIT_PATH, "name: x\n"),
    ]);
    let out = run(dir.path(), &["check"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("content/a/_unit.yaml:1:1: missing required field `kind`"),
        "{err}"
    );
    assert!(err.contains("error(s)"), "{err}");
}

#[test]
fn unknown_flag_exits_2() {
    let dir = board(&[]);
    for args in [
        &["build", "--no-such-flag"][..],
        &["check", "--format", "xml"][..],
        &["check", "--today", "2026-02-30"][..],
        &["frobnicate"][..],
    ] {
        let out = run(dir.path(), args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", stderr(&out));
    }
    assert!(!dir.path().join("public").exists());
}

#[test]
fn missing_site_yaml_through_the_binary() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = run(dir.path(), &["build"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.starts_with("site.yaml:1:1: "), "{err}");
    assert!(!dir.path().join("public").exists());
}

// ------------------------------------------------- a note's new deadline

/// `deadline:` on a note is the approved new deadline of a delay (docs/spec.md §5):
/// without `status: delayed` it is an error at its own line, through the
/// fast reader (plain lines) and the full YAML parser (a comment sends the
/// file there) alike.
#[test]
fn note_deadline_without_status_delayed_is_an_error_at_its_line() {
    let path = format!("{NOTES}/2026-03-15-fair.md");
    for note in [
        "---\nitem: job-fair\ndeadline: 2027-01-31\n---\n说明。\n",
        "---\nitem: job-fair  # 招聘会\ndeadline: 2027-01-31\n---\n说明。\n",
        "---\nitem: job-fair\ndeadline: 2027-01-31\nstatus: in-progress\n---\n说明。\n",
        "---\nitem: job-fair\nstatus: done # 完成\ndeadline: 2027-01-31\n---\n说明。\n",
    ] {
        let dir = board(&[(&path, note)]);
        let line = note
            .lines()
            .position(|l| l.starts_with("deadline"))
            .expect("a deadline line") as u32
            + 1;
        let m = only_error(&dir, &path, line, 11, "status: delayed");
        assert!(m.contains("deadline"), "{m}");
    }
}

#[test]
fn note_deadline_with_status_delayed_loads_in_both_readers() {
    let path = format!("{NOTES}/2026-03-15-fair.md");
    for note in [
        "---\nitem: job-fair\nstatus: delayed\ndeadline: 2027-01-31\n---\n场地改造，经街道党工委同意延期。\n",
        "---\nitem: job-fair # 招聘会\ndeadline: \"2027-01-31\"\nstatus: delayed\n---\n场地改造。\n",
    ] {
        let site = loads(&board(&[(&path, note)]));
        let n = &site.units[0].years[&2026].sheets[0].notes[0];
        assert_eq!(
            n.deadline.map(|d| d.to_string()).as_deref(),
            Some("2027-01-31")
        );
        assert_eq!(
            n.status_pos.line,
            note.lines()
                .position(|l| l.starts_with("status"))
                .expect("status") as u32
                + 1
        );
    }
}

#[test]
fn note_deadline_must_be_a_real_date() {
    let path = format!("{NOTES}/2026-03-15-fair.md");
    for (written, shown) in [
        ("2027-02-30", "2027-02-30"),
        ("2027/01/31", "2027/01/31"),
        ("soon", "soon"),
    ] {
        let note =
            format!("---\nitem: job-fair\nstatus: delayed\ndeadline: {written}\n---\n说明。\n");
        let dir = board(&[(&path, &note)]);
        only_error(&dir, &path, 4, 11, &format!("“{shown}”无效"));
    }
}

/// A misspelt status has its own error; the deadline beside it is not
/// blamed as well.
#[test]
fn note_deadline_beside_an_unknown_status_reports_the_status_only() {
    let path = format!("{NOTES}/2026-03-15-fair.md");
    let note = "---\nitem: job-fair\nstatus: delayd\ndeadline: 2027-01-31\n---\n说明。\n";
    let dir = board(&[(&path, note)]);
    only_error(&dir, &path, 3, 9, "delayd");
}

/// Issue 13: a member id the board's own page uses once failed the build
/// with a bare `Is a directory`, and `check` said 0 errors.
#[test]
fn check_and_build_report_a_colliding_name_at_its_file() {
    let dir = board(&[("content/a/2026/index.html.md", SHEET)]);
    for args in [
        &["check", "--today", "2026-06-01"][..],
        &["build", "--out", "public", "--today", "2026-06-01"],
    ] {
        let out = run(dir.path(), args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.lines()
                .any(|l| l.starts_with("content/a/2026/index.html.md:1:1: ")),
            "{args:?}: {err}"
        );
    }
    assert!(!dir.path().join("public").exists());
}

/// Issue 13: a category too long for a file name failed the build with
/// `File name too long`. Its page now has a folder name a disk holds,
/// the same in every build, and shows the whole name.
#[test]
fn a_category_too_long_for_a_file_name_builds() {
    let long = "为民办实事".repeat(40); // 600 bytes
    let sheet = SHEET.replace(
        "    deadline: 2026-10-31",
        &format!("    deadline: 2026-10-31\n    category: {long}\n  - id: b\n    title: 第二项\n    deadline: 2026-10-31\n    category: index.html"),
    );
    let dir = board(&[(SHEET_PATH, &sheet)]);
    let mut folders = Vec::new();
    for out_dir in ["one", "two"] {
        let out = run(
            dir.path(),
            &["build", "--out", out_dir, "--today", "2026-06-01"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let names: Vec<String> = fs::read_dir(dir.path().join(out_dir).join("categories"))
            .expect("categories")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n != "index.html")
            .collect();
        folders.push(names);
    }
    assert_eq!(folders[0], folders[1], "the same folders in every build");
    assert_eq!(folders[0].len(), 2, "{:?}", folders[0]);
    assert!(
        folders[0].iter().all(|n| n.len() <= 255),
        "{:?}",
        folders[0]
    );
    assert!(
        folders[0].contains(&"-index.html".to_string()),
        "{:?}",
        folders[0]
    );
    let cut = folders[0]
        .iter()
        .find(|n| n.starts_with("为民"))
        .expect("the long one");
    let page = fs::read_to_string(
        dir.path()
            .join("one/categories")
            .join(cut)
            .join("index.html"),
    )
    .expect("its page");
    assert!(page.contains(&long), "the page shows the whole name");
}
