"""Unified diffs that ``git apply`` accepts."""

from __future__ import annotations

import difflib
import os
import re

_LINES = re.compile(r"[^\n]*\n|[^\n]+")


def split_lines(text: str) -> list[str]:
    """Lines with their endings, split on LF only (CR, FF, etc. stay inside)."""
    return _LINES.findall(text)


def label(path: str) -> str:
    """A repository-style path for ``a/``/``b/`` labels (relative when possible)."""
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        path = rel if not rel.startswith("..") else path.lstrip("/")
    p = path.replace(os.sep, "/")
    while p.startswith("./"):
        p = p[2:]
    return p


def unified(old: str, new: str, path: str, context: int = 3) -> str:
    """A unified diff of two texts with ``a/``/``b/`` labels ('' when equal)."""
    if old == new:
        return ""
    a = split_lines(old)
    b = split_lines(new)
    name = label(path)
    out = []
    for line in difflib.unified_diff(a, b, f"a/{name}", f"b/{name}", n=context):
        if line.startswith(("---", "+++")):
            out.append(line.rstrip("\n") + "\n")
            continue
        if line.endswith("\n"):
            out.append(line)
        else:
            # last line without a newline: git's marker line follows
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)
