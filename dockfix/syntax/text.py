"""Small text helpers shared by transforms."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.syntax.cst import Instruction


def keyword_case(word: str, like: "Instruction") -> str:
    """``word`` in the case style of ``like``'s keyword (upper unless it is lower)."""
    return word.lower() if like.keyword.text.islower() else word.upper()


def dquote(value: str, escape: str = "\\") -> str:
    """Double-quote a value for ENV/LABEL/ARG so that BuildKit reads it back
    literally (no variable expansion)."""
    out = value.replace(escape, escape * 2).replace('"', escape + '"').replace("$", escape + "$")
    return f'"{out}"'


def shell_quote(value: str) -> str:
    """POSIX single-quote a word unless it is plainly safe."""
    import re

    if value and re.fullmatch(r"[A-Za-z0-9_@%+=:,./-]+", value):
        return value
    return "'" + value.replace("'", "'\"'\"'") + "'"


def line_indent(text: str, offset: int) -> str:
    """The leading whitespace of the line containing ``offset``."""
    start = text.rfind("\n", 0, offset) + 1
    i = start
    while i < len(text) and text[i] in " \t":
        i += 1
    return text[start:i]


_COMMENTED_INSTRUCTION = re.compile(
    r"^\s*#+\s*(FROM|RUN|CMD|LABEL|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL"
    r"|HEALTHCHECK|SHELL|MAINTAINER)\s+\S", re.I)


def commented_instruction(comment: str) -> str | None:
    """The Dockerfile keyword of a comment line that holds a commented-out
    instruction (``# RUN make``, ``#COPY a b``), upper-cased; None otherwise.
    Only an upper-case keyword counts (``# run the tests`` is prose)."""
    m = _COMMENTED_INSTRUCTION.match(comment)
    if m is None or m.group(1) != m.group(1).upper():
        return None
    return m.group(1)


def comment_paragraph(leading: str) -> bool:
    """Whether the text before an instruction (its comments and blank lines)
    holds a blank line followed by a comment: a new paragraph the author set apart."""
    blank = False
    for line in leading.splitlines():
        if not line.strip():
            blank = True
        elif line.lstrip().startswith("#") and blank:
            return True
    return False
