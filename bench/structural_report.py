"""Figures for the structural transforms over ../shared/corpus (prints, asserts nothing).

For each of non-root-user, copy-order-for-cache, add-tarball-to-curl and
multi-stage: how many files it changed with --fix --unsafe-fixes (display-only
fixes counted as "would suggest"), and its refusals grouped by reason.  For
non-root-user also: hadolint DL3002 before/after and final stages with no
USER at all before/after.

    python bench/structural_report.py [--limit N] [--no-hadolint] [--transform NAME]
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("DOCKFIX_CORPUS", ROOT.parent / "shared" / "corpus"))
TRANSFORMS = ("non-root-user", "copy-order-for-cache", "add-tarball-to-curl", "multi-stage", "curl-tarball-to-add")


def reason_key(reason: str) -> str:
    """Group refusal reasons: drop the file-specific details in parentheses/quotes."""
    r = re.sub(r"\([^)]*\)", "(...)", reason)
    r = re.sub(r"(?<!\w)'[^']*'(?!\w)", "'...'", r)
    r = re.sub(r"`[^`]*`", "`...`", r)
    r = re.sub(r"line \d+", "line N", r)
    r = re.sub(r"EXPOSE \S+", "EXPOSE N", r)
    r = re.sub(r"USER \S+", "USER X", r)
    r = re.sub(r"runs .*, which", "runs X, which", r)
    r = re.sub(r"installs \S+ to", "installs X to", r)
    r = re.sub(r"family is \S+", "family is F", r)
    return r


def final_without_user(text: str) -> bool:
    from dockfix.syntax.cst import parse

    doc = parse(text)
    if not doc.stages:
        return False
    from dockfix.semantic.model import model_of

    v, _ = model_of(doc).user_after(doc.stages[-1])
    return v is None


def hadolint_dl3002(texts: dict[str, str]) -> int:
    """Files for which hadolint reports DL3002."""
    exe = shutil.which("hadolint")
    if not exe:
        return -1
    n = 0
    with tempfile.TemporaryDirectory() as d:
        for key, text in texts.items():
            p = Path(d) / "Dockerfile"
            p.write_text(text, encoding="utf-8", errors="surrogateescape")
            r = subprocess.run([exe, "--no-fail", "-f", "tty", "--no-color", str(p)], capture_output=True, text=True)
            if "DL3002" in r.stdout:
                n += 1
    return n


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--no-hadolint", action="store_true")
    ap.add_argument("--transform", action="append")
    a = ap.parse_args()
    from dockfix.fixing.config import Settings
    from dockfix.fixing.edit import DISPLAY_ONLY
    from dockfix.fixing.engine import fix_text
    from dockfix.syntax.cst import decode

    files = sorted(p for p in (CORPUS / "files").rglob("*") if p.is_file())
    if a.limit:
        files = files[: a.limit]
    texts = {str(p): decode(p.read_bytes()) for p in files}
    print(f"corpus: {len(files)} files")
    for name in a.transform or TRANSFORMS:
        settings = Settings(select=(name,), unsafe_fixes=True)
        changed = suggested = errors = 0
        reasons: collections.Counter = collections.Counter()
        outputs = {}
        t0 = time.perf_counter()
        for path, text in texts.items():
            res = fix_text(text, path, settings)
            if res.errors:
                errors += 1
            if res.changed:
                changed += 1
                outputs[path] = res.output
            for f in res.remaining:
                if f.refused:
                    reasons[reason_key(f.refused)] += 1
                elif f.fix is not None and f.fix.applicability == DISPLAY_ONLY:
                    suggested += 1
        dt = time.perf_counter() - t0
        refused = sum(reasons.values())
        print(f"\n== {name}: changed {changed} files with --fix --unsafe-fixes, display-only left {suggested}, "
              f"refused {refused}, internal errors {errors}  ({dt:.1f}s, {1000 * dt / len(files):.2f} ms/file)")
        for r, n in reasons.most_common():
            print(f"   {n:5d}  {r}")
        if name == "non-root-user":
            before_nouser = sum(final_without_user(t) for t in texts.values())
            after = dict(texts)
            after.update(outputs)
            after_nouser = sum(final_without_user(t) for t in after.values())
            print(f"   final stages with no USER: before {before_nouser}, after {after_nouser}")
            if not a.no_hadolint:
                # hadolint only reports DL3002 for an explicit `USER root` last; check the files that
                # mention USER (the others cannot have DL3002), before and after
                cand = {k: t for k, t in texts.items() if re.search(r"(?im)^\s*user\s", t)}
                before = hadolint_dl3002(cand)
                after_c = {k: after[k] for k in cand}
                print(f"   hadolint DL3002: before {before}, after {hadolint_dl3002(after_c)} "
                      f"(over the {len(cand)} files with a USER instruction)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
