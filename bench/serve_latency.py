#!/usr/bin/env python3
"""Edit-to-reload time of `pledgeboard serve` (standard library only).

Starts `pledgeboard serve --port P --root SITE`, waits for the first build,
subscribes to http://127.0.0.1:P/__livereload (Server-Sent Events), then
EDITS times appends one line to a progress note and measures the time from
the write to the next `event: reload`, then the time from that event to
the whole pledge-sheet page that shows the note (`serve` renders pages when
they are asked for, so this is the first request after the change). After
every edit the note is put back as it was (that rebuild is waited for but
not counted), so the corpus stays byte-identical. Prints one JSON line:

  {"edits": 10, "median_ms": …, "min_ms": …, "max_ms": …,
   "page_median_ms": …, "page_max_ms": …, "startup_s": …,
   "serve_peak_rss_kib": …, "serve_rss_kib": …, "note": "content/…"}

Usage: serve_latency.py PLEDGEBOARD SITE [--edits 10] [--port 1199]
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time


def first_note(content):
    """The first progress note in sorted walk order: deterministic."""
    for dirpath, dirnames, filenames in os.walk(content):
        dirnames.sort()
        if os.path.basename(os.path.dirname(dirpath)).isdigit():
            notes = sorted(f for f in filenames if f.endswith(".md"))
            if notes:
                return os.path.join(dirpath, notes[0])
    sys.exit("no progress note found under " + content)


def http_get(port, path):
    """GET path, read the whole response; returns (status line, body length)."""
    with socket.create_connection(("127.0.0.1", port), timeout=120) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head.split(b"\r\n", 1)[0].decode(), len(body)


def sheet_url(site, note):
    """The pledge sheet page that shows `note` (ASCII paths in the corpus)."""
    rel = os.path.relpath(os.path.dirname(note), os.path.join(site, "content"))
    return "/" + rel.replace(os.sep, "/") + "/"


def http_ok(port, path="/"):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
            return s.recv(64).startswith(b"HTTP/1.1 200")
    except OSError:
        return False


class Events:
    """A Server-Sent Events connection, read line by line."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=120)
        self.sock.sendall(b"GET /__livereload HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n")
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        if not head.startswith(b"HTTP/1.1 200"):
            sys.exit("livereload answered: " + head.decode(errors="replace"))

    def _fill(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            sys.exit("livereload connection closed")
        self.buf += chunk

    def drain(self):
        """Drops whatever arrived already (a late second reload)."""
        self.sock.setblocking(False)
        try:
            while self.sock.recv(65536):
                pass
        except BlockingIOError:
            pass
        finally:
            self.sock.settimeout(120)
        self.buf = b""

    def next_reload(self):
        """Blocks until an `event: reload` line; returns perf_counter()."""
        while True:
            while b"\n" not in self.buf:
                self._fill()
            line, self.buf = self.buf.split(b"\n", 1)
            if line.strip() == b"event: reload":
                return time.perf_counter()


def rss(pid):
    vals = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmHWM:", "VmRSS:")):
                vals[line.split(":")[0]] = int(line.split()[1])
    return vals.get("VmHWM"), vals.get("VmRSS")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pledgeboard")
    ap.add_argument("site")
    ap.add_argument("--edits", type=int, default=10)
    ap.add_argument("--port", type=int, default=1199)
    ap.add_argument("--today", default="2026-11-28")
    a = ap.parse_args()

    note = first_note(os.path.join(a.site, "content"))
    with open(note, "rb") as f:
        original = f.read()
    start = time.perf_counter()
    proc = subprocess.Popen(
        [a.pledgeboard, "serve", "--root", a.site, "--port", str(a.port), "--today", a.today],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while not http_ok(a.port):
            if proc.poll() is not None:
                sys.exit(f"serve exited with {proc.returncode}")
            time.sleep(0.05)
        startup = time.perf_counter() - start
        events = Events(a.port)
        time.sleep(1.0)  # let the watcher settle
        times = []
        pages = []
        page = sheet_url(a.site, note)
        for i in range(a.edits):
            events.drain()
            t0 = time.perf_counter()
            with open(note, "ab") as f:
                f.write(f"\n补充说明第{i + 1}次。\n".encode())
            reloaded = events.next_reload()
            times.append((reloaded - t0) * 1000)
            status, size = http_get(a.port, page)
            if not status.startswith("HTTP/1.1 200") or size == 0:
                sys.exit(f"{page}: {status}")
            pages.append((time.perf_counter() - reloaded) * 1000)
            time.sleep(0.3)
            with open(note, "wb") as f:
                f.write(original)
            events.next_reload()
            time.sleep(0.3)
        peak, now = rss(proc.pid)
    finally:
        with open(note, "wb") as f:
            f.write(original)
        proc.terminate()
        proc.wait(timeout=30)
    print(json.dumps({
        "edits": len(times),
        "median_ms": round(statistics.median(times), 1),
        "min_ms": round(min(times), 1),
        "max_ms": round(max(times), 1),
        "page_median_ms": round(statistics.median(pages), 1),
        "page_max_ms": round(max(pages), 1),
        "startup_s": round(startup, 2),
        "serve_peak_rss_kib": peak,
        "serve_rss_kib": now,
        "note": os.path.relpath(note, a.site),
    }))


if __name__ == "__main__":
    main()
