#!/usr/bin/env python3
"""Kernel time to create a site-shaped tree: FOLDERS folders of one
3,000-byte index.html each, a hundred to a parent folder (the shape of
note pages: one folder and one file a page).

    bench/inode_churn.py DIR [FOLDERS]

Prints wall, user and system seconds. BENCHMARKS.md ("Notes") uses it to
show how long ext4 without a journal stays slow to create files after
many were deleted: run it into a fresh folder, delete that folder, `sync`,
wait, and run it again.
"""

import os
import resource
import sys
import time


def main() -> None:
    root = sys.argv[1]
    folders = int(sys.argv[2]) if len(sys.argv) > 2 else 30000
    page = b"x" * 3000
    t0 = time.time()
    r0 = resource.getrusage(resource.RUSAGE_SELF)
    os.mkdir(root)
    for i in range(folders // 100):
        parent = f"{root}/{i}"
        os.mkdir(parent)
        for j in range(100):
            folder = f"{parent}/{j}"
            os.mkdir(folder)
            with open(f"{folder}/index.html", "wb") as f:
                f.write(page)
    r1 = resource.getrusage(resource.RUSAGE_SELF)
    print(
        f"{root}: {folders} folders, wall {time.time() - t0:.2f} s, "
        f"user {r1.ru_utime - r0.ru_utime:.2f} s, sys {r1.ru_stime - r0.ru_stime:.2f} s"
    )


if __name__ == "__main__":
    main()
