//! Rendering tests on a small hand-built site.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::*;
use crate::derive::derive_year;
use crate::render::urls::Urls;

#[path = "../../tests/common/links.rs"]
mod links;
use crate::model::*;

fn d(s: &str) -> Date {
    Date::parse(s).expect("test date")
}

fn item(id: &str, title: &str, category: Option<&str>, deadline: &str) -> Item {
    Item {
        fields: Default::default(),
        pos: Default::default(),
        id: id.into(),
        title: title.into(),
        category: category.map(Into::into),
        deadline: d(deadline),
        baseline: Some("2025年举办2场".into()),
        target: Some("帮助30名居民就业".into()),
        responsibility: Some("张伟牵头".into()),
    }
}

fn note(
    id: &str,
    items: &[&str],
    progress: Option<u8>,
    status: Option<NoteStatus>,
    body: &str,
) -> Note {
    Note {
        id: id.into(),
        date: d(&id[..10]),
        items: items.iter().map(|s| s.to_string()).collect(),
        progress,
        status,
        deadline: None,
        status_pos: Default::default(),
        title: Some(format!("进展 {id}")),
        author: Some("社区党委".into()),
        body: body.into(),
        extra: serde_json::Value::Null,
        fields: Default::default(),
        attachments: Vec::new(),
    }
}

fn sheet(id: &str, name: Option<&str>, items: Vec<Item>, notes: Vec<Note>) -> Sheet {
    Sheet {
        fields: Default::default(),
        id: id.into(),
        name: name.map(Into::into),
        name_pos: Default::default(),
        role: None,
        form: PledgeForm::Public,
        approved: Some(Approval {
            by: "城关街道党工委".into(),
            date: d("2026-01-18"),
        }),
        published: Some(d("2026-01-20")),
        items,
        body: "我承诺：\n\n| 事项 | 目标 |\n|---|---|\n| 招聘会 | 4场 |\n".into(),
        extra: serde_json::Value::Null,
        notes,
    }
}

fn roster(id: &str, name: &str, status: MemberStatus, exempt: &[i32]) -> RosterEntry {
    RosterEntry {
        pos: Default::default(),
        id: id.into(),
        name: name.into(),
        role: Some(Role::Member),
        status,
        exempt: exempt.to_vec(),
        has_exempt_reason: !exempt.is_empty(),
    }
}

fn unit(
    path: &str,
    name: &str,
    kind: UnitKind,
    parent: Option<usize>,
    children: Vec<usize>,
) -> Unit {
    Unit {
        parent: parent.map(UnitIx::new),
        children: children.into_iter().map(UnitIx::new).collect(),
        secretary: Some("王芳".into()),
        established: Some(d("1998-07-01")),
        description: Some("辖8个社区。**重点**工作".into()),
        ..Unit::new(path, name, kind)
    }
}

/// A root committee, a street with a roster and a 2026 year, and a
/// community below the street with only `members` and a 2025 year.
fn fixture() -> Site {
    let mut root = unit("", "某市委", UnitKind::Committee, None, vec![1]);
    root.exemplary = vec![2026];

    let mut street = unit(
        "chengguan",
        "城关街道党工委",
        UnitKind::Street,
        Some(0),
        vec![2],
    );
    street.roster = Some(vec![
        roster("zhang-wei", "张伟", MemberStatus::Active, &[]),
        roster("li-na", "李娜隐私", MemberStatus::Retired, &[2026]),
        roster("zhao-lei", "赵磊", MemberStatus::Floating, &[]),
    ]);
    street.rectification = vec![Rectification {
        pos: Default::default(),
        year: 2026,
        issued: d("2026-07-01"),
        deadline: d("2026-10-31"),
        reason: "承诺事项空泛".into(),
        done: None,
    }];
    let unit_sheet = sheet(
        "_unit",
        None,
        vec![item(
            "night-market",
            "规范夜市经营",
            Some("民生服务"),
            "2026-12-31",
        )],
        vec![note(
            "2026-04-02-night-market",
            &["night-market"],
            Some(30),
            None,
            "夜市整治启动",
        )],
    );
    let mut zhang = sheet(
        "zhang-wei",
        Some("张伟<script>alert(1)</script>"),
        vec![
            item(
                "job-fair",
                "组织社区招聘会不少于4场",
                Some("就业 创业"),
                "2026-10-31",
            ),
            item(
                "visits",
                "走访困难群众<img src=x onerror=alert(1)>",
                Some("就业 创业"),
                "2026-06-30",
            ),
        ],
        vec![
            note(
                "2026-03-15-job-fair",
                &["job-fair"],
                Some(40),
                Some(NoteStatus::InProgress),
                "第一场招聘会。\n\n![现场](photo.jpg)\n\n- [x] 场地\n- [ ] 宣传\n\n| 场次 | 人数 |\n|---|---|\n| 1 | 120 |\n\n<script>alert('x')</script><img src=y onerror=alert(2)>",
            ),
            note(
                "2026-09-30-job-fair-done",
                &["job-fair"],
                Some(100),
                Some(NoteStatus::Done),
                "完成。",
            ),
        ],
    );
    zhang.notes[0].title = Some("<script>alert('t')</script>标题".into());
    zhang.notes[0].attachments = vec![Attachment {
        name: "photo.jpg".into(),
        source: PathBuf::from("/src/photo.jpg"),
    }];
    let mut reviews = BTreeMap::new();
    reviews.insert(
        "zhang-wei".to_string(),
        Review {
            comments: vec![Comment {
                half: 1,
                by: "李明（街道党工委书记）".into(),
                date: d("2026-07-05"),
                text: "招聘会推进有力<script>x</script>".into(),
            }],
            votes: Some(Votes {
                satisfied: 40,
                basic: 3,
                unsatisfied: 1,
            }),
            grade: Some(Grade::Excellent),
            exemplary: true,
        },
    );
    street.years.insert(
        2026,
        UnitYear {
            year: 2026,
            roster: None,
            sheets: vec![unit_sheet, zhang],
            drafts: vec!["zhao-lei".into()],
            reviews,
        },
    );

    let mut community = unit(
        "chengguan/xinhua",
        "新华社区党委",
        UnitKind::Community,
        Some(1),
        vec![],
    );
    community.members = Some(12);
    let old = sheet(
        "_unit",
        None,
        vec![item("park", "建设口袋公园", Some("民生服务"), "2025-09-30")],
        vec![],
    );
    community.years.insert(
        2025,
        UnitYear {
            year: 2025,
            sheets: vec![old],
            ..UnitYear::default()
        },
    );

    Site {
        config: SiteConfig::new("某市基层党组织和党员公开承诺公示", "https://example.org/"),
        units: vec![root.into(), street.into(), community.into()],
        years: vec![2025, 2026],
        static_files: vec![("robots.txt".into(), PathBuf::from("/static/robots.txt"))],
        templates: Vec::new(),
    }
}

fn today() -> Date {
    d("2026-11-28")
}

fn facts(site: &Site) -> BTreeMap<i32, YearFacts> {
    site.years
        .iter()
        .map(|&y| (y, derive_year(site, y, today())))
        .collect()
}

fn render_with(site: &Site, live_reload: bool) -> BTreeMap<String, OutFile> {
    let opts = RenderOptions {
        today: today(),
        live_reload,
        relative: false,
    };
    let files = render_site(site, &facts(site), &opts).unwrap_or_else(|e| {
        panic!(
            "render failed: {}",
            e.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    });
    // Tests look for links as a browser follows them (`links.rs`).
    let base = Urls::new(
        site.config
            .base_url
            .split_once("://")
            .map_or("/", |(_, rest)| rest.find('/').map_or("/", |i| &rest[i..])),
    );
    files
        .into_iter()
        .map(|mut f| {
            if let OutBody::Bytes(b) = &f.body
                && f.path.ends_with(".html")
            {
                let page = String::from_utf8(b.clone()).expect("UTF-8 page");
                f.body = OutBody::Bytes(links::absolute(&page, &f.path, base.base()).into_bytes());
            }
            (f.path.clone(), f)
        })
        .collect()
}

fn html(files: &BTreeMap<String, OutFile>, path: &str) -> String {
    match &files
        .get(path)
        .unwrap_or_else(|| panic!("no {path}; have {:?}", files.keys()))
        .body
    {
        OutBody::Bytes(b) => String::from_utf8(b.clone()).expect("utf-8"),
        OutBody::Copy(p) => panic!("{path} is a copy of {}", p.display()),
    }
}

fn pages(files: &BTreeMap<String, OutFile>) -> impl Iterator<Item = (&String, String)> {
    files.iter().filter_map(|(p, f)| match &f.body {
        OutBody::Bytes(b) if p.ends_with(".html") => {
            Some((p, String::from_utf8(b.clone()).unwrap()))
        }
        _ => None,
    })
}

#[test]
fn every_expected_page_exists() {
    let files = render_with(&fixture(), false);
    for path in [
        "index.html",
        "chengguan/index.html",
        "chengguan/xinhua/index.html",
        "chengguan/2026/index.html",
        "chengguan/2026/_unit/index.html",
        "chengguan/2026/zhang-wei/index.html",
        "chengguan/2026/zhang-wei/photo.jpg",
        "chengguan/2025/index.html",
        "chengguan/xinhua/2025/index.html",
        "chengguan/xinhua/2025/_unit/index.html",
        "2025/index.html",
        "2026/index.html",
        "years/index.html",
        "categories/index.html",
        "categories/就业-创业/index.html",
        "categories/民生服务/index.html",
        "status/2026/overdue/index.html",
        "status/2026/done/index.html",
        "status/2026/not-started/index.html",
        "assets/style.css",
        "robots.txt",
    ] {
        assert!(
            files.contains_key(path),
            "missing {path}; have {:?}",
            files.keys()
        );
    }
    // The root unit's pages are the home and year pages.
    assert!(!files.contains_key("2026/_unit/index.html"));
    assert!(
        !files.keys().any(|p| p.contains("note")),
        "no note pages by default"
    );
    assert_eq!(
        files["chengguan/2026/zhang-wei/photo.jpg"].body,
        OutBody::Copy(PathBuf::from("/src/photo.jpg"))
    );
}

#[test]
fn sheet_page_has_notes_items_review_and_status_words() {
    let files = render_with(&fixture(), false);
    let page = html(&files, "chengguan/2026/zhang-wei/index.html");
    for id in ["2026-03-15-job-fair", "2026-09-30-job-fair-done"] {
        assert!(
            page.contains(&format!(r#"<article class="note" id="{id}">"#)),
            "no anchor {id}"
        );
        assert!(
            page.contains(&format!("href=\"/chengguan/2026/zhang-wei/#{id}\"")),
            "no permalink {id}"
        );
    }
    assert!(page.contains(r#"id="item-job-fair""#));
    assert!(page.contains(r#"<span class="status status-done">已完成</span>"#));
    // An overdue item says by how many days (docs/spec.md revision 2).
    assert!(page.contains(r#"<span class="status status-overdue">已逾期 "#));
    assert!(page.contains(" 天</span>"));
    assert!(page.contains(r#"role="progressbar""#));
    assert!(page.contains("97.7%"), "satisfaction 43/44");
    assert!(page.contains("优秀"));
    assert!(page.contains("上半年"));
    // Oldest note first.
    let a = page.find("2026-03-15-job-fair").unwrap();
    let b = page.find("2026-09-30-job-fair-done").unwrap();
    assert!(a < b);
    // Relative pictures point into the pledger's folder.
    assert!(
        page.contains(r#"src="/chengguan/2026/zhang-wei/photo.jpg""#),
        "{page}"
    );
    assert!(page.contains("@") || page.contains("style.css"));
}

#[test]
fn markdown_renders_tables_and_task_lists() {
    let files = render_with(&fixture(), false);
    let page = html(&files, "chengguan/2026/zhang-wei/index.html");
    assert!(page.contains("<table>"), "markdown table");
    assert!(page.contains(r#"type="checkbox""#), "task list");
    let unit = html(&files, "chengguan/index.html");
    assert!(unit.contains("<strong>重点</strong>"));
}

/// The only scripts a built page may have: the theme's search script, on
/// the search page, and its larger-text switch, loaded from the site.
const SEARCH_SCRIPT: &str = r#"<script src="/assets/search.js" defer></script>"#;
const READER_SCRIPT: &str = r#"<script src="/assets/reader.js"></script>"#;

fn foreign_scripts(path: &str, page: &str) -> usize {
    let allowed = if path == "search/index.html" {
        page.matches(SEARCH_SCRIPT).count()
    } else {
        0
    } + page.matches(READER_SCRIPT).count().min(1);
    page.matches("<script").count() - allowed
}

#[test]
fn editor_script_is_neutralized_everywhere() {
    let files = render_with(&fixture(), false);
    let mut seen_name = false;
    for (path, page) in pages(&files) {
        assert_eq!(foreign_scripts(path, &page), 0, "<script in {path}");
        assert!(!page.contains("onerror="), "onerror= in {path}");
        seen_name |= page.contains("张伟&lt;script&gt;");
    }
    assert!(seen_name, "the name is shown, escaped");
}

#[test]
fn private_roster_data_never_appears() {
    let files = render_with(&fixture(), false);
    for (path, page) in pages(&files) {
        assert!(!page.contains("李娜隐私"), "exempt member named in {path}");
    }
    let board = html(&files, "chengguan/2026/index.html");
    assert!(board.contains("免诺党员 1"), "exempt count shown");
    assert!(board.contains("50.0%"), "coverage 1 of 2");
    assert!(
        board.contains("1 份承诺尚待审定") || board.contains(">1 "),
        "drafts count"
    );
}

#[test]
fn home_and_year_pages() {
    let files = render_with(&fixture(), false);
    let home = html(&files, "index.html");
    assert!(home.contains(r#"<html lang="zh-CN" style='--u:"#));
    assert!(home.contains(r#"name="viewport""#));
    assert!(home.contains(r##"href="/chengguan/2026/zhang-wei/#2026-09-30-job-fair-done""##));
    assert!(home.contains("城关街道党工委"));
    assert!(
        home.contains("某市委"),
        "root unit details on the home page"
    );
    let year = html(&files, "2026/index.html");
    assert!(year.contains("承诺事项空泛"), "rectification listed");
    assert!(year.contains("逾期未整改"));
    assert!(year.contains("走访困难群众"), "overdue item listed");
    assert!(year.contains("先进典型"));
    assert!(year.contains(r#"href="/status/2026/overdue/""#));
    assert!(year.contains("本年度暂未公示组织承诺"), "root board merged");
    let status = html(&files, "status/2026/done/index.html");
    assert!(status.contains("组织社区招聘会不少于4场"));
    let cat = html(&files, "categories/民生服务/index.html");
    assert!(
        cat.find("2026").unwrap() < cat.find("建设口袋公园").unwrap(),
        "newest year first"
    );
    let cats = html(&files, "categories/index.html");
    // Per year: each row leads to its year's part of the category page.
    assert!(cats.contains(r#"href="/categories/%E5%B0%B1%E4%B8%9A-%E5%88%9B%E4%B8%9A/#y2026""#));
    assert!(cats.find(r#"id="y2026""#).unwrap() < cats.find(r#"id="y2025""#).unwrap());
}

#[test]
fn base_path_prefixes_every_link() {
    let mut site = fixture();
    site.config.base_url = "https://example.org/pledges/".into();
    let files = render_with(&site, false);
    for (path, page) in pages(&files) {
        for (i, _) in page.match_indices("href=\"/") {
            let rest = &page[i + 6..];
            assert!(
                rest.starts_with("/pledges/"),
                "{path}: {}",
                &rest[..40.min(rest.len())]
            );
        }
        for (i, _) in page.match_indices("src=\"/") {
            let rest = &page[i + 5..];
            assert!(
                rest.starts_with("/pledges/"),
                "{path}: {}",
                &rest[..40.min(rest.len())]
            );
        }
    }
    let sheet = html(&files, "chengguan/2026/zhang-wei/index.html");
    assert!(sheet.contains(r#"href="/pledges/assets/style.css""#));
    assert!(sheet.contains(r#"src="/pledges/chengguan/2026/zhang-wei/photo.jpg""#));
}

#[test]
fn english_strings() {
    let mut site = fixture();
    site.config.language = Lang::En;
    let files = render_with(&site, false);
    let page = html(&files, "chengguan/2026/zhang-wei/index.html");
    assert!(page.contains(r#"<html lang="en" style='--u:"#));
    assert!(page.contains(" days overdue</span>"));
    assert!(page.contains(">Done</span>"));
    assert!(page.contains("Progress timeline"));
    assert!(!page.contains("已逾期"));
}

#[test]
fn live_reload_only_when_asked() {
    let site = fixture();
    let built = render_with(&site, false);
    assert!(pages(&built).all(|(path, p)| foreign_scripts(path, &p) == 0));
    assert!(html(&built, "search/index.html").contains(SEARCH_SCRIPT));
    let served = render_with(&site, true);
    let home = html(&served, "index.html");
    assert!(home.contains(r#"new EventSource("/__livereload")"#));
    assert!(home.find("EventSource").unwrap() < home.rfind("</body>").unwrap());
}

#[test]
fn output_is_deterministic() {
    let site = fixture();
    let (a, b) = (render_with(&site, false), render_with(&site, false));
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (path, page) in pages(&a) {
        assert_eq!(page, html(&b, path), "{path} differs between two renders");
    }
    assert_eq!(a, b);
}

#[test]
fn overrides_replace_a_builtin_template() {
    let mut site = fixture();
    site.templates = vec![(
        "sheet.html".into(),
        "{% extends \"base.html\" %}{% block content %}CUSTOM {{ sheet.name }}{% endblock content %}".into(),
    )];
    let files = render_with(&site, false);
    let page = html(&files, "chengguan/2026/zhang-wei/index.html");
    assert!(page.contains("CUSTOM 张伟&lt;script&gt;"), "{page}");
    assert!(!html(&files, "chengguan/2026/index.html").contains("CUSTOM"));
}

#[test]
fn template_errors_name_template_and_line() {
    let mut site = fixture();
    site.config.theme = Some("mine".into());
    site.templates = vec![("unit.html".into(), "{% extends \"base.html\" %}\n{% block content %}\n{{ nope.missing }}\n{% endblock content %}".into())];
    let opts = RenderOptions {
        today: today(),
        live_reload: false,
        relative: false,
    };
    let errors = render_site(&site, &facts(&site), &opts).unwrap_err();
    assert!(!errors.is_empty());
    let e = &errors[0];
    assert_eq!(
        e.path,
        PathBuf::from("themes/mine/templates/unit.html"),
        "{e}"
    );
    assert_eq!(e.line, 3, "{e}");
    // In the site's language, naming the page being made.
    assert!(e.message.starts_with("模板出错（生成 `"), "{e}");
    site.config.language = Lang::En;
    let errors = render_site(&site, &facts(&site), &opts).unwrap_err();
    assert!(
        errors[0]
            .message
            .starts_with("template error (while rendering `"),
        "{}",
        errors[0]
    );
    site.config.language = Lang::ZhCn;

    site.templates = vec![("unit.html".into(), "{% if %}".into())];
    let errors = render_site(&site, &facts(&site), &opts).unwrap_err();
    assert_eq!(
        errors[0].path,
        PathBuf::from("themes/mine/templates/unit.html"),
        "{}",
        errors[0]
    );
    assert_eq!(errors[0].line, 1);
}

#[test]
fn note_pages_when_configured() {
    let mut site = fixture();
    site.config.note_pages = true;
    let files = render_with(&site, false);
    let page = html(
        &files,
        "chengguan/2026/zhang-wei/2026-03-15-job-fair/index.html",
    );
    // The note on its own page: no anchor or "#" link to itself.
    assert!(page.contains("<article class=\"note\"><header>"));
    assert!(!page.contains(r#"id="2026-03-15-job-fair""#));
    assert!(!page.contains("class=\"permalink\""));
    assert!(page.contains(r#"src="/chengguan/2026/zhang-wei/photo.jpg""#));
    let sheet = html(&files, "chengguan/2026/zhang-wei/index.html");
    assert!(sheet.contains(r#"href="/chengguan/2026/zhang-wei/2026-03-15-job-fair/""#));
}

#[test]
fn colliding_outputs_are_reported() {
    let mut site = fixture();
    site.static_files
        .push(("index.html".into(), PathBuf::from("/static/index.html")));
    let opts = RenderOptions {
        today: today(),
        live_reload: false,
        relative: false,
    };
    let errors = render_site(&site, &facts(&site), &opts).unwrap_err();
    assert!(errors[0].message.contains("index.html"));
}

#[test]
fn site_without_units_or_years_renders() {
    let mut site = fixture();
    site.units.clear();
    site.years.clear();
    let files = render_with(&site, false);
    assert!(files.contains_key("index.html"));
    assert!(files.contains_key("years/index.html"));
}

/// Anchors are made one way everywhere: an item or note id that is not
/// ASCII is the raw `id` on the sheet, and every link to it (sheet rows,
/// the note permalink, the home page's latest notes, the feed, the
/// search index) carries it percent-encoded.
#[test]
fn non_ascii_anchors_are_encoded_the_same_everywhere() {
    let mut site = fixture();
    for unit in &mut site.units {
        let unit = std::sync::Arc::make_mut(unit);
        for uy in unit.years.values_mut() {
            for sheet in &mut uy.sheets {
                for item in &mut sheet.items {
                    if item.id == "job-fair" {
                        item.id = "招聘会".into();
                    }
                }
                for note in &mut sheet.notes {
                    for id in &mut note.items {
                        if id == "job-fair" {
                            *id = "招聘会".into();
                        }
                    }
                    if note.id == "2026-09-30-job-fair-done" {
                        note.id = "2026-09-30-城关".into();
                    }
                }
            }
        }
    }
    let files = render_with(&site, false);
    let text = |path: &str| match &files[path].body {
        OutBody::Bytes(b) => String::from_utf8(b.clone()).expect("utf-8"),
        OutBody::Copy(_) => String::new(),
    };
    let item = "#item-%E6%8B%9B%E8%81%98%E4%BC%9A";
    let note = "#2026-09-30-%E5%9F%8E%E5%85%B3";
    let sheet = html(&files, "chengguan/2026/zhang-wei/index.html");
    assert!(sheet.contains(r#"id="item-招聘会""#));
    assert!(sheet.contains(r#"<article class="note" id="2026-09-30-城关">"#));
    assert!(
        sheet.contains(&format!("href=\"/chengguan/2026/zhang-wei/{note}\"")),
        "the note's permalink"
    );
    assert!(
        sheet.contains(&format!("/chengguan/2026/zhang-wei/{item}\"")),
        "a link to the item"
    );
    assert!(text("index.html").contains(note), "the latest notes");
    assert!(text("feeds/atom.xml").contains(note), "the feed");
    let index: String = files
        .keys()
        .filter(|p| p.starts_with("search/d/"))
        .map(|p| text(p))
        .collect();
    assert!(
        index.contains(item) && index.contains(note),
        "the search index"
    );
    // No link anywhere holds the raw id after a `#`.
    for (path, page) in pages(&files) {
        assert!(
            !page.contains("#item-招聘会") && !page.contains("#2026-09-30-城关"),
            "{path}"
        );
    }
}

#[test]
fn css_strings_cannot_break_out() {
    assert_eq!(super::css_string("a · b"), "\"a · b\"");
    assert_eq!(
        super::css_string("x\"</style><script>\\\n"),
        "\"x\\22 \\3c /style\\3e \\3c script\\3e \\5c \\a \""
    );
}

#[test]
fn readers_files_charts_print_and_search_render() {
    let files = render_with(&fixture(), false);
    // Charts: titled SVG with a data table, on home, year and board.
    for path in ["index.html", "2026/index.html", "chengguan/2026/index.html"] {
        let page = html(&files, path);
        assert!(page.contains("<figure class=\"chart\""), "{path}");
        assert!(page.contains("role=\"img\" aria-labelledby=\"chart-status-t chart-status-s\""));
        assert!(page.contains("<th scope=\"row\">"), "{path}: no data table");
    }
    // The board links to its posters (A4, A3) and desk cards; the poster
    // has a QR code of the board's link.
    let board = html(&files, "chengguan/2026/index.html");
    for link in ["/chengguan/2026/_poster/", "/chengguan/2026/_poster-a3/"] {
        assert!(board.contains(&format!("href=\"{link}\"")), "{link}");
    }
    let poster = html(&files, "chengguan/2026/_poster/index.html");
    assert!(poster.contains("class=\"page-poster paper-a4\""));
    assert!(poster.contains("<img class=\"qr\" alt=\""));
    assert!(poster.contains("https://example.org/chengguan/2026/</span>"));
    assert!(html(&files, "chengguan/2026/_poster-a3/index.html").contains("paper-a3"));
    // Every page says on paper whose it is and as of when.
    assert!(board.contains(
        "<html lang=\"zh-CN\" style='--u:\"/chengguan/2026/\";--d:\"数据截至 2026-11-28\"'>"
    ));
    let print_css = match &files["assets/print.css"].body {
        OutBody::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        OutBody::Copy(p) => panic!("a copy of {}", p.display()),
    };
    assert_eq!(
        print_css,
        ":root{--pb-site:\"某市基层党组织和党员公开承诺公示\";--pb-origin:\"https://example.org\";--pb-src:\"来源\"}\n"
    );
    // The sheet prints as the formal 公开承诺书 with a QR code.
    let sheet = html(&files, "chengguan/2026/zhang-wei/index.html");
    let formal = &sheet[sheet.find("<section class=\"formal").expect("formal sheet")..];
    for want in [
        "公开承诺书",
        "承诺人（签字）",
        "<img class=\"qr\" alt=\"\" src=\"data:image/png;base64,",
    ] {
        assert!(formal.contains(want), "{want} not on the printed sheet");
    }
    // Its items are the page's own table, which print lays out as the
    // form's (style.css); they are not written twice.
    let items = &sheet[sheet
        .find("<table class=\"items sheet-items")
        .expect("items")..];
    let title = items
        .find("组织社区招聘会不少于4场")
        .expect("item in the table");
    assert!(title < items.find("</table>").expect("table's end"));
    assert_eq!(sheet.matches("组织社区招聘会不少于4场</b>").count(), 1);
    // Feeds, sitemap; the site's own robots.txt is kept.
    assert!(files.contains_key("feeds/atom.xml"));
    assert!(files.contains_key("chengguan/atom.xml"));
    assert!(files.contains_key("chengguan/xinhua/atom.xml"));
    assert!(
        !files.contains_key("atom.xml"),
        "the root's feed is the site feed"
    );
    assert!(matches!(files["robots.txt"].body, OutBody::Copy(_)));
    let sitemap = html(&files, "sitemap.xml");
    let pages = files.keys().filter(|p| p.ends_with("index.html")).count();
    assert_eq!(sitemap.matches("<loc>").count(), pages);
    assert!(files.contains_key("404.html"));
    // The search page lists units and pledgers for readers without script.
    let search = html(&files, "search/index.html");
    assert!(search.contains(">张伟&lt;script&gt;alert(1)&lt;/script&gt;</a>"));
    assert!(files.contains_key("search/meta.json") && files.contains_key("search/d/0.json"));
}

#[test]
fn search_box_and_feeds_honour_the_base_path() {
    let mut site = fixture();
    site.config.base_url = "https://example.org/pledges/".into();
    let files = render_with(&site, false);
    let home = html(&files, "index.html");
    // A GET form (the default method, so not written).
    assert!(home.contains("action=\"/pledges/search/\"><input"));
    assert!(home.contains("href=\"/pledges/feeds/atom.xml\""));
    let feed = html(&files, "chengguan/atom.xml");
    assert!(feed.contains("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/pledges/chengguan/atom.xml\"/>"));
    assert!(feed.contains(
        "href=\"https://example.org/pledges/chengguan/2026/zhang-wei/#2026-09-30-job-fair-done\""
    ));
    // Editors' text is escaped in the feed.
    assert!(!feed.contains("<script"));
    let search = html(&files, "search/index.html");
    assert!(search.contains("data-base=\"/pledges/\""));
    assert!(search.contains("<script src=\"/pledges/assets/search.js\" defer></script>"));
}

fn by_year(facts: &BTreeMap<i32, YearFacts>) -> BTreeMap<i32, &YearFacts> {
    facts.iter().map(|(y, f)| (*y, f)).collect()
}

/// Every page of `renderer`, by path.
fn rendered(renderer: &Renderer) -> BTreeMap<String, String> {
    (0..renderer.page_count())
        .map(|i| {
            let f = renderer.render_page(i).expect("renders");
            match f.body {
                OutBody::Bytes(b) => (f.path, String::from_utf8(b).expect("utf-8")),
                OutBody::Copy(p) => panic!("{} is a copy", p.display()),
            }
        })
        .collect()
}

/// `serve` sets up each version's renderer from the one before: what it
/// takes over must give the pages a renderer made afresh gives, and say
/// that the pages stayed where they were only when they did.
#[test]
fn a_renderer_reusing_the_version_before_renders_what_a_fresh_one_does() {
    let (opts, site, site_facts) = fixture_setup();
    let first = Renderer::new(&site, by_year(&site_facts), &opts).expect("set up");
    let kept = first.kept();
    // An edit that keeps the outline (a note's progress and text) in the
    // street's own sheet: a new unit, as the loader makes it.
    let street = site
        .units
        .iter()
        .position(|u| u.path == "chengguan")
        .expect("street");
    let edit = |change: &dyn Fn(&mut UnitYear)| {
        let mut next = site.clone();
        let mut unit = (*next.units[street]).clone();
        change(unit.years.get_mut(&2026).expect("2026"));
        next.units[street] = std::sync::Arc::new(unit);
        next
    };
    let same_outline = edit(&|uy| {
        let note = uy
            .sheets
            .iter_mut()
            .flat_map(|s| s.notes.iter_mut())
            .next()
            .expect("a note");
        note.progress = Some(100);
        note.body.push_str("\n\n补充：已全部完成。");
    });
    let new_sheet = edit(&|uy| {
        let mut extra = uy.sheets[0].clone();
        extra.id = "zz-new".into();
        uy.sheets.push(extra);
    });
    for (next, stays) in [(same_outline, true), (new_sheet, false)] {
        let next_facts = facts(&next);
        let (reusing, same) =
            Renderer::reusing(&next, by_year(&next_facts), &opts, Some((&site, &kept)))
                .expect("set up");
        assert_eq!(same, stays);
        let fresh = Renderer::new(&next, by_year(&next_facts), &opts).expect("set up");
        assert_eq!(rendered(&reusing), rendered(&fresh));
        assert_eq!(reusing.extras(), fresh.extras());
    }
}

/// `check` renders the first page of each kind: one index per template,
/// even though kinds alternate in the page list (a board, its sheets, the
/// next board).
#[test]
fn the_first_page_of_each_kind_is_found_once() {
    with_fixture_renderer(|renderer| {
        let kind = |i: usize| std::mem::discriminant(&renderer.pages[i]);
        let firsts = renderer.first_of_each_kind();
        for &i in &firsts {
            assert!(
                (0..i).all(|j| kind(j) != kind(i)),
                "page {i} is not its kind's first"
            );
        }
        let kinds: Vec<_> = firsts.iter().map(|&i| kind(i)).collect();
        assert!((0..renderer.page_count()).all(|i| kinds.contains(&kind(i))));
        let changes = (1..renderer.page_count())
            .filter(|&i| kind(i) != kind(i - 1))
            .count();
        assert!(
            firsts.len() < changes + 1,
            "the fixture's kinds should alternate: {} kinds, {changes} changes",
            firsts.len()
        );
    });
}

/// Issue 18: `/status/<year>/` is a page (no directory listing), the home
/// page welcomes and leads to every unit's board through its picker, and
/// crumbs name the page's kind last.
#[test]
fn status_index_picker_and_crumbs() {
    let files = render_with(&fixture(), false);
    let index = html(&files, "status/2026/index.html");
    for s in crate::derive::ItemStatus::ALL {
        assert!(
            index.contains(&format!(r#"href="/status/2026/{}/""#, s.as_str())),
            "{s:?}"
        );
    }
    let list = html(&files, "status/2026/done/index.html");
    assert!(
        list.contains(r#"href="/status/2026/""#),
        "status list leads to its index"
    );
    let home = html(&files, "index.html");
    assert!(home.contains(r#"class="welcome""#));
    let picker = &home[home.find(r#"class="picker""#).expect("picker")..];
    let picker = &picker[..picker.find("</section>").unwrap()];
    assert!(picker.contains("<details>") && !picker.contains("<script"));
    assert!(picker.contains(r#"href="/chengguan/2026/""#), "{picker}");
    let board = html(&files, "chengguan/2026/index.html");
    assert!(board.contains(r#"<li aria-current="page"><span>2026年 · 公示栏</span></li>"#));
}

/// A generic note, item or sheet field (README "Adding a field") reaches
/// templates as `n.fields.<name>`, `i.fields.<name>`, `sheet.fields.<name>`,
/// escaped like any other text.
#[test]
fn generic_fields_reach_templates() {
    let mut site = fixture();
    let unit = std::sync::Arc::make_mut(&mut site.units[1]);
    let sheet = unit
        .years
        .get_mut(&2026)
        .and_then(|y| y.sheets.iter_mut().find(|s| s.id == "zhang-wei"))
        .expect("zhang-wei's sheet");
    sheet.notes[0].fields.insert(
        "test_witness",
        crate::model::FieldValue::Text("王大爷<b>".into()),
    );
    sheet.items[0]
        .fields
        .insert("test_funding", crate::model::FieldValue::Int(5000));
    sheet
        .fields
        .insert("test_contact", crate::model::FieldValue::Int(12345));
    site.templates = vec![(
        "sheet.html".into(),
        "{% extends \"base.html\" %}{% block content %}{% for n in sheet.notes %}[{% for k, v in n.fields %}{{ k }}={{ v }}{% endfor %}]{% endfor %}{% for i in sheet.items %}<{% for k, v in i.fields %}{{ k }}={{ v }}{% endfor %}>{% endfor %}{% for k, v in sheet.fields %}({{ k }}={{ v }}){% endfor %}{% endblock content %}".into(),
    )];
    let files = render_with(&site, false);
    let page = html(&files, "chengguan/2026/zhang-wei/index.html");
    assert!(page.contains("[test_witness=王大爷&lt;b&gt;]"), "{page}");
    assert!(page.contains("[]"), "a note without it has none: {page}");
    assert!(page.contains("<test_funding=5000>"), "{page}");
    assert!(page.contains("(test_contact=12345)"), "{page}");
}

/// A feed of a subtree with far more notes than it shows holds exactly
/// the newest ones, newest first, ties in tree order (the unit, then the
/// sheet, then the note's place), however the notes are spread.
#[test]
fn feeds_hold_the_newest_notes_of_a_large_subtree() {
    let mut site = fixture();
    // 30 sheets of 9 notes on few dates (many ties) in the street.
    let street = Arc::make_mut(&mut site.units[1]);
    let uy = street.years.get_mut(&2026).expect("2026");
    for s in 0..30 {
        let mut notes: Vec<Note> = (0..9)
            .map(|n| {
                let day = 1 + (s * 7 + n * 5) % 12;
                let id = format!("2026-05-{day:02}-n{n}");
                note(&id, &["a"], Some(10), None, &format!("正文 s{s} n{n}"))
            })
            .collect();
        notes.sort_by(|a, b| (a.date, &a.id).cmp(&(b.date, &b.id)));
        uy.sheets.push(sheet(
            &format!("m{s:02}"),
            Some("某"),
            vec![item("a", "事项", None, "2026-12-31")],
            notes,
        ));
    }
    let files = render_with(&site, false);
    // Every note of the street's subtree, newest first, ties in tree
    // order: what the feed must hold the first 50 of.
    let mut all = Vec::new();
    for u in site.subtree(UnitIx::new(1)) {
        let unit = site.unit(u);
        for uy in unit.years.values() {
            for (s, sheet) in uy.sheets_ix() {
                for (n, note) in sheet.notes_ix() {
                    let link = format!("{}/#{}", sheet.id, note.id);
                    all.push((std::cmp::Reverse(note.date), u, uy.year, s, n, link));
                }
            }
        }
    }
    all.sort();
    assert!(all.len() > 4 * feeds::FEED_ENTRIES, "{} notes", all.len());
    let feed = html(&files, "chengguan/atom.xml");
    let shown: Vec<&str> = feed
        .split("<entry>")
        .skip(1)
        .map(|e| {
            let link = &e[e.find("<id>").expect("id") + 4..e.find("</id>").expect("id")];
            link.rsplit("/2026/").next().unwrap_or(link)
        })
        .collect();
    let want: Vec<&str> = all
        .iter()
        .take(feeds::FEED_ENTRIES)
        .map(|a| a.5.as_str())
        .collect();
    assert_eq!(shown, want);
}

/// What `serve` makes one file at a time (a feed, a file of search result
/// rows) or as the index's terms alone is byte for byte what the whole
/// groups hold, and nothing else is made under those names.
#[test]
fn files_made_alone_equal_their_groups() {
    let site = fixture();
    let facts = facts(&site);
    let opts = RenderOptions {
        today: today(),
        live_reload: false,
        relative: false,
    };
    let renderer = Renderer::new(&site, by_year(&facts), &opts).expect("renderer");
    let bytes = |f: OutFile| match f.body {
        OutBody::Bytes(b) => (f.path, b),
        OutBody::Copy(p) => panic!("{} is a copy", p.display()),
    };
    let feeds: Vec<_> = renderer
        .extras_of(Extras::Feeds)
        .into_iter()
        .map(bytes)
        .collect();
    assert!(feeds.len() > 1, "the site's feed and the units'");
    for (path, body) in &feeds {
        let alone = renderer.feed_file(path).map(bytes);
        assert_eq!(
            alone.as_ref(),
            Some(&(path.clone(), body.clone())),
            "{path}"
        );
    }
    assert!(renderer.feed_file("sitemap.xml").is_none());
    assert!(renderer.feed_file("nowhere/atom.xml").is_none());

    let index: BTreeMap<_, _> = renderer
        .extras_of(Extras::Search)
        .into_iter()
        .map(bytes)
        .collect();
    let mut rows = 0;
    for n in 0.. {
        let Some((path, body)) = renderer.search_rows(n).map(bytes) else {
            break;
        };
        assert_eq!(index.get(&path), Some(&body), "{path}");
        rows += 1;
    }
    let terms = std::sync::Mutex::new(BTreeMap::new());
    renderer.search_terms_each(&|f| {
        let (path, body) = bytes(f);
        terms.lock().unwrap().insert(path, body);
    });
    let terms = terms.into_inner().unwrap();
    assert!(terms.contains_key("search/meta.json"));
    assert!(terms.keys().all(|p| !p.starts_with("search/d/")));
    for (path, body) in &terms {
        assert_eq!(index.get(path), Some(body), "{path}");
    }
    assert!(rows > 0);
    assert_eq!(
        rows + terms.len(),
        index.len(),
        "every file of the index, once"
    );
}

#[test]
fn the_build_order_holds_every_page_once_the_whole_site_pages_first() {
    with_fixture_renderer(|renderer| {
        let order = renderer.build_order();
        let mut sorted = order.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, (0..renderer.page_count()).collect::<Vec<_>>());
        let whole = |i: usize| super::keys::keyed_by_context(&renderer.pages[i]);
        let firsts = order.iter().take_while(|&&i| whole(i)).count();
        assert!(firsts > 0, "the home page is about the whole site");
        assert!(order[firsts..].iter().all(|&i| !whole(i)));
        assert!(order[..firsts].contains(&0), "the home page is among them");
    });
}

/// The fixture site, its facts, and render options for `today`.
fn fixture_setup() -> (RenderOptions, Site, BTreeMap<i32, YearFacts>) {
    let opts = RenderOptions {
        today: today(),
        live_reload: false,
        relative: false,
    };
    let site = fixture();
    let site_facts = facts(&site);
    (opts, site, site_facts)
}

/// Runs `f` with a renderer of the fixture site.
fn with_fixture_renderer(f: impl FnOnce(&Renderer)) {
    let (opts, site, site_facts) = fixture_setup();
    let renderer = Renderer::new(&site, by_year(&site_facts), &opts).expect("set up");
    f(&renderer);
}

/// Every site the tests build: the hand-made one, the demo and each
/// fixture under `tests/fixtures/` that loads.
fn every_test_site() -> Vec<(String, Site)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    // The hand-made site once more with a long statement, which prints
    // in smaller type.
    let mut dense = fixture();
    let street = Arc::make_mut(&mut dense.units[1]);
    let uy = street.years.get_mut(&2026).expect("2026");
    uy.sheets[0].body = "长".repeat(800);
    // And with 1,500 more items of one category and status, in 300
    // sheets: lists of many pages.
    let mut long = fixture();
    let street = Arc::make_mut(&mut long.units[1]);
    let uy = street.years.get_mut(&2026).expect("2026");
    for s in 0..300 {
        let items = (0..5)
            .map(|i| {
                item(
                    &format!("i{i}"),
                    &format!("事项 {s}-{i}"),
                    Some("长名单"),
                    "2026-12-31",
                )
            })
            .collect();
        uy.sheets
            .push(sheet(&format!("m{s:03}"), Some("某"), items, Vec::new()));
    }
    // And hosted under a sub-path, where more links are shorter relative.
    let mut sub_path = fixture();
    sub_path.config.base_url = "https://example.org/city/pledges/".into();
    let mut sites = vec![
        ("hand-made".to_string(), fixture()),
        ("hand-made, under a sub-path".to_string(), sub_path),
        ("hand-made, dense".to_string(), dense),
        ("hand-made, long lists".to_string(), long),
    ];
    let mut roots = vec![root.clone()];
    for dir in ["figures", "notepages", "xss", "years"] {
        roots.push(root.join("tests/fixtures").join(dir));
    }
    for dir in roots {
        let (site, _) = crate::content::load(&dir, &Default::default())
            .unwrap_or_else(|e| panic!("{} does not load: {e:?}", dir.display()));
        sites.push((dir.display().to_string(), site));
    }
    sites
}

/// Some 80 bytes of `text` either side of byte `at`.
fn around(text: &str, at: usize) -> &str {
    let boundary = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    &text[boundary(at.saturating_sub(80))..boundary(at + 80)]
}

#[test]
fn native_pages_are_teras_byte_for_byte() {
    // What the compared pages must have shown between them, so that each
    // branch of the compiled copies was compared at least once.
    let mut shown: BTreeMap<&str, usize> = [
        "item-now",
        "role=\"progressbar\"",
        "class=\"status status-",
        "class=\"prose\"",
        "supervision-line",
        "class=\"year-nav\"",
        "<del title=",
        "class=\"story\"",
        "class=\"detail resp\"",
        "class=\"grade grade-",
        "class=\"badge\"",
        "class=\"comments\"",
        "class=\"formal-results\"",
        "class=\"formal-qr\"",
        "print-only dense",
        "class=\"pending\"",
        "</h2>\n<p class=\"muted\">",
        "class=\"as-of\"",
        "class=\"statement\"",
        "colspan=\"3\"",
        "rel=\"prev\"",
        "rel=\"next\"",
        "pager-gap",
        "aria-current=\"page\">",
        "<br><small>",
        "class=\"lead-figure\"",
        "class=\"status-counts\"",
        "class=\"who\"",
        "--u:\"/city/pledges/",
        "index.html",
        "&lt;",
        "&quot;",
        "&#39;",
        "&#61;",
    ]
    .into_iter()
    .map(|k| (k, 0))
    .collect();
    let mut compared = 0;
    for (name, mut site) in every_test_site() {
        site.config.note_pages = true;
        for lang in [Lang::ZhCn, Lang::En] {
            site.config.language = lang;
            // The long lists once per language: their links are made as
            // every other list's.
            let variants = if name.ends_with("long lists") { 1 } else { 3 };
            for &(relative, live_reload) in
                &[(false, false), (true, false), (false, true)][..variants]
            {
                let opts = RenderOptions {
                    today: today(),
                    live_reload,
                    relative,
                };
                let site_facts = facts(&site);
                let renderer = Renderer::new(&site, by_year(&site_facts), &opts).expect("set up");
                assert!(renderer.native.is_some(), "{name}: no site templates");
                let compiled: Vec<usize> = (0..renderer.page_count())
                    .filter(|&i| match renderer.page_kind(i) {
                        "status" | "category" => true,
                        // Its sheets are the hand-made site's and 300 alike.
                        "note" | "sheet" => !name.ends_with("long lists"),
                        _ => false,
                    })
                    .collect();
                assert!(!compiled.is_empty(), "{name} has sheets");
                for i in compiled {
                    let native = renderer.render_page(i).expect("native");
                    let tera = renderer.render_with_tera(i).expect("tera");
                    assert_eq!(native.path, tera.path);
                    let (OutBody::Bytes(a), OutBody::Bytes(b)) = (&native.body, &tera.body) else {
                        panic!("pages are bytes");
                    };
                    let (a, b) = (String::from_utf8_lossy(a), String::from_utf8_lossy(b));
                    if a != b {
                        let at = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
                        panic!(
                            "{name} {lang:?} {}: the compiled page differs from Tera's at byte {at}:\n\
                             compiled: {:?}\n    tera: {:?}",
                            tera.path,
                            around(&a, at),
                            around(&b, at),
                        );
                    }
                    for (k, n) in shown.iter_mut() {
                        *n += usize::from(b.contains(k));
                    }
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 100, "compared {compared} pages");
    for (k, n) in shown {
        assert!(n > 0, "no compared page showed {k}");
    }
}

#[test]
fn a_site_template_turns_the_compiled_copies_off() {
    let (opts, mut site, site_facts) = fixture_setup();
    site.config.note_pages = true;
    let page_of = |site: &Site, kind: &str| {
        let renderer = Renderer::new(site, by_year(&site_facts), &opts).expect("set up");
        let i = (0..renderer.page_count())
            .find(|&i| renderer.page_kind(i) == kind)
            .expect("a page of the kind");
        let OutBody::Bytes(page) = renderer.render_page(i).expect("page").body else {
            panic!("bytes");
        };
        String::from_utf8(page).expect("UTF-8")
    };
    // Shared by both compiled pages: neither is compiled.
    site.templates = vec![(
        "partials/note.html".into(),
        "<article class=\"mine\">{{ n.heading }}</article>".into(),
    )];
    assert!(page_of(&site, "note").contains("<article class=\"mine\">"));
    assert!(page_of(&site, "sheet").contains("<article class=\"mine\">"));
    // The sheet's own: the note page stays compiled, the sheet is Tera's.
    site.templates = vec![(
        "sheet.html".into(),
        "{% extends \"base.html\" %}{% block content %}MINE{% endblock content %}".into(),
    )];
    assert!(page_of(&site, "sheet").contains("MINE"));
    assert!(page_of(&site, "note").contains("<article class=\"note\">"));
}
