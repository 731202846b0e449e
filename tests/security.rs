//! Security guarantees of the built site (SECURITY.md §2, §3):
//!
//! - `xss_corpus_builds_without_executable_script`: 40 known XSS payloads
//!   in every field an editor writes (bodies, titles, names, roles,
//!   categories, unit descriptions, comments, authors, `extra`, and file
//!   names, so ids) are built; no page, feed or picture of the output
//!   holds anything a browser would run.
//! - `private_roster_fields_never_reach_the_output`: markers in every
//!   private roster column are found in no output file of any kind.
//! - `member_names_surname_*`: `member_names: surname` shows 张同志 for
//!   张伟 everywhere, and the full name nowhere.
//! - `spreadsheet_formulas_*`: a cell of the open-data CSV that a
//!   spreadsheet would run as a formula is guarded, also behind a tab or
//!   line break; control characters never reach any output (they are
//!   content errors).
//!
//! The sites are generated here into temp folders and built through the
//! binary, as an operator would.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::Command;

use scraper::Html;

const TODAY: &str = "2026-06-30";

/// Known XSS payloads: tags, handlers, SVG/MathML, frames, refresh, CSS,
/// dangerous URL schemes (plain, mixed case, entity-encoded, split by
/// whitespace and control characters), Markdown links and images,
/// autolinks, reference links, raw HTML blocks, attribute break-outs.
const PAYLOADS: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=\"jav\tascript:alert(1);\">",
    "<img src=\"jav&#x09;ascript:alert(1)\">",
    "<img src=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>",
    "<img \"\"\"><script>alert(1)</script>\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<div style=\"width: expression(alert(1))\">x</div>",
    "<div style=\"background:url(javascript:alert(1))\">x</div>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>",
    "<a href=\" &#14;  javascript:alert(1)\">x</a>",
    "<a href=\"jav&#x13;ascript:alert(1)\">x</a>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "[link](javascript:alert(1))",
    "[link](JAVASCRIPT:alert(1) \"t\")",
    "[link](vbscript:msgbox(1))",
    "![img](javascript:alert(1))",
    "![img](data:text/html;base64,PHNjcmlwdD4=)",
    "[ref][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "\"><script>alert(1)</script>",
    "' onmouseover='alert(1)",
    "\" onfocus=\"alert(1)\" autofocus=\"",
    "<!--><script>alert(1)</script>-->",
    "<div>\n\n<script>alert(1)</script>\n\n</div>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
    "<xss onafterscriptexecute=alert(1)><script>1</script>",
];

/// A YAML double-quoted scalar (JSON strings are valid YAML).
fn q(text: &str) -> String {
    serde_json::to_string(text).expect("string")
}

mod common;
use common::write_at as write;

/// A file-name-safe form of a payload: no `/`, no leading `.`, not too long.
fn file_id(i: usize, payload: &str) -> String {
    let mut id: String = payload
        .chars()
        .map(|c| match c {
            '/' => '∕',
            '\0' | '\n' | '\r' | '\t' => '_',
            c => c,
        })
        .take(60)
        .collect();
    id.insert_str(0, &format!("m{i}"));
    id
}

/// One unit per payload, the payload in every field an editor writes.
/// With `payloads` all harmless, the same site is the benign reference.
fn write_site(root: &Path, payloads: &[&str]) {
    write(
        &root.join("site.yaml"),
        format!(
            "title: {}\nbase_url: https://example.org/x/\n",
            q(&format!("公示{}", payloads[0]))
        ),
    );
    for (i, p) in payloads.iter().enumerate() {
        let unit = root.join(format!("content/u{i}"));
        let member = file_id(i, p);
        let item = format!("i{i}{}", p.replace(['/', '\n'], ""));
        write(
            &unit.join("_unit.yaml"),
            format!(
                "name: {name}\nkind: community\nsecretary: {p}\nmembers: 3\ndescription: {p}\n\
                 extra: {{ note: {p} }}\n\
                 rectification:\n  - {{ year: 2026, issued: 2026-03-01, deadline: 2026-05-01, reason: {p} }}\n",
                name = q(&format!("单位{i}{p}")),
                p = q(p),
            ),
        );
        let sheet = |name: &str| {
            format!(
                "---\nname: {name}\nrole: {p}\napproved: {{ by: {p}, date: 2026-01-10 }}\n\
                 extra: {{ x: {p} }}\nitems:\n  - id: {item}\n    title: {p}\n    category: {p}\n    deadline: 2026-03-01\n\
                 \x20   baseline: {p}\n    target: {p}\n    responsibility: {p}\n---\n{body}\n\n{body}\n",
                name = q(name),
                p = q(p),
                item = q(&item),
                body = p,
            )
        };
        write(&unit.join("2026/_unit.md"), sheet(p));
        write(&unit.join(format!("2026/{member}.md")), sheet(p));
        let note = format!(
            "---\nitem: {item}\nprogress: 50\ntitle: {p}\nauthor: {p}\nextra: {{ y: {p} }}\n---\n{body}\n\n{body}\n",
            item = q(&item),
            p = q(p),
            body = p,
        );
        write(
            &unit.join(format!("2026/{member}/2026-03-02-{}.md", file_id(i, p))),
            &note,
        );
        write(&unit.join("2026/_unit/2026-03-01-a.md"), &note);
        write(
            &unit.join("2026/_review.yaml"),
            format!(
                "_unit:\n  comments:\n    - {{ half: 1, by: {p}, date: 2026-06-01, text: {p} }}\n  votes: {{ satisfied: 1 }}\n\
                 {id}:\n  comments:\n    - {{ half: 2, by: {p}, date: 2026-06-02, text: {p} }}\n  exemplary: true\n",
                p = q(p),
                id = q(&member),
            ),
        );
    }
}

/// Builds `root` into `out` through the binary; panics with its output
/// when the build fails.
fn build(root: &Path, out: &Path) {
    let output = Command::new(env!("CARGO_BIN_EXE_pledgeboard"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(["--today", TODAY])
        .output()
        .expect("run pledgeboard");
    assert!(
        output.status.success(),
        "build of {} failed:\n{}",
        root.display(),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every output file: path relative to `out` → bytes.
fn files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(out)
        .into_iter()
        .map(|e| e.expect("walk output"))
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(out).expect("under out");
            (
                rel.to_string_lossy().replace('\\', "/"),
                fs::read(e.path()).expect("read"),
            )
        })
        .collect()
}

#[path = "common/script_safety.rs"]
mod script_safety;

use script_safety::{Allowed, inline_scripts};

/// What in `doc` (the published file `page`) could run script, other
/// than the theme's own scripts: a `<script src>` of a `.js` file the site
/// itself publishes, or an inline script that the benign build has too
/// (`known`). Pages link in the shorter of the absolute and the
/// page-relative form, so a `src` is resolved against `page` first.
fn unsafe_markup(
    doc: &Html,
    page: &str,
    published: &BTreeMap<String, Vec<u8>>,
    known: &[(String, String)],
) -> Vec<String> {
    let script_src = |src: &str| {
        site_file(page, src)
            .is_some_and(|file| file.ends_with(".js") && published.contains_key(&file))
    };
    let allowed = Allowed {
        script_src: &script_src,
        inline: known,
    };
    script_safety::unsafe_markup(doc, &allowed)
}

/// The site file (below the base path `/x/`) that `src`, written in the
/// published file `page`, leads to; `None` for anything that leaves the
/// site (a scheme, `//host`, `..` above the root).
fn site_file(page: &str, src: &str) -> Option<String> {
    if let Some(file) = src.strip_prefix("/x/") {
        return Some(file.to_string());
    }
    if src.starts_with('/') || src.contains(':') || src.contains('\\') {
        return None;
    }
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for part in src.split('/') {
        match part {
            "." | "" => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

fn check_no_script(out: &Path, known: &[(String, String)]) -> Vec<String> {
    let published = files(out);
    let mut found = Vec::new();
    for (path, bytes) in &published {
        let text = String::from_utf8_lossy(bytes);
        let ext = path.rsplit('.').next().unwrap_or("");
        match ext {
            "html" | "htm" | "svg" | "xhtml" => {
                // Parsed as published: resolving links in the text first
                // would turn an entity-encoded `javascript&#58;` into a
                // harmless-looking path. `unsafe_markup` resolves a
                // script's `src` against the page itself.
                let doc = Html::parse_document(&text);
                found.extend(
                    unsafe_markup(&doc, path, &published, known)
                        .into_iter()
                        .map(|f| format!("{path}: {f}")),
                );
            }
            "xml" | "atom" | "rss" => {
                // Feed readers render `type="html"` content: check it as HTML.
                let doc = Html::parse_document(&text);
                for el in doc.tree.nodes().filter_map(scraper::ElementRef::wrap) {
                    let html_text = matches!(el.value().name(), "content" | "summary")
                        && el.value().attr("type") == Some("html");
                    let inner = if html_text {
                        Html::parse_fragment(&el.text().collect::<String>())
                    } else {
                        continue;
                    };
                    found.extend(
                        unsafe_markup(&inner, path, &published, known)
                            .into_iter()
                            .map(|f| format!("{path} (feed content): {f}")),
                    );
                }
                found.extend(
                    unsafe_markup(&doc, path, &published, known)
                        .into_iter()
                        .map(|f| format!("{path}: {f}")),
                );
            }
            _ => {}
        }
    }
    found
}

#[test]
fn xss_corpus_builds_without_executable_script() {
    assert!(PAYLOADS.len() >= 30);
    let tmp = tempfile::tempdir().expect("tmp");
    // The benign twin: the theme's own inline scripts, if it has any.
    let benign: Vec<String> = (0..2).map(|i| format!("安全文本{i}")).collect();
    let benign: Vec<&str> = benign.iter().map(String::as_str).collect();
    write_site(&tmp.path().join("benign"), &benign);
    build(&tmp.path().join("benign"), &tmp.path().join("benign-out"));
    let mut known = Vec::new();
    for (path, bytes) in files(&tmp.path().join("benign-out")) {
        if path.ends_with(".html") {
            known.extend(inline_scripts(&Html::parse_document(
                &String::from_utf8_lossy(&bytes),
            )));
        }
    }

    let root = tmp.path().join("evil");
    let out = tmp.path().join("evil-out");
    write_site(&root, PAYLOADS);
    build(&root, &out);
    let found = check_no_script(&out, &known);
    assert!(
        found.is_empty(),
        "{} unsafe constructs, e.g.:\n{}",
        found.len(),
        found[..found.len().min(30)].join("\n")
    );

    // The payloads are shown as text, not lost: the first unit's page
    // reads the script tag literally.
    let page = fs::read_to_string(out.join("u0/index.html")).expect("unit page");
    let doc = Html::parse_document(&page);
    let text: String = doc.root_element().text().collect();
    assert!(text.contains("单位0<script>alert(1)</script>"), "{text}");
    // Every payload's unit and member sheet was published.
    let data = fs::read_to_string(out.join("data/2026.json")).expect("data");
    let data: serde_json::Value = serde_json::from_str(&data).expect("json");
    assert_eq!(
        data["pledgers"].as_array().expect("pledgers").len(),
        2 * PAYLOADS.len()
    );
}

/// The test's own check catches script when it is there (so a passing
/// run means something): a page with each kind of problem.
#[test]
fn the_script_check_finds_script() {
    let published = BTreeMap::from([("assets/app.js".to_string(), Vec::new())]);
    for bad in [
        "<script>alert(1)</script>",
        "<script src=\"/x/evil.js\"></script>",
        "<script src=\"../evil.js\"></script>",
        "<script src=\"../../assets/app.js\"></script>",
        "<script src=\"//e.org/assets/app.js\"></script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\" java\tscript:alert(1)\">x</a>",
        "<a href=\"data:text/html,x\">x</a>",
        "<img src=\"data:image/svg+xml,x\">",
        "<iframe></iframe>",
        "<meta http-equiv=refresh content=0>",
        "<div style=\"width:expression(alert(1))\">",
        "<svg><a xlink:href=\"javascript:alert(1)\">x</a></svg>",
    ] {
        let doc = Html::parse_document(&format!("<html><body>{bad}</body></html>"));
        assert!(
            !unsafe_markup(&doc, "a/index.html", &published, &[]).is_empty(),
            "not caught: {bad}"
        );
    }
    let ok = Html::parse_document(
        "<html><body><script src=\"/x/assets/app.js\"></script><script src=\"../assets/app.js\"></script><img src=\"data:image/png;base64,AA\"><a href=\"https://e.org/\">x</a></body></html>",
    );
    assert_eq!(
        unsafe_markup(&ok, "a/index.html", &published, &[]),
        Vec::<String>::new()
    );
}

// ------------------------------------------------------------ private data

const MARKERS: &[&str] = &[
    "PRIVPHONE13912345678",
    "PRIVIDNUM110101199001011234",
    "PRIVADDR幸福路8号",
    "PRIVREASON心脏病住院",
    "PRIVWECHAT",
    "PRIVNESTED",
    "PRIVYEARPHONE",
    "PRIVYEARREASON",
    "PRIVLISTITEM",
];

fn private_site(root: &Path) {
    write(
        &root.join("site.yaml"),
        "title: 测试\nbase_url: https://example.org/\n",
    );
    write(
        &root.join("content/a/_unit.yaml"),
        "name: 甲社区党委\nkind: community\n",
    );
    write(
        &root.join("content/a/_roster.yaml"),
        "- id: zhang-wei\n  name: 张伟\n  role: secretary\n  status: active\n\
         \x20 phone: PRIVPHONE13912345678\n  id_number: PRIVIDNUM110101199001011234\n\
         \x20 address: PRIVADDR幸福路8号\n  wechat: PRIVWECHAT\n\
         \x20 emergency: { name: PRIVNESTED, phone: PRIVNESTED }\n  notes: [PRIVLISTITEM]\n\
         - id: li-na\n  name: 李娜\n  status: retired\n  exempt: [2026]\n  exempt_reason: PRIVREASON心脏病住院\n\
         \x20 phone: PRIVPHONE13912345678\n",
    );
    // A year roster replaces the unit's roster for 2025.
    write(
        &root.join("content/a/2025/_roster.yaml"),
        "- id: zhang-wei\n  name: 张伟\n  phone: PRIVYEARPHONE\n\
         - id: wang-fang\n  name: 王芳\n  exempt: 2025\n  exempt_reason: PRIVYEARREASON\n",
    );
    for year in [2025, 2026] {
        write(
            &root.join(format!("content/a/{year}/zhang-wei.md")),
            format!(
                "---\nname: 张伟\napproved: {{ by: 甲社区党委, date: {year}-01-10 }}\nitems:\n\
                 \x20 - {{ id: a, title: 走访群众, category: 服务, deadline: {year}-12-01 }}\n---\n我承诺。\n"
            ),
        );
        write(
            &root.join(format!("content/a/{year}/zhang-wei/{year}-03-01-visit.md")),
            "---\nitem: a\nprogress: 30\n---\n走访了。\n",
        );
    }
}

/// All the forms a marker could take in the output.
fn marker_forms(marker: &str) -> Vec<String> {
    let percent: String = marker
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let ascii: String = marker.chars().filter(char::is_ascii).collect();
    let mut forms = vec![marker.to_string(), percent, ascii];
    forms.retain(|f| !f.is_empty());
    forms.dedup();
    forms
}

fn grep_output(out: &Path, needles: &[String]) -> Vec<String> {
    let mut found = Vec::new();
    for (path, bytes) in files(out) {
        // Every kind of file: pages, JSON, CSV, feeds, indexes, scripts.
        let text = String::from_utf8_lossy(&bytes);
        for n in needles {
            if text.contains(n.as_str()) || path.contains(n.as_str()) {
                found.push(format!("{path}: {n}"));
            }
        }
    }
    found
}

#[test]
fn private_roster_fields_never_reach_the_output() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    private_site(&root);
    let out = tmp.path().join("out");
    build(&root, &out);
    let needles: Vec<String> = MARKERS.iter().flat_map(|m| marker_forms(m)).collect();
    let found = grep_output(&out, &needles);
    assert!(
        found.is_empty(),
        "private data published:\n{}",
        found.join("\n")
    );
    // The public roster facts are still there: the exempt count.
    let board = fs::read_to_string(out.join("a/2026/index.html")).expect("board");
    assert!(board.contains("张伟"));
}

/// The grep itself finds a planted marker (so a pass means something).
#[test]
fn the_private_data_grep_finds_a_leak() {
    let tmp = tempfile::tempdir().expect("tmp");
    write(
        &tmp.path().join("data/x.json"),
        "{\"p\": \"PRIVPHONE13912345678\"}",
    );
    write(&tmp.path().join("a/%E5%B9%B8/index.html"), "x");
    let found = grep_output(tmp.path(), &marker_forms("PRIVPHONE13912345678"));
    assert_eq!(found.len(), 1);
    let found = grep_output(tmp.path(), &marker_forms("幸"));
    assert_eq!(found.len(), 1, "{found:?}");
}

// ------------------------------------------------------------ member_names

fn names_site(root: &Path, option: Option<&str>) {
    let extra = option.map_or(String::new(), |o| format!("member_names: {o}\n"));
    write(
        &root.join("site.yaml"),
        format!("title: 测试\nbase_url: https://example.org/\n{extra}"),
    );
    write(
        &root.join("content/a/_unit.yaml"),
        "name: 甲社区党委\nkind: community\nsecretary: 王芳\n",
    );
    write(
        &root.join("content/a/_roster.yaml"),
        "- { id: zhang-wei, name: 张伟 }\n- { id: ouyang, name: 欧阳修远 }\n- { id: wang-fang, name: 王芳, role: secretary }\n",
    );
    for (id, name) in [
        ("zhang-wei", "张伟"),
        ("ouyang", "欧阳修远"),
        ("wang-fang", "王芳"),
    ] {
        write(
            &root.join(format!("content/a/2026/{id}.md")),
            format!(
                "---\nname: {name}\napproved: {{ by: 甲社区党委, date: 2026-01-10 }}\nitems:\n\
                 \x20 - {{ id: a, title: 走访群众{id}, category: 服务, deadline: 2026-12-01 }}\n---\n我承诺。\n"
            ),
        );
        write(
            &root.join(format!("content/a/2026/{id}/2026-03-01-visit.md")),
            "---\nitem: a\nprogress: 30\n---\n走访了。\n",
        );
    }
    write(
        &root.join("content/a/2026/_review.yaml"),
        "zhang-wei:\n  exemplary: true\n  grade: excellent\n",
    );
}

const FULL_NAMES: &[&str] = &["张伟", "欧阳修远", "王芳"];

#[test]
fn member_names_surname_shows_surname_and_comrade_everywhere() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    names_site(&root, Some("surname"));
    let out = tmp.path().join("out");
    build(&root, &out);
    let needles: Vec<String> = FULL_NAMES.iter().flat_map(|m| marker_forms(m)).collect();
    let found = grep_output(&out, &needles);
    assert!(found.is_empty(), "full names shown:\n{}", found.join("\n"));

    let sheet = fs::read_to_string(out.join("a/2026/zhang-wei/index.html")).expect("sheet");
    assert!(sheet.contains("张同志"), "{sheet}");
    let sheet = fs::read_to_string(out.join("a/2026/ouyang/index.html")).expect("sheet");
    assert!(sheet.contains("欧阳同志"));
    let unit = fs::read_to_string(out.join("a/index.html")).expect("unit page");
    assert!(unit.contains("王同志"), "the secretary");
    let data: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("data/2026.json")).expect("json"))
            .expect("json");
    let names: Vec<&str> = data["pledgers"]
        .as_array()
        .expect("pledgers")
        .iter()
        .filter_map(|p| p["name"].as_str())
        .collect();
    assert_eq!(names, ["欧阳同志", "王同志", "张同志"]);
    let csv = fs::read_to_string(out.join("data/2026.csv")).expect("csv");
    assert!(csv.contains(",张同志,"), "{csv}");
}

#[test]
fn member_names_default_is_full() {
    let tmp = tempfile::tempdir().expect("tmp");
    for (label, option) in [("default", None), ("full", Some("full"))] {
        let root = tmp.path().join(label);
        names_site(&root, option);
        let out = tmp.path().join(format!("{label}-out"));
        build(&root, &out);
        let sheet = fs::read_to_string(out.join("a/2026/zhang-wei/index.html")).expect("sheet");
        assert!(sheet.contains("张伟"));
        assert!(!sheet.contains("张同志"));
    }
}

#[test]
fn member_names_rejects_other_values() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    names_site(&root, Some("initials"));
    let output = Command::new(env!("CARGO_BIN_EXE_pledgeboard"))
        .args(["check", "--root"])
        .arg(&root)
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("site.yaml:3:") && stderr.contains("full（全名）、surname（姓氏）"),
        "{stderr}"
    );
}

/// A site of one sheet whose texts start as spreadsheet formulas do.
fn formula_site(root: &Path, title: &str) {
    write(
        &root.join("site.yaml"),
        "title: 测试\nbase_url: https://example.org/\n",
    );
    write(
        &root.join("content/a/_unit.yaml"),
        "name: 甲社区党委\nkind: community\n",
    );
    write(
        &root.join("content/a/2026/zhang-wei.md"),
        format!(
            "---\nname: \"@张伟\"\napproved: {{ by: 街道, date: 2026-01-10 }}\nitems:\n  - id: a\n    title: {}\n    category: \"+分类\"\n    deadline: 2026-12-01\n---\n",
            q(title)
        ),
    );
}

#[test]
fn spreadsheet_formulas_are_guarded_in_the_csv_even_after_a_line_break() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    formula_site(&root, "\n=HYPERLINK(\"http://evil.example\",\"x\")");
    let out = tmp.path().join("out");
    build(&root, &out);
    let csv = fs::read_to_string(out.join("data/2026.csv")).expect("csv");
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let headers = reader.headers().expect("headers").clone();
    let row = reader.records().next().expect("a row").expect("row");
    let cell = |name: &str| {
        let i = headers.iter().position(|h| h == name).expect(name);
        row.get(i).expect("cell").to_string()
    };
    assert_eq!(
        cell("title"),
        "'\n=HYPERLINK(\"http://evil.example\",\"x\")"
    );
    assert_eq!(cell("pledger_name"), "'@张伟");
    assert_eq!(cell("category"), "'+分类");
}

#[test]
fn spreadsheet_formulas_control_characters_never_reach_the_output() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    formula_site(&root, "招聘会\0=1+1");
    let out = tmp.path().join("out");
    let output = Command::new(env!("CARGO_BIN_EXE_pledgeboard"))
        .arg("build")
        .arg("--root")
        .arg(&root)
        .arg("--out")
        .arg(&out)
        .args(["--today", TODAY])
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("content/a/2026/zhang-wei.md:6:12: ") && stderr.contains("U+0000"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing was written");
}
