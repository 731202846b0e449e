//! The HTTP/1.1 connection layer of `serve`, on std alone: every limit a
//! request could push against is fixed here. One thread per connection,
//! at most [`MAX_CONNECTIONS`]; a request head is capped in bytes, lines
//! and time; a request body is never read (one declared over
//! [`BODY_LIMIT`] gets 413 before anything of it is read, and a request
//! with any body is answered and its connection closed); idle and
//! half-sent connections time out, and when every slot is taken the one
//! idle longest is closed to make room.
//!
//! tiny_http, used before, read header lines without a cap, allocated a
//! declared body when a request was dropped (a `Content-Length` of 1 TB
//! aborted the process), grew its thread pool without a bound and had no
//! read timeouts: none of it could be fixed from outside.
//!
//! The one exception to "a body is never read": a `POST` the handler
//! accepts ([`Handler::body_limit`], the editing layer of `serve --edit`),
//! whose declared body is read whole, within that limit and in bounded
//! time, before it is answered.

use std::collections::HashMap;
use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

/// Open connections (each one thread), event streams included.
pub const MAX_CONNECTIONS: usize = 256;
/// Open live-reload streams; a new one closes the oldest (its page
/// reconnects by itself).
pub const MAX_STREAMS: usize = 32;
/// Request line and headers together.
pub const MAX_HEAD_BYTES: usize = 16 << 10;
/// The request line alone (longer: 414).
pub const MAX_LINE_BYTES: usize = 8 << 10;
pub const MAX_HEADERS: usize = 64;
/// The largest body a request may declare (larger: 413). No endpoint
/// reads one today; an editing mode's POST would get this much at most.
pub const BODY_LIMIT: u64 = 64 << 10;
/// From a request's first byte to the end of its head (slow senders).
const HEAD_TIME: Duration = Duration::from_secs(10);
/// To receive an accepted body: this long, plus a second per 256 KiB.
const BODY_TIME: Duration = Duration::from_secs(10);
/// An open connection waiting for its next request.
const IDLE_TIME: Duration = Duration::from_secs(30);
/// To send a response: this long, plus a second per MiB.
const WRITE_TIME: Duration = Duration::from_secs(30);
/// How long a new connection may wait for a free slot before 503.
const ROOM_WAIT: Duration = Duration::from_secs(1);
/// After answering a request whose body is left unread, what is read and
/// thrown away before closing, so that the client reads the answer
/// instead of a reset.
const LINGER_BYTES: usize = 256 << 10;
const LINGER_TIME: Duration = Duration::from_secs(2);

/// A request as read: its head, and its body when the handler asked for
/// one (empty otherwise).
#[derive(Debug)]
pub struct Request {
    pub method: String,
    /// The request target as sent (origin form: starts with `/`).
    pub target: String,
    pub headers: Vec<(String, String)>,
    /// Who sent it (`None` when the socket could not say).
    pub peer: Option<std::net::SocketAddr>,
    pub body: Vec<u8>,
}

impl Request {
    /// The first header named `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
    /// Writes the body instead of `body`, as it is made (a file too
    /// large to hold whole): sent chunked, or to the connection's close
    /// for an HTTP/1.0 client.
    pub stream: Option<BodyWriter>,
}

/// A body written into the connection (see [`Response::stream`]); an
/// error stops it, and the connection is closed before the body's end.
pub type BodyWriter = Box<dyn FnOnce(&mut dyn Write) -> std::io::Result<()> + Send>;

impl Response {
    pub fn new(status: u16, content_type: &str, body: Vec<u8>) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
            stream: None,
        }
    }

    pub fn streamed(status: u16, content_type: &str, body: BodyWriter) -> Response {
        Response {
            stream: Some(body),
            ..Response::new(status, content_type, Vec::new())
        }
    }

    pub fn text(status: u16, text: &str) -> Response {
        Response::new(
            status,
            "text/plain; charset=utf-8",
            text.as_bytes().to_vec(),
        )
    }

    pub fn with(mut self, name: &'static str, value: &str) -> Response {
        self.headers.push((name, value.to_string()));
        self
    }
}

pub enum Answer {
    Reply(Response),
    /// An event stream: [`Handler::stream`] writes it after these headers.
    Stream(Vec<(&'static str, String)>),
}

pub trait Handler: Send + Sync + 'static {
    fn answer(&self, request: &Request) -> Answer;
    /// Writes the event stream `request` asked for to `out` until writing
    /// fails or `gone` is set.
    fn stream(&self, request: &Request, out: &mut dyn Write, gone: &AtomicBool);
    /// Wakes streams waiting for an event, so that they see `gone`.
    fn wake_streams(&self);
    /// How large a body this `POST` may have to be read and answered
    /// (0: not at all, the request is refused with 405 unread).
    fn body_limit(&self, _request: &Request) -> u64 {
        0
    }
}

/// Binds `addr:port`, or one of the next 19 ports when that one is taken
/// (the port taken, and why the last one failed otherwise).
pub fn bind(addr: &str, port: u16) -> Result<(TcpListener, u16), String> {
    let mut last = String::new();
    for p in port..port.saturating_add(20) {
        match TcpListener::bind((addr, p)) {
            Ok(l) => return Ok((l, p)),
            Err(e) => last = e.to_string(),
        }
    }
    Err(last)
}

/// Accepts connections until the listener fails for good.
pub fn run<H: Handler>(listener: TcpListener, handler: Arc<H>) {
    let slots = Arc::new(Slots::default());
    for conn in listener.incoming() {
        let stream = match conn {
            Ok(s) => s,
            Err(_) => {
                // Out of file descriptors, or a connection reset before
                // it was accepted: try again shortly, without spinning.
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
        };
        let Some(slot) = slots.admit(&stream, &*handler) else {
            refuse(stream);
            continue;
        };
        let handler = Arc::clone(&handler);
        let spawned = std::thread::Builder::new()
            .name("serve-conn".into())
            .spawn(move || serve_connection(stream, &slot, &*handler));
        // Could not start a thread: the connection (and its slot) went
        // with the closure, and is closed.
        drop(spawned);
    }
}

/// All slots are busy answering: say so and close.
fn refuse(mut stream: TcpStream) {
    let _ = stream.set_write_timeout(Some(Duration::from_secs(1)));
    let _ = stream.write_all(
        b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nRetry-After: 1\r\nConnection: close\r\n\r\n",
    );
}

#[derive(Clone, Copy, PartialEq)]
enum Phase {
    /// Waiting for (the rest of) a request head, since then.
    Waiting(Instant),
    Busy,
    /// Writing an event stream, since then.
    Streaming(Instant),
}

struct Open {
    stream: TcpStream,
    phase: Phase,
    gone: Arc<AtomicBool>,
}

#[derive(Default)]
struct Slots {
    open: Mutex<(u64, HashMap<u64, Open>)>,
    freed: Condvar,
}

impl Slots {
    fn lock(&self) -> MutexGuard<'_, (u64, HashMap<u64, Open>)> {
        self.open.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// A slot for `stream`: a free one, or the one of the connection idle
    /// longest, closed for it. `None` when every connection is busy
    /// answering for all of [`ROOM_WAIT`].
    fn admit(self: &Arc<Self>, stream: &TcpStream, handler: &dyn Handler) -> Option<Slot> {
        let clone = stream.try_clone().ok()?;
        let mut open = self.lock();
        if open.1.len() >= MAX_CONNECTIONS {
            let idlest = open
                .1
                .values()
                .filter_map(|o| match o.phase {
                    Phase::Waiting(since) => Some((since, o)),
                    _ => None,
                })
                .min_by_key(|(since, _)| *since)
                .map(|(_, o)| o);
            if let Some(o) = idlest {
                close(o, handler);
            }
            let deadline = Instant::now() + ROOM_WAIT;
            while open.1.len() >= MAX_CONNECTIONS {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    return None;
                }
                open = self
                    .freed
                    .wait_timeout(open, left)
                    .unwrap_or_else(|e| e.into_inner())
                    .0;
            }
        }
        let id = open.0;
        open.0 += 1;
        let gone = Arc::new(AtomicBool::new(false));
        open.1.insert(
            id,
            Open {
                stream: clone,
                phase: Phase::Waiting(Instant::now()),
                gone: Arc::clone(&gone),
            },
        );
        Some(Slot {
            slots: Arc::clone(self),
            id,
            gone,
        })
    }
}

/// Closes an open connection from outside: its thread's read or write
/// fails at once, and a stream waiting for an event is woken to see it.
fn close(o: &Open, handler: &dyn Handler) {
    o.gone.store(true, Ordering::Relaxed);
    let _ = o.stream.shutdown(Shutdown::Both);
    if matches!(o.phase, Phase::Streaming(_)) {
        handler.wake_streams();
    }
}

/// One connection's place among the open ones; given back when dropped.
struct Slot {
    slots: Arc<Slots>,
    id: u64,
    gone: Arc<AtomicBool>,
}

impl Slot {
    fn set(&self, phase: Phase, handler: &dyn Handler) {
        let mut open = self.slots.lock();
        if let Phase::Streaming(_) = phase {
            let streams: Vec<(Instant, u64)> = open
                .1
                .iter()
                .filter_map(|(id, o)| match o.phase {
                    Phase::Streaming(since) => Some((since, *id)),
                    _ => None,
                })
                .collect();
            if streams.len() >= MAX_STREAMS
                && let Some((_, oldest)) = streams.iter().min()
                && let Some(o) = open.1.get(oldest)
            {
                close(o, handler);
            }
        }
        if let Some(o) = open.1.get_mut(&self.id) {
            o.phase = phase;
        }
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.slots.lock().1.remove(&self.id);
        self.slots.freed.notify_all();
    }
}

/// Why a connection stops reading requests.
enum Stop {
    /// Closed, timed out while idle, or closed by us: nothing to say.
    Quiet,
    /// A bad or oversized head: answer this status and close.
    Status(u16),
}

fn serve_connection(mut stream: TcpStream, slot: &Slot, handler: &dyn Handler) {
    let _ = stream.set_nodelay(true);
    // Bytes read after the head before (a pipelined request).
    let mut buf = Vec::with_capacity(2048);
    loop {
        slot.set(Phase::Waiting(Instant::now()), handler);
        let head = match read_head(&mut stream, &mut buf, &slot.gone) {
            Ok(head) => head,
            Err(Stop::Quiet) => return,
            Err(Stop::Status(status)) => {
                let _ = write_response(&mut stream, &error(status), false, true);
                return linger(stream);
            }
        };
        slot.set(Phase::Busy, handler);
        let (mut request, framing) = match parse_head(&head) {
            Ok(parsed) => parsed,
            Err(status) => {
                let _ = write_response(&mut stream, &error(status), false, true);
                return linger(stream);
            }
        };
        request.peer = stream.peer_addr().ok();
        if request.method == "POST" {
            let limit = handler.body_limit(&request);
            if limit > 0 {
                return answer_post(stream, request, &framing, limit, buf, handler);
            }
        }
        // A body is never read: a request that has one is answered and
        // its connection closed (what follows the head is not a request).
        let refusal = if framing.length > BODY_LIMIT {
            Some(error(413))
        } else if request.method != "GET" && request.method != "HEAD" {
            Some(error(405).with("Allow", "GET, HEAD"))
        } else if framing.chunked {
            Some(error(411))
        } else {
            None
        };
        if let Some(refusal) = refusal {
            let _ = write_response(&mut stream, &refusal, false, true);
            return linger(stream);
        }
        let has_body = framing.length > 0;
        let mut keep = framing.keep_alive && !has_body;
        let head_only = request.method == "HEAD";
        match handler.answer(&request) {
            Answer::Reply(mut response) => {
                let written = match response.stream.take() {
                    Some(body) => {
                        // HTTP/1.0 has no chunks: the close ends the body.
                        keep &= framing.http11;
                        let chunked = framing.http11;
                        write_streamed(&mut stream, &response, body, head_only, chunked, !keep)
                    }
                    None => write_response(&mut stream, &response, head_only, !keep),
                };
                if written.is_err() {
                    return;
                }
                if !keep {
                    return if has_body {
                        linger(stream)
                    } else {
                        let _ = stream.shutdown(Shutdown::Both);
                    };
                }
            }
            Answer::Stream(headers) => {
                let response = Response {
                    status: 200,
                    headers,
                    body: Vec::new(),
                    stream: None,
                };
                let head = response_head(&response, None, false);
                if head_only {
                    let _ = write_all_by(&mut stream, &head, Instant::now() + WRITE_TIME);
                    return;
                }
                slot.set(Phase::Streaming(Instant::now()), handler);
                let _ = stream.set_write_timeout(Some(WRITE_TIME));
                if stream.write_all(&head).is_ok() {
                    handler.stream(&request, &mut stream, &slot.gone);
                }
                return;
            }
        }
    }
}

/// A `POST` the handler accepts: its declared body is read (within
/// `limit`, in bounded time), answered, and the connection closed.
fn answer_post(
    mut stream: TcpStream,
    mut request: Request,
    framing: &Framing,
    limit: u64,
    mut buf: Vec<u8>,
    handler: &dyn Handler,
) {
    let refusal = if framing.chunked {
        Some(error(411))
    } else if framing.length > limit {
        Some(error(413))
    } else {
        None
    };
    if let Some(refusal) = refusal {
        let _ = write_response(&mut stream, &refusal, false, true);
        return linger(stream);
    }
    // Below `limit`, which is far below usize::MAX.
    let length = usize::try_from(framing.length).unwrap_or(usize::MAX);
    let deadline = Instant::now() + BODY_TIME + Duration::from_secs((length >> 18) as u64);
    let mut chunk = [0u8; 16 << 10];
    while buf.len() < length {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            let _ = write_response(&mut stream, &error(408), false, true);
            return linger(stream);
        }
        match stream.read(&mut chunk) {
            Ok(0) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return,
        }
    }
    buf.truncate(length);
    request.body = buf;
    let response = match handler.answer(&request) {
        Answer::Reply(r) => r,
        Answer::Stream(_) => error(405),
    };
    if write_response(&mut stream, &response, false, true).is_ok() {
        let _ = stream.shutdown(Shutdown::Both);
    }
}

/// Reads up to the end of a request head; returns the head without the
/// blank line and keeps what follows it in `buf`.
fn read_head(
    stream: &mut TcpStream,
    buf: &mut Vec<u8>,
    gone: &AtomicBool,
) -> Result<Vec<u8>, Stop> {
    let mut started: Option<Instant> = None;
    let waiting_since = Instant::now();
    let mut scanned = 0;
    let mut chunk = [0u8; 4096];
    loop {
        // Empty lines before a request line are allowed (RFC 9112 2.2).
        let blank = buf
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        if blank > 0 {
            buf.drain(..blank);
            scanned = 0;
        }
        if !buf.is_empty() && started.is_none() {
            started = Some(Instant::now());
        }
        if let Some(end) = head_end(buf, scanned) {
            let head = buf[..end.0].to_vec();
            buf.drain(..end.1);
            return Ok(head);
        }
        scanned = buf.len().saturating_sub(3);
        if buf.len() > MAX_HEAD_BYTES {
            let line_end = buf.iter().position(|&b| b == b'\n');
            let too_long_line = line_end.is_none_or(|e| e > MAX_LINE_BYTES);
            return Err(Stop::Status(if too_long_line { 414 } else { 431 }));
        }
        if gone.load(Ordering::Relaxed) {
            return Err(Stop::Quiet);
        }
        let deadline = match started {
            Some(t) => t + HEAD_TIME,
            None => waiting_since + IDLE_TIME,
        };
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(if started.is_some() {
                Stop::Status(408)
            } else {
                Stop::Quiet
            });
        }
        let _ = stream.set_read_timeout(Some(left));
        match stream.read(&mut chunk) {
            Ok(0) => return Err(Stop::Quiet),
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return Err(Stop::Quiet),
        }
    }
}

/// Where the head in `buf` ends (searching from `from`): the end of its
/// last header line, and the start of what follows the blank line.
fn head_end(buf: &[u8], from: usize) -> Option<(usize, usize)> {
    let mut i = from;
    while let Some(p) = buf.get(i..)?.iter().position(|&b| b == b'\n') {
        let nl = i + p;
        match buf.get(nl + 1..) {
            Some([b'\n', ..]) => return Some((nl, nl + 2)),
            Some([b'\r', b'\n', ..]) => return Some((nl, nl + 3)),
            _ => i = nl + 1,
        }
    }
    None
}

/// What a request says about its body and its connection.
#[derive(Debug, PartialEq)]
struct Framing {
    /// The declared `Content-Length` (saturating).
    length: u64,
    chunked: bool,
    keep_alive: bool,
    http11: bool,
}

/// Parses a request head; the status to answer when it is malformed.
fn parse_head(head: &[u8]) -> Result<(Request, Framing), u16> {
    let mut lines = head
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let line = lines.next().unwrap_or_default();
    if line.len() > MAX_LINE_BYTES {
        return Err(414);
    }
    let line = std::str::from_utf8(line).map_err(|_| 400u16)?;
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(400);
    };
    if method.is_empty() || !method.bytes().all(is_tchar) {
        return Err(400);
    }
    let target = origin_form(target).ok_or(400u16)?;
    if target.chars().any(|c| c.is_control() || c == ' ') {
        return Err(400);
    }
    let http11 = match version {
        "HTTP/1.1" => true,
        "HTTP/1.0" => false,
        v if v.starts_with("HTTP/") => return Err(505),
        _ => return Err(400),
    };
    let mut headers = Vec::new();
    for line in lines {
        if headers.len() == MAX_HEADERS {
            return Err(431);
        }
        let colon = line.iter().position(|&b| b == b':').ok_or(400u16)?;
        let (name, value) = (&line[..colon], &line[colon + 1..]);
        // No space before the colon, no folded lines (RFC 9112 5.1, 5.2).
        if name.is_empty() || !name.iter().copied().all(is_tchar) {
            return Err(400);
        }
        if value.iter().any(|&b| b == b'\r' || b == 0) {
            return Err(400);
        }
        let value = String::from_utf8_lossy(value)
            .trim_matches([' ', '\t'])
            .to_string();
        headers.push((String::from_utf8_lossy(name).into_owned(), value));
    }
    let request = Request {
        method: method.to_string(),
        target: target.to_string(),
        headers,
        peer: None,
        body: Vec::new(),
    };
    let framing = framing(&request, http11)?;
    Ok((request, framing))
}

/// The path and query of a request target: as sent, or out of the
/// absolute form (`http://host/path`) that servers must accept too
/// (RFC 9112 3.2.2).
fn origin_form(target: &str) -> Option<&str> {
    if target.starts_with('/') {
        return Some(target);
    }
    let scheme = target.find("://")?;
    if !["http", "https"].contains(&target[..scheme].to_ascii_lowercase().as_str()) {
        return None;
    }
    let rest = &target[scheme + 3..];
    Some(rest.find('/').map_or("/", |i| &rest[i..]))
}

fn framing(request: &Request, http11: bool) -> Result<Framing, u16> {
    let mut length: Option<u64> = None;
    let mut chunked = false;
    let mut connection = Vec::new();
    for (name, value) in &request.headers {
        if name.eq_ignore_ascii_case("content-length") {
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                return Err(400);
            }
            // Digits only: overflow means "more than any limit".
            let n = value.parse::<u64>().unwrap_or(u64::MAX);
            if length.is_some_and(|l| l != n) {
                return Err(400);
            }
            length = Some(n);
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = true;
        } else if name.eq_ignore_ascii_case("connection") {
            connection.extend(value.split(',').map(|t| t.trim().to_ascii_lowercase()));
        }
    }
    if chunked && length.is_some() {
        // Both: a request smuggling attempt (RFC 9112 6.1).
        return Err(400);
    }
    let keep_alive = if http11 {
        !connection.iter().any(|t| t == "close")
    } else {
        connection.iter().any(|t| t == "keep-alive")
    };
    Ok(Framing {
        length: length.unwrap_or(0),
        chunked,
        keep_alive,
        http11,
    })
}

fn is_tchar(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn error(status: u16) -> Response {
    Response::text(status, &format!("{status} {}", reason(status)))
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        303 => "See Other",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        409 => "Conflict",
        411 => "Length Required",
        413 => "Content Too Large",
        414 => "URI Too Long",
        422 => "Unprocessable Content",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        505 => "HTTP Version Not Supported",
        _ => "",
    }
}

/// The status line and headers; `length` adds `Content-Length`.
fn response_head(response: &Response, length: Option<usize>, close: bool) -> Vec<u8> {
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    if let Some(n) = length {
        head.push_str(&format!("Content-Length: {n}\r\n"));
    }
    if close {
        head.push_str("Connection: close\r\n");
    }
    head.push_str("\r\n");
    head.into_bytes()
}

fn write_response(
    stream: &mut TcpStream,
    response: &Response,
    head_only: bool,
    close: bool,
) -> std::io::Result<()> {
    let mut bytes = response_head(response, Some(response.body.len()), close);
    let body: &[u8] = if head_only { &[] } else { &response.body };
    let deadline = Instant::now() + WRITE_TIME + Duration::from_secs((body.len() >> 20) as u64);
    if body.len() <= 64 << 10 {
        bytes.extend_from_slice(body);
        return write_all_by(stream, &bytes, deadline);
    }
    write_all_by(stream, &bytes, deadline)?;
    write_all_by(stream, body, deadline)
}

/// A response whose body `body` writes as it is made, in chunks of up to
/// 64 KiB (`chunked`), or as it comes until the connection closes.
fn write_streamed(
    stream: &mut TcpStream,
    response: &Response,
    body: BodyWriter,
    head_only: bool,
    chunked: bool,
    close: bool,
) -> std::io::Result<()> {
    let mut head = response_head(response, None, close);
    if chunked {
        let at = head.len() - 2;
        head.splice(at..at, b"Transfer-Encoding: chunked\r\n".iter().copied());
    }
    let started = Instant::now();
    write_all_by(stream, &head, started + WRITE_TIME)?;
    if head_only {
        return Ok(());
    }
    let mut out = Chunks {
        stream,
        buf: Vec::with_capacity(CHUNK_BYTES + 2),
        chunked,
        started,
        sent: 0,
    };
    body(&mut out)?;
    out.flush()?;
    if chunked {
        write_all_by(out.stream, b"0\r\n\r\n", out.deadline())?;
    }
    Ok(())
}

/// What a streamed body is cut into on the wire.
const CHUNK_BYTES: usize = 64 << 10;

/// The writer a streamed body writes to: buffers, then sends each
/// chunk within the time `write_response` would give the bytes so far.
struct Chunks<'a> {
    stream: &'a mut TcpStream,
    buf: Vec<u8>,
    chunked: bool,
    started: Instant,
    sent: usize,
}

impl Chunks<'_> {
    fn deadline(&self) -> Instant {
        self.started + WRITE_TIME + Duration::from_secs((self.sent >> 20) as u64)
    }

    fn send(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        self.sent += self.buf.len();
        let deadline = self.deadline();
        if self.chunked {
            let size = format!("{:x}\r\n", self.buf.len());
            write_all_by(self.stream, size.as_bytes(), deadline)?;
            self.buf.extend_from_slice(b"\r\n");
        }
        write_all_by(self.stream, &self.buf, deadline)?;
        self.buf.clear();
        Ok(())
    }
}

impl Write for Chunks<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let n = bytes.len().min(CHUNK_BYTES - self.buf.len());
        self.buf.extend_from_slice(&bytes[..n]);
        if self.buf.len() == CHUNK_BYTES {
            self.send()?;
        }
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.send()
    }
}

/// `write_all` that gives up at `deadline` (a client that does not read).
fn write_all_by(
    stream: &mut TcpStream,
    mut bytes: &[u8],
    deadline: Instant,
) -> std::io::Result<()> {
    while !bytes.is_empty() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(ErrorKind::TimedOut.into());
        }
        stream.set_write_timeout(Some(left))?;
        let end = bytes.len().min(256 << 10);
        match stream.write(&bytes[..end]) {
            Ok(0) => return Err(ErrorKind::WriteZero.into()),
            Ok(n) => bytes = &bytes[n..],
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Closes a connection whose request was left unread: stop sending, read
/// and drop a bounded amount of what the client still sends, close.
fn linger(mut stream: TcpStream) {
    let _ = stream.flush();
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + LINGER_TIME;
    let mut chunk = [0u8; 8192];
    let mut read = 0;
    while read < LINGER_BYTES {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return;
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => read += n,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(head: &str) -> Result<(Request, Framing), u16> {
        parse_head(head.as_bytes())
    }

    #[test]
    fn heads_are_parsed_and_bad_ones_get_their_status() {
        let (r, f) = parse("GET /a/b?x HTTP/1.1\r\nHost: x\r\nContent-Length: 0").expect("valid");
        assert_eq!((r.method.as_str(), r.target.as_str()), ("GET", "/a/b?x"));
        assert_eq!(r.headers[0], ("Host".to_string(), "x".to_string()));
        assert_eq!(
            f,
            Framing {
                length: 0,
                chunked: false,
                keep_alive: true,
                http11: true,
            }
        );
        assert!(!parse("GET / HTTP/1.0").expect("1.0").1.keep_alive);
        assert!(
            !parse("GET / HTTP/1.1\r\nConnection: close")
                .expect("close")
                .1
                .keep_alive
        );
        let huge = parse("GET / HTTP/1.1\r\nContent-Length: 1000000000000").expect("huge");
        assert_eq!(huge.1.length, 1_000_000_000_000);
        let bigger = parse("GET / HTTP/1.1\r\nContent-Length: 99999999999999999999999").expect("x");
        assert_eq!(bigger.1.length, u64::MAX);
        let absolute = parse("GET http://127.0.0.1:1111/p/?q HTTP/1.1").expect("absolute");
        assert_eq!(absolute.0.target, "/p/?q");
        assert_eq!(parse("GET HTTP://x HTTP/1.1").expect("bare").0.target, "/");
        for (head, status) in [
            ("GET ftp://x/ HTTP/1.1", 400),
            ("OPTIONS * HTTP/1.1", 400),
            ("HELLO", 400),
            ("GET", 400),
            ("GET /", 400),
            ("GET  / HTTP/1.1", 400),
            ("GET x HTTP/1.1", 400),
            ("GET / HTTP/2.0", 505),
            ("GET / FTP/1.0", 400),
            ("GET / HTTP/1.1\r\nno colon here", 400),
            ("GET / HTTP/1.1\r\nName : v", 400),
            ("GET / HTTP/1.1\r\n folded", 400),
            ("GET / HTTP/1.1\r\nContent-Length: -1", 400),
            (
                "GET / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2",
                400,
            ),
            (
                "POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked",
                400,
            ),
            ("GET /\u{1}x HTTP/1.1", 400),
        ] {
            assert_eq!(parse(head).err(), Some(status), "{head:?}");
        }
        let many = format!("GET / HTTP/1.1{}", "\r\nX: y".repeat(MAX_HEADERS + 1));
        assert_eq!(parse(&many).err(), Some(431));
        let long = format!("GET /{} HTTP/1.1", "a".repeat(MAX_LINE_BYTES));
        assert_eq!(parse(&long).err(), Some(414));
    }

    #[test]
    fn the_head_ends_at_the_first_blank_line() {
        assert_eq!(
            head_end(b"GET / HTTP/1.1\r\nA: b\r\n\r\nGET", 0),
            Some((21, 24))
        );
        assert_eq!(head_end(b"GET / HTTP/1.1\n\nx", 0), Some((14, 16)));
        assert_eq!(head_end(b"GET / HTTP/1.1\r\nA: b\r\n", 0), None);
    }
}
