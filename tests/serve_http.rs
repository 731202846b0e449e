//! `pledgeboard serve` end to end, over HTTP: the real binary on a copy of
//! part of the demo site. After every kind of change an editor makes (edit,
//! rename and delete a note, add a unit, break and fix a YAML file, edit a
//! style sheet, add, break and remove a template override) it waits for the live-reload event and compares every file
//! a fresh `pledgeboard build` of the same content writes — every page the
//! sitemap lists, the data files, feeds, search index and static files —
//! with what `serve` answers, byte for byte (the live-reload script
//! removed). Pages render on request in `serve`, so this also checks that
//! lazily rendered pages equal built ones. Traversal attempts get 400/404.

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::Duration;

use common::serve::{Serve, build, demo_subset, eventually, split_overlay, strip_live_reload};

type Tree = BTreeMap<String, Vec<u8>>;

/// Events that come within this long of the first belong to one change.
const SETTLE: Duration = Duration::from_millis(400);

/// What `serve` answers for `path` (a file of the built tree), as built.
fn served(serve: &Serve, path: &str) -> (u16, Vec<u8>) {
    let url = path.strip_suffix("index.html").unwrap_or(path);
    let (status, body) = serve.get(url);
    let body = if path.ends_with(".html") {
        strip_live_reload(&body)
    } else {
        body
    };
    (status, body)
}

/// Every file of `expected` is served with the same bytes, and every page
/// the sitemap lists is among them.
fn assert_serves(serve: &Serve, expected: &Tree, step: &str) {
    assert!(expected.contains_key("index.html"), "{step}: built a site");
    let sitemap = String::from_utf8_lossy(&expected["sitemap.xml"]).into_owned();
    for loc in sitemap.split("<loc>").skip(1) {
        let url = loc.split("</loc>").next().unwrap_or("");
        let path = url.split_once("://").map_or(url, |(_, r)| r);
        let path = &path[path.find('/').unwrap_or(0) + 1..];
        let file = format!("{path}index.html");
        let decoded = percent_decode(&file);
        assert!(
            expected.contains_key(&decoded),
            "{step}: the sitemap lists {url}, which the build did not write"
        );
    }
    let mut differ = Vec::new();
    for (path, bytes) in expected {
        let (status, body) = served(serve, path);
        let status_ok = status == 200 || (path == "404.html" && status == 404);
        if !status_ok || &body != bytes {
            differ.push(format!(
                "{path} ({status}, {} vs {} bytes)",
                body.len(),
                bytes.len()
            ));
        }
    }
    assert!(
        differ.is_empty(),
        "{step}: {} of {} files differ from a fresh build: {:?}\nserve said:\n{}",
        differ.len(),
        expected.len(),
        &differ[..differ.len().min(10)],
        serve.log()
    );
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The paths of `tree` that are pages.
fn pages(tree: &Tree) -> Vec<&String> {
    tree.keys().filter(|p| p.ends_with(".html")).collect()
}

#[test]
fn serve_equals_build_after_every_change() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = fs::canonicalize(tmp.path())
        .expect("canonical")
        .join("site");
    demo_subset(&root);
    // A site style sheet (it replaces the theme's), to edit below.
    let css = root.join("static/assets/style.css");
    fs::create_dir_all(css.parent().expect("parent")).expect("mkdir");
    fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/assets/style.css"),
        &css,
    )
    .expect("style.css");
    let out = tmp.path().join("out");

    let serve = Serve::start(&root);
    let events = serve.events();
    let mut good = build(&root, &out).expect("the fixture builds");
    assert!(pages(&good).len() > 20, "a real site");
    assert_serves(&serve, &good, "start");

    let c = root.join("content/chengguan-street/2026");
    let notes = c.join("liao-yong");
    let note = notes.join("2026-04-27-qiye-zoufang.md");
    let sheet_url = "chengguan-street/2026/liao-yong/";

    // 1. Edit a note: its text reaches the sheet page.
    let mut text = fs::read_to_string(&note).expect("note");
    text.push_str("\n补充：走访企业第二轮已完成。\n");
    fs::write(&note, &text).expect("edit");
    assert!(events.next(SETTLE).contains(&"reload".to_string()));
    let (_, page) = serve.get(sheet_url);
    assert!(String::from_utf8_lossy(&page).contains("走访企业第二轮已完成"));
    good = build(&root, &out).expect("builds");
    assert_serves(&serve, &good, "edit a note");

    // 2. Rename it (as editors' tools do: a new name, the old one gone).
    let renamed = notes.join("2026-04-28-qiye-zoufang-2.md");
    fs::rename(&note, &renamed).expect("rename");
    assert!(events.next(SETTLE).contains(&"reload".to_string()));
    good = build(&root, &out).expect("builds");
    assert_serves(&serve, &good, "rename a note");

    // 3. Delete it.
    fs::remove_file(&renamed).expect("delete");
    assert!(events.next(SETTLE).contains(&"reload".to_string()));
    good = build(&root, &out).expect("builds");
    assert_serves(&serve, &good, "delete a note");

    // 4. Add a unit with a year and a pledge, moved in at once.
    let staging = common::serve::staging(&root);
    let unit = staging.join("new-community");
    fs::create_dir_all(unit.join("2026")).expect("mkdir");
    fs::write(
        unit.join("_unit.yaml"),
        "name: 新建社区党支部\nkind: community\nmembers: 3\n",
    )
    .expect("unit");
    fs::write(
        unit.join("2026/wang-a.md"),
        "---\nname: 王甲\napproved: { by: 城关街道党工委, date: 2026-02-01 }\nitems:\n  - { id: a, title: 组织一次义诊活动, deadline: 2026-12-01 }\n---\n我承诺。\n",
    )
    .expect("sheet");
    fs::rename(&unit, root.join("content/chengguan-street/new-community")).expect("move in");
    assert!(events.next(SETTLE).contains(&"reload".to_string()));
    good = build(&root, &out).expect("builds");
    assert!(good.contains_key("chengguan-street/new-community/2026/wang-a/index.html"));
    assert_serves(&serve, &good, "add a unit");

    // 5. Break a YAML file: the errors show over the last good site.
    let unit_yaml = root.join("content/chengguan-street/_unit.yaml");
    let fine = fs::read_to_string(&unit_yaml).expect("unit yaml");
    fs::write(&unit_yaml, format!("{fine}\nkind: [unclosed\n")).expect("break");
    assert!(events.next(SETTLE).contains(&"reload".to_string()));
    let errors = build(&root, &out).expect_err("the broken site does not build");
    // `build` names the file under its --root; serve and the overlay
    // relative to the site root, with the same position and message.
    let first_error = errors.lines().next().expect("an error line");
    let (_, at) = first_error
        .split_once("content/chengguan-street/_unit.yaml:")
        .unwrap_or_else(|| panic!("the error is in the broken file: {errors}"));
    let expected_error = format!("content/chengguan-street/_unit.yaml:{at}");
    for path in pages(&good) {
        let (status, body) = served(&serve, path);
        let (rest, overlay) =
            split_overlay(&body).unwrap_or_else(|| panic!("{path}: no error overlay ({status})"));
        assert!(
            overlay.contains(&expected_error),
            "{path}: the overlay shows `{expected_error}`: {overlay}"
        );
        assert!(rest == good[path], "{path}: not the last good page");
    }
    assert!(
        serve.log().contains(&expected_error),
        "the terminal shows `{expected_error}`:\n{}",
        serve.log()
    );
    // The data files are still the last good ones, without an overlay.
    assert_eq!(served(&serve, "data/2026.json").1, good["data/2026.json"]);

    // 6. Fix it: no overlay, and the site is the fixed content's.
    fs::write(&unit_yaml, &fine).expect("fix");
    assert!(events.next(SETTLE).contains(&"reload".to_string()));
    good = build(&root, &out).expect("builds again");
    assert_serves(&serve, &good, "fix the YAML file");
    let (_, home) = serve.get("");
    assert!(split_overlay(&home).is_none(), "the overlay is gone");

    // 7. A style sheet only: `css`, not `reload`; the new sheet is served.
    events.drain();
    let mut style = fs::read_to_string(&css).expect("css");
    style.push_str("\n.pb-test-marker { color: #123456; }\n");
    fs::write(&css, &style).expect("edit css");
    let got = events.next(SETTLE);
    assert_eq!(got, ["css"], "a style sheet change swaps styles only");
    good = build(&root, &out).expect("builds");
    assert_eq!(serve.get("assets/style.css").1, style.as_bytes());
    assert_serves(&serve, &good, "edit a style sheet");

    // 8. A template override in a theme folder made while serving.
    let theme = staging.join("themes");
    fs::create_dir_all(theme.join("default/templates")).expect("mkdir");
    let (_, marked) = common::builtin_template_with("404.html", "<p>pb-test-404</p>");
    fs::write(theme.join("default/templates/404.html"), &marked).expect("template");
    fs::rename(&theme, root.join("themes")).expect("move in");
    assert!(events.next(SETTLE).contains(&"reload".to_string()));
    good = build(&root, &out).expect("builds with the template");
    assert!(String::from_utf8_lossy(&good["404.html"]).contains("pb-test-404"));
    assert_serves(&serve, &good, "add a template override");

    // 9. Break the template: the errors show over the last good site; fix.
    let template = root.join("themes/default/templates/404.html");
    fs::write(&template, "{% if %}").expect("break the template");
    assert!(events.next(SETTLE).contains(&"reload".to_string()));
    build(&root, &out).expect_err("a broken template does not build");
    let (_, home) = serve.get("");
    let (rest, overlay) = split_overlay(&home).expect("the overlay shows");
    assert!(overlay.contains("404.html"), "{overlay}");
    assert!(
        strip_live_reload(&rest) == good["index.html"],
        "the last good home page"
    );
    fs::remove_file(&template).expect("remove the template");
    assert!(events.next(SETTLE).contains(&"reload".to_string()));
    good = build(&root, &out).expect("builds without it");
    assert_serves(&serve, &good, "remove the template override");

    // And any other change after it is a reload again.
    fs::write(
        &note,
        "---\nitem: qiye-zoufang\nprogress: 10\n---\n重新开始。\n",
    )
    .expect("note");
    let got = events.next(SETTLE);
    assert!(got.contains(&"reload".to_string()), "{got:?}");
    eventually("the new note is served", || {
        String::from_utf8_lossy(&serve.get(sheet_url).1).contains("重新开始")
    });
}

#[test]
fn traversal_is_refused() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    demo_subset(&root);
    // Something outside the site that a traversal would reach.
    fs::write(tmp.path().join("secret.txt"), "TOP SECRET").expect("secret");
    let serve = Serve::start(&root);
    assert_eq!(serve.get("").0, 200);
    for target in [
        "/../secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/assets/..%2f..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/%5c..%5csecret.txt",
        "/assets%5c..%5c..%5csecret.txt",
        "//etc/passwd",
        "/%2fetc%2fpasswd",
        "/C:/Windows/win.ini",
        "/C%3a%5cWindows%5cwin.ini",
        "/index.html%00.css",
        "/%00",
        "/a%00/../../secret.txt",
    ] {
        let (status, body) = serve.get_raw(target);
        assert!(
            status == 400 || status == 404,
            "{target}: answered {status}"
        );
        let text = String::from_utf8_lossy(&body);
        assert!(
            !text.contains("TOP SECRET") && !text.contains("root:"),
            "{target}: served a file outside the site"
        );
    }
}

/// A template error that only one page's data brings out: that page shows
/// the error in the site's language over the page as it was last served
/// (over a bare page while it never rendered), the terminal names it, and
/// every other page is served as usual.
#[test]
fn a_page_that_fails_to_render_shows_the_error_over_its_last_good_version() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = fs::canonicalize(tmp.path())
        .expect("canonical")
        .join("site");
    demo_subset(&root);
    let sheet_url = "chengguan-street/2026/liao-yong/";
    let (builtin, failing) = common::builtin_template_with(
        "sheet.html",
        "{% if \"liao-yong\" in page.url %}{{ throw(message=\"pb-test-boom\") }}{% endif %}",
    );
    let templates = root.join("themes/default/templates");
    fs::create_dir_all(&templates).expect("mkdir");
    let template = templates.join("sheet.html");
    fs::write(&template, &failing).expect("template");

    let serve = Serve::start(&root);
    let events = serve.events();
    // Never rendered: the error over a bare page.
    let (status, page) = serve.get(sheet_url);
    assert_eq!(status, 500);
    let (_, overlay) = split_overlay(&page).expect("the error overlay");
    assert!(overlay.contains("pb-test-boom"), "{overlay}");
    assert!(overlay.contains("这个页面生成时出错"), "{overlay}");
    // The terminal's lines reach the test through a pipe, after the page.
    eventually("the terminal shows the error", || {
        serve.log().contains("pb-test-boom")
    });
    // The other sheets render.
    let (status, other) = serve.get("chengguan-street/2026/_unit/");
    assert_eq!(status, 200);
    assert!(split_overlay(&other).is_none());

    // Fixed, then broken again: the error over the page last served.
    fs::write(&template, &builtin).expect("fix");
    assert!(events.next(SETTLE).contains(&"reload".to_string()));
    let (status, good) = serve.get(sheet_url);
    assert_eq!(status, 200);
    assert!(split_overlay(&good).is_none());
    fs::write(&template, &failing).expect("break again");
    assert!(events.next(SETTLE).contains(&"reload".to_string()));
    let (status, page) = serve.get(sheet_url);
    assert_eq!(status, 200);
    let (rest, overlay) = split_overlay(&page).expect("the error overlay");
    assert!(overlay.contains("pb-test-boom"), "{overlay}");
    assert!(
        overlay.contains("这个页面生成时出错，显示的是上一次成功生成的结果"),
        "{overlay}"
    );
    // (Its script says the version it is served from.)
    assert!(
        strip_live_reload(&rest) == strip_live_reload(&good),
        "the page as last served, under the error"
    );
}

/// A site under a sub-path: the bare address an editor types
/// (`http://127.0.0.1:1111/`) leads to the site instead of a bare 404;
/// other paths outside it are still 404.
#[test]
fn the_bare_address_leads_to_a_site_under_a_sub_path() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    demo_subset(&root);
    let yaml = fs::read_to_string(root.join("site.yaml")).expect("site.yaml");
    let yaml: String = yaml
        .lines()
        .map(|l| {
            if l.starts_with("base_url:") {
                "base_url: https://example.gov.cn/gkcn/".to_string()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    fs::write(root.join("site.yaml"), yaml).expect("write");
    let serve = Serve::start(&root);
    assert_eq!(serve.base, "/gkcn/");
    let ask = |target: &str| {
        common::serve::request(
            serve.addr,
            &format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
        )
    };
    for bare in ["/", "/gkcn"] {
        let (status, head, _) = ask(bare);
        assert_eq!(status, 302, "{bare}: {head}");
        assert!(
            head.to_ascii_lowercase().contains("location: /gkcn/"),
            "{bare}: {head}"
        );
    }
    assert_eq!(ask("/gkcn/").0, 200);
    assert_eq!(ask("/elsewhere/").0, 404);
}

/// `serve --open` (what the double-click 预览 scripts use) hands the
/// address it serves to the system's opener (`xdg-open` here; a stand-in
/// that writes down what it was given).
#[cfg(target_os = "linux")]
#[test]
fn open_hands_the_served_address_to_the_browser() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::fs::PermissionsExt;
    use std::process::{Command, Stdio};
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    demo_subset(&root);
    let bin = tmp.path().join("bin");
    fs::create_dir_all(&bin).expect("bin");
    let opened = tmp.path().join("opened.txt");
    let opener = bin.join("xdg-open");
    fs::write(
        &opener,
        format!("#!/bin/sh\necho \"$@\" > '{}'\n", opened.display()),
    )
    .expect("opener");
    fs::set_permissions(&opener, fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let port = common::serve::free_port().to_string();
    let mut child = Command::new(common::serve::bin())
        .args(["serve", "--open", "--port", &port, "--root"])
        .arg(&root)
        .env("PATH", path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve");
    let stderr = child.stderr.take().expect("stderr");
    let mut served = String::new();
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
        if let Some(at) = line.find("http://") {
            served = line[at..]
                .split_whitespace()
                .next()
                .unwrap_or("")
                .to_string();
            break;
        }
    }
    eventually("the opener is called", || opened.exists());
    let _ = child.kill();
    let _ = child.wait();
    let got = fs::read_to_string(&opened).expect("opened");
    assert!(!served.is_empty());
    assert_eq!(
        got.trim(),
        served,
        "the opener gets the address serve printed"
    );
}

/// After each reload the terminal line counts the content's warnings and
/// points at `check` (issue 16): a stray file in a unit folder is one.
#[test]
fn the_reload_line_counts_warnings() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    demo_subset(&root);
    let serve = Serve::start(&root);
    let hint = "条提醒，运行 pledgeboard check 查看";
    assert!(!serve.log().contains(hint), "{}", serve.log());
    fs::write(root.join("content/chengguan-street/notes.txt"), "草稿").expect("stray");
    eventually("a reload line with the warning count", || {
        serve.log().lines().any(|l| l.contains(hint))
    });
}

/// The open data is written into the connection as it is made, never held
/// whole: an HTTP/1.1 client gets it chunked and can ask again on the
/// same connection, an HTTP/1.0 client gets it until the server closes,
/// `HEAD` gets the head alone; every body is the built file's bytes.
#[test]
fn open_data_is_streamed_with_the_built_bytes() {
    use std::io::{Read, Write};
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    demo_subset(&root);
    let good = build(&root, &tmp.path().join("out")).expect("builds");
    let serve = Serve::start(&root);
    for path in ["data/2026.json", "data/2026.csv"] {
        let (status, body) = served(&serve, path);
        assert_eq!((status, &body), (200, &good[path]), "{path}");
    }

    // HTTP/1.1, keep-alive: chunked, then the next answer on the same line.
    let mut s = std::net::TcpStream::connect(serve.addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    let target = format!("{}data/2026.csv", serve.base);
    write!(
        s,
        "GET {target} HTTP/1.1\r\nHost: x\r\n\r\nGET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let text = String::from_utf8_lossy(&raw).to_string();
    assert_eq!(
        text.matches("HTTP/1.1 200").count(),
        2,
        "two answers: {}",
        &text[..300.min(text.len())]
    );
    assert!(
        text.to_ascii_lowercase()
            .contains("transfer-encoding: chunked")
    );
    let second = raw
        .windows(8)
        .rposition(|w| w == b"HTTP/1.1")
        .expect("second answer");
    let body = dechunk_body(&raw[second..]);
    assert_eq!(body, good["data/2026.csv"], "the second, chunked body");

    // HTTP/1.0: no chunks, the body ends where the connection does.
    let mut s = std::net::TcpStream::connect(serve.addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(s, "GET {}data/2026.json HTTP/1.0\r\n\r\n", serve.base).expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("head") + 4;
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    assert!(
        !head.contains("chunked") && head.contains("connection: close"),
        "{head}"
    );
    assert_eq!(raw[split..], good["data/2026.json"][..]);

    // HEAD: the head alone.
    let mut s = std::net::TcpStream::connect(serve.addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30)))
        .expect("timeout");
    write!(
        s,
        "HEAD {}data/2026.json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
        serve.base
    )
    .expect("send");
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    assert!(
        raw.starts_with(b"HTTP/1.1 200") && raw.ends_with(b"\r\n\r\n"),
        "{}",
        String::from_utf8_lossy(&raw)
    );
}

/// The body of the chunked answer at the start of `raw`.
fn dechunk_body(raw: &[u8]) -> Vec<u8> {
    let start = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("head") + 4;
    let mut data = &raw[start..];
    let mut out = Vec::new();
    loop {
        let eol = data
            .windows(2)
            .position(|w| w == b"\r\n")
            .expect("size line");
        let size = usize::from_str_radix(std::str::from_utf8(&data[..eol]).expect("size"), 16)
            .expect("hex size");
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[eol + 2..eol + 2 + size]);
        data = &data[eol + 2 + size + 2..];
    }
}

/// A page asked for the moment its reload event comes is the new version,
/// never the one before: the renderer hears of a new site before any open
/// page does (a CI run once reloaded the page onto its old text).
#[test]
fn a_page_asked_for_on_its_reload_event_is_the_new_version() {
    use std::io::{BufRead, BufReader, Write};
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    demo_subset(&root);
    let serve = Serve::start(&root);
    let page = format!("{}chengguan-street/2026/liao-yong/", serve.base);
    let note = root.join("content/chengguan-street/2026/liao-yong/2026-04-27-qiye-zoufang.md");

    // On each `reload`, the page at once, from the thread that read it.
    let mut s = std::net::TcpStream::connect(serve.addr).expect("connect");
    write!(
        s,
        "GET {}__livereload HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
        serve.base
    )
    .expect("subscribe");
    let (tx, rx) = std::sync::mpsc::channel();
    let addr = serve.addr;
    std::thread::spawn(move || {
        for line in BufReader::new(s).lines().map_while(Result::ok) {
            if line.trim() == "event: reload" {
                let get =
                    format!("GET {page} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
                let (_, _, body) = common::serve::request(addr, &get);
                if tx
                    .send(String::from_utf8_lossy(&body).into_owned())
                    .is_err()
                {
                    return;
                }
            }
        }
    });
    let mut text = fs::read_to_string(&note).expect("note");
    for round in 1..=12 {
        let marker = format!("第{round}轮走访记录");
        text.push_str(&format!("\n{marker}。\n"));
        fs::write(&note, &text).expect("edit note");
        let mut last = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("a reload event within 30 s");
        while let Ok(next) = rx.recv_timeout(SETTLE) {
            last = next;
        }
        assert!(
            last.contains(&marker),
            "round {round}: the page fetched on the reload event is the one before:\n{}",
            serve.log()
        );
    }
}

/// A page is served with the version it shows (`?since=` on its script's
/// address); a change made before its script listens, or while it was
/// away, reloads it as soon as it listens again (`Last-Event-ID`). A page
/// from before the server started reloads too.
#[test]
fn a_change_a_page_missed_reloads_it_when_it_listens() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    demo_subset(&root);
    let serve = Serve::start(&root);
    let version = || {
        let (_, body) = serve.get("chengguan-street/2026/liao-yong/");
        let page = String::from_utf8_lossy(&body).into_owned();
        page.split("__livereload?since=")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .and_then(|v| v.parse::<u64>().ok())
            .unwrap_or_else(|| panic!("the page's script says its version:\n{page}"))
    };
    let since = version();

    // Up to date: nothing to say.
    let now = serve.events_with(&format!("?since={since}"), "");
    assert_eq!(now.none_within(Duration::from_millis(500)), None);

    // Changed before this page's script listens.
    let note = root.join("content/chengguan-street/2026/liao-yong/2026-04-27-qiye-zoufang.md");
    let text = fs::read_to_string(&note).expect("note") + "\n补记。\n";
    fs::write(&note, text).expect("edit note");
    now.next(SETTLE);
    let late = serve.events_with(&format!("?since={since}"), "");
    assert_eq!(late.next(SETTLE), ["reload"], "a page that missed a change");
    // Connecting again after the event it had: its id wins over `since`.
    let id = version();
    assert!(id > since, "the edit made a new version");
    let again = serve.events_with(
        &format!("?since={since}"),
        &format!("Last-Event-ID: {id}\r\n"),
    );
    assert_eq!(again.none_within(Duration::from_millis(500)), None);
    let away = serve.events_with("", &format!("Last-Event-ID: {since}\r\n"));
    assert_eq!(away.next(SETTLE), ["reload"], "a page that was away");
    // A version this server never reached: an older server's page.
    let old = serve.events_with(&format!("?since={}", since + 1000), "");
    assert_eq!(old.next(SETTLE), ["reload"], "a page from an older server");
}
