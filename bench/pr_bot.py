"""`dockfix pr` over a git repository made of corpus Dockerfiles.

    python bench/pr_bot.py                 # 300-file sample, safe fixes
    python bench/pr_bot.py --n 0           # all 2,754 files
    python bench/pr_bot.py --unsafe-fixes  # extra flags go to dockfix pr

Builds a throw-away repository (one folder per corpus file, named
``NNNNN/Dockerfile``), commits it, runs ``dockfix pr`` (branch only, no push)
and prints: wall time, commits (one per transform), fixes, files changed,
findings left, internal errors, and how many final files differ from what
``dockfix --fix`` produces on the same file with all transforms at once.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("DOCKFIX_CORPUS", ROOT.parent / "shared" / "corpus")) / "files"


def git(cwd, *args) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout.strip()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=300, help="files to sample (0: all)")
    ap.add_argument("--seed", type=int, default=1)
    a, extra = ap.parse_known_args()
    files = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    if not files:
        print("corpus not found", file=sys.stderr)
        return 2
    if a.n and a.n < len(files):
        files = sorted(random.Random(a.seed).sample(files, a.n))
    sys.path.insert(0, str(ROOT))
    from dockfix.fixing.config import Settings
    from dockfix.fixing.engine import fix_text
    from dockfix.pr import bot

    with tempfile.TemporaryDirectory(prefix="dockfix-bench-") as tmp:
        repo = Path(tmp) / "repo"
        repo.mkdir()
        git(repo, "init", "-q", "-b", "main")
        git(repo, "config", "user.name", "bench")
        git(repo, "config", "user.email", "bench@example.com")
        for i, f in enumerate(files):
            d = repo / f"{i:05d}"
            d.mkdir()
            (d / "Dockerfile").write_bytes(f.read_bytes())
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "corpus")
        argv = ["-C", str(repo), "-q", "--body-file", str(Path(tmp) / "body.md"), *extra]
        t0 = time.perf_counter()
        rc = bot.main(argv)
        dt = time.perf_counter() - t0
        commits = git(repo, "log", "--format=%s", "main..dockfix/fixes").splitlines() if rc in (0, 2) and \
            git(repo, "branch", "--list", "dockfix/fixes") else []
        changed = git(repo, "diff", "--name-only", "main", "dockfix/fixes").splitlines() if commits else []
        body = (Path(tmp) / "body.md").read_text() if (Path(tmp) / "body.md").exists() else ""
        left = sum(1 for line in body.splitlines() if line.startswith("| `") and line.count("|") >= 6)
        internal = body.count("please report them")
        # compare with the all-at-once engine
        unsafe = "--unsafe-fixes" in extra
        differ = 0
        for path in changed:
            data = (repo / path).read_bytes().decode("utf-8", "surrogateescape")
            res = fix_text(data, str(repo / path), Settings(unsafe_fixes=unsafe))
            branch = subprocess.run(["git", "show", f"dockfix/fixes:{path}"], cwd=repo, capture_output=True).stdout
            if res.output.encode("utf-8", "surrogateescape") != branch:
                differ += 1
    print(f"files: {len(files)}  exit: {rc}  time: {dt:.2f}s ({len(files) / dt:.0f} files/s)")
    print(f"commits: {len(commits)}  files changed: {len(changed)}  findings left (table rows): {left}  "
          f"internal-error section: {'yes' if internal else 'no'}  body: {len(body)} chars")
    print(f"final files differing from one-shot `dockfix --fix`: {differ} of {len(changed)}")
    for s in commits:
        print("  ", s)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
