#!/usr/bin/env python3
"""Peak memory of `pledgeboard serve` after a reader's requests (stdlib only).

Starts `pledgeboard serve --root SITE --port P --today 2026-11-28`, waits
until `/` answers 200, then asks, one at a time and reading each answer
whole, for what BENCHMARKS.md's memory section asks for:

  /, a board, a sheet, /2026/, /search/, /categories/, data/2026.json,
  data/2026.csv, search/meta.json, feeds/atom.xml

and then (`--more`, the default) what a search and a board's feed fetch:
search/t/0.json, search/t/1.json, search/d/0.json, search/d/1.json and
the board's atom.xml. The board is the first unit folder (sorted) one
level under a top unit that has a sheet of its own for 2026
(`<a>/<b>/2026/_unit.md`); the sheet is that one.

Prints one JSON line per round:

  {"round": 1, "start_s": …, "requests_s": …, "rss_after_start_mib": …,
   "peak_rss_mib": …, "statuses": {"/": [200, BYTES, VMHWM_MIB], …}}

(BYTES: what came after the head, chunk framing included; VMHWM_MIB:
the peak so far, read right after that answer.)

`peak_rss_mib` is VmHWM of /proc/PID/status after the last request (and
SETTLE seconds), `rss_after_start_mib` VmHWM once `/` answered.

One unmeasured start comes first (`--warmup 1`), so the load cache
(`.pledgeboard-cache/` in SITE) is warm in every measured round.

Usage: serve_mem.py PLEDGEBOARD SITE [--rounds 1] [--port 1341]
                    [--settle 2] [--no-more] [--warmup 1]
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time


def http_get(port, path):
    """GET path, read the whole response; (status line, bytes read after
    the head). Reads into one growing buffer: a city's open data is
    hundreds of MB, and a slow reader would make serve give up."""
    with socket.create_connection(("127.0.0.1", port), timeout=300) as s:
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode())
        data = bytearray()
        while True:
            chunk = s.recv(1 << 20)
            if not chunk:
                break
            data += chunk
    head, _, body = bytes(data).partition(b"\r\n\r\n")
    return head.split(b"\r\n", 1)[0].decode(), len(body)


def first_board(site):
    content = os.path.join(site, "content")
    for top in sorted(os.listdir(content)):
        top_dir = os.path.join(content, top)
        if not os.path.isdir(top_dir):
            continue
        for sub in sorted(os.listdir(top_dir)):
            if os.path.isfile(os.path.join(top_dir, sub, "2026", "_unit.md")):
                board = f"/{top}/{sub}/"
                return board, board + "2026/_unit/"
    sys.exit(f"no unit with a 2026 sheet under {content}")


def vm_hwm_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


def one_round(exe, site, port, settle, more):
    board, sheet = first_board(site)
    paths = [
        "/", board, sheet, "/2026/", "/search/", "/categories/",
        "/data/2026.json", "/data/2026.csv", "/search/meta.json", "/feeds/atom.xml",
    ]
    if more:
        paths += [
            "/search/t/0.json", "/search/t/1.json", "/search/d/0.json",
            "/search/d/1.json", board + "atom.xml",
        ]
    cmd = [exe, "serve", "--root", site, "--port", str(port), "--today", "2026-11-28"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            if proc.poll() is not None:
                sys.exit(f"serve exited with {proc.returncode}")
            try:
                if http_get(port, "/")[0].startswith("HTTP/1.1 200"):
                    break
            except OSError:
                pass
            time.sleep(0.2)
        started = time.perf_counter() - start
        after_start = vm_hwm_kib(proc.pid)
        statuses = {}
        t0 = time.perf_counter()
        for p in paths:
            status, length = http_get(port, p)
            statuses[p] = [int(status.split()[1]), length, round(vm_hwm_kib(proc.pid) / 1024)]
        requests = time.perf_counter() - t0
        time.sleep(settle)
        peak = vm_hwm_kib(proc.pid)
    finally:
        proc.terminate()
        proc.wait()
    return {
        "start_s": round(started, 2),
        "requests_s": round(requests, 2),
        "rss_after_start_mib": round(after_start / 1024),
        "peak_rss_mib": round(peak / 1024),
        "statuses": statuses,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("exe")
    ap.add_argument("site")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--port", type=int, default=1341)
    ap.add_argument("--settle", type=float, default=2)
    ap.add_argument("--no-more", dest="more", action="store_false")
    ap.add_argument("--warmup", type=int, default=1,
                    help="unmeasured starts first (they fill the load cache)")
    a = ap.parse_args()
    for _ in range(a.warmup):
        one_round(a.exe, os.path.abspath(a.site), a.port, 0, False)
    peaks = []
    for r in range(a.rounds):
        res = one_round(a.exe, os.path.abspath(a.site), a.port, a.settle, a.more)
        res = {"round": r + 1, **res}
        peaks.append(res["peak_rss_mib"])
        print(json.dumps(res), flush=True)
    if a.rounds > 1:
        print(json.dumps({"median_peak_rss_mib": statistics.median(peaks)}))


if __name__ == "__main__":
    main()
