"""--jobs: wall-clock time of `dockfix --diff` over a folder with 1..N workers.

    python bench/parallel.py [DIR] [--jobs 1,2,4]

Every regular file under DIR is passed (the corpus names are not all
Dockerfile-like).  Prints one line per worker count and whether the output is byte-identical to
the one-worker run.  Figures only, not a test (the machine may be shared).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT = os.path.join(HERE, "..", "..", "shared", "corpus", "files")


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("dir", nargs="?", default=DEFAULT)
    p.add_argument("--jobs", default=f"1,{os.cpu_count() or 1}")
    p.add_argument("--mode", default="--diff", help="--diff, --check or '' (report)")
    a = p.parse_args()
    if not os.path.isdir(a.dir):
        print(f"no such folder: {a.dir}", file=sys.stderr)
        return 2
    files = sorted(os.path.join(r, f) for r, _, fs in os.walk(a.dir) for f in fs)
    print(f"{len(files)} files under {a.dir}")
    ref = None
    for j in [int(x) for x in a.jobs.split(",") if x]:
        cmd = [sys.executable, "-m", "dockfix", *([a.mode] if a.mode else []), "-q", "--jobs", str(j), *files]
        t = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True)
        dt = time.perf_counter() - t
        same = "reference" if ref is None else ("identical" if r.stdout == ref else "DIFFERENT")
        if ref is None:
            ref = r.stdout
        print(f"jobs={j:<3} {dt:7.2f} s  exit {r.returncode}  stdout {len(r.stdout)} bytes  {same}")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"(load average at the end: {load:.1f} on {os.cpu_count()} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
