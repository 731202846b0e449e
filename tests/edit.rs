//! `pledgeboard serve --edit` over HTTP, as a browser and as an attacker
//! would post: the note a form writes is byte for byte the file
//! `pledgeboard new note` writes plus the text and photos, `check` passes
//! after it, and the page reloads with it; posts without the page's
//! token, replayed, cross-site, with path tricks in any field, oversized
//! or with disguised uploads write nothing; a file changed since the form
//! was made is a conflict; pages without `--edit`, pages served to
//! another address and `build` output carry no trace of the forms.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::serve::{Serve, TODAY, build, demo_subset, request_bytes};
use common::{run, text, tree};

const SHEET: &str = "chengguan-street/2026/liao-yong/";
const SHEET_FILE: &str = "content/chengguan-street/2026/liao-yong.md";
const NOTES: &str = "content/chengguan-street/2026/liao-yong";
/// A sheet not yet approved (no `approved:`): not published.
const DRAFT: &str = "chengguan-street/yuquan-community/2026/ma-tao/";
const DRAFT_FILE: &str = "content/chengguan-street/yuquan-community/2026/ma-tao.md";
const DRAFT_BOARD: &str = "chengguan-street/yuquan-community/2026/";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89\0\0\0\rIDATx\x9cc\xf8\xff\xff?\0\x05\xfe\x02\xfe\xa7\x35\x81\x84\0\0\0\0IEND\xaeB`\x82";

fn site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path().join("site");
    demo_subset(&root);
    (dir, root)
}

/// The hidden fields of the page's note form.
fn note_form(serve: &Serve, page: &str) -> Vec<(String, String)> {
    let (status, body) = serve.get(page);
    assert_eq!(status, 200);
    hidden_fields(&String::from_utf8_lossy(&body), "note")
}

fn hidden_fields(html: &str, form: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(html);
    let sel =
        scraper::Selector::parse(&format!("#pb-{form} form input[type=hidden]")).expect("sel");
    let fields: Vec<(String, String)> = doc
        .select(&sel)
        .map(|e| {
            let v = e.value();
            (
                v.attr("name").unwrap_or("").to_string(),
                v.attr("value").unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(fields.len(), 5, "the form's hidden fields: {fields:?}");
    fields
}

/// A multipart body of `fields` and `files` (field, file name, bytes).
fn multipart(fields: &[(String, String)], files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----pbtestboundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (n, v) in fields {
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{n}\"\r\n\r\n{v}\r\n")
                .as_bytes(),
        );
    }
    for (n, file, bytes) in files {
        body.extend_from_slice(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{n}\"; filename=\"{file}\"\r\nContent-Type: image/jpeg\r\n\r\n").as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Posts a body to `__edit` as a same-origin page of the server would.
fn post(serve: &Serve, ctype: &str, body: &[u8]) -> (u16, String, String) {
    post_with(serve, ctype, body, &same_origin(serve))
}

fn same_origin(serve: &Serve) -> Vec<(String, String)> {
    let host = serve.addr.to_string();
    vec![
        ("Host".into(), host.clone()),
        ("Origin".into(), format!("http://{host}")),
        ("Sec-Fetch-Site".into(), "same-origin".into()),
    ]
}

fn post_with(
    serve: &Serve,
    ctype: &str,
    body: &[u8],
    headers: &[(String, String)],
) -> (u16, String, String) {
    let mut raw = format!("POST {}__edit HTTP/1.1\r\n", serve.base);
    for (n, v) in headers {
        raw.push_str(&format!("{n}: {v}\r\n"));
    }
    raw.push_str(&format!(
        "Content-Type: {ctype}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    ));
    let mut bytes = raw.into_bytes();
    bytes.extend_from_slice(body);
    let (status, head, body) = request_bytes(serve.addr, &bytes);
    (status, head, String::from_utf8_lossy(&body).into_owned())
}

/// The form's hidden fields with these filled-in ones.
fn with(hidden: &[(String, String)], filled: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut all = hidden.to_vec();
    all.extend(filled.iter().map(|(n, v)| (n.to_string(), v.to_string())));
    all
}

fn content(root: &Path) -> BTreeMap<String, Vec<u8>> {
    tree(&root.join("content"))
}

fn check_passes(root: &Path) {
    let out = run(root, &["check", "--today", TODAY]);
    assert!(
        out.status.success(),
        "check after the write: {}",
        text(&out)
    );
}

#[test]
fn a_note_with_a_photo_is_the_file_new_note_writes_and_the_page_shows_it() {
    let (_dir, root) = site();
    // What `pledgeboard new note` writes, in a copy of the same site.
    let (_dir2, twin) = site();
    let out = run(
        &twin,
        &[
            "new",
            "note",
            "chengguan-street/2026/liao-yong",
            "--item",
            "baolian-shequ",
            "--item",
            "qiye-zoufang",
            "--progress",
            "60",
            "--status",
            "in-progress",
            "--title",
            "Job fair",
            "--today",
            "2026-11-20",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let stem = "2026-11-20-job-fair";
    let cli_note =
        std::fs::read_to_string(twin.join(NOTES).join(format!("{stem}.md"))).expect("new note");

    let serve = Serve::start_with(&root, &["--edit"]);
    let hidden = note_form(&serve, SHEET);
    let fields = with(
        &hidden,
        &[
            ("date", "2026-11-20"),
            ("item", "baolian-shequ"),
            ("item", "qiye-zoufang"),
            ("progress", "60"),
            ("status", "in-progress"),
            ("deadline", ""),
            ("title", "Job fair"),
            ("body", "第三场招聘会在社区举办，\r\n**42** 家企业参加。"),
        ],
    );
    let (ctype, body) = multipart(&fields, &[("photo", "现场.jpg", PNG)]);
    let before = content(&root);
    let (status, head, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 303, "{head}\n{answer}\n{}", serve.log());
    let location = head
        .lines()
        .find_map(|l| l.strip_prefix("Location: "))
        .expect("Location");
    assert!(
        location.starts_with(&format!("{}{SHEET}?pb-saved=", serve.base)),
        "{location}"
    );

    let after = content(&root);
    let added: Vec<&String> = after.keys().filter(|k| !before.contains_key(*k)).collect();
    let note_key = format!("chengguan-street/2026/liao-yong/{stem}.md");
    let photo_key = format!("chengguan-street/2026/liao-yong/{stem}-1.png");
    assert_eq!(
        added,
        [&photo_key, &note_key],
        "exactly the note and its photo"
    );
    for (k, v) in &before {
        assert_eq!(after.get(k), Some(v), "{k} unchanged");
    }
    let expected = format!(
        "{cli_note}\n第三场招聘会在社区举办，\n**42** 家企业参加。\n\n![照片1]({stem}-1.png)\n"
    );
    assert_eq!(String::from_utf8_lossy(&after[&note_key]), expected);
    assert_eq!(after[&photo_key], PNG);
    check_passes(&root);

    // The page the browser is sent back to has the note, and says so.
    let (status, page) = serve.get(location.strip_prefix(&serve.base).expect("base"));
    assert_eq!(status, 200);
    let page = String::from_utf8_lossy(&page);
    assert!(
        page.contains("42</strong> 家企业参加"),
        "the note is on the page"
    );
    assert!(
        page.contains(&format!("{stem}-1.png")),
        "the photo is on the page"
    );
    assert!(
        page.contains(&format!("已保存：content/{note_key}")),
        "the notice"
    );
    let (status, served_photo) = serve.get(&format!("{SHEET}{stem}-1.png"));
    assert_eq!((status, served_photo.as_slice()), (200, PNG));
}

#[test]
fn an_invalid_form_is_refused_beside_its_fields_and_writes_nothing() {
    let (_dir, root) = site();
    let serve = Serve::start_with(&root, &["--edit"]);
    let before = content(&root);
    let hidden = note_form(&serve, SHEET);
    let fields = with(
        &hidden,
        &[
            ("date", "2026-11-20"),
            ("item", "baolian-shequ"),
            ("progress", "150"),
            ("status", "in-progress"),
            ("deadline", "2027-01-31"),
            ("body", "正文"),
        ],
    );
    let (ctype, body) = multipart(&fields, &[]);
    let (status, _, page) = post(&serve, &ctype, &body);
    assert_eq!(status, 422, "{page}");
    let doc = scraper::Html::parse_document(&page);
    let error = |id: &str| {
        let sel = scraper::Selector::parse(&format!("#{id}")).expect("sel");
        doc.select(&sel)
            .next()
            .map(|e| e.text().collect::<String>())
    };
    // The loader's own messages (`check` says the same of such a file).
    let progress = error("pb-note-progress-error").expect("an error beside progress");
    assert!(
        progress.contains("progress") && progress.contains("100"),
        "{progress}"
    );
    let deadline = error("pb-note-deadline-error").expect("an error beside deadline");
    assert!(deadline.contains("delayed"), "{deadline}");
    assert!(error("pb-note-title-error").is_none());
    // The values sent are kept in the form.
    assert!(page.contains("value=\"150\""));
    assert!(page.contains(">正文</textarea>"));
    assert_eq!(content(&root), before, "nothing written");
    // No item ticked, a date in another year.
    let hidden = hidden_fields(&page, "note");
    let (ctype, body) = multipart(&with(&hidden, &[("date", "2025-05-01")]), &[]);
    let (status, _, page) = post(&serve, &ctype, &body);
    assert_eq!(status, 422);
    assert!(page.contains("id=\"pb-note-item-error\""), "{page}");
    assert!(page.contains("id=\"pb-note-date-error\""));
    assert_eq!(content(&root), before, "nothing written");
}

#[test]
fn posts_without_the_pages_token_or_from_elsewhere_write_nothing() {
    let (_dir, root) = site();
    let serve = Serve::start_with(&root, &["--edit"]);
    let before = content(&root);
    let unchanged = |what: &str| assert_eq!(content(&root), before, "{what}: nothing written");
    let good = [
        ("date", "2026-11-20"),
        ("item", "baolian-shequ"),
        ("title", "x"),
    ];
    let set = |hidden: &[(String, String)], name: &str, value: &str| -> Vec<(String, String)> {
        let mut h: Vec<(String, String)> = hidden
            .iter()
            .map(|(n, v)| {
                (
                    n.clone(),
                    if n == name {
                        value.to_string()
                    } else {
                        v.clone()
                    },
                )
            })
            .collect();
        h.extend(good.iter().map(|(n, v)| (n.to_string(), v.to_string())));
        h
    };

    // No token, a made-up one, one of another page, a changed target,
    // form kind, version or nonce.
    let hidden = note_form(&serve, SHEET);
    let other = note_form(&serve, "chengguan-street/2026/hu-wei/");
    let other_token = other
        .iter()
        .find(|(n, _)| n == "token")
        .expect("token")
        .1
        .clone();
    for (name, value) in [
        ("token", ""),
        (
            "token",
            "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        ),
        ("token", other_token.as_str()),
        ("target", "chengguan-street/2026/hu-wei"),
        ("target", "../../site"),
        ("target", "chengguan-street/2026/liao-yong/../hu-wei"),
        ("form", "sheet"),
        ("version", "new"),
        ("nonce", "00000000000000000000000000000000"),
    ] {
        let (ctype, body) = multipart(&set(&hidden, name, value), &[]);
        let (status, _, answer) = post(&serve, &ctype, &body);
        assert_eq!(status, 403, "{name}={value}: {answer}");
        unchanged(name);
    }
    // The same valid form from elsewhere: other origins, a rebound name.
    let host = serve.addr.to_string();
    for headers in [
        vec![
            ("Host", host.clone()),
            ("Origin", "http://evil.example".to_string()),
        ],
        vec![("Host", host.clone()), ("Origin", "null".to_string())],
        vec![
            ("Host", host.clone()),
            ("Sec-Fetch-Site", "cross-site".to_string()),
        ],
        vec![("Host", "evil.example".to_string())],
        vec![
            ("Host", format!("evil.example:{}", serve.addr.port())),
            (
                "Origin",
                format!("http://evil.example:{}", serve.addr.port()),
            ),
        ],
    ] {
        let hidden = note_form(&serve, SHEET);
        let (ctype, body) = multipart(&set(&hidden, "", ""), &[]);
        let headers: Vec<(String, String)> = headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.clone()))
            .collect();
        let (status, _, _) = post_with(&serve, &ctype, &body, &headers);
        assert_eq!(status, 403, "{headers:?}");
        unchanged("cross-site");
    }
    // URL-encoded (what a cross-site HTML form sends) without a token.
    let (status, _, _) = post_with(
        &serve,
        "application/x-www-form-urlencoded",
        b"form=note&target=chengguan-street%2F2026%2Fliao-yong&item=baolian-shequ&date=2026-11-20",
        &same_origin(&serve),
    );
    assert_eq!(status, 403);
    unchanged("urlencoded without a token");
    // Another method, or an endpoint that is not the form's.
    let (status, _, _) = request_bytes(
        serve.addr,
        format!(
            "PUT {}__edit HTTP/1.1\r\nHost: {host}\r\nContent-Length: 0\r\n\r\n",
            serve.base
        )
        .as_bytes(),
    );
    assert_eq!(status, 405);
    let (status, _, _) = request_bytes(
        serve.addr,
        format!(
            "POST {}{SHEET} HTTP/1.1\r\nHost: {host}\r\nContent-Length: 3\r\n\r\nabc",
            serve.base
        )
        .as_bytes(),
    );
    assert_eq!(status, 405);
    unchanged("other endpoints");

    // A valid post writes once; the same post again is a replay.
    let hidden = note_form(&serve, SHEET);
    let (ctype, body) = multipart(&set(&hidden, "", ""), &[]);
    let (status, _, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 303, "{answer}");
    let once = content(&root);
    assert_eq!(once.len(), before.len() + 1);
    let (status, _, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 403, "replayed: {answer}");
    assert!(answer.contains("已经提交过"), "{answer}");
    assert_eq!(content(&root), once, "a replay writes nothing");
}

#[test]
fn path_tricks_in_any_field_write_nothing_outside_the_notes_folder() {
    let (_dir, root) = site();
    let serve = Serve::start_with(&root, &["--edit"]);
    let before = content(&root);
    let tricks = [
        ("item", "../../../site"),
        ("item", "baolian-shequ/../../x"),
        ("date", "2026-11-20/../../../x"),
        ("date", "../2026-11-20"),
        ("status", "../../x"),
        ("progress", "../1"),
        ("deadline", "..\\..\\x"),
    ];
    for (name, value) in tricks {
        let hidden = note_form(&serve, SHEET);
        let mut filled = vec![("date", "2026-11-20"), ("item", "baolian-shequ")];
        filled.retain(|(n, _)| *n != name);
        filled.push((name, value));
        let (ctype, body) = multipart(&with(&hidden, &filled), &[]);
        let (status, _, page) = post(&serve, &ctype, &body);
        assert_eq!(status, 422, "{name}={value}: {page}");
        assert_eq!(content(&root), before, "{name}={value}: nothing written");
    }
    // A title and a file name full of tricks: the note gets a generated
    // name in the sheet's notes folder, the photo too.
    let hidden = note_form(&serve, SHEET);
    let fields = with(
        &hidden,
        &[
            ("date", "2026-11-20"),
            ("item", "baolian-shequ"),
            ("title", "../../../../etc/passwd"),
        ],
    );
    let (ctype, body) = multipart(&fields, &[("photo", "../../../site.yaml", PNG)]);
    let (status, _, page) = post(&serve, &ctype, &body);
    assert_eq!(status, 303, "{page}");
    let after = tree(root.parent().expect("parent"));
    let new: Vec<&String> = after
        .keys()
        .filter(|k| !before.contains_key(k.strip_prefix("site/content/").unwrap_or(k)))
        .filter(|k| k.starts_with("site/content/") || !k.starts_with("site/"))
        .collect();
    assert_eq!(
        new,
        [
            "site/content/chengguan-street/2026/liao-yong/2026-11-20-etc-passwd-1.png",
            "site/content/chengguan-street/2026/liao-yong/2026-11-20-etc-passwd.md",
        ]
    );
    check_passes(&root);
}

#[test]
fn oversized_and_disguised_uploads_are_refused() {
    let (_dir, root) = site();
    let serve = Serve::start_with(&root, &["--edit"]);
    let before = content(&root);
    let svg: &[u8] = b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>";
    let html: &[u8] = b"<!DOCTYPE html><script>alert(document.cookie)</script>";
    let mut big = PNG.to_vec();
    big.resize(8 << 20 | 1, 0);
    for (name, bytes) in [("photo.jpg", svg), ("photo.png", html), ("big.png", &big)] {
        let hidden = note_form(&serve, SHEET);
        let fields = with(
            &hidden,
            &[("date", "2026-11-20"), ("item", "baolian-shequ")],
        );
        let (ctype, body) = multipart(&fields, &[("photo", name, bytes)]);
        let (status, _, page) = post(&serve, &ctype, &body);
        assert_eq!(status, 422, "{name}");
        assert!(
            page.contains("id=\"pb-note-photo-error\""),
            "{name}: the error beside the photos"
        );
        assert_eq!(content(&root), before, "{name}: nothing written");
    }
    // A body over the limit is refused before it is read.
    let hidden = note_form(&serve, SHEET);
    let (ctype, _) = multipart(&hidden, &[]);
    let mut raw = format!(
        "POST {}__edit HTTP/1.1\r\nHost: {}\r\nContent-Type: {ctype}\r\nContent-Length: 1000000000\r\n\r\n",
        serve.base, serve.addr
    )
    .into_bytes();
    raw.extend_from_slice(&[b'x'; 1000]);
    let (status, _, _) = request_bytes(serve.addr, &raw);
    assert_eq!(status, 413);
    assert_eq!(content(&root), before);
}

#[test]
fn a_sheet_changed_since_the_form_was_opened_is_a_conflict() {
    let (_dir, root) = site();
    let serve = Serve::start_with(&root, &["--edit"]);
    let hidden = note_form(&serve, SHEET);
    // Someone saves the sheet in a text editor meanwhile.
    let sheet = root.join(SHEET_FILE);
    let mut changed = std::fs::read_to_string(&sheet).expect("sheet");
    changed.push_str("\n另一位编辑加的一句话。\n");
    std::fs::write(&sheet, &changed).expect("write");
    let before = content(&root);
    let fields = with(
        &hidden,
        &[
            ("date", "2026-11-20"),
            ("item", "baolian-shequ"),
            ("body", "我的文字"),
        ],
    );
    let (ctype, body) = multipart(&fields, &[]);
    let (status, _, page) = post(&serve, &ctype, &body);
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("冲突"), "the conflict is said");
    assert!(
        page.contains(">我的文字</textarea>"),
        "what was typed is kept"
    );
    assert_eq!(content(&root), before, "nothing written");
    assert_eq!(std::fs::read_to_string(&sheet).expect("sheet"), changed);
}

#[test]
fn no_trace_without_edit_elsewhere_or_in_build() {
    let (dir, root) = site();
    let markers = ["pb-edit", "__edit", "在浏览器里填写"];
    let has_trace = |bytes: &[u8]| {
        let t = String::from_utf8_lossy(bytes);
        markers.iter().find(|m| t.contains(*m)).copied()
    };
    {
        let plain = Serve::start(&root);
        let (status, page) = plain.get(SHEET);
        assert_eq!(status, 200);
        assert_eq!(has_trace(&page), None);
        let (status, _, _) = post(&plain, "application/x-www-form-urlencoded", b"form=note");
        assert_eq!(status, 405, "no editing endpoint without --edit");
    }
    let serve = Serve::start_with(&root, &["--edit"]);
    let (_, page) = serve.get(SHEET);
    assert!(
        has_trace(&page).is_some(),
        "the forms are there with --edit"
    );
    // Pages that are not a sheet, board or unit have no forms.
    let (_, search) = serve.get("search/");
    assert_eq!(has_trace(&search), None);
    // A draft's editing page is the editing layer's only.
    let (status, _) = serve.get(DRAFT);
    assert_eq!(status, 200);
    drop(serve);
    let plain = Serve::start(&root);
    let (status, page) = plain.get(DRAFT);
    assert_eq!(status, 404, "no draft page without --edit");
    assert_eq!(has_trace(&page), None);
    drop(plain);
    let built = build(&root, &dir.path().join("out")).expect("build");
    for (path, bytes) in &built {
        assert_eq!(has_trace(bytes), None, "{path}");
        assert!(!path.starts_with(DRAFT), "{path}: a draft's page is built");
    }
    let board = &built["chengguan-street/yuquan-community/2026/index.html"];
    assert!(!String::from_utf8_lossy(board).contains("/ma-tao/"));
}

#[test]
fn the_sheet_form_changes_only_the_lines_of_the_changed_keys() {
    let (_dir, root) = site();
    let serve = Serve::start_with(&root, &["--edit"]);
    let sheet = root.join(SHEET_FILE);
    let original = std::fs::read_to_string(&sheet).expect("sheet");
    let (_, page) = serve.get(SHEET);
    let page = String::from_utf8_lossy(&page);
    let hidden = hidden_fields(&page, "sheet");
    // The form shows the values as they are.
    let doc = scraper::Html::parse_document(&page);
    let value = |name: &str| {
        let sel = scraper::Selector::parse(&format!("#pb-sheet [name=\"{name}\"]")).expect("sel");
        doc.select(&sel)
            .next()
            .and_then(|e| e.value().attr("value").map(str::to_string))
    };
    assert_eq!(value("approved_by").as_deref(), Some("城关街道党工委"));
    assert_eq!(value("approved_date").as_deref(), Some("2026-02-06"));
    assert_eq!(
        value("target:qiye-zoufang").as_deref(),
        Some("走访企业30家以上")
    );
    let mut filled: Vec<(String, String)> = ["approved_by", "approved_date"]
        .iter()
        .chain(
            [
                "deadline:baolian-shequ",
                "target:baolian-shequ",
                "baseline:baolian-shequ",
                "deadline:xinfang-jiedai",
                "target:xinfang-jiedai",
                "baseline:xinfang-jiedai",
                "deadline:qiye-zoufang",
                "target:qiye-zoufang",
                "baseline:qiye-zoufang",
            ]
            .iter(),
        )
        .map(|n| (n.to_string(), value(n).unwrap_or_default()))
        .collect();
    let set = |f: &mut Vec<(String, String)>, n: &str, v: &str| {
        f.iter_mut().find(|(k, _)| k == n).expect(n).1 = v.to_string();
    };
    set(&mut filled, "approved_date", "2026-02-10");
    set(&mut filled, "deadline:xinfang-jiedai", "2026-10-31");
    set(&mut filled, "target:qiye-zoufang", "走访企业40家以上");
    set(&mut filled, "baseline:qiye-zoufang", "2025年走访12家");
    let mut fields = hidden.clone();
    fields.extend(filled.iter().cloned());
    let (ctype, body) = multipart(&fields, &[]);
    let (status, head, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 303, "{head}{answer}");
    let expected = original
        .replace(
            "approved: { by: 城关街道党工委, date: 2026-02-06 }",
            "approved: { by: 城关街道党工委, date: 2026-02-10 }",
        )
        .replace("    deadline: 2026-09-30\n", "    deadline: 2026-10-31\n")
        .replace(
            "    target: 走访企业30家以上\n",
            "    target: 走访企业40家以上\n    baseline: 2025年走访12家\n",
        );
    assert_ne!(expected, original);
    assert_eq!(std::fs::read_to_string(&sheet).expect("sheet"), expected);
    check_passes(&root);
    let (_, page) = serve.get(SHEET);
    assert!(String::from_utf8_lossy(&page).contains("走访企业40家以上"));

    // An invalid date is refused beside its field; nothing is written.
    let (_, page) = serve.get(SHEET);
    let mut fields = hidden_fields(&String::from_utf8_lossy(&page), "sheet");
    fields.extend(filled.iter().cloned());
    fields.retain(|(n, _)| n != "deadline:baolian-shequ");
    fields.push(("deadline:baolian-shequ".into(), "2026-02-30".into()));
    let (ctype, body) = multipart(&fields, &[]);
    let (status, _, page) = post(&serve, &ctype, &body);
    assert_eq!(status, 422);
    assert!(
        page.contains("id=\"pb-sheet-deadline:baolian-shequ-error\""),
        "{page}"
    );
    assert_eq!(std::fs::read_to_string(&sheet).expect("sheet"), expected);

    // A change on disk since the form was made: a conflict, the form made
    // anew from the file as it is (what was sent is not offered again).
    let (_, page) = serve.get(SHEET);
    let mut fields = hidden_fields(&String::from_utf8_lossy(&page), "sheet");
    let edited = expected.replace("走访企业40家以上", "走访企业50家以上");
    std::fs::write(&sheet, &edited).expect("write");
    fields.extend(filled.iter().cloned());
    let (ctype, body) = multipart(&fields, &[]);
    let (status, _, page) = post(&serve, &ctype, &body);
    assert_eq!(status, 409);
    assert!(page.contains("冲突"));
    assert_eq!(std::fs::read_to_string(&sheet).expect("sheet"), edited);
}

#[test]
fn a_roster_member_without_a_sheet_gets_the_sheet_new_pledge_writes() {
    let roster = "content/chengguan-street/_roster.yaml";
    let add = |root: &Path| {
        let path = root.join(roster);
        let mut text = std::fs::read_to_string(&path).expect("roster");
        text.push_str("- id: zhou-min\n  name: 周敏\n  role: member\n  status: active\n");
        std::fs::write(&path, text).expect("roster");
    };
    let (_dir, root) = site();
    add(&root);
    let (_dir2, twin) = site();
    add(&twin);
    let out = run(&twin, &["new", "pledge", "chengguan-street/2026/zhou-min"]);
    assert!(out.status.success(), "{}", text(&out));
    let sheet = "content/chengguan-street/2026/zhou-min.md";
    let expected = std::fs::read(twin.join(sheet)).expect("new pledge");

    let serve = Serve::start_with(&root, &["--edit"]);
    let (status, page) = serve.get("chengguan-street/2026/");
    assert_eq!(status, 200);
    let page = String::from_utf8_lossy(&page);
    assert!(page.contains("value=\"zhou-min\""), "the member is offered");
    assert!(
        !page.contains("name=\"member\" value=\"liao-yong\""),
        "members with a sheet are not"
    );
    let before = content(&root);
    // Someone not offered: a member with a sheet, a path, an unknown id.
    for member in ["liao-yong", "../../x", "zhou-min/../../x", "nobody"] {
        let (_, page) = serve.get("chengguan-street/2026/");
        let hidden = hidden_fields(&String::from_utf8_lossy(&page), "pledge");
        let (ctype, body) = multipart(&with(&hidden, &[("member", member)]), &[]);
        let (status, _, page) = post(&serve, &ctype, &body);
        assert_eq!(status, 422, "{member}: {page}");
        assert!(page.contains("id=\"pb-pledge-member-error\""), "{member}");
        assert_eq!(content(&root), before, "{member}: nothing written");
    }
    let hidden = hidden_fields(&page, "pledge");
    let (ctype, body) = multipart(&with(&hidden, &[("member", "zhou-min")]), &[]);
    let (status, head, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 303, "{head}{answer}");
    // To the new sheet's page: a draft's, where its items are written
    // and it is approved.
    assert!(
        head.contains(&format!(
            "Location: {}chengguan-street/2026/zhou-min/?pb-saved=",
            serve.base
        )),
        "{head}"
    );
    assert_eq!(std::fs::read(root.join(sheet)).expect("written"), expected);
    let (status, draft) = serve.get("chengguan-street/2026/zhou-min/");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&draft).contains("id=\"pb-sheet\""));
    let after = content(&root);
    assert_eq!(after.len(), before.len() + 1, "only the sheet");
    check_passes(&root);
    // Offered no more.
    let (_, page) = serve.get("chengguan-street/2026/");
    assert!(!String::from_utf8_lossy(&page).contains("value=\"zhou-min\""));
}

/// Every value a browser would send for form `form` as the page shows it.
fn form_values(html: &str, form: &str) -> Vec<(String, String)> {
    let doc = scraper::Html::parse_document(html);
    let sel = |s: &str| scraper::Selector::parse(s).expect("sel");
    let mut out = Vec::new();
    let root = doc
        .select(&sel(&format!("#pb-{form} form")))
        .next()
        .expect("the form");
    for e in root.select(&sel("input, select, textarea")) {
        let v = e.value();
        let Some(name) = v.attr("name") else { continue };
        match (v.name(), v.attr("type").unwrap_or("")) {
            ("input", "checkbox" | "radio") => {
                if v.attr("checked").is_some() {
                    out.push((name.into(), v.attr("value").unwrap_or("on").into()));
                }
            }
            ("input", "file") => {}
            ("input", _) => out.push((name.into(), v.attr("value").unwrap_or("").into())),
            ("textarea", _) => out.push((name.into(), e.text().collect())),
            _ => {
                let options: Vec<_> = e.select(&sel("option")).collect();
                let chosen = options
                    .iter()
                    .find(|o| o.value().attr("selected").is_some())
                    .or(options.first());
                let value = chosen.and_then(|o| o.value().attr("value")).unwrap_or("");
                out.push((name.into(), value.into()));
            }
        }
    }
    out
}

#[test]
fn the_review_form_writes_votes_grades_and_a_comment_into_review_yaml() {
    let (_dir, root) = site();
    let serve = Serve::start_with(&root, &["--edit"]);
    let file = root.join("content/chengguan-street/2026/_review.yaml");
    let original = std::fs::read_to_string(&file).expect("review");
    let (_, page) = serve.get("chengguan-street/2026/");
    let mut fields = form_values(&String::from_utf8_lossy(&page), "review");
    let set = |f: &mut Vec<(String, String)>, n: &str, v: &str| {
        f.retain(|(k, _)| k != n);
        f.push((n.to_string(), v.to_string()));
    };
    set(&mut fields, "satisfied:liao-yong", "40");
    set(&mut fields, "basic:liao-yong", "5");
    set(&mut fields, "unsatisfied:liao-yong", "1");
    set(&mut fields, "grade:liao-yong", "excellent");
    set(&mut fields, "exemplary:liao-yong", "1");
    set(&mut fields, "half:liao-yong", "2");
    set(&mut fields, "by:liao-yong", "石军（区委常委、组织部部长）");
    set(&mut fields, "date:liao-yong", "2026-11-20");
    set(&mut fields, "text:liao-yong", "全年践诺扎实。");
    let (ctype, body) = multipart(&fields, &[]);
    let (status, head, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 303, "{head}{answer}");
    let expected = original.replace(
        "「包联社区，每月到社区现场办公」要加快进度。\nhu-wei:",
        "「包联社区，每月到社区现场办公」要加快进度。\n    - half: 2\n      by: 石军（区委常委、组织部部长）\n      date: 2026-11-20\n      text: 全年践诺扎实。\n  votes: { satisfied: 40, basic: 5, unsatisfied: 1 }\n  grade: excellent\n  exemplary: true\nhu-wei:",
    );
    assert_ne!(expected, original);
    assert_eq!(std::fs::read_to_string(&file).expect("review"), expected);
    check_passes(&root);
    // An invalid vote count: beside its field, nothing written.
    let (_, page) = serve.get("chengguan-street/2026/");
    let mut fields = form_values(&String::from_utf8_lossy(&page), "review");
    set(&mut fields, "basic:hu-wei", "很多");
    let (ctype, body) = multipart(&fields, &[]);
    let (status, _, page) = post(&serve, &ctype, &body);
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("id=\"pb-review-basic:hu-wei-error\""));
    assert_eq!(std::fs::read_to_string(&file).expect("review"), expected);
}

#[test]
fn the_unit_page_shows_the_roster_adds_a_member_and_makes_a_sub_unit() {
    let (_dir, root) = site();
    let (_dir2, twin) = site();
    let out = run(
        &twin,
        &[
            "new",
            "unit",
            "chengguan-street/ceshi-community",
            "--kind",
            "community",
            "--name",
            "测试社区",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let unit_file = "content/chengguan-street/ceshi-community/_unit.yaml";
    let expected_unit = std::fs::read(twin.join(unit_file)).expect("new unit");
    let roster = root.join("content/chengguan-street/_roster.yaml");
    let original = std::fs::read_to_string(&roster).expect("roster");

    let serve = Serve::start_with(&root, &["--edit"]);
    let (status, page) = serve.get("chengguan-street/");
    assert_eq!(status, 200);
    let page = String::from_utf8_lossy(&page).into_owned();
    // The private column is shown here, and marked.
    assert!(
        page.contains("<th>phone <span class=\"pb-private\">不公开</span></th>"),
        "{page}"
    );
    assert!(
        page.contains("name=\"f-phone:liao-yong\" aria-label=\"廖勇 phone\" value=\"13910881778\""),
        "{page}"
    );
    let before = content(&root);
    for bad in ["../x", "a b", "liao-yong"] {
        let (_, page) = serve.get("chengguan-street/");
        let hidden = hidden_fields(&String::from_utf8_lossy(&page), "roster");
        let (ctype, body) = multipart(&with(&hidden, &[("id", bad), ("name", "某某")]), &[]);
        let (status, _, page) = post(&serve, &ctype, &body);
        assert_eq!(status, 422, "{bad}");
        assert!(page.contains("id=\"pb-roster-id-error\""), "{bad}");
        assert_eq!(content(&root), before, "{bad}: nothing written");
    }
    let hidden = hidden_fields(&page, "roster");
    let fields = with(
        &hidden,
        &[
            ("id", "zhou-min"),
            ("name", "周敏"),
            ("role", "member"),
            ("status", "retired"),
            ("phone", "13800000000"),
        ],
    );
    let (ctype, body) = multipart(&fields, &[]);
    let (status, head, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 303, "{head}{answer}");
    assert_eq!(
        std::fs::read_to_string(&roster).expect("roster"),
        format!(
            "{original}- id: zhou-min\n  name: 周敏\n  role: member\n  status: retired\n  phone: \"13800000000\"\n"
        )
    );
    check_passes(&root);
    // The phone number stays out of what is built.
    let (_, board) = serve.get("chengguan-street/2026/");
    assert!(!String::from_utf8_lossy(&board).contains("13800000000"));

    let (_, page) = serve.get("chengguan-street/");
    let hidden = hidden_fields(&String::from_utf8_lossy(&page), "subunit");
    let (ctype, body) = multipart(
        &with(
            &hidden,
            &[
                ("slug", "ceshi-community"),
                ("name", "测试社区"),
                ("kind", "community"),
            ],
        ),
        &[],
    );
    let (status, head, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 303, "{head}{answer}");
    assert_eq!(
        std::fs::read(root.join(unit_file)).expect("unit"),
        expected_unit
    );
    check_passes(&root);
    let (_, page) = serve.get("chengguan-street/");
    let hidden = hidden_fields(&String::from_utf8_lossy(&page), "subunit");
    let (ctype, body) = multipart(
        &with(
            &hidden,
            &[("slug", "../../evil"), ("name", "x"), ("kind", "community")],
        ),
        &[],
    );
    let (status, _, _) = post(&serve, &ctype, &body);
    assert_eq!(status, 422);
    assert!(!root.join("evil").exists() && !root.join("content/evil").exists());
}

/// `form`'s values as the page `page` shows them, with `changes` (a value
/// `None`: the field left out, as an unticked box is).
fn filled(
    serve: &Serve,
    page: &str,
    form: &str,
    changes: &[(&str, Option<&str>)],
) -> Vec<(String, String)> {
    let (status, html) = serve.get(page);
    assert_eq!(status, 200, "{page}");
    let mut fields = form_values(&String::from_utf8_lossy(&html), form);
    for (n, v) in changes {
        fields.retain(|(k, _)| k != n);
        if let Some(v) = v {
            fields.push((n.to_string(), v.to_string()));
        }
    }
    fields
}

#[test]
fn a_draft_is_approved_on_its_editing_page_and_then_published() {
    let (_dir, root) = site();
    let serve = Serve::start_with(&root, &["--edit"]);
    let file = root.join(DRAFT_FILE);
    let original = std::fs::read_to_string(&file).expect("draft");
    // The board lists its drafts, linked to their editing pages.
    let (_, board) = serve.get(DRAFT_BOARD);
    let board = String::from_utf8_lossy(&board);
    let doc = scraper::Html::parse_document(&board);
    let sel = scraper::Selector::parse("#pb-drafts a").expect("sel");
    let links: Vec<_> = doc
        .select(&sel)
        .map(|a| {
            (
                a.value().attr("href").unwrap_or("").to_string(),
                a.text().collect::<String>(),
            )
        })
        .collect();
    assert!(
        links.contains(&(format!("{}{DRAFT}", serve.base), "马涛".to_string())),
        "{links:?}"
    );
    // The draft's page: its items, 修改承诺书 with 审定, no progress form.
    let (status, page) = serve.get(DRAFT);
    assert_eq!(status, 200);
    let page = String::from_utf8_lossy(&page).into_owned();
    assert!(page.contains("担任楼栋长，收集反映居民诉求"), "{page}");
    assert!(page.contains("name=\"approve\""));
    assert!(!page.contains("id=\"pb-note\""), "no note on a draft");

    // Saved without 审定: an item is added and one retitled; still a draft.
    let fields = filled(
        &serve,
        DRAFT,
        "sheet",
        &[
            (
                "title:loudong-lianxi",
                Some("担任楼栋长，每月收集反映居民诉求"),
            ),
            ("new_id", Some("laonian-peiban")),
            ("new_title", Some("每周陪伴独居老人一次")),
            ("new_deadline", Some("2026-12-31")),
            ("new_target", Some("全年陪伴不少于40次")),
        ],
    );
    let (ctype, body) = multipart(&fields, &[]);
    let (status, head, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 303, "{head}{answer}");
    assert!(
        head.contains(&format!("Location: {}{DRAFT}?pb-saved=", serve.base)),
        "{head}"
    );
    let with_items = original
        .replace("    title: 担任楼栋长，收集反映居民诉求\n", "    title: 担任楼栋长，每月收集反映居民诉求\n")
        .replace(
            "    target: 楼栋居民诉求及时反映率100%\n",
            "    target: 楼栋居民诉求及时反映率100%\n  - id: laonian-peiban\n    title: 每周陪伴独居老人一次\n    deadline: 2026-12-31\n    target: 全年陪伴不少于40次\n",
        );
    assert_ne!(with_items, original);
    assert_eq!(std::fs::read_to_string(&file).expect("draft"), with_items);
    let (status, _) = serve.get(DRAFT);
    assert_eq!(status, 200, "still a draft");
    check_passes(&root);

    // The same token again: refused, nothing written.
    let before = content(&root);
    let (status, _, _) = post(&serve, &ctype, &body);
    assert_eq!(status, 403, "a replayed token");
    // A path in the new item's id: refused beside the field.
    let fields = filled(
        &serve,
        DRAFT,
        "sheet",
        &[("new_id", Some("../../x")), ("new_title", Some("某事"))],
    );
    let (ctype, body) = multipart(&fields, &[]);
    let (status, _, page) = post(&serve, &ctype, &body);
    assert_eq!(status, 422, "{page}");
    assert!(page.contains("id=\"pb-sheet-new_id-error\""), "{page}");
    assert_eq!(content(&root), before, "nothing written");
    // Another target in the hidden field: the token does not fit it.
    let mut fields = filled(&serve, DRAFT, "sheet", &[("approve", Some("1"))]);
    for f in &mut fields {
        if f.0 == "target" {
            f.1 = "chengguan-street/2026/liao-yong".into();
        }
    }
    let (ctype, body) = multipart(&fields, &[]);
    let (status, _, _) = post(&serve, &ctype, &body);
    assert_eq!(status, 403);
    assert_eq!(content(&root), before, "nothing written");
    // Changed on disk since the form was made: a conflict.
    let fields = filled(&serve, DRAFT, "sheet", &[("approve", Some("1"))]);
    let edited = with_items.replace("每周陪伴", "每周上门陪伴");
    std::fs::write(&file, &edited).expect("write");
    let (ctype, body) = multipart(&fields, &[]);
    let (status, _, page) = post(&serve, &ctype, &body);
    assert_eq!(status, 409, "{page}");
    assert!(page.contains("冲突") && page.contains("name=\"approve\""));
    assert_eq!(std::fs::read_to_string(&file).expect("draft"), edited);

    // 审定: approved, published, and the browser lands on its real page.
    let fields = filled(
        &serve,
        DRAFT,
        "sheet",
        &[
            ("approve", Some("1")),
            ("approved_by", Some("玉泉社区党支部")),
            ("approved_date", Some("2026-10-08")),
        ],
    );
    let (ctype, body) = multipart(&fields, &[]);
    let (status, head, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 303, "{head}{answer}");
    let approved = edited.replace(
        "\nitems:\n",
        "\napproved: { by: 玉泉社区党支部, date: 2026-10-08 }\nitems:\n",
    );
    assert_eq!(std::fs::read_to_string(&file).expect("sheet"), approved);
    check_passes(&root);
    let (status, page) = serve.get(DRAFT);
    assert_eq!(status, 200);
    let page = String::from_utf8_lossy(&page);
    assert!(page.contains("每周上门陪伴独居老人一次"));
    assert!(
        page.contains("id=\"pb-note\""),
        "its page, with the note form"
    );
    assert!(!page.contains("name=\"approve\""));
    let (_, board) = serve.get(DRAFT_BOARD);
    assert!(!String::from_utf8_lossy(&board).contains("id=\"pb-drafts\""));
}

#[test]
fn items_are_added_retitled_and_removed_keeping_the_templates_lines() {
    let (_dir, root) = site();
    let roster = root.join("content/chengguan-street/_roster.yaml");
    let mut text = std::fs::read_to_string(&roster).expect("roster");
    text.push_str("- id: zhou-min\n  name: 周敏\n  role: member\n  status: active\n");
    std::fs::write(&roster, text).expect("roster");
    let serve = Serve::start_with(&root, &["--edit"]);
    let fields = filled(
        &serve,
        "chengguan-street/2026/",
        "pledge",
        &[("member", Some("zhou-min"))],
    );
    let (ctype, body) = multipart(&fields, &[]);
    let (status, head, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 303, "{head}{answer}");
    let page = "chengguan-street/2026/zhou-min/";
    let file = root.join("content/chengguan-street/2026/zhou-min.md");
    let template = std::fs::read_to_string(&file).expect("new sheet");
    // The placeholder item retitled, its commented-out target taken, and
    // a new item with the id offered.
    let fields = filled(
        &serve,
        page,
        "sheet",
        &[
            ("title:item-1", Some("为居民代办证件")),
            ("target:item-1", Some("全年代办50件")),
            ("new_title", Some("走访独居老人")),
        ],
    );
    assert!(
        fields.contains(&("new_id".into(), "item-2".into())),
        "{fields:?}"
    );
    let (ctype, body) = multipart(&fields, &[]);
    let (status, head, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 303, "{head}{answer}");
    let edit_line = |text: &str, from: &str, to: &str| -> String {
        let at = text
            .find(from)
            .unwrap_or_else(|| panic!("{from:?} in\n{text}"));
        format!("{}{to}{}", &text[..at], &text[at + from.len()..])
    };
    let retitled = edit_line(
        &edit_line(
            &template,
            "    title: 请在此填写承诺事项",
            "    title: 为居民代办证件",
        ),
        "    # target: 达到什么效果",
        "    target: 全年代办50件",
    );
    let added = edit_line(
        &retitled,
        "  # 再加一项",
        "  - id: item-2\n    title: 走访独居老人\n    deadline: 2026-12-31\n  # 再加一项",
    );
    assert_eq!(std::fs::read_to_string(&file).expect("sheet"), added);
    check_passes(&root);
    // The new item removed: its lines go, every other byte stays.
    let fields = filled(&serve, page, "sheet", &[("remove:item-2", Some("1"))]);
    let (ctype, body) = multipart(&fields, &[]);
    let (status, head, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 303, "{head}{answer}");
    assert_eq!(std::fs::read_to_string(&file).expect("sheet"), retitled);
    check_passes(&root);
    // An item with progress notes cannot be removed; nor can every item.
    let before = content(&root);
    let fields = filled(
        &serve,
        SHEET,
        "sheet",
        &[("remove:baolian-shequ", Some("1"))],
    );
    let (ctype, body) = multipart(&fields, &[]);
    let (status, _, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 422, "{answer}");
    assert!(
        answer.contains("id=\"pb-sheet-remove:baolian-shequ-error\""),
        "{answer}"
    );
    assert!(answer.contains("已有进展记录"));
    let fields = filled(&serve, page, "sheet", &[("remove:item-1", Some("1"))]);
    let (ctype, body) = multipart(&fields, &[]);
    let (status, _, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 422, "{answer}");
    assert_eq!(content(&root), before, "nothing written");
    // A title made empty, a duplicate id: beside their fields.
    let fields = filled(
        &serve,
        page,
        "sheet",
        &[
            ("title:item-1", Some("")),
            ("new_id", Some("item-1")),
            ("new_title", Some("又一项")),
        ],
    );
    let (ctype, body) = multipart(&fields, &[]);
    let (status, _, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 422, "{answer}");
    assert!(
        answer.contains("id=\"pb-sheet-title:item-1-error\""),
        "{answer}"
    );
    assert!(answer.contains("id=\"pb-sheet-new_id-error\""), "{answer}");
    assert_eq!(content(&root), before, "nothing written");
}

#[test]
fn roster_members_are_edited_and_removed_in_the_table() {
    let (_dir, root) = site();
    let file = root.join("content/chengguan-street/_roster.yaml");
    // A member without a sheet, with a comment on a line of their own.
    let mut original = std::fs::read_to_string(&file).expect("roster");
    original.push_str("- id: zhou-min    # 2026年转入\n  name: 周敏\n  role: member\n  status: active\n  phone: '13800000000'    # 本人手机\n");
    std::fs::write(&file, &original).expect("roster");
    let serve = Serve::start_with(&root, &["--edit"]);
    let page = "chengguan-street/";
    let fields = filled(
        &serve,
        page,
        "roster",
        &[
            ("f-name:zhou-min", Some("周  敏")),
            ("f-status:zhou-min", Some("floating")),
            ("f-phone:zhou-min", Some("13800000001")),
            ("f-phone:hu-wei", Some("0731-1234567")),
        ],
    );
    let (ctype, body) = multipart(&fields, &[]);
    let (status, head, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 303, "{head}{answer}");
    let edited = original
        .replace("  name: 周敏\n  role: member\n  status: active\n", "  name: 周  敏\n  role: member\n  status: floating\n")
        .replace("  phone: '13800000000'    # 本人手机", "  phone: \"13800000001\"    # 本人手机")
        .replace("- id: hu-wei\n  name: 胡伟\n  role: committee\n  status: active\n", "- id: hu-wei\n  name: 胡伟\n  role: committee\n  status: active\n  phone: \"0731-1234567\"\n");
    assert_eq!(std::fs::read_to_string(&file).expect("roster"), edited);
    check_passes(&root);
    // A member with a pledge sheet cannot leave the roster; an unknown
    // status and an empty name are refused beside their cells.
    let before = content(&root);
    let fields = filled(
        &serve,
        page,
        "roster",
        &[
            ("remove:liao-yong", Some("1")),
            ("f-status:hu-wei", Some("../../x")),
            ("f-name:xia-xiaoyan", Some("")),
        ],
    );
    let (ctype, body) = multipart(&fields, &[]);
    let (status, _, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 422, "{answer}");
    for id in ["remove:liao-yong", "f-status:hu-wei", "f-name:xia-xiaoyan"] {
        assert!(
            answer.contains(&format!("id=\"pb-roster-{id}-error\"")),
            "{id}: {answer}"
        );
    }
    assert!(answer.contains("已有承诺书"));
    assert_eq!(content(&root), before, "nothing written");
    // Removed: the member's lines go, with nothing else.
    let fields = filled(&serve, page, "roster", &[("remove:zhou-min", Some("1"))]);
    let (ctype, body) = multipart(&fields, &[]);
    let (status, head, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 303, "{head}{answer}");
    let removed = edited[..edited.find("- id: zhou-min").expect("zhou-min")].to_string();
    assert_eq!(std::fs::read_to_string(&file).expect("roster"), removed);
    check_passes(&root);
    // Replayed: refused. Changed on disk meanwhile: a conflict.
    let (status, _, _) = post(&serve, &ctype, &body);
    assert_eq!(status, 403);
    let fields = filled(&serve, page, "roster", &[("f-phone:hu-wei", Some("1"))]);
    let other = format!("{removed}# 另一位编辑加的一行\n");
    std::fs::write(&file, &other).expect("write");
    let (ctype, body) = multipart(&fields, &[]);
    let (status, _, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 409, "{answer}");
    assert_eq!(std::fs::read_to_string(&file).expect("roster"), other);
}

#[test]
fn review_comments_are_edited_and_removed() {
    let (_dir, root) = site();
    let file = root.join("content/chengguan-street/2026/_review.yaml");
    let original = std::fs::read_to_string(&file).expect("review");
    let serve = Serve::start_with(&root, &["--edit"]);
    let board = "chengguan-street/2026/";
    let fields = filled(
        &serve,
        board,
        "review",
        &[
            (
                "c0-text:liao-yong",
                Some("承诺事项总体按计划推进，群众反映好。"),
            ),
            ("c0-half:liao-yong", Some("2")),
            ("c0-remove:hu-wei", Some("1")),
        ],
    );
    let (ctype, body) = multipart(&fields, &[]);
    let (status, head, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 303, "{head}{answer}");
    let expected = original
        .replace(
            "    - half: 1\n      by: 石军（区委常委、组织部部长）\n      date: 2026-07-18\n      text: 承诺事项总体按计划推进，群众反映较好。「包联社区，每月到社区现场办公」要加快进度。\n",
            "    - half: 2\n      by: 石军（区委常委、组织部部长）\n      date: 2026-07-18\n      text: 承诺事项总体按计划推进，群众反映好。\n",
        )
        .replace(
            "hu-wei:\n  comments:\n    - half: 1\n      by: 廖勇（街道党工委书记）\n      date: 2026-07-21\n      text: 「包联社区，每月到社区现场办公」起步较快，台账记录清楚，希望保持节奏，按期兑现。\n",
            "",
        );
    assert_ne!(expected, original);
    assert_eq!(std::fs::read_to_string(&file).expect("review"), expected);
    check_passes(&root);
    // An emptied comment text and a bad date: beside their fields.
    let fields = filled(
        &serve,
        board,
        "review",
        &[
            ("c0-text:xia-xiaoyan", Some("")),
            ("c0-date:chang-jianjun", Some("2026-13-01")),
        ],
    );
    let (ctype, body) = multipart(&fields, &[]);
    let (status, _, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 422, "{answer}");
    assert!(
        answer.contains("id=\"pb-review-c0-text:xia-xiaoyan-error\""),
        "{answer}"
    );
    assert!(answer.contains("id=\"pb-review-c0-date:chang-jianjun-error\""));
    assert_eq!(std::fs::read_to_string(&file).expect("review"), expected);
}

#[test]
fn the_home_page_has_the_root_units_forms() {
    let (_dir, root) = site();
    let (_dir2, twin) = site();
    let out = run(
        &twin,
        &[
            "new",
            "unit",
            "ceshi-bureau",
            "--kind",
            "organ",
            "--name",
            "测试局机关党委",
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
    let unit_file = "content/ceshi-bureau/_unit.yaml";
    let expected = std::fs::read(twin.join(unit_file)).expect("new unit");
    let serve = Serve::start_with(&root, &["--edit"]);
    let (status, home) = serve.get("");
    assert_eq!(status, 200);
    let home = String::from_utf8_lossy(&home);
    for form in ["roster", "subunit"] {
        assert!(
            home.contains(&format!("id=\"pb-{form}\"")),
            "{form} on the home page"
        );
    }
    // 新建下级组织 under the root: the folder at the top of content/, and
    // back to the home page (not to `//`, another host).
    let fields = filled(
        &serve,
        "",
        "subunit",
        &[
            ("slug", Some("ceshi-bureau")),
            ("name", Some("测试局机关党委")),
            ("kind", Some("organ")),
        ],
    );
    let (ctype, body) = multipart(&fields, &[]);
    let (status, head, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 303, "{head}{answer}");
    assert!(
        head.contains(&format!(
            "Location: {}?pb-saved=content/ceshi-bureau/_unit.yaml",
            serve.base
        )),
        "{head}"
    );
    assert_eq!(std::fs::read(root.join(unit_file)).expect("unit"), expected);
    check_passes(&root);
    // A member on the root's roster: the file is started.
    let fields = filled(
        &serve,
        "",
        "roster",
        &[("id", Some("shi-jun")), ("name", Some("石军"))],
    );
    let (ctype, body) = multipart(&fields, &[]);
    let (status, head, answer) = post(&serve, &ctype, &body);
    assert_eq!(status, 303, "{head}{answer}");
    assert_eq!(
        std::fs::read_to_string(root.join("content/_roster.yaml")).expect("roster"),
        "- id: shi-jun\n  name: 石军\n  status: active\n"
    );
    check_passes(&root);
    let (_, home) = serve.get("?pb-saved=content/_roster.yaml");
    assert!(String::from_utf8_lossy(&home).contains("已保存：content/_roster.yaml"));
}
