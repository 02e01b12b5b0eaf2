"""Text on a terminal or a pipe: plain writes, or colours (rich) on a terminal, and the progress bar.

Nothing here imports rich at module level: a plain run (piped, or ``--no-color``) never loads it.
"""

from __future__ import annotations

import os
import sys

from dockfix.app.reporters.safe import neutral, neutral_lines


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
        if progress is not None and progress.bar is not None:
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
        """A patch: byte for byte into a pipe or a file (``git apply`` takes it); on a terminal,
        control characters from the file are shown as ``\\xNN``, never sent to it."""
        if self.console is None:
            if _isatty(sys.stdout):
                d = neutral_lines(d)
            sys.stdout.flush()
            sys.stdout.buffer.write(d.encode("utf-8", "surrogateescape"))
            sys.stdout.buffer.flush()
            return
        from rich.text import Text

        d = neutral_lines(_printable(d))
        self._print(self.console, diff_text(d) if self.color else Text(d))

    def finding(self, path: str, f, fixable: bool, plain: str) -> None:
        if self.console is None or not self.color:
            self.write(plain + "\n")
            return
        from rich.text import Text

        t = Text()
        t.append(neutral(path), style="bold")
        t.append(f":{f.line}:{f.col}: ", style="dim")
        t.append(f.name, style="bold yellow" if f.refused else "bold red")
        t.append(" " + neutral(_printable(f.message)))
        if f.refused:
            t.append(neutral(f" (not fixed: {f.refused})"), style="yellow")
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


class Progress:
    """A progress bar on stderr (rich), or nothing."""

    def __init__(self, total: int, enabled: bool):
        self.bar = None
        self.console = None
        if not enabled:
            return
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn
        from rich.progress import Progress as RP

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
