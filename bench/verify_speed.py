"""How fast dockfix verify reads and compares image file trees (prints figures; not a test).

    python bench/verify_speed.py [DIR]          # default: /usr/bin (a stand-in for an image root)
    python bench/verify_speed.py --case merge   # a whole verify run on tests/verify_cases/CASE
                                                # (needs buildah and the test base image)
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dockfix.verify.imagediff import Facts, classify, diff_trees, scan_dir  # noqa: E402


def tree(d: str) -> None:
    t0 = time.perf_counter()
    a = scan_dir(d)
    t1 = time.perf_counter()
    b = scan_dir(d)
    t2 = time.perf_counter()
    diffs = classify(diff_trees(a, b), Facts(a, b), {})
    t3 = time.perf_counter()
    mb = a.total_size() / 1e6
    print(f"scan {d}: {len(a.entries)} paths, {mb:.1f} MB of files in {t1 - t0:.2f}s "
          f"({mb / (t1 - t0):.0f} MB/s); second scan {t2 - t1:.2f}s; diff+classify {t3 - t2:.3f}s, "
          f"{len(diffs)} differences")


def case(name: str) -> None:
    from dockfix.verify.command import verify_paths

    d = ROOT / "tests" / "verify_cases" / name
    others = [p for p in d.glob("*.Dockerfile")]
    root = os.environ.get("DOCKFIX_BUILDAH_ROOT") or str(Path.home() / ".cache" / "dockfix-tests" / "buildah")
    t0 = time.perf_counter()
    r = verify_paths(str(d / "Dockerfile"), str(others[0]) if others else None, storage_root=root, keep=True)
    t1 = time.perf_counter()
    b, a = r.get("before") or {}, r.get("after") or {}
    print(f"verify {name}: {r['status']} in {t1 - t0:.1f}s total; builds {b.get('seconds')}s + {a.get('seconds')}s; "
          f"{len(r['expected'])} expected, {len(r['unexpected'])} unexpected, {r['ignored']} ignored")


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("dir", nargs="?", default="/usr/bin")
    p.add_argument("--case")
    a = p.parse_args()
    if a.case:
        case(a.case)
    else:
        tree(a.dir)


if __name__ == "__main__":
    main()
