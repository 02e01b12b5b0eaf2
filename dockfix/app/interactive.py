"""``dockfix -i``: go through the fixes one by one and choose, like ``git add -p``.

File by file, each fix is shown (file, transform, reason, diff hunk) and a
single key decides.  Accepted fixes are applied through the engine
(``fix_text`` with an ``accept`` filter, so structure checks and the fixed
point apply) to the file's text in memory; after every accepted fix the
transforms run again on the new text, so a later fix whose region changed is
recomputed and asked about as it now is, never applied blindly.  The file is
written atomically when it is done.  ``q`` or Ctrl-C leave the current file
untouched; files already done stay written.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

KEYS = ("y", "n", "a", "d", "s", "q", "e", "?")
HELP = """\
y - apply this fix
n - skip this fix
a - apply this fix and all remaining fixes of this file
d - skip this fix and the rest of this file
s - apply this fix and every later fix of the same transform (all files)
q - quit; nothing more is written (files already done stay written)
e - explain the transform, then ask again
? - print this help"""

NOT_A_TERMINAL = ("dockfix: error: --interactive needs a terminal on stdin and stdout; "
                  "use --diff to review the fixes or --fix to apply them")


class _Quit(Exception):
    pass


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def ask_key(message: str, keys=KEYS) -> str:
    """One key press, through questionary/prompt_toolkit; Ctrl-C raises KeyboardInterrupt."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.formatted_text import FormattedText
    from prompt_toolkit.key_binding import KeyBindings
    from prompt_toolkit.keys import Keys
    from questionary.question import Question
    from questionary.styles import merge_styles_default

    kb = KeyBindings()

    def _bind(k: str) -> None:
        @kb.add(k, eager=True)
        def _(event):
            event.app.exit(result=k)

    for k in keys:
        _bind(k)

    @kb.add(Keys.ControlC, eager=True)
    def _(event):
        event.app.exit(exception=KeyboardInterrupt, style="class:aborting")

    @kb.add(Keys.Any)
    def _(event):
        """Other keys do nothing."""

    tokens = FormattedText([("class:qmark", "?"), ("class:question", f" {message} "),
                            ("class:instruction", f"[{','.join(keys)}] ")])
    session: PromptSession = PromptSession(tokens, key_bindings=kb, style=merge_styles_default([None]))
    while True:
        answer = Question(session.app).unsafe_ask()
        if answer in keys:
            return answer


def _remap(old: str, new: str, spans: list) -> tuple[list, list]:
    """Move (name, start, end) spans of ``old`` to ``new``.  Returns the spans
    outside the changed region (shifted) and, for those inside it, the
    changed region in ``new`` (their fixes are recomputed there)."""
    n = min(len(old), len(new))
    p = 0
    while p < n and old[p] == new[p]:
        p += 1
    q = 0
    while q < n - p and old[len(old) - 1 - q] == new[len(new) - 1 - q]:
        q += 1
    delta = len(new) - len(old)
    kept, touched = [], []
    for name, a, b in spans:
        if b <= p:
            kept.append((name, a, b))
        elif a >= len(old) - q:
            kept.append((name, a + delta, b + delta))
        else:
            touched.append((name, p, len(new) - q))
    return kept, touched


@dataclass
class _FileState:
    """One file while its fixes are asked about."""

    path: str
    text: str  # as read
    settings: Any
    transforms: list
    minimum: Any
    current: str  # with the fixes accepted so far
    rejected: list = field(default_factory=list)  # (name, start, end) of skipped fixes, in ``current``
    reask: list = field(default_factory=list)  # (name, start, end): skipped fixes whose region a later fix changed
    take_all: bool = False
    shown_header: bool = False
    side_files: dict = field(default_factory=dict)  # files beside the Dockerfile changed by accepted fixes
    seen_errors: set = field(default_factory=set)
    seen_texts: set = field(default_factory=set)


class Session:
    def __init__(self, args, cli: dict, report, color: bool):
        from dockfix.fixing.config import ConfigFinder

        self.args = args
        self.cli = cli
        self.report = report
        self.finder = ConfigFinder(args.config)
        self.shared: dict = {}
        self.always: set[str] = set()  # transforms answered with s
        self.applied: dict[str, int] = {}
        self.skipped: dict[str, int] = {}
        self.files_written = 0
        self.current: str | None = None
        self.console = None
        if color:
            from rich.console import Console

            self.console = Console(file=sys.stdout, force_terminal=True, highlight=False, markup=False,
                                   emoji=False, soft_wrap=True)

    # -------------------------------------------------------------- printing
    def say(self, s: str = "", style: str | None = None) -> None:
        if self.console is not None:
            from rich.text import Text

            self.console.print(Text(s, style=style or ""), soft_wrap=True)
        else:
            sys.stdout.write(s + "\n")
        sys.stdout.flush()

    def show_diff(self, d: str) -> None:
        if self.console is not None:
            from dockfix.app.reporters import diff_text

            self.console.print(diff_text(d), end="", soft_wrap=True)
        else:
            sys.stdout.write(d)
        sys.stdout.flush()

    def explain(self, name: str) -> None:
        from dockfix.fixing import registry

        t = registry.get(name)
        if t is None:
            return
        answers = list(t.hadolint) + list(t.buildkit)
        self.say(f"{t.name} ({t.code}): {t.summary}", "bold")
        self.say(f"Answers: {', '.join(answers) if answers else '-'}; fix applicability: {t.applicability.label}")
        self.say(t.explanation.strip())

    # -------------------------------------------------------------- the work
    def do_file(self, path: str) -> None:
        st = self._open(path)
        if st is None:
            return
        self.current = path
        while self._next_fix(st):
            pass
        self._write(st)
        self.current = None

    def _open(self, path: str) -> _FileState | None:
        """The file read, parsed and its settings found (None: reported as bad input)."""
        from dockfix.app.files import load_text
        from dockfix.fixing.config import ConfigError, override
        from dockfix.fixing.engine import select_transforms, threshold
        from dockfix.syntax.cst import parse

        try:
            settings = override(self.finder.for_file(path), **self.cli)
        except ConfigError as e:
            self.report(e.path, e.line, e.col, e.message)
            return None
        text = load_text(path, None, self.report)
        if text is None:
            return None
        doc = parse(text, path)
        if doc.errors:
            pe = doc.errors[0]
            self.report(path, pe.line, pe.col, pe.message)
            return None
        return _FileState(path, text, settings, select_transforms(settings, path), threshold(settings), text)

    def _candidates(self, st: _FileState) -> list:
        """The fixes still to ask about, on the text as it now is."""
        from dockfix.fixing.edit import DISPLAY_ONLY
        from dockfix.fixing.engine import collect
        from dockfix.syntax.cst import parse

        errs: list[str] = []
        findings = collect(parse(st.current, st.path), st.path, st.settings, st.transforms, self.shared, errs)
        for e in errs:
            if e not in st.seen_errors:
                st.seen_errors.add(e)
                sys.stdout.flush()
                sys.stderr.write(f"{st.path}: internal error: {e}\n")
        return [f for f in findings
                if f.fix is not None and f.fix.applicability > DISPLAY_ONLY and f.fix.applicability >= st.minimum
                and (f.name, f.start, f.end) not in st.rejected]

    def _next_fix(self, st: _FileState) -> bool:
        """Show the next fix and do what the answer says; False when the file is done."""
        from dockfix.fixing.edit import SAFE
        from dockfix.fixing.engine import _key

        cands = self._candidates(st)
        if not cands:
            return False
        f = cands[0]
        key = _key(f, st.current)
        if not st.shown_header:
            self.say(f"── {st.path} ──", "bold magenta")
            st.shown_header = True
        again = any(n == f.name and f.start <= b and a <= f.end for n, a, b in st.reask)
        auto = (st.take_all or f.name in self.always) and not again
        unsafe = f.fix.applicability < SAFE
        self._show(st, f, unsafe, again)
        answer = "y" if auto else self._ask(f, unsafe, len(cands))
        if answer == "q":
            raise _Quit()
        if answer in ("n", "d"):
            st.rejected.append((f.name, f.start, f.end))
            self._count(self.skipped, f.name)
            self.say(f"  {answer}: skipped" + (" (and the rest of this file)" if answer == "d" else ""), "dim")
            if answer == "d":
                for g in cands[1:]:
                    self._count(self.skipped, g.name)
                return False
            return True
        return self._apply(st, f, key, answer, auto)

    def _show(self, st: _FileState, f, unsafe: bool, again: bool) -> None:
        """The fix: where, which transform, why, and its diff (with the side files it changes)."""
        from dockfix.app.files import side_file_diff
        from dockfix.fixing.context import read_side_file
        from dockfix.fixing.diff import unified
        from dockfix.fixing.edit import apply_edits

        path = st.path
        mark = " [unsafe]" if unsafe else ""
        self.say(f"{path}:{f.line}:{f.col}: {f.name} ({f.code}){mark}: {f.message}", "bold yellow" if unsafe else "bold")
        if f.fix.message:
            self.say(f"  fix: {f.fix.message}")
        if again:
            self.say("  (recomputed: you skipped this fix, then an applied fix changed its lines)", "yellow")
        hunk = unified(st.current, apply_edits(st.current, f.fix.edits), path)
        self.show_diff("".join(hunk.splitlines(True)[2:]))
        for fp, content in getattr(f.fix, "files", ()):
            old = st.side_files[fp] if fp in st.side_files else read_side_file(fp)
            self.show_diff(side_file_diff(fp, old, content))

    def _ask(self, f, unsafe: bool, left: int) -> str:
        """One key: ``?`` and ``e`` are answered here and asked again."""
        prompt = f"Apply this fix{' (unsafe)' if unsafe else ''}" + (f" ({left} left in this file)" if left > 1 else "") + "?"
        while True:
            answer = ask_key(prompt)
            if answer == "?":
                self.say(HELP)
            elif answer == "e":
                self.explain(f.name)
            else:
                return answer

    def _apply(self, st: _FileState, f, key, answer: str, auto: bool) -> bool:
        """y, a, s: through the engine, this fix only, on the text as it now is; False when the
        fixes do not converge (the file is then left alone)."""
        from dockfix.fixing.engine import _key, fix_text

        if answer == "a":
            st.take_all = True
        elif answer == "s":
            self.always.add(f.name)
        current = st.current
        res = fix_text(current, st.path, st.settings, st.transforms, self.shared,
                       accept=lambda g, t: _key(g, t) == key)
        if (res.output == current and not res.side_files) or res.errors:
            why = "; ".join(res.errors) or "it changes nothing"
            self.say(f"  not applied: {why}", "red")
            st.rejected.append((f.name, f.start, f.end))
            self._count(self.skipped, f.name)
            return True
        st.rejected, touched = _remap(current, res.output, st.rejected)
        st.reask, touched2 = _remap(current, res.output, st.reask)
        st.reask += touched + touched2
        if res.output != current and res.output in st.seen_texts:
            # two fixes undo each other: stop here, as the engine does, and leave the file alone
            self.say(f"  fixes do not converge (the text came back to an earlier state); {st.path} left untouched", "red")
            st.current, st.side_files = st.text, {}
            return False
        st.seen_texts.add(current)
        st.current = res.output
        st.side_files.update(res.side_files)
        self._count(self.applied, f.name)
        self.say(f"  {answer}: applied" + (" (a: rest of this file)" if auto and st.take_all else " (s: same transform)" if auto else ""), "green")
        return True

    def _write(self, st: _FileState) -> None:
        """The file (atomically) and the side files, when the accepted fixes changed them."""
        from dockfix.app.files import write_atomic, write_file
        from dockfix.fixing.diff import label

        path, side_files = st.path, st.side_files
        if st.current != st.text:
            try:
                write_atomic(path, st.current.encode("utf-8", "surrogateescape"))
            except OSError as e:
                self.report(path, 1, 1, f"cannot write: {e.strerror or e}")
                side_files = {}
            else:
                self.files_written += 1
                self.say(f"wrote {path}", "green")
        for fp, content in sorted(side_files.items()):
            try:
                write_file(fp, content.encode("utf-8", "surrogateescape"))
            except OSError as e:
                self.report(fp, 1, 1, f"cannot write: {e.strerror or e}")
            else:
                self.files_written += 1
                self.say(f"wrote {label(fp)}", "green")

    @staticmethod
    def _count(d: dict, name: str) -> None:
        d[name] = d.get(name, 0) + 1

    def summary(self) -> None:
        names = sorted(set(self.applied) | set(self.skipped))
        total_a = sum(self.applied.values())
        total_s = sum(self.skipped.values())
        self.say(f"Applied {total_a} fix{'es' if total_a != 1 else ''}, skipped {total_s}; "
                 f"{self.files_written} file{'s' if self.files_written != 1 else ''} written.", "bold")
        for n in names:
            self.say(f"  {n}: applied {self.applied.get(n, 0)}, skipped {self.skipped.get(n, 0)}")


def run_interactive(args, paths: list[str], cli: dict, bad: bool) -> int:
    if not (_isatty(sys.stdin) and _isatty(sys.stdout)):
        sys.stderr.write(NOT_A_TERMINAL + "\n")
        return 2
    if "-" in paths:
        sys.stderr.write("dockfix: error: --interactive cannot read a Dockerfile from stdin (-); name the file\n")
        return 2
    from dockfix.app.reporters import use_color

    def report(path: str, line: int, col: int, msg: str) -> None:
        nonlocal bad
        bad = True
        sys.stdout.flush()
        sys.stderr.write(f"{path}:{line}:{col}: error: {msg}\n")

    s = Session(args, cli, report, use_color(sys.stdout, args.no_color))
    try:
        for path in paths:
            s.do_file(path)
    except _Quit:
        if s.current:
            s.say(f"quit: {s.current} left untouched", "bold")
    except KeyboardInterrupt:
        s.say("")
        s.say(f"interrupted: {s.current} left untouched" if s.current else "interrupted", "bold")
        s.summary()
        return 130
    s.summary()
    return 2 if bad else 0
