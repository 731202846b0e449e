//! Issue 16, point 5: import takes the spreadsheets departments really
//! keep. A site of a root unit and three units gets its rosters from a
//! 党员名册 (private columns kept, never published) and its sheets from a
//! 50-row pledge table (title and footnote rows, merged cells, short unit
//! names, no ids) — all through the binary, as an editor would, with every
//! message in Chinese. Then: a second import is a no-op, a grown table
//! merges into the sheets, `--add-to-roster`, `aliases:`.

mod common;

use common::{run, text, write};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use tempfile::TempDir;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import");
const TODAY: &str = "2026-06-01";

/// Every person of district_roster.xlsx, by unit folder, and their phone.
const PEOPLE: &[(&str, &[(&str, &str)])] = &[
    (
        "xinhua",
        &[
            ("张伟", "13900000101"),
            ("李娜", "13900000102"),
            ("王建国", "13900000103"),
            ("赵敏", "13900000104"),
            ("孙强", "13900000105"),
            ("周红", "13900000106"),
        ],
    ),
    (
        "hexie",
        &[
            ("hx-01", "13900000201"),
            ("刘洋", "13900000202"),
            ("黄丽", "13900000203"),
            ("吴军", "13900000204"),
            ("郑芳", "13900000205"),
            ("欧阳明", "13900000206"),
        ],
    ),
    (
        "jiguan",
        &[
            ("马超", "13900000301"),
            ("林静", "13900000302"),
            ("何平", "13900000303"),
            ("高洁", "13900000304"),
            ("罗斌", "13900000305"),
        ],
    ),
];

fn read(root: &Path, path: &str) -> String {
    fs::read_to_string(root.join(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn fixture(name: &str) -> String {
    Path::new(FIXTURES)
        .join(name)
        .to_str()
        .expect("utf-8 path")
        .to_string()
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read dir") {
            let path = entry.expect("entry").path();
            let rel = path.strip_prefix(dir).expect("prefix").to_path_buf();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(rel, fs::read(&path).expect("read"));
            }
        }
    }
    files
}

/// No English words in what the program said (paths, commands and ids
/// are ASCII but not words of a sentence).
fn assert_chinese(out: &str) {
    for word in [
        "row ", "imported", "added", "skipped", "roster ", "would ", "nothing", "error",
    ] {
        assert!(!out.contains(word), "English `{word}` in:\n{out}");
    }
}

/// The street office's site: a root unit and three units, one with an alias.
fn district_site() -> TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    write(
        root,
        "site.yaml",
        "title: 荷花街道公开承诺公示\nbase_url: /\n",
    );
    write(
        root,
        "content/_unit.yaml",
        "name: 中共荷花街道工作委员会\nkind: street\n",
    );
    write(
        root,
        "content/xinhua/_unit.yaml",
        "name: 新华社区党委\nkind: community\n",
    );
    write(
        root,
        "content/hexie/_unit.yaml",
        "name: 和谐社区党委\nkind: community\n",
    );
    write(
        root,
        "content/jiguan/_unit.yaml",
        "name: 街道机关党支部\nkind: organ\naliases: [机关支部]   # 表格里的叫法\n",
    );
    dir
}

fn check_passes(root: &Path) -> String {
    let out = run(root, &["check", "--today", TODAY]);
    assert_eq!(out.status.code(), Some(0), "check failed:\n{}", text(&out));
    text(&out)
}

#[test]
fn a_new_editor_imports_a_roster_and_a_50_row_table_and_reaches_every_pledge() {
    let dir = district_site();
    let root = dir.path();

    // The 党员名册: three rosters, ids from 编号 or the name, phones kept privately.
    let out = run(
        root,
        &["import", "roster", &fixture("district_roster.xlsx")],
    );
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert_chinese(&said);
    assert!(said.contains("第 1 行是标题"), "{said}");
    assert!(said.contains("是表格说明“注：本名册含个人信息"), "{said}");
    assert!(said.contains("是表格说明“填表人：林静"), "{said}");
    assert!(
        said.contains("网站上永远不会公开：性别、出生年月、联系电话"),
        "{said}"
    );
    assert!(said.contains("加入 17 人"), "{said}");
    let xinhua = read(root, "content/xinhua/_roster.yaml");
    for expected in [
        "- id: 张伟\n  name: 张伟\n  role: secretary\n  status: active\n",
        "- id: 李娜\n  name: 李娜\n  role: committee\n",
        "- id: 王建国\n  name: 王建国\n  role: member\n  status: retired\n",
        "  status: floating\n",
        "  status: no-post\n",
        "  职务/岗位: \"社区网格员\"\n",
        "  联系电话: \"13900000101\"\n",
    ] {
        assert!(xinhua.contains(expected), "no `{expected}` in\n{xinhua}");
    }
    let hexie = read(root, "content/hexie/_roster.yaml");
    assert!(hexie.contains("- id: hx-01\n  name: 陈刚\n"), "{hexie}");
    assert!(read(root, "content/jiguan/_roster.yaml").contains("role: affairs-worker"));
    check_passes(root);
    // Importing the same roster again adds nobody.
    let before = snapshot(root);
    let out = run(
        root,
        &["import", "roster", &fixture("district_roster.xlsx")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("加入 0 人"), "{}", text(&out));
    assert_eq!(snapshot(root), before);

    // The pledge table: --unit is the root unit, units by short name and alias.
    let table = fixture("district_pledges.xlsx");
    let import = [
        "import",
        table.as_str(),
        "--year",
        "2026",
        "--approved-by",
        "中共荷花街道工作委员会",
        "--approved-date",
        "2026-02-01",
    ];
    let dry = run(root, &[&import[..], &["--dry-run"]].concat());
    assert_eq!(dry.status.code(), Some(0), "{}", text(&dry));
    assert_eq!(snapshot(root), before, "a dry run wrote files");
    let out = run(root, &import);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert_chinese(&said);
    assert!(
        said.contains("第 1 行是标题“荷花街道2026年党员公开承诺汇总表”"),
        "{said}"
    );
    assert!(
        said.contains("是表格说明“注：完成时限统一填写到日"),
        "{said}"
    );
    assert!(said.contains("新建 20 份承诺书（45 个事项）"), "{said}");
    for (unit, people) in PEOPLE {
        for (id, _) in *people {
            let sheet = read(root, &format!("content/{unit}/2026/{id}.md"));
            assert!(
                sheet.contains("approved: { by: 中共荷花街道工作委员会"),
                "{sheet}"
            );
        }
        assert!(root.join(format!("content/{unit}/2026/_unit.md")).is_file());
    }
    let zhang = read(root, "content/xinhua/2026/张伟.md");
    assert!(
        zhang.contains("role: 党委书记") && zhang.contains("  - id: item-2"),
        "{zhang}"
    );

    // A progress note by command, then check and build.
    let out = run(
        root,
        &[
            "new",
            "note",
            "xinhua/2026/张伟",
            "--item",
            "item-1",
            "--progress",
            "50",
            "--today",
            TODAY,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let said = check_passes(root);
    assert_chinese(&said);
    let public = tempfile::tempdir().expect("out dir");
    let out = run(
        root,
        &[
            "build",
            "--out",
            public.path().to_str().expect("p"),
            "--today",
            TODAY,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let site = snapshot(public.path());
    for (unit, people) in PEOPLE {
        for (id, phone) in *people {
            assert!(
                site.contains_key(&PathBuf::from(format!("{unit}/2026/{id}/index.html"))),
                "no page for {unit}/{id}"
            );
            for (path, bytes) in &site {
                assert!(
                    !String::from_utf8_lossy(bytes).contains(phone),
                    "the phone {phone} is in {}",
                    path.display()
                );
            }
        }
    }
    // The other private column (birth dates) is nowhere either.
    for (path, bytes) in &site {
        assert!(
            !String::from_utf8_lossy(bytes).contains("1980-0"),
            "{}",
            path.display()
        );
    }

    // The same table again: nothing new, no file touched.
    let before = snapshot(root);
    let out = run(root, &import);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(text(&out).contains("没有新内容"), "{}", text(&out));
    assert_eq!(snapshot(root), before);
}

#[test]
fn a_grown_table_merges_into_the_sheets_and_never_changes_an_item() {
    let dir = district_site();
    let root = dir.path();
    let out = run(
        root,
        &["import", "roster", &fixture("district_roster.xlsx")],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let csv = root.join("表.csv");
    let first =
        "单位,姓名,承诺事项,完成时限\n新华社区,张伟,走访群众,2026-10-31\n,,讲党课,2026-12-31\n";
    fs::write(&csv, first).expect("write");
    let csv = csv.to_str().expect("p").to_string();
    let import = ["import", csv.as_str(), "--year", "2026"];
    let out = run(root, &import);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let sheet = root.join("content/xinhua/2026/张伟.md");
    // The editor adds a comment of their own.
    let mut hand = fs::read_to_string(&sheet).expect("sheet");
    hand = hand.replacen("items:", "# 已和书记核对过\nitems:", 1);
    fs::write(&sheet, &hand).expect("write");

    // One new row, one changed deadline, one row for a person with a bad date.
    fs::write(
        &csv,
        format!("{first},,整理档案,2026-08-01\n,,走访群众,2026-11-30\n和谐社区,刘洋,修路,下半年\n,,植树,2026-04-01\n"),
    )
    .expect("write");
    let dry = run(root, &[&import[..], &["--dry-run"]].concat());
    let said = text(&dry);
    assert!(
        said.contains("将在已有的 content/xinhua/2026/张伟.md（张伟）中添加 1 项"),
        "{said}"
    );
    assert!(said.contains("  + item-3：整理档案（第 4 行）"), "{said}");
    assert_eq!(fs::read_to_string(&sheet).expect("sheet"), hand);
    let out = run(root, &import);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert_chinese(&said);
    assert!(
        said.contains("第 5 行与已有事项不同，未改动：content/xinhua/2026/张伟.md 中事项 item-1 的“完成时限”是“2026-10-31”，表格中是“2026-11-30”"),
        "{said}"
    );
    // All or nothing: 刘洋's good row is not imported either.
    assert!(
        said.contains("第 6 行未导入：完成时限“下半年”不是日期"),
        "{said}"
    );
    assert!(
        said.contains("第 7 行未导入：同一人第 6 行有错误"),
        "{said}"
    );
    assert!(!root.join("content/hexie/2026/刘洋.md").exists());
    let merged = fs::read_to_string(&sheet).expect("sheet");
    // Inserted after the last item, before the comments that end the front matter.
    let at = hand
        .find("# 下面的 ---")
        .expect("the template's last comment");
    let block = "  - id: item-3\n    title: 整理档案\n    deadline: 2026-08-01\n";
    assert_eq!(merged, format!("{}{block}{}", &hand[..at], &hand[at..]));
    assert!(
        merged.contains("deadline: 2026-10-31"),
        "the item was changed: {merged}"
    );
    check_passes(root);

    // Fixed: the second import finishes 刘洋 whole.
    fs::write(
        &csv,
        format!("{first}和谐社区,刘洋,修路,2026-12-01\n,,植树,2026-04-01\n"),
    )
    .expect("write");
    let out = run(root, &import);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    assert!(read(root, "content/hexie/2026/刘洋.md").contains("title: 植树"));
}

#[test]
fn add_to_roster_creates_the_missing_entries_the_same_way() {
    let dir = district_site();
    let root = dir.path();
    write(
        root,
        "site.yaml",
        "title: T\nbase_url: /\nmember_names: surname\n",
    );
    let csv = root.join("t.csv");
    fs::write(
        &csv,
        "单位,姓名,职务,承诺事项,完成时限\n新华社区,张伟,支部书记,走访群众,2026-10-31\n,张伟,,讲党课,2026-12-31\n机关支部,马超,,修路,2026-09-01\n",
    )
    .expect("write");
    let csv = csv.to_str().expect("p").to_string();
    let out = run(root, &["import", "pledges", &csv, "--year", "2026"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(said.contains("--add-to-roster"), "{said}");
    assert!(!root.join("content/xinhua/_roster.yaml").exists());
    let out = run(root, &["import", &csv, "--year", "2026", "--add-to-roster"]);
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    // This site hides full names, which URLs would show: counters.
    assert!(
        said.contains("已在花名册 content/xinhua/_roster.yaml 中加入 张伟（党员编号 member-1）"),
        "{said}"
    );
    assert_eq!(
        read(root, "content/xinhua/_roster.yaml"),
        "- id: member-1\n  name: 张伟\n  role: secretary\n"
    );
    // The repeated name with a blank id is the same person: one sheet, two items.
    let sheet = read(root, "content/xinhua/2026/member-1.md");
    assert!(
        sheet.contains("title: 讲党课") && sheet.contains("title: 走访群众"),
        "{sheet}"
    );
    assert!(
        root.join("content/jiguan/2026/member-1.md").is_file(),
        "the alias names the unit"
    );
    check_passes(root);
}

#[test]
fn ids_in_blank_cells_continue_the_person_above() {
    let dir = district_site();
    let root = dir.path();
    let csv = root.join("ids.csv");
    fs::write(
        &csv,
        "编号,姓名,承诺事项,完成时限\nwang-qiang,王强,修路,2026-10-01\n,王强,植树,2026-04-01\nwang-qiang,,扫雪,2026-12-01\n",
    )
    .expect("write");
    let out = run(
        root,
        &[
            "import",
            csv.to_str().expect("p"),
            "--unit",
            "xinhua",
            "--year",
            "2026",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let sheet = read(root, "content/xinhua/2026/wang-qiang.md");
    assert_eq!(sheet.matches("  - id: item-").count(), 3, "{sheet}");
}
