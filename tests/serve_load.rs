//! `serve` under load and abuse (SECURITY.md §8), on 127.0.0.1 only:
//! a request declaring a 1 TB body gets 413 and the server lives on; 200
//! concurrent keep-alive connections make 10,000 requests in all, every
//! one answered 200 with the right length, while 100 other connections sit
//! idle or stop half-way through a request; 40 malformed requests get the
//! status they deserve; more connections than the server keeps open, a
//! head that never ends and a crowd of event streams take nothing from a
//! well-formed request that comes after. Every socket has a read timeout
//! and the number of requests is fixed, so the tests end by themselves.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier, mpsc};
use std::time::Duration;

const CONNECTIONS: usize = 200;
const PER_CONNECTION: usize = 50;
const HALF_OPEN: usize = 100;
const TIMEOUT: Duration = Duration::from_secs(20);

/// Kills the server however the test ends.
struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn start_server(root: &std::path::Path) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_pledgeboard"))
        .arg("serve")
        .arg("--root")
        .arg(root)
        .args(["--port", &free_port().to_string(), "--bind", "127.0.0.1"])
        .args(["--today", "2026-06-30"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start serve");
    // `serve` prints its address (`http://127.0.0.1:PORT/`) once it listens.
    let stderr = child.stderr.take().expect("stderr");
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if let Some(rest) = line.trim().strip_prefix("http://") {
                let addr = rest.split('/').next().unwrap_or("").to_string();
                let _ = tx.send(addr);
            }
        }
    });
    let addr = rx
        .recv_timeout(Duration::from_secs(120))
        .expect("serve did not start");
    Server {
        child,
        addr: addr.parse().expect("address"),
    }
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect_timeout(&addr, TIMEOUT).expect("connect");
    s.set_read_timeout(Some(TIMEOUT)).expect("timeout");
    s.set_write_timeout(Some(TIMEOUT)).expect("timeout");
    s
}

/// Reads one response: (status code, body).
fn read_response(r: &mut BufReader<TcpStream>) -> std::io::Result<(u16, Vec<u8>)> {
    let mut status_line = String::new();
    r.read_line(&mut status_line)?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("bad status line {status_line:?}")))?;
    let mut length = None;
    let mut chunked = false;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line)? == 0 {
            return Err(std::io::Error::other("closed in headers"));
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            length = v.trim().parse::<usize>().ok();
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("transfer-encoding")
        {
            chunked = v.trim().eq_ignore_ascii_case("chunked");
        }
    }
    if !chunked {
        let mut body = vec![0; length.unwrap_or(0)];
        r.read_exact(&mut body)?;
        return Ok((status, body));
    }
    // Chunked bodies are read too, should the server ever send one.
    let mut body = Vec::new();
    loop {
        let mut size = String::new();
        r.read_line(&mut size)?;
        let size = usize::from_str_radix(size.trim().split(';').next().unwrap_or(""), 16)
            .map_err(|_| std::io::Error::other(format!("bad chunk size {size:?}")))?;
        let mut chunk = vec![0; size + 2];
        r.read_exact(&mut chunk)?;
        if size == 0 {
            return Ok((status, body));
        }
        body.extend_from_slice(&chunk[..size]);
    }
}

/// Sends raw bytes on a new connection and returns the status code.
fn raw_status(addr: SocketAddr, request: &[u8]) -> u16 {
    let mut s = connect(addr);
    s.write_all(request).expect("send");
    let mut r = BufReader::new(s);
    read_response(&mut r).map(|(status, _)| status).unwrap_or(0)
}

fn assert_alive(child: &mut Child) {
    assert!(
        matches!(child.try_wait(), Ok(None)),
        "serve exited: {:?}",
        child.try_wait()
    );
}

/// 40 malformed, oversized or refused requests and the status each gets.
fn malformed() -> Vec<(Vec<u8>, u16)> {
    let get = |head: &str| format!("GET /p/ HTTP/1.1\r\nHost: x\r\n{head}\r\n\r\n").into_bytes();
    let line = |line: &str| format!("{line}\r\nHost: x\r\n\r\n").into_bytes();
    let mut all: Vec<(Vec<u8>, u16)> = vec![
        (b"HELLO\r\n\r\n".to_vec(), 400),
        (b"GET\r\n\r\n".to_vec(), 400),
        (b"\n\n\nGARBAGE\n\n".to_vec(), 400),
        (
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n".to_vec(),
            400,
        ),
        (get("no colon here"), 400),
        (get("Name : space before the colon"), 400),
        (get(" folded"), 400),
        (get("X(y): not a token"), 400),
        (get(": no name"), 400),
        (get("X: a\0b"), 400),
        (get("Content-Length: -1"), 400),
        (get("Content-Length: 12abc"), 400),
        (get("Content-Length: 1\r\nContent-Length: 2"), 400),
        (get("Content-Length: 1\r\nTransfer-Encoding: chunked"), 400),
        (get("Transfer-Encoding: chunked"), 411),
        (get("Content-Length: 1000000000000"), 413),
        (get("Content-Length: 99999999999999999999999999"), 413),
        (get(&format!("X: {}", "v".repeat(20 << 10))), 431),
        (get(&"X: y\r\n".repeat(100)), 431),
        (line("GET /p/%zz/ HTTP/1.1"), 400),
        (line("GET /p/%2e%2e/%2e%2e/etc/passwd HTTP/1.1"), 400),
        (line("GET /p/a%00b/ HTTP/1.1"), 400),
        (line("GET /p/%FF%FE/ HTTP/1.1"), 400),
        (line("GET /p/..\\..\\x HTTP/1.1"), 400),
        (line("GET /p/%5c..%5cx HTTP/1.1"), 400),
        (line("GET /p/\x01 HTTP/1.1"), 400),
        (line("GET /p/ HTTP/2.0"), 505),
        (line("GET /p/ FTP/1.1"), 400),
        (line("GET p/ HTTP/1.1"), 400),
        (line("GET  /p/ HTTP/1.1"), 400),
        (line("GET /p/ HTTP/1.1 extra"), 400),
        (line("OPTIONS * HTTP/1.1"), 400),
        (line("CONNECT 127.0.0.1:443 HTTP/1.1"), 400),
        (line(&format!("GET /{} HTTP/1.1", "a".repeat(9 << 10))), 414),
        (line("PUT /p/ HTTP/1.1"), 405),
        (line("DELETE /p/ HTTP/1.1"), 405),
        (
            b"POST /p/ HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n".to_vec(),
            405,
        ),
        (
            b"POST /p/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000000\r\n\r\n".to_vec(),
            413,
        ),
    ];
    // Non-UTF-8 in the request line, and a line that never ends.
    let mut raw = b"GET /p/".to_vec();
    raw.extend_from_slice(b"\xff\xfe HTTP/1.1\r\n\r\n");
    all.push((raw, 400));
    all.push((vec![b'a'; 20 << 10], 414));
    all
}

#[test]
fn serve_answers_10000_requests_on_200_connections() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    common::write_files(&root, &common::mid_site_files(8, 3), None);
    let mut server = start_server(&root);
    let addr = server.addr;

    let paths = [
        "/p/",
        "/p/street-0/",
        "/p/street-0/2026/",
        "/p/street-0/2026/m0-0/",
        "/p/street-0/community-1/2026/_unit/",
        "/p/data/2026.json",
        "/p/data/2026.csv",
        "/p/assets/style.css",
    ];
    // The size of every page, from one connection first.
    let expected: Vec<usize> = {
        let s = connect(addr);
        let mut w = s.try_clone().expect("clone");
        let mut r = BufReader::new(s);
        paths
            .iter()
            .map(|p| {
                write!(w, "GET {p} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").expect("send");
                let (status, body) = read_response(&mut r).expect("response");
                assert_eq!(status, 200, "{p}");
                assert!(!body.is_empty(), "{p}");
                body.len()
            })
            .collect()
    };

    // A body of 1 TB, declared: refused before anything is read. It once
    // made the process abort a second after the answer.
    let tera = b"GET /p/ HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000000\r\n\r\n";
    assert_eq!(raw_status(addr, tera), 413);
    std::thread::sleep(Duration::from_millis(1500));
    assert_alive(&mut server.child);

    // Slow and half-open connections, held open during the whole load.
    let mut idle = Vec::new();
    for i in 0..HALF_OPEN {
        let mut s = connect(addr);
        if i % 2 == 1 {
            s.write_all(b"GET /p/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ")
                .expect("send half");
        }
        idle.push(s);
    }

    let barrier = Arc::new(Barrier::new(CONNECTIONS));
    let expected = Arc::new(expected);
    let workers: Vec<_> = (0..CONNECTIONS)
        .map(|c| {
            let (barrier, expected) = (Arc::clone(&barrier), Arc::clone(&expected));
            std::thread::spawn(move || -> Result<usize, String> {
                let s = connect(addr);
                let mut w = s.try_clone().map_err(|e| e.to_string())?;
                let mut r = BufReader::new(s);
                barrier.wait();
                let mut ok = 0;
                for n in 0..PER_CONNECTION {
                    let i = (c + n) % paths.len();
                    write!(w, "GET {} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", paths[i])
                        .map_err(|e| format!("conn {c} req {n}: send: {e}"))?;
                    let (status, body) =
                        read_response(&mut r).map_err(|e| format!("conn {c} req {n}: {e}"))?;
                    if status != 200 || body.len() != expected[i] {
                        return Err(format!(
                            "conn {c} req {n} {}: status {status}, {} bytes",
                            paths[i],
                            body.len()
                        ));
                    }
                    ok += 1;
                }
                Ok(ok)
            })
        })
        .collect();
    let mut answered = 0;
    let mut errors = Vec::new();
    for w in workers {
        match w.join().expect("worker") {
            Ok(n) => answered += n,
            Err(e) => errors.push(e),
        }
    }
    assert!(
        errors.is_empty(),
        "{} connections failed: {:?}",
        errors.len(),
        &errors[..errors.len().min(5)]
    );
    assert_eq!(answered, CONNECTIONS * PER_CONNECTION);

    // Malformed requests get their status, and the server still serves.
    let malformed = malformed();
    assert_eq!(malformed.len(), 40);
    for (bad, status) in &malformed {
        assert_eq!(
            raw_status(addr, bad),
            *status,
            "{:?}",
            String::from_utf8_lossy(&bad[..bad.len().min(80)])
        );
    }
    assert_alive(&mut server.child);
    assert_eq!(
        raw_status(addr, b"GET /p/ HTTP/1.1\r\nHost: x\r\n\r\n"),
        200
    );
    assert_eq!(
        raw_status(addr, b"GET http://127.0.0.1/p/ HTTP/1.1\r\nHost: x\r\n\r\n"),
        200,
        "the absolute form"
    );
    drop(idle);
    drop(server);
}

/// More idle and half-sent connections than the server keeps open, and
/// more event streams than it keeps: the longest idle connections and the
/// oldest streams are closed, and a well-formed request still gets its
/// page at once.
#[test]
fn serve_makes_room_for_a_request_when_full() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    common::write_files(&root, &common::mid_site_files(2, 1), None);
    let mut server = start_server(&root);
    let addr = server.addr;

    let streams: Vec<BufReader<TcpStream>> = (0..40)
        .map(|_| {
            let mut s = connect(addr);
            s.write_all(b"GET /p/__livereload HTTP/1.1\r\nHost: x\r\n\r\n")
                .expect("subscribe");
            let mut r = BufReader::new(s);
            let mut status = String::new();
            r.read_line(&mut status).expect("status line");
            assert!(status.starts_with("HTTP/1.1 200"), "{status}");
            r
        })
        .collect();
    // The first streams were closed for the later ones: they end.
    let mut first = streams.into_iter().next().expect("a stream");
    let mut rest = Vec::new();
    first
        .read_to_end(&mut rest)
        .expect("the oldest stream is closed");

    let mut idle = Vec::new();
    for i in 0..300 {
        let mut s = connect(addr);
        if i % 2 == 0 {
            s.write_all(b"GET /p/ HTTP/1.1\r\nX-Half: ").expect("half");
        }
        idle.push(s);
    }
    let started = std::time::Instant::now();
    for _ in 0..5 {
        assert_eq!(
            raw_status(addr, b"GET /p/ HTTP/1.1\r\nHost: x\r\n\r\n"),
            200
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "{:?}",
        started.elapsed()
    );
    assert_alive(&mut server.child);
    drop(idle);
}
