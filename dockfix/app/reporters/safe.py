"""Text from a file (messages quoting it, file names) made harmless for a terminal or a log.

A Dockerfile can hold ANSI/OSC escape sequences and file names can hold newlines: printed
as they are, they would recolour or retitle the terminal, hide text, or start a line that a
CI runner reads as a workflow command (``::error``).  ``neutral`` writes every C0 control
character but the tab, DEL and every C1 control character as a visible ``\\xNN``.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")
_CONTROL_KEEP_NL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\r(?!\n|\Z)")


def _show(m: re.Match) -> str:
    return f"\\x{ord(m.group()):02x}"


def neutral(s: str) -> str:
    """``s`` on one line, its control characters (newlines included) as ``\\xNN``."""
    return _CONTROL.sub(_show, s)


def neutral_lines(s: str) -> str:
    """``s`` with its control characters as ``\\xNN``, line ends (LF, CRLF) kept (a diff on a terminal)."""
    return _CONTROL_KEEP_NL.sub(_show, s)
