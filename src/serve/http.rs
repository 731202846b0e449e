//! What `serve` answers: files from memory, the live-reload event stream,
//! and the error overlay (the connections themselves are `conn`'s). Paths
//! are decoded per segment and anything that could step outside the site
//! is refused.

use std::io::Write;
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use super::conn::{self, Answer, Handler, Request, Response};
use super::{Body, Live, Reply, State, edit};
use crate::diag::Diagnostic;
use crate::i18n::Messages;

/// Binds `addr:port`, or the next free port when that one is taken.
pub fn bind(addr: &str, port: u16, msg: Messages) -> Result<TcpListener, String> {
    let (listener, p) =
        conn::bind(addr, port).map_err(|last| msg.serve_cannot_listen(addr, port, &last))?;
    if p != port {
        eprintln!("{}", msg.serve_port_in_use(port, p));
    }
    Ok(listener)
}

pub fn serve(listener: TcpListener, state: Arc<State>) {
    conn::run(listener, Arc::new(Site(state)));
}

/// The site as the connection layer sees it.
struct Site(Arc<State>);

impl Handler for Site {
    fn answer(&self, request: &Request) -> Answer {
        answer(request, &self.0)
    }

    fn stream(&self, request: &Request, out: &mut dyn Write, gone: &AtomicBool) {
        event_stream(out, &self.0, last_seen(request), gone);
    }

    fn wake_streams(&self) {
        self.0.changed.notify_all();
    }

    fn body_limit(&self, request: &Request) -> u64 {
        edit::body_limit(&self.0, request)
    }
}

fn answer(request: &Request, state: &State) -> Answer {
    // Read first: the site published with it (or later) answers, and what
    // changes after this, the page may not show.
    let version = state
        .versions
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .version;
    let url = request
        .target
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let live = state.live();
    let base = live.base_path.as_str();
    if url.strip_prefix(base) == Some(crate::render::LIVE_RELOAD) {
        return Answer::Stream(vec![
            ("Content-Type", "text/event-stream; charset=utf-8".into()),
            ("Cache-Control", "no-store".into()),
        ]);
    }
    let mut response = match request.method.as_str() {
        "POST" => edit::post(request, state),
        _ => page(&url, &live, state, request),
    };
    let html = response
        .headers
        .iter()
        .any(|(n, v)| *n == "Content-Type" && v.starts_with("text/html"));
    if html {
        crate::render::stamp_live_reload(&mut response.body, version);
    }
    Answer::Reply(response)
}

fn page(url: &str, live: &Live, state: &State, request: &Request) -> Response {
    let Some(rest) = url.strip_prefix(live.base_path.as_str()) else {
        // The bare address of a site under a sub-path is where an editor
        // starts (the address bar, a bookmark): lead them to the site.
        if url == "/" || url == live.base_path.trim_end_matches('/') {
            return Response::new(302, "text/plain; charset=utf-8", Vec::new())
                .with("Location", &live.base_path);
        }
        return not_found(live, None);
    };
    let Some(path) = decode_path(rest) else {
        return Response::text(400, "400 bad request");
    };
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path
    };
    let Some(snap) = &live.snap else {
        return no_site(live);
    };
    if let Some(body) = snap.data_file(&key) {
        return Response::streamed(200, content_type(&key), body).with("Cache-Control", "no-store");
    }
    let reply = match snap.cached(&key) {
        Some(body) => Reply::Found(body),
        None => state.ask(&key),
    };
    // The errors as they are now (the site may have reloaded meanwhile).
    let live = state.live();
    match reply {
        Reply::Found(body) => {
            let ctype = content_type(&key);
            if let (true, Body::Bytes(page)) = (ctype.starts_with("text/html"), &body) {
                state.last_good(&key, page);
            }
            let mut bytes = body.into_bytes();
            if ctype.starts_with("text/html") && !live.errors.is_empty() {
                bytes = with_overlay(&bytes, &live.errors, &overlay_title(&live));
            }
            if ctype.starts_with("text/html")
                && edit::inject(&mut bytes, &key, request, state, &live)
            {
                return respond(200, ctype, bytes)
                    .with("X-Frame-Options", "DENY")
                    .with("Content-Security-Policy", "frame-ancestors 'none'");
            }
            respond(200, ctype, bytes)
        }
        Reply::Redirect => Response::new(301, "text/plain; charset=utf-8", Vec::new())
            .with("Location", &format!("{url}/")),
        Reply::NotFound(page) => match edit::draft_page(&key, request, state, &live) {
            // A sheet awaiting approval has no page; editing gives it one.
            Some(draft) => draft
                .with("X-Frame-Options", "DENY")
                .with("Content-Security-Policy", "frame-ancestors 'none'"),
            None => not_found(&live, page),
        },
        Reply::Failed(diags) => {
            let (status, page) = failed_page(state, &live, &key, &diags);
            respond(status, "text/html; charset=utf-8", page)
        }
        Reply::NoSite => no_site(&live),
    }
}

fn respond(status: u16, ctype: &str, bytes: Vec<u8>) -> Response {
    Response::new(status, ctype, bytes).with("Cache-Control", "no-store")
}

fn not_found(live: &Live, page: Option<Body>) -> Response {
    let mut body = page
        .map(|b| b.bytes())
        .unwrap_or_else(|| Messages::new(live.lang).serve_not_found().into_bytes());
    if !live.errors.is_empty() {
        body = with_overlay(&body, &live.errors, &overlay_title(live));
    }
    respond(404, "text/html; charset=utf-8", body)
}

/// No site has loaded without errors yet: a page with the errors, which
/// reloads when they are fixed.
fn no_site(live: &Live) -> Response {
    let title = overlay_title(live);
    respond(
        503,
        "text/html; charset=utf-8",
        error_page(live, &live.errors, &title),
    )
}

/// Page `key` failed to render (a template error that only its data
/// brings out): the error over the page as it was last served, like
/// content errors over the last good site; over a bare page when it was
/// never served. The page reloads when the next version comes.
fn failed_page(state: &State, live: &Live, key: &str, diags: &[Diagnostic]) -> (u16, Vec<u8>) {
    let msg = Messages::new(live.lang);
    let mut errors = diags.to_vec();
    errors.extend(live.errors.iter().cloned());
    match state.last_good_of(key) {
        Some(page) => {
            let title = msg.serve_page_failed(true);
            (200, with_overlay(&page, &errors, &title))
        }
        None => {
            let title = msg.serve_page_failed(false);
            (500, error_page(live, &errors, &title))
        }
    }
}

/// The overlay's title over the site's pages while the content has errors.
fn overlay_title(live: &Live) -> String {
    let msg = Messages::new(live.lang);
    if live.snap.is_none() {
        msg.serve_no_site()
    } else {
        msg.serve_overlay_title()
    }
}

/// A bare page showing `errors`, with the live-reload script.
fn error_page(live: &Live, errors: &[Diagnostic], title: &str) -> Vec<u8> {
    let url = crate::render::live_reload_url(&live.base_path);
    let page = format!(
        "<!DOCTYPE html><html lang=\"{}\"><head><meta charset=\"utf-8\"><title>pledgeboard</title></head><body><script>new EventSource({url}).addEventListener(\"reload\",function(){{location.reload();}});</script></body></html>",
        live.lang.code(),
    );
    with_overlay(page.as_bytes(), errors, title)
}

/// The version an event stream starts after: the last event its page had
/// (`Last-Event-ID`, sent when it connects again), else the version the
/// page was served from (`?since=`); `None`: from now on.
fn last_seen(request: &Request) -> Option<u64> {
    if let Some(id) = request.header("Last-Event-ID") {
        return id.trim().parse().ok();
    }
    let (_, query) = request.target.split_once('?')?;
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))?
        .parse()
        .ok()
}

/// Server-Sent Events: `reload` after the site (or its errors) reloaded,
/// `css` when only style sheets changed, until writing fails or the
/// connection is closed from outside (`gone`). Events after `since` that
/// the page missed come at once; each carries its version as its id.
fn event_stream(out: &mut dyn Write, state: &State, since: Option<u64>, gone: &AtomicBool) {
    let now = state
        .versions
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .version;
    // A page from before this server started (it counts from 0 again)
    // reloads: what it shows may have changed meanwhile.
    let mut seen = match since {
        Some(v) if v <= now => v,
        Some(_) => 0,
        None => now,
    };
    if out
        .write_all(format!("retry: 500\nid: {seen}\n\n").as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    loop {
        let versions = state.versions.lock().unwrap_or_else(|e| e.into_inner());
        let (versions, _) = state
            .changed
            .wait_timeout_while(versions, Duration::from_secs(15), |v| {
                v.version == seen && !gone.load(Ordering::Relaxed)
            })
            .unwrap_or_else(|e| e.into_inner());
        let (now, reload_at) = (versions.version, versions.reload_at);
        drop(versions);
        if gone.load(Ordering::Relaxed) {
            return;
        }
        // A comment line every 15 s finds closed connections.
        let message = if now == seen {
            ": ping\n\n".to_string()
        } else {
            // Several events while this one slept: reload if any was one.
            let event = if reload_at > seen { "reload" } else { "css" };
            seen = now;
            format!("event: {event}\nid: {now}\ndata: {now}\n\n")
        };
        if out
            .write_all(message.as_bytes())
            .and_then(|()| out.flush())
            .is_err()
        {
            return;
        }
    }
}

/// Percent-decodes each segment; refuses `..`, backslashes, NUL and
/// anything that is not UTF-8. A `:` is kept: `build` writes such names
/// on Unix, and a path is only ever looked up among the site's files,
/// never joined to a folder on disk, so `C:/x` is just a path not found.
pub fn decode_path(raw: &str) -> Option<String> {
    let mut segments = Vec::new();
    for segment in raw.split('/') {
        let bytes = percent_decode(segment)?;
        let text = String::from_utf8(bytes).ok()?;
        if text == ".." || text.contains(['\\', '\0', '/']) {
            return None;
        }
        if text == "." {
            continue;
        }
        segments.push(text);
    }
    let joined = segments.join("/");
    if joined.starts_with('/') {
        return None;
    }
    Some(joined)
}

/// `%XX` as the byte it names; a `%` not followed by two hex digits is
/// refused (the one decoder of request targets and form bodies).
pub(crate) fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match ext.as_deref() {
        Some("html") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js") => "text/javascript; charset=utf-8",
        Some("json") => "application/json; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("pdf") => "application/pdf",
        Some("ico") => "image/x-icon",
        _ => "application/octet-stream",
    }
}

/// Puts the errors on top of the page under `title` (in the site's
/// language).
fn with_overlay(page: &[u8], errors: &[Diagnostic], title: &str) -> Vec<u8> {
    let items: String = errors
        .iter()
        .map(|d| {
            format!(
                "<li><code>{}</code></li>",
                crate::escape::html(&d.to_string())
            )
        })
        .collect();
    let overlay = format!(
        "<div id=\"pb-errors\" role=\"alert\" style=\"position:fixed;inset:0 0 auto 0;max-height:70vh;overflow:auto;z-index:9999;background:#fff5f5;color:#7f1d1d;border-bottom:3px solid #b71c1c;padding:1em;font:14px/1.5 monospace;overflow-wrap:anywhere\"><strong>{}</strong><ul>{items}</ul></div>",
        crate::escape::html(title)
    );
    let text = String::from_utf8_lossy(page);
    let at = text
        .find("<body")
        .and_then(|i| text[i..].find('>').map(|j| i + j + 1))
        .unwrap_or(0);
    format!("{}{overlay}{}", &text[..at], &text[at..]).into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_is_refused() {
        assert_eq!(decode_path("a/b/"), Some("a/b/".into()));
        assert_eq!(decode_path("%E5%9F%8E/"), Some("城/".into()));
        assert_eq!(decode_path("../etc/passwd"), None);
        assert_eq!(decode_path("%2e%2e/x"), None);
        assert_eq!(decode_path("a%2f..%2fb"), None);
        assert_eq!(decode_path("a\\b"), None);
        assert_eq!(decode_path("a%00"), None);
        assert_eq!(decode_path("a%3Ab/c:d/"), Some("a:b/c:d/".into()));
        assert_eq!(decode_path("C:/x"), Some("C:/x".into()));
    }

    #[test]
    fn a_stream_starts_after_the_event_its_page_had() {
        let asked = |target: &str, headers: &[(&str, &str)]| Request {
            method: "GET".into(),
            target: target.into(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            peer: None,
            body: Vec::new(),
        };
        assert_eq!(last_seen(&asked("/__livereload", &[])), None);
        assert_eq!(last_seen(&asked("/p/__livereload?since=7", &[])), Some(7));
        assert_eq!(last_seen(&asked("/__livereload?x=1&since=3", &[])), Some(3));
        let again = [("last-event-id", " 9 ")];
        assert_eq!(last_seen(&asked("/__livereload?since=7", &again)), Some(9));
        assert_eq!(last_seen(&asked("/__livereload?since=x", &[])), None);
    }

    #[test]
    fn a_page_is_stamped_with_its_version_where_its_script_listens() {
        let mut page = b"<body><p>__livereload</p></body>".to_vec();
        crate::render::inject_live_reload(&mut page, "/p/");
        crate::render::stamp_live_reload(&mut page, 42);
        let page = String::from_utf8(page).expect("utf-8");
        assert!(
            page.contains(r#"EventSource("/p/__livereload?since=42")"#),
            "{page}"
        );
        assert!(page.contains("<p>__livereload</p>"), "{page}");
        let mut plain = b"<p>no script</p>".to_vec();
        crate::render::stamp_live_reload(&mut plain, 42);
        assert_eq!(plain, b"<p>no script</p>");
    }
}
