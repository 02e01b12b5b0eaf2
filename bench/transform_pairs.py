"""Pairs of default transforms over the whole corpus: the patterns no single fix
writes (update/rm/update, a repeated WORKDIR, the same rm twice) that a pair
(or all transforms together) leaves, as figures.

    python bench/transform_pairs.py [--per-pair N]

tests/test_transform_pairs.py runs the same on a seeded sample of 150 files.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import corpus_files  # noqa: E402
from test_transform_pairs import check_pairs  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-pair", type=int, default=0, help="files per pair (0: every file where both fire)")
    args = ap.parse_args()
    files = corpus_files()
    if not files:
        print("../shared/corpus not present")
        return 1
    t0 = time.perf_counter()
    runs, bad = check_pairs(files, args.per_pair or None)
    took = time.perf_counter() - t0
    kinds = Counter(b.rsplit(": ", 1)[-1] for b in bad)
    print(f"files {len(files)}  fix runs {runs}  seconds {took:.1f}  problems {len(bad)}")
    for kind, n in kinds.most_common():
        print(f"  {kind}: {n}")
    for b in bad[:20]:
        print("  " + b)
    return 0


if __name__ == "__main__":
    sys.exit(main())
