//! Running the real `pledgeboard serve` in tests: start it on a free port,
//! fetch over plain HTTP/1.1, listen to its live-reload events, and build
//! the same content with `pledgeboard build` to compare.

use std::fs;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub const TODAY: &str = "2026-11-28";
const TIMEOUT: Duration = Duration::from_secs(30);

pub fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_pledgeboard")
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

pub fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let target = to.join(entry.path().strip_prefix(from).expect("under"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("mkdir");
        } else {
            fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// The demo site's root unit and one street (with its communities): a
/// real site, small enough to build in a second or two.
pub fn demo_subset(root: &Path) {
    let demo = Path::new(env!("CARGO_MANIFEST_DIR"));
    fs::create_dir_all(root.join("content")).expect("mkdir");
    fs::copy(demo.join("site.yaml"), root.join("site.yaml")).expect("site.yaml");
    fs::copy(
        demo.join("content/_unit.yaml"),
        root.join("content/_unit.yaml"),
    )
    .expect("_unit.yaml");
    copy_tree(
        &demo.join("content/chengguan-street"),
        &root.join("content/chengguan-street"),
    );
}

/// The folder of the notes of `demo_subset`'s street's own sheet, and
/// its first note (a street-level page shows it).
pub fn street_note(root: &Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let dir = root.join("content/chengguan-street/2026/_unit");
    let note = fs::read_dir(&dir)
        .expect("notes")
        .map(|e| e.expect("entry").path())
        .find(|p| p.extension().is_some_and(|x| x == "md"))
        .expect("a note of the street's own sheet");
    (dir, note)
}

/// A running `pledgeboard serve`, killed when dropped. Its terminal output
/// is kept (for assertion messages).
pub struct Serve {
    child: Child,
    pub addr: SocketAddr,
    /// The path part of the address it printed (`/` or `/sub/`).
    pub base: String,
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Serve {
    /// Starts `serve --root root` on a free port; waits until it listens.
    pub fn start(root: &Path) -> Serve {
        Serve::start_with(root, &[])
    }

    /// `start` with more options (`--edit`).
    pub fn start_with(root: &Path, more: &[&str]) -> Serve {
        let mut child = Command::new(bin())
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(["--port", &free_port().to_string(), "--bind", "127.0.0.1"])
            .args(["--today", TODAY])
            .args(more)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start serve");
        let stderr = child.stderr.take().expect("stderr");
        let log = Arc::new(Mutex::new(Vec::new()));
        let (tx, rx) = mpsc::channel();
        let lines = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(rest) = line.trim().strip_prefix("http://") {
                    let url = rest.split_whitespace().next().unwrap_or("").to_string();
                    let _ = tx.send(url);
                }
                lines.lock().unwrap_or_else(|e| e.into_inner()).push(line);
            }
        });
        let url = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("serve did not start");
        let (addr, base) = url.split_at(url.find('/').expect("a path"));
        let serve = Serve {
            child,
            addr: addr.parse().expect("address"),
            base: base.to_string(),
            log,
        };
        // Listening comes before the site is loaded (503 until then): wait
        // for the first load, so no test races it on a busy machine.
        eventually("the site to load", || serve.get("").0 != 503);
        serve
    }

    pub fn log(&self) -> String {
        self.log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .join("\n")
    }

    /// `GET base + path` (non-ASCII percent-encoded): (status, body).
    pub fn get(&self, path: &str) -> (u16, Vec<u8>) {
        let mut target = self.base.clone();
        for b in path.bytes() {
            if b.is_ascii() {
                target.push(b as char);
            } else {
                target.push_str(&format!("%{b:02X}"));
            }
        }
        let (status, _, body) = request(
            self.addr,
            &format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
        );
        (status, body)
    }

    /// `GET` with a raw request target (for traversal attempts).
    pub fn get_raw(&self, target: &str) -> (u16, Vec<u8>) {
        let (status, _, body) = request(
            self.addr,
            &format!("GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"),
        );
        (status, body)
    }

    /// Subscribes to `__livereload`: each event's name, as it comes.
    pub fn events(&self) -> Events {
        self.events_with("", "")
    }

    /// `events` with a query (`?since=3`) and more header lines (each
    /// ending in CRLF), as a page's script sends them.
    pub fn events_with(&self, query: &str, headers: &str) -> Events {
        let mut s = TcpStream::connect(self.addr).expect("connect");
        write!(
            s,
            "GET {}__livereload{query} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n{headers}\r\n",
            self.base
        )
        .expect("subscribe");
        let (tx, rx) = mpsc::channel();
        let mut r = BufReader::new(s);
        let mut status = String::new();
        r.read_line(&mut status).expect("status line");
        assert!(status.starts_with("HTTP/1.1 200"), "{status}");
        std::thread::spawn(move || {
            for line in r.lines().map_while(Result::ok) {
                if let Some(name) = line.strip_prefix("event: ")
                    && tx.send(name.trim().to_string()).is_err()
                {
                    return;
                }
            }
        });
        Events { rx }
    }
}

pub struct Events {
    rx: Receiver<String>,
}

impl Events {
    /// Waits (bounded) for the next event, then for the events that follow
    /// within `settle` (a burst of saves may give more than one reload).
    /// Returns all of them, in order.
    pub fn next(&self, settle: Duration) -> Vec<String> {
        let first = self
            .rx
            .recv_timeout(TIMEOUT)
            .expect("no live-reload event within 30 s");
        let mut all = vec![first];
        while let Ok(e) = self.rx.recv_timeout(settle) {
            all.push(e);
        }
        all
    }

    /// Drops what came already.
    pub fn drain(&self) {
        while self.rx.try_recv().is_ok() {}
    }

    /// No event within `wait`.
    pub fn none_within(&self, wait: Duration) -> Option<String> {
        self.rx.recv_timeout(wait).ok()
    }
}

/// One request on a new connection: (status, head, body).
pub fn request(addr: SocketAddr, raw: &str) -> (u16, String, Vec<u8>) {
    request_bytes(addr, raw.as_bytes())
}

/// `request` with a raw request of any bytes (a head and a body).
pub fn request_bytes(addr: SocketAddr, raw: &[u8]) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect_timeout(&addr, TIMEOUT).expect("connect");
    s.set_read_timeout(Some(TIMEOUT)).expect("timeout");
    // A server may answer and close before all of a large body is sent.
    let _ = s.write_all(raw);
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).expect("read");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or(raw.len());
    let head = String::from_utf8_lossy(&raw[..split]).to_string();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let mut body = raw[(split + 4).min(raw.len())..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    (status, head, body)
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size = String::from_utf8_lossy(&data[..eol]);
        let size =
            usize::from_str_radix(size.trim().split(';').next().unwrap_or(""), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}

/// What `serve` adds to every page and `build` never writes: the
/// live-reload script just before `</body>`. Removed here, and only here,
/// so that served pages can be compared byte for byte with built ones.
pub fn strip_live_reload(page: &[u8]) -> Vec<u8> {
    const START: &[u8] = b"<script>(function(){var s=new EventSource(";
    const END: &[u8] = b"</script>\n";
    let Some(at) = find(page, START) else {
        return page.to_vec();
    };
    let end = find(&page[at..], END).expect("the script ends") + at + END.len();
    let mut out = page[..at].to_vec();
    out.extend_from_slice(&page[end..]);
    out
}

/// The error overlay `serve` puts after `<body…>` while the content has
/// errors: (the page without it, the overlay's text).
pub fn split_overlay(page: &[u8]) -> Option<(Vec<u8>, String)> {
    const START: &[u8] = b"<div id=\"pb-errors\"";
    let at = find(page, START)?;
    let end = find(&page[at..], b"</ul></div>")? + at + b"</ul></div>".len();
    let mut rest = page[..at].to_vec();
    rest.extend_from_slice(&page[end..]);
    Some((rest, String::from_utf8_lossy(&page[at..end]).into_owned()))
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// `pledgeboard build` of `root` into `out`: its files (path → bytes), or
/// its error output.
pub fn build(
    root: &Path,
    out: &Path,
) -> Result<std::collections::BTreeMap<String, Vec<u8>>, String> {
    let _ = fs::remove_dir_all(out);
    let o = Command::new(bin())
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--out")
        .arg(out)
        .args(["--today", TODAY])
        .output()
        .expect("run build");
    if o.status.success() {
        // The mark says the folder is a build's, the manifest what the
        // build wrote; neither is a page of the site, and `serve` (which
        // has no output folder) has neither.
        let mut files = super::tree(out);
        files.remove(pledgeboard::outdir::MARK);
        files.remove(pledgeboard::manifest::MANIFEST);
        Ok(files)
    } else {
        Err(String::from_utf8_lossy(&o.stderr).into_owned())
    }
}

/// Waits (bounded) until `f` holds.
pub fn eventually(what: &str, mut f: impl FnMut() -> bool) {
    let start = Instant::now();
    while !f() {
        assert!(start.elapsed() < TIMEOUT, "timed out: {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A folder next to the site for files to be moved in at once.
pub fn staging(root: &Path) -> PathBuf {
    let dir = root.with_extension("staging");
    fs::create_dir_all(&dir).expect("mkdir");
    dir
}
