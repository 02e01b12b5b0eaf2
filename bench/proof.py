"""The proof suite, all cases, as a table (prints figures; not a test).

    DOCKFIX_TEST_CACHE=/path python bench/proof.py [CASE ...]

Each case of tests/proof/cases is built and run before and after
``dockfix --fix --unsafe-fixes`` (``dockfix verify --run``) with buildah in the
test storage (``$DOCKFIX_TEST_CACHE/buildah``, made by the verify tests'
fixture: run ``pytest -m build tests/test_verify.py -k merge`` once first).
Columns: case, before/after build time, run result, image size before -> after,
wall time of the whole case, and the outcome (with the reason below the table).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tests" / "proof"))

from proofcases import BY_NAME, CASES, explain, outcome, prove, tag_bases  # noqa: E402


def _build(x: dict | None) -> str:
    if not x:
        return "-"
    return f"{x['seconds']:.0f}s" if x["built"] else f"FAIL {x['seconds']:.0f}s"


def _run(r: dict) -> str:
    run = r.get("run")
    if not run:
        return "-"
    out = []
    for c in run["checks"]:
        from dockfix.verify.command import _run_brief

        out.append(f"{_run_brief(c['before'])} / {_run_brief(c['after'])}")
    return "; ".join(out)


def _size(r: dict) -> str:
    b, a = r.get("before") or {}, r.get("after") or {}
    if b.get("size") is None:
        return "-"
    before = f"{b['size'] / 1e6:.0f}"
    after = f"{a['size'] / 1e6:.0f}" if a.get("size") is not None else "?"
    return f"{before} -> {after} MB"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("cases", nargs="*", help="case names (default: all)")
    args = ap.parse_args()
    cache = Path(os.environ.get("DOCKFIX_TEST_CACHE", Path.home() / ".cache" / "dockfix-tests"))
    root = str(cache / "buildah")
    if not (cache / "buildah").is_dir():
        sys.stderr.write(f"no test storage under {cache}: run the verify tests once (pytest -m build)\n")
        return 2
    tag_bases(root)
    cases = [BY_NAME[n] for n in args.cases] if args.cases else CASES
    rows, notes = [], []
    for c in cases:
        t0 = time.monotonic()
        r = prove(c, root)
        secs = time.monotonic() - t0
        got = outcome(r)
        fixes = ", ".join(sorted({f["name"] for f in r.get("applied", [])}))
        rows.append((c.name, _build(r.get("before")), _build(r.get("after")), _run(r), _size(r), f"{secs:.0f}s",
                     got + (" (known finding)" if c.finding and got != "proven" else "")))
        if got != "proven":
            notes.append(f"{c.name} [{fixes}]: {explain(r)}" + (f"\n  known finding: {c.finding}" if c.finding else ""))
        sys.stderr.write(f"{c.name}: {got} in {secs:.0f}s\n")
    head = ("case", "before", "after", "run (before / after)", "size", "time", "result")
    widths = [max(len(str(x[i])) for x in [head, *rows]) for i in range(len(head))]
    print("| " + " | ".join(h.ljust(w) for h, w in zip(head, widths)) + " |")
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print("| " + " | ".join(str(v).ljust(w) for v, w in zip(row, widths)) + " |")
    for n in notes:
        print("\n" + n)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
