//! The HTTP side of `serve`: static files from memory, the live-reload
//! event stream, and the error overlay. Paths are decoded per segment and
//! anything that could step outside the site is refused.

use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

use tiny_http::{Header, Method, Request, Response, Server};

use super::State;
use crate::i18n::Messages;
use crate::model::Lang;
use crate::output::OutBody;

/// Binds `addr:port`, or the next free port when that one is taken.
pub fn bind(addr: &str, port: u16, msg: Messages) -> Result<Server, String> {
    let mut last = String::new();
    for p in port..port.saturating_add(20) {
        match Server::http((addr, p)) {
            Ok(s) => {
                if p != port {
                    eprintln!("{}", msg.serve_port_in_use(port, p));
                }
                return Ok(s);
            }
            Err(e) => last = e.to_string(),
        }
    }
    Err(msg.serve_cannot_listen(addr, port, &last))
}

pub fn serve(server: Server, state: Arc<State>) {
    for request in server.incoming_requests() {
        let state = Arc::clone(&state);
        std::thread::spawn(move || handle(request, &state));
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("static header is valid")
}

fn handle(request: Request, state: &State) {
    let method = request.method().clone();
    if method != Method::Get && method != Method::Head {
        let _ = request.respond(Response::from_string("405").with_status_code(405));
        return;
    }
    let url = request
        .url()
        .split(['?', '#'])
        .next()
        .unwrap_or("/")
        .to_string();
    let (base, lang) = {
        let s = state.served.read().unwrap_or_else(|e| e.into_inner());
        (s.base_path.clone(), s.lang)
    };
    if url == format!("{base}__livereload") {
        return event_stream(request, state);
    }
    let Some(rest) = url.strip_prefix(&base) else {
        return not_found(request, state, lang);
    };
    let Some(path) = decode_path(rest) else {
        let _ = request.respond(Response::from_string("400 bad request").with_status_code(400));
        return;
    };
    let served = state.served.read().unwrap_or_else(|e| e.into_inner());
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.clone()
    };
    if !served.files.contains_key(&key) && served.files.contains_key(&format!("{path}/index.html"))
    {
        drop(served);
        let to = format!("{url}/");
        let _ = request.respond(Response::empty(301).with_header(header("Location", &to)));
        return;
    }
    let Some(body) = served.files.get(&key) else {
        drop(served);
        return not_found(request, state, lang);
    };
    let mut bytes = match body {
        OutBody::Bytes(b) => b.clone(),
        OutBody::Copy(p) => std::fs::read(p).unwrap_or_default(),
    };
    let ctype = content_type(&key);
    if ctype.starts_with("text/html") && !served.errors.is_empty() {
        bytes = with_overlay(&bytes, &served.errors, served.lang);
    }
    drop(served);
    let response = Response::from_data(bytes)
        .with_header(header("Content-Type", ctype))
        .with_header(header("Cache-Control", "no-store"));
    let _ = request.respond(response);
}

fn not_found(request: Request, state: &State, lang: Lang) {
    let served = state.served.read().unwrap_or_else(|e| e.into_inner());
    let page = served.files.get("404.html").and_then(|b| match b {
        OutBody::Bytes(b) => Some(b.clone()),
        OutBody::Copy(_) => None,
    });
    let body = page.unwrap_or_else(|| Messages::new(lang).serve_not_found().into_bytes());
    drop(served);
    let _ = request.respond(
        Response::from_data(body)
            .with_status_code(404)
            .with_header(header("Content-Type", "text/html; charset=utf-8")),
    );
}

/// Server-Sent Events: one `reload` per rebuild. A plain streamed response
/// would be buffered to the end, so the headers are written by hand.
fn event_stream(request: Request, state: &State) {
    let mut seen = *state.version.lock().unwrap_or_else(|e| e.into_inner());
    let mut out = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n";
    if out
        .write_all(head.as_bytes())
        .and_then(|()| out.flush())
        .is_err()
    {
        return;
    }
    loop {
        let version = state.version.lock().unwrap_or_else(|e| e.into_inner());
        let (version, _) = state
            .changed
            .wait_timeout_while(version, Duration::from_secs(15), |v| *v == seen)
            .unwrap_or_else(|e| e.into_inner());
        let now = *version;
        drop(version);
        // A comment line every 15 s finds closed connections.
        let message = if now == seen {
            ": ping\n\n".to_string()
        } else {
            seen = now;
            format!("event: reload\ndata: {now}\n\n")
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
/// anything that is not UTF-8.
pub fn decode_path(raw: &str) -> Option<String> {
    let mut segments = Vec::new();
    for segment in raw.split('/') {
        let bytes = percent_decode(segment)?;
        let text = String::from_utf8(bytes).ok()?;
        if text == ".." || text.contains(['\\', '\0', '/']) || text.contains(':') {
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

fn percent_decode(s: &str) -> Option<Vec<u8>> {
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

/// Puts the build errors on top of the page, in the site's language.
fn with_overlay(page: &[u8], errors: &[crate::diag::Diagnostic], lang: Lang) -> Vec<u8> {
    let title = Messages::new(lang).serve_overlay_title();
    let items: String = errors
        .iter()
        .map(|d| format!("<li><code>{}</code></li>", escape(&d.to_string())))
        .collect();
    let overlay = format!(
        "<div id=\"pb-errors\" role=\"alert\" style=\"position:fixed;inset:0 0 auto 0;max-height:70vh;overflow:auto;z-index:9999;background:#fff5f5;color:#7f1d1d;border-bottom:3px solid #b71c1c;padding:1em;font:14px/1.5 monospace\"><strong>{}</strong><ul>{items}</ul></div>",
        escape(&title)
    );
    let text = String::from_utf8_lossy(page);
    let at = text
        .find("<body")
        .and_then(|i| text[i..].find('>').map(|j| i + j + 1))
        .unwrap_or(0);
    format!("{}{overlay}{}", &text[..at], &text[at..]).into_bytes()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
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
        assert_eq!(decode_path("C:/x"), None);
    }
}
