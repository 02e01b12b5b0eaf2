"""``--format github``: workflow commands that GitHub Actions shows as annotations."""

from __future__ import annotations

from dockfix.app.reporters.lines import Lines
from dockfix.app.reporters.safe import neutral


def _gh_data(s: str) -> str:
    """A workflow command's value: control characters (escape sequences) from the file shown as
    ``\\xNN``; what the runner decodes (%, CR, LF) escaped, so no value can end the line."""
    return neutral(s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _gh_prop(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def github_line(path: str, lines: Lines, f, fixable: bool) -> str:
    """A workflow command that GitHub Actions shows as an annotation."""
    sl, sc, el, ec = lines.region(f.start, f.end)
    msg = f.message
    if f.refused:
        msg += f" (not fixed: {f.refused})"
    elif fixable:
        msg += " (fixable: dockfix --fix)"
    props = f"file={_gh_prop(path)},line={sl},col={sc},endLine={el},endColumn={ec},title={_gh_prop(f'{f.name} ({f.code})')}"
    return f"::warning {props}::{_gh_data(msg)}"


def github_error(path: str, line: int, col: int, msg: str) -> str:
    return f"::error file={_gh_prop(path)},line={line},col={col},title=dockfix::{_gh_data(msg)}"
