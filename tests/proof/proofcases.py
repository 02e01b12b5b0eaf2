"""The proof suite's cases: realistic build contexts built and run before and after
``dockfix --fix --unsafe-fixes`` (``dockfix verify --run`` in fix mode).

Shared by ``tests/proof/test_proof.py`` (pytest) and ``bench/proof.py`` (the table).
The base image is the debootstrapped Debian of ``tests/verify_fixture.py``, tagged
``debian:bookworm`` and ``debian:bookworm-slim`` in the same storage; nothing is
pulled.  A case whose original cannot build on this machine (https intercepted,
a mirror down) is reported as such, never passed.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

CASES_DIR = Path(__file__).resolve().parent / "cases"
TAGS = ("docker.io/library/debian:bookworm", "docker.io/library/debian:bookworm-slim", "localhost/debian:bookworm-slim")

# Findings: a case a transform breaks gets ``finding`` (xfail strict: the case flips to a failure
# of the suite when the transform is fixed, so the mark is removed then).


@dataclass(frozen=True)
class Case:
    name: str
    what: str  # one line for the table
    fast: bool = False  # in the default test run
    run_for: float = 5
    finding: str | None = None  # why the fixed image does not run like the original today


CASES = [
    Case("shell-cd", "RUN with shell state across cd (cd-to-workdir)", fast=True),
    # these three broke under non-root-user until it learnt HOME (useradd -m), base images
    # (refused) and build-time state (chown -R): they now prove the fix
    Case("home-tool", "tool writing $HOME", fast=True),
    Case("base-child", "base image (no CMD) with a child"),
    Case("sqlite-state", "service writing build-time state (SQLite, logs)"),
    Case("c-gcc", "C program built with gcc"),
    Case("flask-gunicorn", "Flask/gunicorn service (EXPOSE 8101)"),
    Case("node-service", "node service (EXPOSE 8102)"),
    Case("go-builder", "Go binary built in a builder stage"),
    Case("https-download", "download over https (curl)"),
]
BY_NAME = {c.name: c for c in CASES}


def tag_bases(storage_root: str) -> None:
    """``debian:bookworm`` and ``debian:bookworm-slim`` for the debootstrapped base."""
    from dockfix.verify.command import Buildah

    base = Buildah("buildah", storage_root).base()
    for t in TAGS:
        if subprocess.run(base + ["inspect", "--type", "image", t], capture_output=True).returncode != 0:
            subprocess.run(base + ["tag", "localhost/debian:bookworm", t], capture_output=True, check=True)


def prove(case: Case, storage_root: str) -> dict:
    """Build and run the case before and after ``--fix --unsafe-fixes``."""
    from dockfix.verify.command import verify_paths

    path = CASES_DIR / case.name / "Dockerfile"
    return verify_paths(str(path), builder="buildah", storage_root=storage_root, unsafe_fixes=True, run=True,
                        run_for=case.run_for, keep=True)


def outcome(r: dict) -> str:
    """One word for a result: proven, cannot-build-here, fixed-fails, runs-differently, differs, error."""
    st = r["status"]
    if st == "original-fails":
        return "cannot-build-here"
    if st in ("fixed-fails", "error", "nothing-to-verify"):
        return st
    if (r.get("run") or {}).get("problems"):
        return "runs-differently"
    return "proven" if st == "verified" else "files-differ"


def explain(r: dict) -> str:
    """Why a result is not ``proven``, in a few lines."""
    if r["status"] == "original-fails":
        return "the original does not build here:\n" + ((r.get("before") or {}).get("log_tail") or "")[-1500:]
    if r["status"] == "fixed-fails":
        return "the fixed file does not build:\n" + ((r.get("after") or {}).get("log_tail") or "")[-1500:]
    parts = [p for p in (r.get("run") or {}).get("problems", [])]
    parts += [f"unexpected: {d['kind']} {d['path']}" for d in r.get("unexpected", [])[:10]]
    return r["summary"] + ("\n" + "\n".join(parts) if parts else "")
