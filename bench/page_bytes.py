#!/usr/bin/env python3
"""Bytes per page kind in a built pledgeboard site, and where they go.

    python3 bench/page_bytes.py OUT_DIR [--sample N] [--json]

Prints, per page kind (sheet, note, board, unit, other), the count, the
total and the mean bytes of the `index.html` files, and for the sheet and
note pages (the bulk of a city's output) what the bytes are spent on:
the bytes inside a few elements and attributes, summed over a sample of
the pages, as a share of those pages' bytes. The parts overlap (an
`href` inside a `<nav>` counts in both), so the shares do not add up to
100 %.

The page kind is read from the `<body class="page-KIND">` every page of
the default theme carries; pages without it are "other". Stdlib only.
"""

import argparse
import html.parser
import json
import os
import re
import sys

BODY_KIND = re.compile(rb'<body class="page-([a-z0-9_-]+)')

# Elements whose whole extent (tags included) is counted.
ELEMENTS = ("head", "header", "nav", "footer", "svg", "table", "details",
            "section", "article", "form", "script", "style")
# Attributes whose `name="value"` bytes are counted.
ATTRIBUTES = ("href", "class", "style", "title", "id", "aria-label",
              "data-label", "role", "datetime", "aria-valuenow",
              "aria-valuemin", "aria-valuemax", "scope", "d", "src")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link",
        "meta", "source", "track", "wbr"}


class Parts(html.parser.HTMLParser):
    """Adds up, per element and attribute name, the bytes they span."""

    def __init__(self, text):
        super().__init__(convert_charrefs=False)
        self.text = text
        # Byte offset of every line start: the parser reports (line, col)
        # in characters; the page is UTF-8, so map through the text.
        self.line_starts = [0]
        for m in re.finditer("\n", text):
            self.line_starts.append(m.end())
        self.stack = []
        self.sums = {}
        self.between_tags = 0

    def at(self):
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def add(self, key, n):
        self.sums[key] = self.sums.get(key, 0) + n

    def handle_starttag(self, tag, attrs):
        start = self.at()
        raw = self.get_starttag_text() or ""
        for name, value in attrs:
            if name in ATTRIBUTES or name.startswith("data-"):
                key = "data-*" if name.startswith("data-") and name not in ATTRIBUTES else name
                v = value or ""
                self.add("@" + key, len((" %s=\"%s\"" % (name, v)).encode()))
        self.add("tag <" + tag + ">", len(raw.encode()))
        if tag in ELEMENTS and tag not in VOID:
            cls = dict(attrs).get("class") or ""
            label = tag + "." + cls.split()[0] if cls else tag
            self.stack.append((tag, start, label))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag):
        end = self.at() + len("</%s>" % tag)
        self.add("tag <" + tag + ">", len(("</%s>" % tag).encode()))
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                _, start, label = self.stack.pop(i)
                n = len(self.text[start:end].encode())
                self.add("<" + tag + ">", n)
                if label != tag:
                    self.add("<" + label + ">", n)
                break

    def handle_data(self, data):
        if data.strip() == "":
            self.between_tags += len(data.encode())


def kind_of(head):
    m = BODY_KIND.search(head)
    return m.group(1).decode() if m else "other"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="a built site (build --out)")
    ap.add_argument("--sample", type=int, default=300,
                    help="pages per kind parsed for the breakdown (default 300)")
    ap.add_argument("--top", type=int, default=14, help="parts shown per kind")
    ap.add_argument("--json", action="store_true", help="print JSON instead")
    args = ap.parse_args()

    kinds = {}
    samples = {}
    for root, dirs, files in os.walk(args.out):
        dirs.sort()
        for f in sorted(files):
            if not f.endswith(".html"):
                continue
            path = os.path.join(root, f)
            size = os.path.getsize(path)
            with open(path, "rb") as fh:
                head = fh.read(4096)
            k = kind_of(head)
            c = kinds.setdefault(k, [0, 0])
            c[0] += 1
            c[1] += size
            samples.setdefault(k, []).append(path)

    breakdown = {}
    for k in ("sheet", "note"):
        if k not in samples:
            continue
        # Evenly spaced over the walk, so every part of the tree counts.
        every = samples[k]
        step = max(1, len(every) // args.sample)
        samples[k] = every[::step][:args.sample]
        total = 0
        sums = {}
        between = 0
        for path in samples[k]:
            with open(path, "rb") as fh:
                raw = fh.read()
            total += len(raw)
            p = Parts(raw.decode("utf-8"))
            p.feed(p.text)
            p.close()
            between += p.between_tags
            for key, n in p.sums.items():
                sums[key] = sums.get(key, 0) + n
        sums["whitespace between tags"] = between
        breakdown[k] = {"pages": len(samples[k]), "bytes": total,
                        "parts": sorted(sums.items(), key=lambda kv: -kv[1])}

    if args.json:
        json.dump({"kinds": {k: {"count": c, "bytes": b} for k, (c, b) in kinds.items()},
                   "breakdown": breakdown}, sys.stdout, indent=1)
        print()
        return

    print("%-10s %9s %14s %10s" % ("kind", "count", "total bytes", "mean"))
    all_c = all_b = 0
    for k, (c, b) in sorted(kinds.items(), key=lambda kv: -kv[1][1]):
        print("%-10s %9d %14d %10.0f" % (k, c, b, b / c))
        all_c += c
        all_b += b
    print("%-10s %9d %14d %10.0f" % ("all .html", all_c, all_b, all_b / max(all_c, 1)))
    for k, d in breakdown.items():
        n = d["pages"]
        print("\n%s pages: where the bytes go (mean per page over %d pages, %.0f bytes)"
              % (k, n, d["bytes"] / n))
        for key, b in d["parts"][:args.top]:
            print("  %-28s %8.0f  %5.1f %%" % (key, b / n, 100.0 * b / d["bytes"]))


if __name__ == "__main__":
    main()
