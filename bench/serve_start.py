#!/usr/bin/env python3
"""Time from `pledgeboard serve` starting to its first served page (stdlib only).

Starts `pledgeboard serve --root SITE --port P --today 2026-11-28`, polls
the home page until it answers 200, and prints one JSON line per round:

  {"round": 1, "cache": "cold", "first_page_s": …, "peak_rss_mib": …}

`first_page_s` is from the start of the process to the end of the first
200 answer of `/` (the whole page read). `peak_rss_mib` is the server's
VmHWM (/proc/PID/status) once that page is served (after SETTLE seconds,
so a cache written in the background after the start is counted). The
server is then stopped.

Cache modes (--cache):
  cold  the site's `.pledgeboard-cache/` is deleted before each round
        (only that folder, and only when it holds pledgeboard's cache);
  warm  one unmeasured start first fills the cache, then every round
        starts with it;
  none  PLEDGEBOARD_NO_CACHE=1 (what every start cost before the cache).

Usage: serve_start.py PLEDGEBOARD SITE [--rounds 3] [--port 1331]
                      [--cache cold|warm|none] [--settle 2]
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time

# The one way these scripts ask serve for a page.
from serve_latency import http_get

CACHE_DIR = ".pledgeboard-cache"
# The first bytes of every file the cache writes (src/content/cache.rs).
MAGIC = b"PBCACHE\0"


def home_ok(port):
    """GET / and read it whole; True on a 200 answer."""
    try:
        status, _ = http_get(port, "/")
    except OSError:
        return False
    return status.startswith("HTTP/1.1 200")


def peak_rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return None


def clear_cache(site):
    """Deletes the site's cache folder, but only one made by pledgeboard."""
    path = os.path.join(site, CACHE_DIR)
    if not os.path.isdir(path):
        return
    for dirpath, _, files in os.walk(path):
        for name in files:
            with open(os.path.join(dirpath, name), "rb") as f:
                if f.read(len(MAGIC)) != MAGIC and name != "README.txt":
                    sys.exit(f"{path} holds {name}, not pledgeboard's cache: not deleting it")
    shutil.rmtree(path)


def one_start(exe, site, port, env, settle):
    cmd = [exe, "serve", "--root", site, "--port", str(port), "--today", "2026-11-28"]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while not home_ok(port):
            if proc.poll() is not None:
                sys.exit(f"serve exited with {proc.returncode} before serving")
            time.sleep(0.02)
        first = time.perf_counter() - start
        time.sleep(settle)
        rss = peak_rss_kib(proc.pid)
    finally:
        proc.kill()
        proc.wait()
    return first, rss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("pledgeboard")
    ap.add_argument("site")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--port", type=int, default=1331)
    ap.add_argument("--cache", choices=["cold", "warm", "none"], default="warm")
    ap.add_argument("--settle", type=float, default=2.0)
    args = ap.parse_args()
    exe = os.path.abspath(args.pledgeboard)
    site = os.path.abspath(args.site)
    env = dict(os.environ)
    env.pop("PLEDGEBOARD_NO_CACHE", None)
    if args.cache == "none":
        env["PLEDGEBOARD_NO_CACHE"] = "1"
    if args.cache == "warm":
        one_start(exe, site, args.port, env, args.settle)
    firsts, rsss = [], []
    for r in range(1, args.rounds + 1):
        if args.cache == "cold":
            clear_cache(site)
        first, rss = one_start(exe, site, args.port, env, args.settle)
        firsts.append(first)
        rsss.append(rss)
        print(json.dumps({
            "round": r,
            "cache": args.cache,
            "first_page_s": round(first, 3),
            "peak_rss_mib": round(rss / 1024, 1) if rss else None,
        }), flush=True)
    print(json.dumps({
        "cache": args.cache,
        "rounds": args.rounds,
        "median_first_page_s": round(statistics.median(firsts), 3),
        "median_peak_rss_mib": round(statistics.median(r for r in rsss if r) / 1024, 1),
    }))


if __name__ == "__main__":
    main()
