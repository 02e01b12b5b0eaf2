"""Figures for base-image, stale-base-image and scan-stage over ../shared/corpus (prints, asserts nothing).

base-image (offline, no --pin): findings by kind (latest/untagged, untrusted,
-slim/-alpine suggestions), suggestions written with --unsafe-fixes, refusals.
scan-stage with a pinned (fake, never built) scanner digest: files changed,
refusals by reason, outputs that do not parse or change on a second run.
Also the time per file of base-image.

    python bench/base_image_report.py [--limit N]
"""

from __future__ import annotations

import argparse
import collections
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("DOCKFIX_CORPUS", ROOT.parent / "shared" / "corpus"))
FAKE_DIGEST = "sha256:" + "0" * 64  # only for counting edits; never written to a real file


def _buildkit_parses(text: str) -> bool:
    try:
        import dockerfile
    except ImportError:
        return True
    try:
        dockerfile.parse_string(text)
        return True
    except Exception:  # noqa: BLE001
        return False


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0)
    a = ap.parse_args()
    from dockfix.fixing.config import Settings
    from dockfix.fixing.engine import fix_text
    from dockfix.syntax.cst import decode, parse

    files = sorted(p for p in (CORPUS / "files").rglob("*") if p.is_file())
    if a.limit:
        files = files[: a.limit]
    kinds = collections.Counter()
    refusals = collections.Counter()
    applied = collections.Counter()
    scan = collections.Counter()
    scan_ref = collections.Counter()
    bad = []
    s_bi = Settings(select=("base-image",), unsafe_fixes=True)
    s_scan = Settings(select=("scan-stage",), unsafe_fixes=True,
                      options={"scan-image": f"aquasec/trivy:0.57.1@{FAKE_DIGEST}"})
    s_stale = Settings(select=("stale-base-image",), unsafe_fixes=True)
    stale = collections.Counter()
    t_bi = t_stale = 0.0
    for p in files:
        text = decode(p.read_bytes())
        t0 = time.perf_counter()
        res = fix_text(text, str(p), s_bi, shared={})
        t_bi += time.perf_counter() - t0
        for f in res.applied:
            applied["-slim/-alpine written (unsafe)"] += 1
        for f in res.remaining:
            if "DL3006" in f.message or "DL3007" in f.message:
                kinds["latest/untagged (named offline from the record, display-only; --pin fixes)"
                      if f.fix is not None else "latest/untagged (report; --pin fixes)"] += 1
            elif "allow-list" in f.message:
                kinds["untrusted publisher (report)"] += 1
            elif f.fix is not None:
                kinds["-slim/-alpine suggestion (display-only)"] += 1
            elif f.refused:
                refusals[f.refused.split(":")[0]] += 1
        t0 = time.perf_counter()
        res = fix_text(text, str(p), s_stale, shared={})
        t_stale += time.perf_counter() - t0
        stale["same minor line written (unsafe)"] += len(res.applied)
        for f in res.remaining:
            kind = "unknown tag" if "ever published" in f.message else "no longer rebuilt"
            how = f"refused: {f.refused.split(':')[0]}" if f.refused else "successor (display-only)"
            stale[f"{kind}, {how}"] += 1
        res = fix_text(text, str(p), s_scan, shared={})
        if res.errors:
            bad.append((p, "errors", res.errors))
        if res.output != text:
            scan["files given a scan stage"] += 1
            if parse(res.output).errors:
                bad.append((p, "does not parse", None))
            elif not _buildkit_parses(res.output):
                bad.append((p, "BuildKit's parser rejects it", None))
            elif fix_text(res.output, str(p), s_scan, shared={}).output != res.output:
                bad.append((p, "not idempotent", None))
        for f in res.remaining:
            if f.refused:
                scan_ref[f.refused] += 1
    n = len(files)
    print(f"files: {n}")
    print("base-image findings:")
    for k, v in kinds.most_common():
        print(f"  {v:6d}  {k}")
    for k, v in applied.items():
        print(f"  {v:6d}  {k}")
    for k, v in refusals.most_common():
        print(f"  {v:6d}  refused: {k}")
    print(f"base-image time: {t_bi / max(n, 1) * 1000:.2f} ms/file")
    print("stale-base-image findings:")
    for k, v in stale.most_common():
        print(f"  {v:6d}  {k}")
    print(f"stale-base-image time: {t_stale / max(n, 1) * 1000:.2f} ms/file")
    print("scan-stage (pinned scanner):")
    for k, v in scan.items():
        print(f"  {v:6d}  {k}")
    for k, v in scan_ref.most_common():
        print(f"  {v:6d}  refused: {k}")
    print(f"  {len(bad):6d}  broken outputs (errors, unparsable, non-idempotent)")
    for p, what, e in bad[:10]:
        print(f"    {p}: {what} {e or ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
