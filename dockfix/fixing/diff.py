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


_GIT_ESCAPES = {"\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r",
                '"': '\\"', "\\": "\\\\"}


def git_quote(name: str) -> str:
    """A path as git writes it in a patch header: as is, or, when it holds a control character,
    a double quote or a backslash, in double quotes with C escapes (other bytes under 0x20,
    DEL and non-ASCII bytes in octal), which ``git apply`` reads back."""
    if not any(c in _GIT_ESCAPES or ord(c) < 0x20 or ord(c) == 0x7F for c in name):
        return name
    out = []
    for c in name:
        if c in _GIT_ESCAPES:
            out.append(_GIT_ESCAPES[c])
        elif ord(c) < 0x20 or ord(c) >= 0x7F:
            out.extend(f"\\{b:03o}" for b in c.encode("utf-8", "surrogateescape"))
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def unified(old: str, new: str, path: str, context: int = 3) -> str:
    """A unified diff of two texts with ``a/``/``b/`` labels ('' when equal)."""
    if old == new:
        return ""
    a = split_lines(old)
    b = split_lines(new)
    name = label(path)
    out = []
    for line in difflib.unified_diff(a, b, "a", "b", n=context):
        if line.startswith("---"):
            out.append(f"--- {git_quote('a/' + name)}\n")
            continue
        if line.startswith("+++"):
            out.append(f"+++ {git_quote('b/' + name)}\n")
            continue
        if line.endswith("\n"):
            out.append(line)
        else:
            # last line without a newline: git's marker line follows
            out.append(line + "\n\\ No newline at end of file\n")
    return "".join(out)
