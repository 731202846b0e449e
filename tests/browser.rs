//! The demo site in a real browser: headless Chromium driven through
//! chromedriver's WebDriver HTTP API (a tiny client below, no crate).
//!
//! The demo is built once, with `note_pages: true` (into a copy), under the
//! sub-path `/sub/`, and served by a small static server in this process
//! that does what the strictest static host does: `x/` serves
//! `x/index.html`, `x` without its slash is a 404 (with `404.html`).
//!
//! - search: a Chinese word, part of a name and an ASCII id find the right
//!   pledges, from the search box of another page too, in under 300 KB;
//! - charts: every chart draws bars;
//! - print: pledge sheets print on one A4 page; the largest board's
//!   poster on a few A4 and A3 pages with its header repeated; printed
//!   posters and list pages carry the date and the site on every page;
//! - axe-core: no serious or critical violation on home, board, poster,
//!   sheet, year, search and note pages;
//! - screenshots of home, board and sheet at 360 and 1280 px are kept in
//!   `target/screenshots/`.
//!
//! - serve: `pledgeboard serve` on a copy of the demo; a note edited on
//!   disk shows in the open page, a broken file shows the error overlay,
//!   fixing it removes it, and a style sheet edit swaps styles without a
//!   reload.
//!
//! - serve --edit: through the forms as a secretary would, a note with a
//!   photo is recorded, a pledge's approval date and an item's target are
//!   changed, a review's votes and grade entered, a roster member added;
//!   the files on disk are checked, `check` passes after each, and an
//!   invalid progress is shown beside its field with nothing written.
//!
//! Without Chromium (or chromedriver, or axe-core for the axe test) the
//! tests print a notice and pass, unless `PB_REQUIRE_BROWSER=1` (as in
//! CI), where they fail. `PB_AXE` may point at `axe.min.js`.

mod common;

use common::which;

use std::collections::BTreeMap;
use std::fs;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::thread;
use std::time::Duration;

use pledgeboard::build::load_and_generate;
use pledgeboard::content::LoadOptions;
use pledgeboard::model::Date;
use pledgeboard::output::write_atomic;
use pledgeboard::render::RenderOptions;
use serde_json::{Value, json};

const TODAY: &str = "2026-11-28";
const BASE: &str = "/sub/";

// ------------------------------------------------------------- the setup

struct Tools {
    chromium: PathBuf,
    driver: PathBuf,
}

fn require() -> bool {
    std::env::var("PB_REQUIRE_BROWSER").is_ok_and(|v| v == "1")
}

/// Chromium and chromedriver, or `None` (after a notice) to skip: the
/// tests skip only where these are not installed, and fail instead under
/// `PB_REQUIRE_BROWSER=1` (CI).
fn tools(test: &str) -> Option<Tools> {
    let chromium = std::env::var_os("PB_CHROMIUM")
        .map(PathBuf::from)
        .or_else(|| which(&["chromium", "chromium-browser", "google-chrome"]));
    let driver = std::env::var_os("PB_CHROMEDRIVER")
        .map(PathBuf::from)
        .or_else(|| which(&["chromedriver"]));
    match (chromium, driver) {
        (Some(chromium), Some(driver)) => Some(Tools { chromium, driver }),
        (c, d) => {
            let missing = match (c, d) {
                (None, None) => "chromium and chromedriver",
                (None, _) => "chromium",
                _ => "chromedriver",
            };
            assert!(
                !require(),
                "{test}: {missing} not found but PB_REQUIRE_BROWSER=1 \
                 (apt-get install chromium chromium-driver)"
            );
            eprintln!(
                "NOTICE: skipping browser test {test}: {missing} not installed \
                 (apt-get install chromium chromium-driver)"
            );
            None
        }
    }
}

/// One browser at a time: the machine has two cores.
fn serial() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).expect("create folder");
    for entry in fs::read_dir(from).expect("read folder").flatten() {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

/// The served demo: its output folder and its origin.
struct Site {
    out: PathBuf,
    origin: String,
    log: &'static Mutex<Vec<(String, usize)>>,
}

impl Site {
    fn url(&self, path: &str) -> String {
        format!("{}{BASE}{path}", self.origin)
    }

    /// Bytes served since the last call, by path.
    fn take_log(&self) -> Vec<(String, usize)> {
        std::mem::take(&mut *self.log.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

/// Builds the demo (with note pages) under `/sub/` and serves it.
fn site() -> &'static Site {
    static SITE: OnceLock<Site> = OnceLock::new();
    SITE.get_or_init(|| {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let origin = format!("http://{}", listener.local_addr().expect("address"));
        let work =
            Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("browser-{}", std::process::id()));
        let _ = fs::remove_dir_all(&work);
        let root = work.join("root");
        copy_dir(&manifest().join("content"), &root.join("content"));
        let config = fs::read_to_string(manifest().join("site.yaml")).expect("site.yaml");
        fs::write(
            root.join("site.yaml"),
            format!("{}\nnote_pages: true\n", config.trim_end()),
        )
        .expect("write site.yaml");
        let out = work.join("public");
        let load = LoadOptions {
            base_url: Some(format!("{origin}{BASE}")),
            ..LoadOptions::default()
        };
        let render = RenderOptions {
            today: Date::parse(TODAY).expect("date"),
            live_reload: false,
            relative: false,
        };
        let (_, files, _) = load_and_generate(&root, &load, &render)
            .unwrap_or_else(|e| panic!("the demo does not build: {e:?}"));
        write_atomic(&out, &files).expect("write the demo");
        let log: &'static Mutex<Vec<(String, usize)>> = Box::leak(Box::new(Mutex::new(Vec::new())));
        let served = out.clone();
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let root = served.clone();
                thread::spawn(move || serve(stream, &root, log));
            }
        });
        Site { out, origin, log }
    })
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit('.').next().unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        _ => "application/octet-stream",
    }
}

fn percent_decode(text: &str) -> String {
    String::from_utf8_lossy(&common::percent_decode_bytes(text)).into_owned()
}

/// One request of the static server: no rewriting of `/x` to `/x/`.
fn serve(mut stream: TcpStream, root: &Path, log: &Mutex<Vec<(String, usize)>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&head);
    let target = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    let path = target.split(['?', '#']).next().unwrap_or("");
    let file = path.strip_prefix(BASE).map(|rel| {
        let rel = percent_decode(rel);
        if rel.is_empty() || rel.ends_with('/') {
            format!("{rel}index.html")
        } else {
            rel
        }
    });
    let found = file
        .filter(|f| !f.split('/').any(|p| p == ".."))
        .map(|f| root.join(&f))
        .filter(|p| p.is_file());
    let (status, body, kind) = match &found {
        Some(p) => (
            "200 OK",
            fs::read(p).unwrap_or_default(),
            content_type(&p.to_string_lossy()),
        ),
        None => (
            "404 Not Found",
            fs::read(root.join("404.html")).unwrap_or_default(),
            "text/html; charset=utf-8",
        ),
    };
    log.lock()
        .unwrap_or_else(|e| e.into_inner())
        .push((path.to_string(), body.len()));
    let header = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let _ = stream.write_all(header.as_bytes());
    let _ = stream.write_all(&body);
}

// ------------------------------------------------------ a WebDriver client

/// A plain HTTP/1.1 request to chromedriver on localhost.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(Duration::from_secs(120)))
        .map_err(|e| e.to_string())?;
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    // chromedriver says `Connection: close` but keeps the connection
    // open: read the head, then as many bytes as it announces.
    let mut raw = Vec::new();
    let mut buf = [0u8; 16 * 1024];
    let split = loop {
        if let Some(at) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            break at;
        }
        let n = stream.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            return Err("connection closed before the head".into());
        }
        raw.extend_from_slice(&buf[..n]);
    };
    let head = String::from_utf8_lossy(&raw[..split]).to_ascii_lowercase();
    let length = head.lines().find_map(|l| {
        l.strip_prefix("content-length:")
            .and_then(|v| v.trim().parse::<usize>().ok())
    });
    let chunked =
        head.contains("transfer-encoding: chunked") || head.contains("transfer-encoding:chunked");
    let body_done = |raw: &[u8]| match length {
        Some(n) => raw.len() >= split + 4 + n,
        None => chunked && raw.ends_with(b"0\r\n\r\n"),
    };
    while !body_done(&raw) {
        let n = stream.read(&mut buf).map_err(|e| e.to_string())?;
        if n == 0 {
            break;
        }
        raw.extend_from_slice(&buf[..n]);
    }
    let mut payload = raw[split + 4..].to_vec();
    if let Some(n) = length {
        payload.truncate(n);
    } else if chunked {
        payload = dechunk(&payload);
    }
    serde_json::from_slice(&payload)
        .map_err(|e| format!("{e}: {}", String::from_utf8_lossy(&payload)))
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}

fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for v in text.bytes().filter_map(value) {
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    out
}

/// A browser session; quits the browser and chromedriver when dropped.
struct Browser {
    driver: Child,
    port: u16,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    fn start(tools: &Tools) -> Browser {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let driver = Command::new(&tools.driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("profile folder");
        let mut browser = Browser {
            driver,
            port,
            session: String::new(),
            _profile: profile,
        };
        // chromedriver is ready when it answers /status (bounded wait).
        let ready = (0..600).any(|_| {
            let up = http(port, "GET", "/status", None)
                .is_ok_and(|v| v["value"]["ready"].as_bool() == Some(true));
            if !up {
                thread::sleep(Duration::from_millis(50));
            }
            up
        });
        assert!(ready, "chromedriver did not start");
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": tools.chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run", "--disable-extensions",
                    "--hide-scrollbars", "--force-device-scale-factor=1",
                    "--window-size=1280,900",
                    format!("--user-data-dir={}", browser._profile.path().display()),
                ]
            }
        }}});
        let created = http(port, "POST", "/session", Some(&caps)).expect("new session");
        browser.session = created["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {created}"))
            .to_string();
        browser.call(
            "POST",
            "timeouts",
            json!({"script": 60_000, "pageLoad": 60_000}),
        );
        browser
    }

    fn call(&self, method: &str, what: &str, body: Value) -> Value {
        let path = format!("/session/{}/{what}", self.session);
        let body = (method == "POST").then_some(&body);
        let reply = http(self.port, method, &path, body).unwrap_or_else(|e| panic!("{what}: {e}"));
        if reply["value"]["error"].is_string() {
            panic!("{what}: {}", reply["value"]);
        }
        reply["value"].clone()
    }

    fn goto(&self, url: &str) {
        self.call("POST", "url", json!({ "url": url }));
        // A page that goes on at once (`?large` replaces its own URL) may
        // still be loading when the navigation returns.
        self.wait_for("document.readyState === 'complete' && document.body !== null");
    }

    fn js(&self, script: &str) -> Value {
        self.call(
            "POST",
            "execute/sync",
            json!({"script": script, "args": []}),
        )
    }

    fn js_async(&self, script: &str) -> Value {
        self.call(
            "POST",
            "execute/async",
            json!({"script": script, "args": []}),
        )
    }

    /// Waits (bounded) until `condition` (a JS expression) is true.
    fn wait_for(&self, condition: &str) -> bool {
        (0..400).any(|_| {
            // A page being reloaded may have no body yet: not yet, not an error.
            let ok = self.js(&format!(
                "try {{ return !!({condition}); }} catch (e) {{ return false; }}"
            )) == json!(true);
            if !ok {
                thread::sleep(Duration::from_millis(50));
            }
            ok
        })
    }

    fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.call(
            "POST",
            "goog/cdp/execute",
            json!({"cmd": cmd, "params": params}),
        )
    }

    /// A PNG of the whole page at `width` CSS pixels, and how wide the
    /// page's content is at that width.
    fn screenshot(&self, width: u32) -> (Vec<u8>, u64) {
        let metrics = |height: u64| json!({"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600});
        self.cdp("Emulation.setDeviceMetricsOverride", metrics(800));
        let height = self
            .js("return Math.ceil(document.documentElement.scrollHeight);")
            .as_u64()
            .unwrap_or(800)
            .clamp(200, 8000);
        self.cdp("Emulation.setDeviceMetricsOverride", metrics(height));
        let content_width = self
            .js("return document.documentElement.scrollWidth;")
            .as_u64()
            .unwrap_or(0);
        let png = self.call("GET", "screenshot", json!({}));
        self.cdp("Emulation.clearDeviceMetricsOverride", json!({}));
        (base64_decode(png.as_str().unwrap_or("")), content_width)
    }

    /// The page printed to PDF on paper `width` × `height` cm, the page's
    /// own `@page` margins applying.
    fn print(&self, width: f64, height: f64) -> Vec<u8> {
        let pdf = self.call(
            "POST",
            "print",
            json!({
                "page": {"width": width, "height": height},
                "margin": {"top": 0, "bottom": 0, "left": 0, "right": 0},
                "background": true,
                "shrinkToFit": false
            }),
        );
        base64_decode(pdf.as_str().unwrap_or(""))
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = http(
                self.port,
                "DELETE",
                &format!("/session/{}", self.session),
                None,
            );
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// Pages in a PDF: `/Type /Page` objects (not `/Pages`).
fn pdf_pages(pdf: &[u8]) -> usize {
    let text = String::from_utf8_lossy(pdf);
    text.match_indices("/Type /Page")
        .filter(|(i, m)| !text[i + m.len()..].starts_with('s'))
        .count()
        + text
            .match_indices("/Type/Page")
            .filter(|(i, m)| !text[i + m.len()..].starts_with('s'))
            .count()
}

/// The search results on the page: (title, link, meta line).
fn results(b: &Browser) -> Vec<(String, String, String)> {
    let v = b.js(
        "return Array.from(document.querySelectorAll('#search-results li')).map(function (li) {\
           var a = li.querySelector('a');\
           var meta = li.querySelector('.result-meta');\
           return [(a.querySelector('.result-title') || a).textContent, a.getAttribute('href'),\
                   meta ? meta.textContent : ''];\
         });",
    );
    v.as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    (
                        r[0].as_str().unwrap_or("").to_string(),
                        r[1].as_str().unwrap_or("").to_string(),
                        r[2].as_str().unwrap_or("").to_string(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn search_for(b: &Browser, site: &Site, query: &str) -> Vec<(String, String, String)> {
    b.goto(&site.url(&format!(
        "search/?q={}",
        query
            .bytes()
            .map(|c| format!("%{c:02X}"))
            .collect::<String>()
    )));
    assert!(
        b.wait_for("document.getElementById('search-form').getAttribute('data-done') === '1'"),
        "the search for {query} did not finish"
    );
    results(b)
}

// ------------------------------------------------------------------ tests

#[test]
fn search_finds_chinese_words_parts_of_names_and_ids() {
    let Some(tools) = tools("search") else {
        return;
    };
    let _serial = serial();
    let site = site();
    let b = Browser::start(&tools);

    // A Chinese word inside item titles and note text.
    let found = search_for(&b, site, "招聘会");
    assert!(!found.is_empty(), "nothing found for 招聘会");
    let item = found
        .iter()
        .find(|(title, _, _)| title.contains("招聘会"))
        .unwrap_or_else(|| panic!("no title with 招聘会 in {found:#?}"));
    assert!(
        item.1
            .starts_with("/sub/chengguan-street/2026/_unit/#item-"),
        "{item:?}"
    );
    // Results show the status in words and the unit.
    assert!(item.2.contains("城关街道党工委"), "no unit in {item:?}");
    let statuses = [
        "已完成",
        "进行中",
        "已逾期",
        "已延期",
        "未开始",
        "已调整",
        "已放弃",
    ];
    assert!(
        statuses.iter().any(|s| item.2.contains(s)),
        "no status in {item:?}"
    );

    // Part of a name finds both pledgers of that name, first.
    let found = search_for(&b, site, "文静");
    let sheets: Vec<&str> = found
        .iter()
        .filter(|(t, _, _)| t.contains("文静"))
        .map(|(_, u, _)| u.as_str())
        .collect();
    for want in [
        "/sub/hetang-town/health-center/2026/lei-wenjing/",
        "/sub/hetang-town/dongpo-village/2026/cheng-wenjing/",
    ] {
        assert!(sheets.contains(&want), "{want} not in {sheets:?}");
    }

    // One character of a name; an ASCII id.
    let found = search_for(&b, site, "桂");
    assert!(
        found
            .iter()
            .any(|(t, u, _)| t == "易桂芳" && u == "/sub/hetang-town/2026/yi-guifang/"),
        "{found:#?}"
    );
    let found = search_for(&b, site, "guifang");
    assert!(
        found
            .iter()
            .any(|(_, u, _)| u == "/sub/hetang-town/2026/yi-guifang/"),
        "{found:#?}"
    );
    // Nothing for nonsense, and a message says so.
    assert!(search_for(&b, site, "量子纠缠").is_empty());
    let status = b.js("return document.getElementById('search-status').textContent;");
    assert!(
        status.as_str().unwrap_or("").contains("没有找到"),
        "{status}"
    );

    // The search box of another page leads to the results; the first
    // search downloads little.
    b.goto(&site.url(""));
    site.take_log();
    b.js(
        "var i = document.getElementById('site-q'); i.value = '易桂芳';\
         i.form.querySelector('button').click(); return true;",
    );
    assert!(b.wait_for(
        "location.pathname === '/sub/search/' && document.getElementById('search-form') \
         && document.getElementById('search-form').getAttribute('data-done') === '1'"
    ));
    let found = results(&b);
    assert_eq!(
        found.first().map(|r| r.1.as_str()),
        Some("/sub/hetang-town/2026/yi-guifang/"),
        "{found:#?}"
    );
    let link = b.js("return document.querySelector('#search-results a').href;");
    b.goto(link.as_str().expect("a result link"));
    assert!(b.wait_for("document.querySelector('h1') && document.querySelector('h1').textContent.indexOf('易桂芳') >= 0"));
    let log = site.take_log();
    let search_bytes: usize = log
        .iter()
        .filter(|(p, _)| p.starts_with("/sub/search/") || p.starts_with("/sub/assets/"))
        .map(|(_, n)| n)
        .sum();
    eprintln!("first search downloaded {search_bytes} bytes: {log:?}");
    assert!(search_bytes < 300_000, "{search_bytes} bytes");
}

#[test]
fn search_never_dead_ends() {
    let Some(tools) = tools("search-help") else {
        return;
    };
    let _serial = serial();
    let site = site();
    let b = Browser::start(&tools);

    // Status words and a synonym lead to the status list, whose page names
    // the status.
    for (query, word) in [("逾期", "已逾期"), ("已完成", "已完成"), ("超期", "已逾期")]
    {
        let _ = search_for(&b, site, query);
        let hits = b.js(
            "return Array.from(document.querySelectorAll('#search-results li.result-status a'))\
               .map(function (a) { return [a.textContent, a.href]; });",
        );
        let hits = hits.as_array().cloned().unwrap_or_default();
        let hit = hits
            .iter()
            .find(|h| h[0].as_str().unwrap_or("").contains(word))
            .unwrap_or_else(|| panic!("{query}: no status list for {word} in {hits:?}"));
        let href = hit[1].as_str().unwrap_or("").to_string();
        assert!(href.contains("/status/"), "{query}: {href}");
        b.js(&format!(
            "document.querySelector('#search-results li.result-status a[href=\"{href}\"]').click(); return true;"
        ));
        assert!(
            b.wait_for(&format!(
                "document.querySelector('h1') && document.querySelector('h1').textContent.indexOf('{word}') >= 0"
            )),
            "{query}: the status page {href} does not name {word}"
        );
    }

    // A query with no result: help, shorter queries to try (links that
    // search again), and the directory stays in view.
    assert!(search_for(&b, site, "量子纠缠").is_empty());
    let help = b.js(
        "var h = document.getElementById('search-help');\
         return {hidden: h.hidden, text: h.textContent,\
                 tries: Array.from(h.querySelectorAll('a.example')).map(function (a) { return a.textContent; }),\
                 directory: document.getElementById('search-directory').hidden,\
                 units: document.querySelectorAll('#search-directory a').length};",
    );
    assert_eq!(help["hidden"], json!(false), "{help}");
    assert!(
        help["text"].as_str().unwrap_or("").contains("试试"),
        "{help}"
    );
    assert_eq!(help["tries"], json!(["量子", "纠缠"]), "{help}");
    assert_eq!(help["directory"], json!(false), "{help}");
    assert!(help["units"].as_u64().unwrap_or(0) > 10, "{help}");
    b.js("document.querySelector('#search-help a.example').click(); return true;");
    assert!(b.wait_for(
        "document.getElementById('q').value === '量子' && document.getElementById('search-form').getAttribute('data-done') === '1'"
    ));

    // Every example in the hint is a search of this site that finds what
    // it names.
    b.goto(&site.url("search/"));
    let examples = b.js(
        "return Array.from(document.querySelectorAll('#search-hint a.example'))\
           .map(function (a) { return [a.textContent, a.href]; });",
    );
    let examples = examples.as_array().cloned().unwrap_or_default();
    assert!(examples.len() >= 3, "{examples:?}");
    for e in &examples {
        let (label, href) = (e[0].as_str().unwrap_or(""), e[1].as_str().unwrap_or(""));
        // As the browser resolves it against the page.
        assert!(
            href.starts_with(&format!("{}{BASE}search/?q=", site.origin)),
            "{href}"
        );
        b.goto(href);
        assert!(
            b.wait_for("document.getElementById('search-form').getAttribute('data-done') === '1'"),
            "the example {label} did not finish"
        );
        let found = results(&b);
        assert!(
            found
                .iter()
                .any(|(title, _, meta)| title.contains(label) || meta.contains(label)),
            "the example {label} finds nothing that names it: {found:#?}"
        );
    }

    // A match in the unit-and-role line is marked as in the title.
    let _ = search_for(&b, site, "书记");
    let marked = b.js(
        "return Array.from(document.querySelectorAll('#search-results .result-sub mark'))\
           .map(function (m) { return m.textContent; });",
    );
    assert!(
        marked
            .as_array()
            .is_some_and(|m| m.iter().any(|x| x.as_str().unwrap_or("").contains("书记"))),
        "{marked}"
    );
}

#[test]
fn every_chart_renders() {
    let Some(tools) = tools("charts") else {
        return;
    };
    let _serial = serial();
    let site = site();
    let b = Browser::start(&tools);
    // The demo's 2026 has no votes yet; 2025 has.
    for (page, least) in [
        ("", 2),
        ("2026/", 4),
        ("2025/", 5),
        ("chengguan-street/2026/", 4),
        ("chengguan-street/2025/", 5),
    ] {
        b.goto(&site.url(page));
        let charts = b.js(
            "return Array.from(document.querySelectorAll('figure.chart')).map(function (f) {\
               var svg = f.querySelector('svg'); var r = svg.getBoundingClientRect();\
               var bars = Array.from(svg.querySelectorAll('.chart-bar')).filter(function (b) {\
                 var x = b.getBoundingClientRect(); return x.width > 0 && x.height > 0; }).length;\
               return {id: f.id, w: r.width, h: r.height, bars: bars,\
                       title: f.querySelector('.chart-title').textContent,\
                       summary: f.querySelector('.chart-summary').textContent,\
                       rows: f.querySelectorAll('table tbody tr').length,\
                       label: svg.getAttribute('aria-labelledby')};\
             });",
        );
        let charts = charts.as_array().cloned().unwrap_or_default();
        assert!(
            charts.len() >= least,
            "{page}: {} charts: {charts:#?}",
            charts.len()
        );
        for c in &charts {
            assert!(c["w"].as_f64().unwrap_or(0.0) > 200.0, "{page}: {c}");
            assert!(c["h"].as_f64().unwrap_or(0.0) > 40.0, "{page}: {c}");
            assert!(
                c["bars"].as_u64().unwrap_or(0) >= 1,
                "{page}: no bars in {c}"
            );
            assert!(!c["summary"].as_str().unwrap_or("").is_empty(), "{c}");
            assert!(c["rows"].as_u64().unwrap_or(0) >= 1, "{c}");
        }
    }
}

#[test]
fn sheets_print_on_one_a4_page() {
    let Some(tools) = tools("print") else {
        return;
    };
    let _serial = serial();
    let site = site();
    let b = Browser::start(&tools);
    // The sheets with the most to print: most text in their printed form.
    let mut sheets: Vec<(usize, String)> = Vec::new();
    for entry in walk(&site.out) {
        let rel = entry
            .strip_prefix(&site.out)
            .expect("under output")
            .to_string_lossy()
            .replace('\\', "/");
        if !rel.ends_with("index.html") {
            continue;
        }
        let text = fs::read_to_string(&entry).unwrap_or_default();
        if let Some(at) = text.find("<section class=\"formal") {
            let end = text[at..].find("</section>").unwrap_or(0);
            let chars = text[at..at + end].chars().count();
            sheets.push((chars, rel.trim_end_matches("index.html").to_string()));
        }
    }
    assert!(sheets.len() > 100, "{} sheets", sheets.len());
    sheets.sort();
    let mut chosen: Vec<String> = sheets.iter().rev().take(3).map(|s| s.1.clone()).collect();
    chosen.push("chengguan-street/2026/_unit/".into());
    chosen.push("hetang-town/2026/yi-guifang/".into());
    for page in &chosen {
        b.goto(&site.url(page));
        let pdf = b.print(21.0, 29.7);
        assert!(pdf.starts_with(b"%PDF"), "{page}: not a PDF");
        let pages = pdf_pages(&pdf);
        assert_eq!(pages, 1, "{page} prints on {pages} A4 pages");
    }
    // The printed sheet has the formal parts and a QR code; its items
    // and statement are the page's own, laid out by the print style
    // sheet: read them back from the PDF, with the print line.
    b.goto(&site.url("hetang-town/2026/yi-guifang/"));
    let formal = b.js("return [!!document.querySelector('.formal img.qr')];");
    assert_eq!(formal[0], json!(true), "no QR code");
    let pdf = b.print(21.0, 29.7);
    // The code on paper, as a phone would see it: the printed page
    // rasterized, and a reader gets the sheet's link back.
    let codes = pdf_qr_codes(&pdf, "sheet");
    if !codes.is_empty() {
        assert_eq!(
            codes,
            [site.url("hetang-town/2026/yi-guifang/")],
            "the printed sheet's QR code"
        );
    }
    let text = pdf_texts(&pdf, "sheet").join("\n");
    if !text.is_empty() {
        for want in [
            "公开承诺书",
            "易桂芳",
            "荷塘镇",
            "序号",
            "现状基础",
            "预期效果",
            "完成时限",
            "汛期带班值守",
            "承诺说明",
            "承诺人（签字）",
            "扫码查看践诺进展",
            "数据截至 2026-11-28",
            "/hetang-town/2026/yi-guifang/",
        ] {
            assert!(
                text.contains(want),
                "{want} not on the printed sheet:\n{text}"
            );
        }
        for gone in ["践诺纪实", "民主评诺", "平均进度"] {
            assert!(!text.contains(gone), "{gone} on the printed sheet:\n{text}");
        }
    }
    // Once the year is over, each item's status is on paper.
    b.goto(&site.url("hetang-town/2025/yi-guifang/"));
    let text = pdf_texts(&b.print(21.0, 29.7), "closed sheet").join("\n");
    if !text.is_empty() {
        for want in ["状态", "已完成", "践诺结果", "全年兑现率"] {
            assert!(
                text.contains(want),
                "{want} not on the printed sheet:\n{text}"
            );
        }
    }
}

/// Poppler's `tool` and `pdf` written to a file for it, or `None` (said
/// loudly, and a failure under PB_REQUIRE_BROWSER) when it is missing.
fn poppler(tool: &str, pdf: &[u8], name: &str) -> Option<(PathBuf, PathBuf)> {
    let Some(path) = which(&[tool]) else {
        assert!(!require(), "{tool} not found but PB_REQUIRE_BROWSER=1");
        eprintln!("NOTICE: {tool} not installed (apt-get install poppler-utils)");
        return None;
    };
    let file = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("{tool}-{}-{name}.pdf", std::process::id()));
    fs::write(&file, pdf).expect("write PDF");
    Some((path, file))
}

/// The text of each page of a PDF, through poppler's `pdftotext`.
fn pdf_texts(pdf: &[u8], name: &str) -> Vec<String> {
    let Some((pdftotext, file)) = poppler("pdftotext", pdf, name) else {
        return Vec::new();
    };
    let texts = (1..=pdf_pages(pdf))
        .map(|page| {
            let out = Command::new(&pdftotext)
                .args(["-f", &page.to_string(), "-l", &page.to_string()])
                .arg(&file)
                .arg("-")
                .output()
                .expect("run pdftotext");
            String::from_utf8_lossy(&out.stdout).into_owned()
        })
        .collect();
    let _ = fs::remove_file(&file);
    texts
}

/// The QR codes a reader finds on the first printed page of `pdf`,
/// rasterized at 150 dpi in grey (`pdftoppm`, a binary PGM): what a
/// phone sees on paper, not what the page's markup says.
fn pdf_qr_codes(pdf: &[u8], name: &str) -> Vec<String> {
    let Some((pdftoppm, file)) = poppler("pdftoppm", pdf, name) else {
        return Vec::new();
    };
    let out = Command::new(&pdftoppm)
        .args(["-f", "1", "-l", "1", "-r", "150", "-gray"])
        .arg(&file)
        .output()
        .expect("run pdftoppm");
    let _ = fs::remove_file(&file);
    assert!(out.status.success(), "pdftoppm failed");
    // P5 <width> <height> <maxval>, one byte a pixel.
    let pgm = out.stdout;
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !pgm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..at]).into_owned());
    }
    assert_eq!(fields[0], "P5", "pdftoppm -gray writes a binary PGM");
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = &pgm[at + 1..];
    assert_eq!(pixels.len(), w * h, "PGM size");
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    img.detect_grids()
        .iter()
        .map(|g| g.decode().expect("a QR code found on paper decodes").1)
        .collect()
}

/// Issue 18: the 公示栏 poster of the demo's largest board prints on A4
/// and on A3 in a few pages, the members' table header repeated on each;
/// every printed page of the poster and of the list pages says as of when
/// and whose it is; list tables keep their short columns on one line.
#[test]
fn posters_print_on_a4_and_a3_and_prints_keep_their_date() {
    let Some(tools) = tools("poster print") else {
        return;
    };
    let _serial = serial();
    let site = site();
    let b = Browser::start(&tools);
    // The largest board: most rows on its poster.
    let mut boards: Vec<(usize, String)> = walk(&site.out)
        .into_iter()
        .filter(|p| p.ends_with("_poster/index.html"))
        .map(|p| {
            let text = fs::read_to_string(&p).unwrap_or_default();
            let rel = p
                .strip_prefix(&site.out)
                .expect("under output")
                .to_string_lossy()
                .replace('\\', "/");
            let board = rel.trim_end_matches("_poster/index.html").to_string();
            (text.matches("<tr").count(), board)
        })
        .collect();
    boards.sort();
    let (rows, board) = boards.pop().expect("a poster");
    assert!(rows > 20, "{board}: {rows} rows");
    let dated = |texts: &[String], what: &str| {
        for (n, text) in texts.iter().enumerate() {
            for want in ["清河区基层党组织和党员公开承诺公示", "数据截至 2026-11-28"]
            {
                assert!(
                    text.contains(want),
                    "{what}, page {}: no {want}:\n{text}",
                    n + 1
                );
            }
        }
    };
    for (folder, width, height) in [("_poster", 21.0, 29.7), ("_poster-a3", 29.7, 42.0)] {
        let page = format!("{board}{folder}/");
        b.goto(&site.url(&page));
        let pdf = b.print(width, height);
        let pages = pdf_pages(&pdf);
        // Long enough to need a second page, short enough to post.
        assert!((2..=3).contains(&pages), "{page} prints on {pages} pages");
        let texts = pdf_texts(&pdf, folder);
        if texts.is_empty() {
            continue;
        }
        dated(&texts, &page);
        for want in [
            "新华社区党委",
            "2026-11-28",
            "到期事项兑现率",
            "监督电话",
            "意见箱",
        ] {
            assert!(texts[0].contains(want), "{page}: no {want} on page 1");
        }
        for want in ["姓名", "承诺事项", "完成时限", "状态"] {
            assert!(
                texts[1].contains(want),
                "{page}: the table header is not repeated on page 2:\n{}",
                texts[1]
            );
        }
    }
    // The poster's QR code links to the board.
    b.goto(&site.url(&format!("{board}_poster/")));
    let qr = b.js("return !!document.querySelector('.poster-qr img.qr[alt]');");
    assert_eq!(qr, json!(true), "no QR code on the poster");
    let codes = pdf_qr_codes(&b.print(21.0, 29.7), "poster");
    if !codes.is_empty() {
        assert_eq!(codes, [site.url(&board)], "the printed poster's QR code");
    }

    for page in ["status/2026/overdue/", "", "categories/", "2026/"] {
        b.goto(&site.url(page));
        let pdf = b.print(21.0, 29.7);
        dated(&pdf_texts(&pdf, "list"), &format!("/{page}"));
    }
    // Printed (print media at the width of A4), the overdue list's
    // category and pledger cells are at least three characters wide (no
    // one character per line).
    b.goto(&site.url("status/2026/overdue/"));
    b.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 794, "height": 1123, "deviceScaleFactor": 1, "mobile": false}),
    );
    b.cdp("Emulation.setEmulatedMedia", json!({"media": "print"}));
    let cells = b.js(
        "var cells = Array.from(document.querySelectorAll('table.items td.cat, table.items td.who'));\
         return [cells.length, cells\
           .filter(function (td) { return td.clientWidth < 3 * parseFloat(getComputedStyle(td).fontSize); })\
           .map(function (td) { return td.textContent.trim() + ' ' + td.clientWidth; })];",
    );
    b.cdp("Emulation.setEmulatedMedia", json!({"media": ""}));
    b.cdp("Emulation.clearDeviceMetricsOverride", json!({}));
    assert!(cells[0].as_u64().unwrap_or(0) > 10, "{cells}");
    assert_eq!(cells[1], json!([]), "narrow printed cells");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn axe_source() -> Option<String> {
    let mut candidates: Vec<PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("PB_AXE") {
        candidates.push(PathBuf::from(p));
    }
    candidates.push(manifest().join("node_modules/axe-core/axe.min.js"));
    if let Some(home) = std::env::var_os("HOME") {
        candidates.push(
            PathBuf::from(home).join(".cache/pledgeboard/axe/node_modules/axe-core/axe.min.js"),
        );
    }
    candidates.iter().find_map(|p| fs::read_to_string(p).ok())
}

#[test]
fn axe_finds_no_serious_or_critical_violation() {
    let Some(tools) = tools("axe") else {
        return;
    };
    let Some(axe) = axe_source() else {
        assert!(
            !require(),
            "axe-core not found but PB_REQUIRE_BROWSER=1 (npm install axe-core; or set PB_AXE)"
        );
        eprintln!(
            "NOTICE: skipping the axe-core test: axe-core not installed (npm install axe-core)"
        );
        return;
    };
    let _serial = serial();
    let site = site();
    let b = Browser::start(&tools);
    let pages = [
        ("home", String::new()),
        ("board", "chengguan-street/2026/".to_string()),
        ("poster", "chengguan-street/2026/_poster/".to_string()),
        ("sheet", "hetang-town/2026/yi-guifang/".to_string()),
        ("year", "2026/".to_string()),
        (
            "search",
            "search/?q=%E6%8B%9B%E8%81%98%E4%BC%9A".to_string(),
        ),
        (
            "note",
            "hetang-town/2026/yi-guifang/2026-03-31-report/".to_string(),
        ),
        ("404", "no-such-page".to_string()),
    ];
    let mut problems = Vec::new();
    for (name, page) in &pages {
        b.goto(&site.url(page));
        if *name == "search" {
            assert!(b.wait_for(
                "document.getElementById('search-form').getAttribute('data-done') === '1'"
            ));
        }
        b.js(&format!("{axe}\n;return true;"));
        let violations = b.js_async(
            "var done = arguments[arguments.length - 1];\
             axe.run(document, {resultTypes: ['violations']}).then(function (r) {\
               done(r.violations.map(function (v) { return {id: v.id, impact: v.impact, help: v.help,\
                 nodes: v.nodes.slice(0, 5).map(function (n) { return n.target.join(' '); })}; }));\
             }, function (e) { done({error: String(e)}); });",
        );
        let list = violations
            .as_array()
            .unwrap_or_else(|| panic!("axe failed on {name}: {violations}"));
        for v in list {
            let impact = v["impact"].as_str().unwrap_or("");
            eprintln!("axe {name}: {impact} {} ({})", v["id"], v["help"]);
            if impact == "serious" || impact == "critical" {
                problems.push(format!("{name} ({page}): {v}"));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "serious or critical axe violations:\n{}",
        problems.join("\n")
    );
}

#[test]
fn screenshots_at_phone_and_desktop_widths() {
    let Some(tools) = tools("screenshots") else {
        return;
    };
    let _serial = serial();
    let site = site();
    let b = Browser::start(&tools);
    let dir = manifest().join("target/screenshots");
    fs::create_dir_all(&dir).expect("screenshot folder");
    let pages: BTreeMap<&str, &str> = [
        ("home", ""),
        ("board", "chengguan-street/2026/"),
        ("sheet", "hetang-town/2026/yi-guifang/"),
    ]
    .into_iter()
    .collect();
    for (name, page) in &pages {
        b.goto(&site.url(page));
        for width in [360, 1280] {
            let (png, content_width) = b.screenshot(width);
            assert!(png.starts_with(b"\x89PNG"), "{name} at {width}: not a PNG");
            // Nothing sticks out sideways (wide tables scroll in their box).
            assert!(
                content_width <= u64::from(width),
                "{name} is {content_width} px wide at {width} px"
            );
            fs::write(dir.join(format!("{name}-{width}.png")), png).expect("write screenshot");
        }
    }
}

#[test]
fn serve_updates_the_open_page_and_shows_errors() {
    let Some(tools) = tools("serve") else {
        return;
    };
    let _one = serial();
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    copy_dir(&manifest().join("content"), &root.join("content"));
    fs::copy(manifest().join("site.yaml"), root.join("site.yaml")).expect("site.yaml");
    let css = root.join("static/assets/style.css");
    fs::create_dir_all(css.parent().expect("parent")).expect("mkdir");
    fs::copy(
        manifest().join("themes/default/static/assets/style.css"),
        &css,
    )
    .expect("style.css");
    let serve = common::serve::Serve::start(&root);
    let origin = format!("http://{}{}", serve.addr, serve.base);

    let browser = Browser::start(&tools);
    browser.goto(&format!("{origin}chengguan-street/2026/liao-yong/"));
    assert!(
        browser.wait_for("document.body.innerText.includes('走访辖区中小企业')"),
        "the sheet page shows its note"
    );
    // A marker that a reload would wipe out.
    browser.js("window.pbMarker = 1; return null;");

    // A style sheet edit: the new rule applies, the page is not reloaded.
    let mut style = fs::read_to_string(&css).expect("css");
    style.push_str("\nbody { outline: 3px solid rgb(1, 2, 3); }\n");
    fs::write(&css, &style).expect("edit css");
    assert!(
        browser.wait_for("getComputedStyle(document.body).outlineColor === 'rgb(1, 2, 3)'"),
        "the new style sheet applies"
    );
    assert_eq!(
        browser.js("return window.pbMarker === 1;"),
        json!(true),
        "a style sheet change does not reload the page"
    );

    // Text appended to the note on disk appears in the open page.
    let note = root.join("content/chengguan-street/2026/liao-yong/2026-04-27-qiye-zoufang.md");
    let mut text = fs::read_to_string(&note).expect("note");
    text.push_str("\n第二轮走访新增企业7家。\n");
    fs::write(&note, &text).expect("edit note");
    assert!(
        browser.wait_for("document.body.innerText.includes('第二轮走访新增企业7家')"),
        "the page shows the edit:\n{}",
        serve.log()
    );

    // A broken file: the overlay names it, over the last good page.
    let unit = root.join("content/chengguan-street/_unit.yaml");
    let fine = fs::read_to_string(&unit).expect("unit");
    fs::write(&unit, format!("{fine}\nkind: [unclosed\n")).expect("break");
    assert!(
        browser.wait_for("document.getElementById('pb-errors') !== null"),
        "the error overlay shows"
    );
    let overlay = browser.js("return document.getElementById('pb-errors').innerText;");
    assert!(
        overlay
            .as_str()
            .unwrap_or("")
            .contains("content/chengguan-street/_unit.yaml:"),
        "the overlay names the file: {overlay}"
    );
    assert!(
        browser.js("return document.body.innerText.includes('第二轮走访新增企业7家');")
            == json!(true),
        "the last good page stays under the overlay"
    );

    // Fixed: the overlay goes.
    fs::write(&unit, &fine).expect("fix");
    assert!(
        browser.wait_for("document.getElementById('pb-errors') === null && document.body.innerText.includes('第二轮走访新增企业7家')"),
        "the overlay goes when the file is fixed"
    );
}

/// `serve --edit` through its forms, in the browser.
#[test]
fn serve_edit_forms_write_the_files() {
    let Some(tools) = tools("serve --edit") else {
        return;
    };
    let _one = serial();
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    common::serve::demo_subset(&root);
    let serve = common::serve::Serve::start_with(&root, &["--edit"]);
    let page = format!(
        "http://{}{}chengguan-street/2026/liao-yong/",
        serve.addr, serve.base
    );
    let notes = root.join("content/chengguan-street/2026/liao-yong");
    let photo = tmp.path().join("现场照片.png");
    let png: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa7\x35\x81\x84\0\0\0\0IEND\xaeB`\x82";
    fs::write(&photo, png).expect("photo");
    let browser = Browser::start(&tools);
    let element = |css: &str| -> String {
        let found = browser.call(
            "POST",
            "element",
            json!({"using": "css selector", "value": css}),
        );
        found
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}"))
            .to_string()
    };
    let check = || {
        let out = common::run(&root, &["check", "--today", TODAY]);
        assert!(out.status.success(), "{}", common::text(&out));
    };

    // 记一条进展 with a photo.
    browser.goto(&page);
    assert!(browser.wait_for("document.querySelector('#pb-note form') !== null"));
    browser.js("var f=document.querySelector('#pb-note form');\
         f.querySelector('[name=date]').value='2026-11-25';\
         f.querySelector('[name=item][value=baolian-shequ]').checked=true;\
         f.querySelector('[name=progress]').value='80';\
         f.querySelector('[name=status]').value='in-progress';\
         f.querySelector('[name=body]').value='第十一次到社区现场办公，解决停车难问题。';\
         return null;");
    let input = element("#pb-note-photo");
    browser.call(
        "POST",
        &format!("element/{input}/value"),
        json!({"text": photo.display().to_string()}),
    );
    let submit = element("#pb-note button[type=submit]");
    browser.call("POST", &format!("element/{submit}/click"), json!({}));
    assert!(
        browser.wait_for("document.body.innerText.includes('已保存') && document.body.innerText.includes('解决停车难问题')"),
        "the page comes back with the note:\n{}\n{}",
        serve.log(),
        browser.js("return location.href + '\\n' + document.body.innerText.slice(-1500);")
    );
    let note = fs::read_to_string(notes.join("2026-11-25-1.md")).expect("the note");
    assert!(note.starts_with("---\n# 践诺进展。"), "{note}");
    for line in [
        "\nitem: baolian-shequ    #",
        "\nprogress: 80    #",
        "\nstatus: in-progress    #",
        "\n---\n\n第十一次到社区现场办公，解决停车难问题。\n\n![照片1](2026-11-25-1-1.png)\n",
    ] {
        assert!(note.contains(line), "{line:?} in\n{note}");
    }
    assert_eq!(
        fs::read(notes.join("2026-11-25-1-1.png")).expect("photo"),
        png
    );
    check();

    // 修改承诺书: a new approval date and a new target.
    browser.js(
        "var d=document.querySelector('#pb-sheet');d.open=true;var f=d.querySelector('form');\
         f.querySelector('[name=approved_date]').value='2026-02-09';\
         f.querySelector('[name=\"target:qiye-zoufang\"]').value='走访企业35家以上';\
         return null;",
    );
    let submit = element("#pb-sheet button[type=submit]");
    browser.call("POST", &format!("element/{submit}/click"), json!({}));
    assert!(
        browser.wait_for("document.body.innerText.includes('走访企业35家以上')"),
        "the page shows the new target"
    );
    let sheet =
        fs::read_to_string(root.join("content/chengguan-street/2026/liao-yong.md")).expect("sheet");
    let original =
        fs::read_to_string(manifest().join("content/chengguan-street/2026/liao-yong.md"))
            .expect("demo");
    assert_eq!(
        sheet,
        original
            .replace("date: 2026-02-06 }", "date: 2026-02-09 }")
            .replace("target: 走访企业30家以上", "target: 走访企业35家以上")
    );
    check();

    // 年终评议 on the board: votes and a grade.
    let board = format!("http://{}{}chengguan-street/2026/", serve.addr, serve.base);
    browser.goto(&board);
    assert!(browser.wait_for("document.querySelector('#pb-review form') !== null"));
    browser.js(
        "var d=document.querySelector('#pb-review');d.open=true;var f=d.querySelector('form');\
         f.querySelector('[name=\"satisfied:hu-wei\"]').value='30';\
         f.querySelector('[name=\"basic:hu-wei\"]').value='4';\
         f.querySelector('[name=\"unsatisfied:hu-wei\"]').value='0';\
         f.querySelector('[name=\"grade:hu-wei\"]').value='qualified';\
         return null;",
    );
    let submit = element("#pb-review button[type=submit]");
    browser.call("POST", &format!("element/{submit}/click"), json!({}));
    assert!(
        browser.wait_for("document.body.innerText.includes('已保存')"),
        "the review is saved"
    );
    let review = fs::read_to_string(root.join("content/chengguan-street/2026/_review.yaml"))
        .expect("review");
    assert!(
        review.contains("  votes: { satisfied: 30, basic: 4, unsatisfied: 0 }\n  grade: qualified\nchang-jianjun:"),
        "{review}"
    );
    check();

    // A roster member on the unit page.
    browser.goto(&format!(
        "http://{}{}chengguan-street/",
        serve.addr, serve.base
    ));
    assert!(browser.wait_for("document.querySelector('#pb-roster form') !== null"));
    browser.js("var f=document.querySelector('#pb-roster form');\
         f.querySelector('[name=id]').value='zhou-min';f.querySelector('[name=name]').value='周敏';\
         f.querySelector('[name=role]').value='member';return null;");
    let submit = element("#pb-roster button[type=submit]");
    browser.call("POST", &format!("element/{submit}/click"), json!({}));
    assert!(
        browser.wait_for(
            "document.body.innerText.includes('已保存') && \
             [...document.querySelectorAll('#pb-roster td input')].some(i => i.value === '周敏')"
        ),
        "the member is in the table (its name in its row's field)"
    );
    let roster =
        fs::read_to_string(root.join("content/chengguan-street/_roster.yaml")).expect("roster");
    assert!(
        roster.ends_with("- id: zhou-min\n  name: 周敏\n  role: member\n  status: active\n"),
        "{roster}"
    );
    check();

    // 审定 of a draft: from the board's list to the draft's editing page,
    // approved there; the browser lands on the sheet's real page.
    let draft_board = format!(
        "http://{}{}chengguan-street/yuquan-community/2026/",
        serve.addr, serve.base
    );
    browser.goto(&draft_board);
    assert!(browser.wait_for("document.querySelector('#pb-drafts a') !== null"));
    let link = element("#pb-drafts a");
    browser.call("POST", &format!("element/{link}/click"), json!({}));
    assert!(
        browser.wait_for("document.querySelector('#pb-sheet [name=approve]') !== null"),
        "the draft's editing page: {}",
        browser.js("return location.href;")
    );
    assert!(
        browser
            .js("return document.body.innerText;")
            .as_str()
            .unwrap_or("")
            .contains("担任楼栋长，收集反映居民诉求"),
        "its items are shown"
    );
    let draft = root.join("content/chengguan-street/yuquan-community/2026/ma-tao.md");
    let draft_before = fs::read_to_string(&draft).expect("draft");
    browser.js("var f=document.querySelector('#pb-sheet form');\
         f.querySelector('[name=approve]').checked=true;\
         f.querySelector('[name=approved_by]').value='玉泉社区党支部';\
         f.querySelector('[name=approved_date]').value='2026-10-08';\
         return null;");
    let submit = element("#pb-sheet button[type=submit]");
    browser.call("POST", &format!("element/{submit}/click"), json!({}));
    assert!(
        browser.wait_for(
            "document.body.innerText.includes('已保存') && document.querySelector('#pb-note form') !== null"
        ),
        "the approved sheet's own page, with the note form: {}",
        browser.js("return location.href + '\\n' + document.body.innerText.slice(-800);")
    );
    assert_eq!(
        fs::read_to_string(&draft).expect("sheet"),
        draft_before.replace(
            "\nitems:\n",
            "\napproved: { by: 玉泉社区党支部, date: 2026-10-08 }\nitems:\n"
        )
    );
    check();

    // An invalid progress (the browser's own check bypassed): the loader's
    // message beside the field, nothing written.
    browser.goto(&page);
    assert!(browser.wait_for("document.querySelector('#pb-note form') !== null"));
    let before = common::tree(&root.join("content"));
    browser.js("var f=document.querySelector('#pb-note form');\
         f.querySelector('[name=item][value=baolian-shequ]').checked=true;\
         f.querySelector('[name=progress]').value='150';f.submit();return null;");
    assert!(
        browser.wait_for("document.getElementById('pb-note-progress-error') !== null"),
        "the error shows beside the field"
    );
    let error = browser.js("return document.getElementById('pb-note-progress-error').innerText;");
    assert!(error.as_str().unwrap_or("").contains("100"), "{error}");
    assert_eq!(
        common::tree(&root.join("content")),
        before,
        "nothing written"
    );
}

/// The demo built with `--relative` and opened from its folder as a
/// visitor with a USB copy would (`file://`, no server): styles apply on
/// the home page and on a page two folders down reached by its own link,
/// and the search page says why it cannot search there and keeps the
/// query and its lists.
#[test]
fn relative_copy_opened_from_file_urls_has_its_styles() {
    let Some(tools) = tools("relative copy") else {
        return;
    };
    let _serial = serial();
    let work = tempfile::tempdir().expect("temp folder");
    let load = LoadOptions::default();
    let render = RenderOptions {
        today: Date::parse(TODAY).expect("date"),
        live_reload: false,
        relative: true,
    };
    let (_, files, _) = load_and_generate(manifest(), &load, &render)
        .unwrap_or_else(|e| panic!("the demo does not build: {e:?}"));
    // A folder name with a space and Chinese, as a USB stick's may have.
    let out = work.path().join("U盘 副本");
    write_atomic(&out, &files).expect("write the demo");
    let b = Browser::start(&tools);
    let file_url = |path: &str| {
        format!(
            "file://{}/{path}",
            out.display()
                .to_string()
                .bytes()
                .map(|c| if c.is_ascii_alphanumeric() || b"/-_.".contains(&c) {
                    (c as char).to_string()
                } else {
                    format!("%{c:02X}")
                })
                .collect::<String>()
        )
    };
    let styled = "getComputedStyle(document.querySelector('.masthead')).backgroundColor";
    b.goto(&file_url("index.html"));
    assert_eq!(
        b.js(&format!("return {styled};")),
        json!("rgb(183, 28, 28)"),
        "the home page from file:// has no styles"
    );
    // Follow the page's own link to a board, as a reader taps it.
    let href = b.js(
        "var a = document.querySelector('a[href$=\"chengguan-street/2026/index.html\"]');\
         return a ? a.href : null;",
    );
    let href = href
        .as_str()
        .expect("a link to the board from the home page");
    assert!(href.starts_with("file://"), "{href}");
    b.goto(href);
    assert_eq!(
        b.js(&format!("return {styled};")),
        json!("rgb(183, 28, 28)")
    );
    assert_eq!(
        b.js("return document.querySelector('h1').textContent.indexOf('城关') >= 0;"),
        json!(true),
        "the board did not open"
    );
    // Every site link on the board stays inside the copy.
    let outside = b.js(
        "return Array.from(document.querySelectorAll('a[href], link[href]')).map(function (a) { return a.href; })\
           .filter(function (h) { return h.indexOf('file://') === 0 && h.indexOf(location.href.split('/chengguan-street/')[0]) !== 0; });",
    );
    assert_eq!(outside, json!([]), "links leave the copy");
    b.goto(&format!(
        "{}?q=%E9%80%BE%E6%9C%9F",
        file_url("search/index.html")
    ));
    assert!(b.wait_for("document.getElementById('search-form').getAttribute('data-done') === '1'"));
    assert_eq!(
        b.js("return document.getElementById('q').value;"),
        json!("逾期")
    );
    let status = b.js("return document.getElementById('search-status').textContent;");
    assert!(
        status.as_str().is_some_and(|s| s.contains("U盘")),
        "the search page does not say why it cannot search: {status}"
    );
    // The status word still leads to its list, and the directory shows.
    assert_eq!(
        b.js("return !!document.querySelector('#search-results .result-status a[href*=\"status/2026/overdue/index.html\"]');"),
        json!(true)
    );
    assert_eq!(
        b.js("return document.getElementById('search-directory').hidden;"),
        json!(false)
    );
}

/// On a phone (360 px), the links a reader taps — masthead, crumbs,
/// picker, tables, year links, permalinks, footer — are at least 44×44
/// CSS px, the crumbs take one line, and `?large` makes the text larger.
#[test]
fn tap_targets_are_44_px_on_a_phone_and_large_text_works() {
    let Some(tools) = tools("tap targets") else {
        return;
    };
    let _serial = serial();
    let site = site();
    let b = Browser::start(&tools);
    b.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({"width": 360, "height": 800, "deviceScaleFactor": 1, "mobile": true}),
    );
    let measure = "return Array.from(document.querySelectorAll(\
        '.nav a, .crumbs a, .picker a, .picker summary, main td a, .tree a, .year-links a, .permalink, .footer a, .status-counts a'))\
        .filter(function (a) { return a.getBoundingClientRect().width > 0; })\
        .map(function (a) { var r = a.getBoundingClientRect(); return [a.className + ' ' + a.textContent.trim().slice(0, 20), r.width, r.height]; })\
        .filter(function (x) { return x[1] < 43.5 || x[2] < 43.5; });";
    let mut small = Vec::new();
    for page in [
        "",
        "chengguan-street/2026/",
        "hetang-town/2026/yi-guifang/",
        "2026/",
    ] {
        b.goto(&site.url(page));
        let counted = b.js("return document.querySelectorAll('.crumbs a, .nav a').length;");
        assert!(
            counted.as_u64().unwrap_or(0) > 0,
            "nothing measured on {page}"
        );
        for x in b.js(measure).as_array().into_iter().flatten() {
            small.push(format!("{page}: {x}"));
        }
        let height =
            b.js("return document.querySelector('.crumbs ol').getBoundingClientRect().height;");
        assert!(
            height.as_f64().unwrap_or(99.0) < 60.0,
            "crumbs wrap on {page}: {height}"
        );
    }
    assert!(
        small.is_empty(),
        "tap targets under 44 px:\n{}",
        small.join("\n")
    );
    b.goto(&site.url(""));
    let normal = b.js("return parseFloat(getComputedStyle(document.body).fontSize);");
    b.goto(&format!("{}?large", site.url("")));
    let large = b.js("return parseFloat(getComputedStyle(document.body).fontSize);");
    assert!(
        large.as_f64().unwrap_or(0.0) >= normal.as_f64().unwrap_or(16.0) * 1.2,
        "?large: {normal} -> {large}"
    );
}
