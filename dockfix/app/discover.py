"""Finding Dockerfiles under the paths a user names."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pathspec

SKIP_DIRS = {".git", "node_modules", ".hg", ".svn", ".venv", "__pycache__", ".tox"}
_NOT_DOCKERFILE_SUFFIXES = (".dockerignore", ".orig", ".rej", ".swp", ".bak", "~")


def is_dockerfile_name(name: str) -> bool:
    low = name.lower()
    if low.endswith(_NOT_DOCKERFILE_SUFFIXES):
        return False
    if low in ("dockerfile", "containerfile"):
        return True
    if name.startswith(("Dockerfile.", "Containerfile.", "dockerfile.")):
        return True
    return low.endswith((".dockerfile", ".containerfile"))


class _Ignores:
    """Stack of .gitignore specs (pathspec's gitwildmatch), one per directory."""

    def __init__(self):
        self.specs: list[tuple[str, pathspec.PathSpec]] = []

    def load(self, d: str) -> None:
        p = os.path.join(d, ".gitignore")
        if not os.path.isfile(p):
            return
        try:
            with open(p, encoding="utf-8", errors="replace") as f:
                lines = f.read().splitlines()
        except OSError:
            return
        import pathspec

        self.specs.append((d, pathspec.PathSpec.from_lines("gitwildmatch", lines)))

    def ignored(self, path: str, is_dir: bool) -> bool:
        for base, spec in self.specs:
            if path == base or not path.startswith(base.rstrip(os.sep) + os.sep):
                continue
            rel = os.path.relpath(path, base).replace(os.sep, "/")
            if is_dir:
                rel += "/"
            if spec.match_file(rel):
                return True
        return False


def _in_git_work_tree(d: str) -> bool:
    cur = os.path.abspath(d)
    while True:
        if os.path.exists(os.path.join(cur, ".git")):
            return True
        parent = os.path.dirname(cur)
        if parent == cur:
            return False
        cur = parent


def walk(root: str, report: Callable[[str, int, int, str], None] | None = None) -> list[str]:
    """Dockerfiles under ``root`` (sorted), honouring .gitignore files; a symlink whose target
    leaves the tree is skipped, and ``report`` (path, line, column, message) says so."""
    out = []
    ign = _Ignores()
    # .gitignore files above the root, up to the repository top, apply too
    if _in_git_work_tree(root):
        parents = []
        cur = os.path.abspath(root)
        while True:
            parents.append(cur)
            if os.path.exists(os.path.join(cur, ".git")):
                break
            parent = os.path.dirname(cur)
            if parent == cur:
                break
            cur = parent
        for d in reversed(parents[1:]):
            ign.load(d)
    absroot = os.path.abspath(root)
    realroot = os.path.realpath(absroot)
    stack = [absroot]  # directories still to visit, the next one last (no recursion: any depth)
    while stack:
        dirpath = stack.pop()
        dirnames, filenames = _entries(dirpath)
        ign.load(dirpath)
        keep = []
        for d in sorted(dirnames):
            if d in SKIP_DIRS:
                continue
            if ign.specs and ign.ignored(os.path.join(dirpath, d), True):
                continue
            keep.append(d)
        stack.extend(os.path.join(dirpath, d) for d in reversed(keep))
        for f in sorted(filenames):
            if not is_dockerfile_name(f):
                continue
            full = os.path.join(dirpath, f)
            if ign.specs and ign.ignored(full, False):
                continue
            rel = os.path.relpath(full, absroot)
            shown = os.path.join(root, rel) if root != "." else rel
            if os.path.islink(full) and not _under(os.path.realpath(full), realroot):
                if report is not None:
                    report(shown, 1, 1, "skipped: a symlink to a file outside the tree being processed")
                continue
            out.append(shown)
    return out


def _under(real: str, top: str) -> bool:
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def _entries(d: str) -> tuple[list[str], list[str]]:
    """(directories to descend into, other names) of ``d``, as ``os.walk`` sorts them: a symlink
    to a directory is neither descended into nor taken as a file; unreadable directories are empty."""
    dirs: list[str] = []
    files: list[str] = []
    try:
        with os.scandir(d) as it:
            for e in it:
                try:
                    is_dir = e.is_dir()
                except OSError:
                    is_dir = False
                if not is_dir:
                    files.append(e.name)
                elif not e.is_symlink():
                    dirs.append(e.name)
    except OSError:
        pass
    return dirs, files
