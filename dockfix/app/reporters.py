"""Output formats: text (plain, or coloured with rich on a terminal), json,
SARIF 2.1.0 (GitHub code scanning) and GitHub workflow annotations.

Nothing here imports rich at module level: a plain run (piped, or
``--no-color``) never loads it.
"""

from __future__ import annotations

import bisect
import os
import sys

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"


# ---------------------------------------------------------------- colours

def use_color(stream, no_color: bool = False) -> bool:
    """Colours only on a terminal, never with --no-color or NO_COLOR (no-color.org)."""
    if no_color or os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


class TextSink:
    """Where text output goes: plain writes, or rich (colours) on a terminal.

    While a progress bar is live on the terminal, everything meant for the
    same terminal is printed through the bar's console so that it scrolls
    above the bar instead of tearing it.
    """

    def __init__(self, color: bool, progress: "Progress | None" = None):
        self.color = color
        self.console = None
        self.err_console = None
        live = progress is not None and progress.bar is not None
        if live:
            self.err_console = progress.console
            if _isatty(sys.stdout):
                self.console = progress.console
        if self.console is None and color:
            from rich.console import Console

            self.console = Console(file=sys.stdout, force_terminal=True, highlight=False, markup=False,
                                   emoji=False, soft_wrap=True)

    def _print(self, console, text) -> None:
        console.print(text, end="", soft_wrap=True, highlight=False, markup=False, emoji=False)

    def write(self, s: str, style: str | None = None) -> None:
        if self.console is None:
            sys.stdout.write(s)
            return
        from rich.text import Text

        self._print(self.console, Text(_printable(s), style=(style or "") if self.color else ""))

    def diff(self, d: str) -> None:
        if self.console is None:
            sys.stdout.flush()
            sys.stdout.buffer.write(d.encode("utf-8", "surrogateescape"))
            sys.stdout.buffer.flush()
            return
        from rich.text import Text

        self._print(self.console, diff_text(_printable(d)) if self.color else Text(_printable(d)))

    def finding(self, path: str, f, fixable: bool, plain: str) -> None:
        if self.console is None or not self.color:
            self.write(plain + "\n")
            return
        from rich.text import Text

        t = Text()
        t.append(path, style="bold")
        t.append(f":{f.line}:{f.col}: ", style="dim")
        t.append(f.name, style="bold yellow" if f.refused else "bold red")
        t.append(" " + _printable(f.message))
        if f.refused:
            t.append(f" (not fixed: {f.refused})", style="yellow")
        if fixable:
            t.append(" [*]", style="bold green")
        t.append("\n")
        self._print(self.console, t)

    def err(self, s: str) -> None:
        if self.err_console is None:
            sys.stderr.write(s + "\n")
            return
        from rich.text import Text

        self._print(self.err_console, Text(_printable(s) + "\n"))

    def flush(self) -> None:
        sys.stdout.flush()


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _printable(s: str) -> str:
    """Undecodable bytes (surrogate escapes) shown as U+FFFD on a terminal."""
    try:
        s.encode("utf-8")
        return s
    except UnicodeEncodeError:
        return s.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def diff_text(d: str):
    """A unified diff as a rich Text: additions green, deletions red, hunks cyan."""
    from rich.text import Text

    t = Text()
    for ln in d.splitlines(True):
        if ln.startswith(("+++", "---")):
            t.append(ln, style="bold")
        elif ln.startswith("@@"):
            t.append(ln, style="cyan")
        elif ln.startswith("+"):
            t.append(ln, style="green")
        elif ln.startswith("-"):
            t.append(ln, style="red")
        else:
            t.append(ln)
    return t


# ---------------------------------------------------------------- positions

class Lines:
    """Offset -> (line, column), both 1-based, columns in code points."""

    def __init__(self, text: str):
        self.text = text
        starts = [0]
        i = text.find("\n")
        while i != -1:
            starts.append(i + 1)
            i = text.find("\n", i + 1)
        self.starts = starts

    def pos(self, offset: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.starts, offset) - 1
        return k + 1, offset - self.starts[k] + 1

    def region(self, start: int, end: int) -> tuple[int, int, int, int]:
        """A finding's region without the line break(s) its span ends with."""
        while end > start and self.text[end - 1 : end] in ("\n", "\r"):
            end -= 1
        sl, sc = self.pos(start)
        el, ec = self.pos(end)
        return sl, sc, el, ec


def _transform(name: str):
    from dockfix.fixing import registry

    return registry.load_all().get(name)


# ---------------------------------------------------------------- json

def finding_json(path: str, f, text: str | None = None, applied: bool | None = None, lines: Lines | None = None) -> dict:
    """One finding as a JSON object.  ``text`` is the text the offsets refer to
    (edits then also get 1-based line/column positions)."""
    t = _transform(f.name)
    d = {
        "path": path,
        "line": f.line,
        "column": f.col,
        "end_line": f.end_line,
        "end_column": f.end_col,
        "name": f.name,
        "code": f.code,
        "dl_codes": list(f.dl_codes),
        "buildkit": list(t.buildkit) if t else [],
        "message": f.message,
        "applicability": f.fix.applicability.label if f.fix else None,
        "refused": f.refused,
        "fix": None,
    }
    if applied is not None:
        d["applied"] = applied
    if f.fix is not None:
        if lines is None and text is not None:
            lines = Lines(text)
        edits = []
        for e in f.fix.edits:
            ed = {"start": e.start, "end": e.end, "content": e.content}
            if lines is not None:
                (ed["start_line"], ed["start_column"]), (ed["end_line"], ed["end_column"]) = lines.pos(e.start), lines.pos(e.end)
            edits.append(ed)
        d["fix"] = {"message": f.fix.message, "applicability": f.fix.applicability.label, "edits": edits}
        files = getattr(f.fix, "files", ())
        if files:  # whole new contents of files beside the Dockerfile
            d["fix"]["files"] = [{"path": p, "content": c} for p, c in files]
    return d


# ---------------------------------------------------------------- sarif

def artifact_uri(path: str) -> str:
    """A relative URI for paths under the current directory, else a file: URI."""
    from urllib.parse import quote

    from dockfix.fixing.diff import label

    if path == "-":
        return "stdin"
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        if rel.startswith(".."):
            from pathlib import Path

            return Path(path).as_uri()
        path = rel
    return quote(label(path), safe="/")


def sarif_rule(t) -> dict:
    tags = ["dockerfile", *t.hadolint, *t.buildkit]
    rule = {
        "id": t.code,
        "name": t.name,
        "shortDescription": {"text": t.summary},
        "fullDescription": {"text": t.summary},
        "help": {"text": t.explanation.strip() or t.summary, "markdown": t.explanation.strip() or t.summary},
        "defaultConfiguration": {"level": "warning", "enabled": bool(t.default_enabled)},
        "properties": {"tags": tags, "precision": "high", "applicability": t.applicability.label},
    }
    if t.links:
        rule["helpUri"] = t.links[0]
    return rule


def _region(lines: Lines, start: int, end: int) -> dict:
    sl, sc, el, ec = lines.region(start, end)
    return {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec}


def _edit_region(lines: Lines, start: int, end: int) -> dict:
    (sl, sc), (el, ec) = lines.pos(start), lines.pos(end)
    return {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec}


def sarif_log(items, problems=(), fixes: bool = True) -> dict:
    """``items``: (display path, text, [findings located in text]);
    ``problems``: (path, line, col, message) of bad input."""
    from dockfix import __version__
    from dockfix.fixing import registry

    reg = registry.load_all()
    rules = [sarif_rule(t) for t in reg.values()]
    index = {t.name: i for i, t in enumerate(reg.values())}
    results = []
    for path, text, findings in items:
        lines = Lines(text)
        uri = artifact_uri(path)
        for f in findings:
            msg = f.message + (f" (not fixed: {f.refused})" if f.refused else "")
            r = {
                "ruleId": f.code,
                "level": "warning",
                "message": {"text": msg},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": _region(lines, f.start, f.end),
                }}],
                "properties": {"name": f.name, "applicability": f.fix.applicability.label if f.fix else None},
            }
            if f.name in index:
                r["ruleIndex"] = index[f.name]
            if fixes and f.fix is not None and f.fix.edits:
                desc = f.fix.message or f"{f.name} fix"
                if f.fix.applicability.label != "safe":
                    desc += f" ({f.fix.applicability.label})"
                r["fixes"] = [{
                    "description": {"text": desc},
                    "artifactChanges": [{
                        "artifactLocation": {"uri": uri},
                        "replacements": [{
                            "deletedRegion": _edit_region(lines, e.start, e.end),
                            **({"insertedContent": {"text": e.content}} if e.content else {}),
                        } for e in f.fix.edits],
                    }],
                }]
            results.append(r)
    notes = []
    for path, line, col, msg in problems:
        notes.append({
            "level": "error",
            "message": {"text": msg},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": artifact_uri(path)},
                "region": {"startLine": max(1, line), "startColumn": max(1, col)},
            }}],
        })
    run = {
        "tool": {"driver": {
            "name": "dockfix",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": rules,
        }},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [{"executionSuccessful": not problems, "toolExecutionNotifications": notes}],
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


# ---------------------------------------------------------------- github

def _gh_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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


# ---------------------------------------------------------------- progress

class Progress:
    """A progress bar on stderr (rich), or nothing."""

    def __init__(self, total: int, enabled: bool):
        self.bar = None
        self.console = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress as RP, TextColumn, TimeElapsedColumn

        self.console = Console(file=sys.stderr, highlight=False)
        self.bar = RP(TextColumn("dockfix"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      console=self.console, transient=True, redirect_stdout=False, redirect_stderr=False)
        self.task = self.bar.add_task("files", total=total)

    def start(self) -> None:
        if self.bar is not None:
            self.bar.start()

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None
