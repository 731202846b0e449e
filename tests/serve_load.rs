//! `serve` under load and abuse (SECURITY.md §8), on 127.0.0.1 only:
//! 200 concurrent keep-alive connections make 10,000 requests in all,
//! every one answered 200 with the right length, while 20 other
//! connections sit idle or stop half-way through a request; malformed
//! requests get 400. Every socket has a read timeout and the number of
//! requests is fixed, so the test ends by itself.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Barrier, mpsc};
use std::time::Duration;

const CONNECTIONS: usize = 200;
const PER_CONNECTION: usize = 50;
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

#[test]
fn serve_answers_10000_requests_on_200_connections() {
    let tmp = tempfile::tempdir().expect("tmp");
    let root = tmp.path().join("site");
    common::write_files(&root, &common::mid_site_files(8, 3), None);
    let server = start_server(&root);
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

    // Slow and half-open connections, held open during the whole load.
    let mut idle = Vec::new();
    for i in 0..20 {
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

    // Malformed requests: 400, and the server still serves afterwards.
    for bad in [
        &b"HELLO\r\n\r\n"[..],
        b"GET\r\n\r\n",
        b"GET /p/ HTTP/1.1\r\nno colon here\r\n\r\n",
        b"GET /p/%zz/ HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /p/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /p/a%00b/ HTTP/1.1\r\nHost: x\r\n\r\n",
        b"GET /p/%FF%FE/ HTTP/1.1\r\nHost: x\r\n\r\n",
    ] {
        assert_eq!(
            raw_status(addr, bad),
            400,
            "{:?}",
            String::from_utf8_lossy(bad)
        );
    }
    assert_eq!(
        raw_status(
            addr,
            b"POST /p/ HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"
        ),
        405
    );
    assert_eq!(
        raw_status(addr, b"GET /p/ HTTP/1.1\r\nHost: x\r\n\r\n"),
        200
    );
    drop(idle);
    drop(server);
}
