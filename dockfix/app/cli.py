"""Command-line interface.  The flags are a contract: scripts depend on them.

Exit codes: 0 nothing to report / all fixed; 1 findings remain or a diff
would change something; 2 bad input (the other files are still processed)
or bad usage.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field

from dockfix import __version__
from dockfix.app.files import NotWritable, UnreadableFile, inside, read_input, side_file_diff, write_atomic, write_file
from dockfix.app.reporters.safe import neutral, neutral_lines
from dockfix.fixing.selection import add_arguments, overrides, parse_options, registry_flag_options, unknown_selector

# ``--fix --verify``: proving fixes by build and run lives beside the app (dispatched by name)
PROVE = "dockfix.verify.prove:fix_main"

# subcommand -> "module:function"; each takes argv (list) and returns an exit code
SUBCOMMANDS: dict[str, str] = {
    "explain": "dockfix.app.cli:explain_main",
    "pr": "dockfix.pr.bot:main",
    "server": "dockfix.app.server:main",
    "verify": "dockfix.verify.command:main",
}

EPILOG = """\
subcommands:
  dockfix explain NAME   the long explanation of a transform
  dockfix verify PATH    build PATH before and after the fixes and compare the images
                         (runs the Dockerfile's commands; see dockfix verify --help)
  dockfix server         the Language Server for editors, over stdio (pip install 'dockfix[server]')
  (a file named like a subcommand must be given as ./NAME)

exit codes: 0 clean or all fixed, 1 findings remain / diff not empty, 2 bad input or usage
"""


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="dockfix",
        description="Rewrite Dockerfiles into safer, smaller, faster-building forms; every change shown as a diff.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="files, directories (searched for Dockerfiles) or - for stdin")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--diff", action="store_true", help="print a unified diff of the fixes (git apply takes it); write nothing")
    mode.add_argument("--check", action="store_true", help="like --diff but quiet: exit 1 if anything would change")
    mode.add_argument("--fix", action="store_true", help="apply the fixes in place (atomically)")
    mode.add_argument("--list", action="store_true", help="list the transforms")
    mode.add_argument("-i", "--interactive", action="store_true", help="go through the fixes one by one and choose (needs a terminal)")
    add_arguments(p)
    p.add_argument("--format", choices=["text", "json", "sarif", "github"], default="text",
                   help="output format: text, json, sarif (SARIF 2.1.0, GitHub code scanning), github (workflow annotations)")
    p.add_argument("--no-color", action="store_true", help="no colours (also: NO_COLOR=1, or output not a terminal)")
    p.add_argument("-j", "--jobs", type=int, metavar="N", help="files processed in parallel (default: the number of CPUs)")
    p.add_argument("--context", metavar="DIR", help="build context directory (default: each Dockerfile's folder)")
    p.add_argument("--stdin-filename", metavar="PATH", help="name to use for input read from -")
    p.add_argument("--pin", action="store_true", help="also pin base images to digests (needs the network; same as --extend-select pin-digest)")
    p.add_argument("--offline", action="store_true", help="pin-digest: use only the cache, skip what is not cached")
    p.add_argument("--refresh-pins", action="store_true", help="pin-digest: re-resolve existing tag@digest pins")
    p.add_argument("--insecure-registry", action="append", metavar="HOST", help="allow plain HTTP to this registry (repeatable)")
    p.add_argument("--verify", action="store_true",
                   help="with --fix: apply the safe fixes, and each unsafe transform only when building and running "
                        "the image with it shows nothing unexpected (RUNS the Dockerfile's commands; see dockfix verify)")
    p.add_argument("--builder", choices=["buildah", "podman", "docker"], help="--verify: the builder (default: the first found)")
    p.add_argument("--run-for", type=float, default=5, metavar="SECONDS",
                   help="--verify: how long a long-running program must stay up (default 5)")
    p.add_argument("--smoke", action="append", default=[], metavar="'CMD ...'",
                   help="--verify: run this shell command in both images instead of their own (repeatable)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only errors (and the diff with --diff)")
    p.add_argument("--version", action="store_true", help="print the version and exit")
    return p


@dataclass
class RunStats:
    files: int = 0
    changed: int = 0
    errors: int = 0
    findings: int = 0
    fixed: int = 0
    remaining: int = 0
    unsafe_hidden: int = 0
    per_transform: dict = field(default_factory=dict)  # name -> fixes applied
    available: dict = field(default_factory=dict)  # name -> [findings left, fixable among them]


def _err(msg: str) -> None:
    sys.stderr.write(msg + "\n")


def expand_paths(paths: list[str], report, trees: dict | None = None) -> list[str]:
    """The files to process, in order; ``trees`` gets the tree each belongs to (the directory
    named on the command line, else ``files.tree_of``): a symlink leaving it is skipped."""
    from dockfix.app.discover import walk
    from dockfix.app.files import tree_of

    out: list[str] = []
    seen = set()
    for p in paths:
        if p == "-":
            out.append(p)
            continue
        if os.path.isdir(p):
            found = walk(p, report)
            if not found:
                report(p, 1, 1, "no Dockerfiles found in this directory (looked for Dockerfile, Containerfile, Dockerfile.*, *.Dockerfile, *.dockerfile, *.containerfile)")
            for f in found:
                key = os.path.abspath(f)
                if key not in seen:
                    seen.add(key)
                    out.append(f)
                    if trees is not None:
                        trees[f] = os.path.abspath(p)
        elif os.path.lexists(p):
            key = os.path.abspath(p)
            tree = tree_of(p)
            if os.path.islink(p) and not inside(p, tree):
                report(p, 1, 1, "skipped: a symlink to a file outside the tree being processed")
                continue
            if key not in seen:
                seen.add(key)
                out.append(p)
                if trees is not None:
                    trees[p] = tree
        else:
            report(p, 1, 1, "no such file or directory")
    return out


class Terminated(BaseException):
    """SIGTERM, raised in the main process so that writes clean up and workers are stopped."""


def _on_sigterm(signum, frame) -> None:
    raise Terminated()


def _standard_streams() -> None:
    """Output that cannot be encoded (undecodable bytes of a file, under a strict or non-UTF-8
    locale) is escaped, never a UnicodeEncodeError; a closed stdout or stderr (``>&-``) is
    replaced by /dev/null."""
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))
            continue
        try:
            stream.reconfigure(errors="backslashreplace")
        except (AttributeError, ValueError):
            pass


def main(argv: list[str] | None = None) -> int:
    import signal

    _standard_streams()
    try:
        signal.signal(signal.SIGTERM, _on_sigterm)
    except (ValueError, OSError):  # not the main thread
        pass
    try:
        return _main(argv)
    except KeyboardInterrupt:
        _err("dockfix: interrupted")
        return 130
    except Terminated:
        _err("dockfix: terminated")
        return 143
    except BrokenPipeError:
        # the reader went away (``dockfix ... | head``): stop quietly
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 1


def _main(argv: list[str] | None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:
        import importlib

        mod, fn = SUBCOMMANDS[argv[0]].split(":")
        return int(getattr(importlib.import_module(mod), fn)(argv[1:]) or 0)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.version:
        from dockfix.semantic.official_images import data_date

        print(f"dockfix {__version__} (Docker Official Images data of {data_date()})")
        return 0
    return _run(args, parser)


def _run(args, parser) -> int:
    if args.list:
        return list_transforms(args.format)
    if not args.paths:
        parser.print_usage(sys.stderr)
        _err("dockfix: error: give at least one PATH (a file, a directory, or - for stdin)")
        return 2
    reg = _load_transforms()
    why = unknown_selector(args, reg.values())  # unknown selectors are a usage error
    if why:
        _err(f"dockfix: error: {why}")
        return 2
    session = _Session(args)
    try:
        options = parse_options(args.option)
    except ValueError as e:
        _err(f"dockfix: error: {e}")
        return 2
    if args.pin and "pin-digest" in reg:
        args.extend_select = list(args.extend_select or []) + ["pin-digest"]
    registry_flag_options(args, options)
    paths = expand_paths(args.paths, session.report_early, session.trees)
    cli = overrides(args.select, args.extend_select, args.ignore, args.unsafe_fixes, options, args.context)
    if args.verify:
        return _prove(args, paths, options, session.bad)
    if args.interactive:
        from dockfix.app.interactive import run_interactive

        return run_interactive(args, paths, cli, session.bad)
    session.mode = "fix" if args.fix else "diff" if args.diff else "check" if args.check else "report"
    if session.machine and session.mode == "fix" and "-" in paths:
        _err(f"dockfix: error: --fix on stdin writes the fixed file to stdout; it cannot be combined with --format {args.format}")
        return 2
    return session.run(paths, _jobs(args, paths, session, cli))


def _prove(args, paths: list[str], options: dict, bad: bool) -> int:
    """``--fix --verify``: the fixes proven by build and run (``dockfix.verify.prove``)."""
    import importlib

    if not args.fix:
        _err("dockfix: error: --verify goes with --fix (it writes the fixes it proved)")
        return 2
    if args.format not in ("text", "json"):
        _err("dockfix: error: --verify writes --format text or json")
        return 2
    mod, fn = PROVE.split(":")
    rc = getattr(importlib.import_module(mod), fn)(
        paths, select=args.select, extend_select=args.extend_select, ignore=args.ignore, unsafe_fixes=args.unsafe_fixes,
        config=args.config,
        options=options, context=args.context, builder=args.builder, run_for=args.run_for, smoke=args.smoke,
        fmt=args.format, quiet=args.quiet)
    return 2 if bad else int(rc)


def _load_transforms() -> dict:
    """The registry, after saying which transform modules failed to load."""
    from dockfix.fixing import registry

    reg = registry.load_all()
    for mod, err in registry.IMPORT_ERRORS.items():
        _err(f"dockfix: internal error: transform module {mod} failed to load: {err}")
    return reg


def _jobs(args, paths: list[str], session: "_Session", cli: dict) -> list:
    """One runner job per path (stdin is read here: it cannot go to a worker process)."""
    from dockfix.app import runner

    jobs = []
    for path in paths:
        display = args.stdin_filename if (path == "-" and args.stdin_filename) else path
        data = None
        if path == "-":
            try:
                data = read_input("-")
            except UnreadableFile as e:
                session.report_early(display, 1, 1, e.reason)
                continue
            except OSError as e:
                session.report_early(display, 1, 1, f"cannot read: {e.strerror or e}")
                continue
        jobs.append(runner.Job(path, display, session.mode, args.config, cli, findings_too=session.machine, data=data,
                               unfixable_too=not session.fixes_only))
    return jobs


def _fixable(f, minimum) -> bool:
    return f.fix is not None and f.fix.applicability >= minimum and f.fix.applicability > 0


class _Session:
    """One run of ``dockfix PATH...``: takes each file's outcome from the runner, writes or
    prints it in the chosen format, and counts what it saw for the summary and the exit code."""

    def __init__(self, args):
        self.args = args
        self.fmt: str = args.format
        self.machine = self.fmt != "text"
        self.mode = "report"
        self.stats = RunStats()
        self.bad = False
        self.problems: list = []  # bad input: (path, line, col, message)
        self.sink = None
        self.json_rows: list[dict] = []
        self.sarif_items: list = []
        self.written: dict = {}  # side files written so far: path -> text
        self.trees: dict = {}  # file -> the tree it belongs to (nothing outside it is written)

    @property
    def fixes_only(self) -> bool:
        """Only the fixed text is shown: a quiet --diff or --check in text format prints no finding,
        no display-only fix and no summary, and its exit code says only whether a file changes."""
        return self.mode in ("diff", "check") and not self.machine and bool(self.args.quiet)

    # -- bad input ----------------------------------------------------------------------------
    def _problem(self, path: str, line: int, col: int, msg: str) -> None:
        self.bad = True
        self.stats.errors += 1
        self.problems.append((path, line, col, msg))

    def report_early(self, path: str, line: int, col: int, msg: str) -> None:
        """Bad input found before the output starts (printed straight to stderr)."""
        self._problem(path, line, col, msg)
        _err(neutral(f"{path}:{line}:{col}: error: {msg}"))

    def report_now(self, path: str, line: int, col: int, msg: str) -> None:
        """Bad input found while the output goes on (through the sink; an annotation too with --format github)."""
        from dockfix.app.reporters import github_error

        self._problem(path, line, col, msg)
        self.sink.err(neutral(f"{path}:{line}:{col}: error: {msg}"))
        if self.fmt == "github":
            self.sink.write(github_error(path, line, col, msg) + "\n")

    # -- the run ------------------------------------------------------------------------------
    def run(self, paths: list[str], jobs: list) -> int:
        from dockfix.app import runner
        from dockfix.app.reporters import Progress, TextSink, github_error, use_color

        args = self.args
        workers = min(args.jobs, runner.default_jobs()) if args.jobs and args.jobs > 0 else runner.default_jobs()
        show_progress = len(jobs) > 50 and not args.quiet and _isatty(sys.stderr)
        progress = Progress(len(jobs), show_progress)
        self.sink = TextSink(self.fmt == "text" and use_color(sys.stdout, args.no_color), progress)
        if self.fmt == "github":
            for p in self.problems:
                self.sink.write(github_error(*p) + "\n")
        try:
            for o in runner.run(jobs, workers, progress.start):
                progress.advance()
                self.take(o)
        finally:
            progress.stop()
        self._write_document()
        if not args.quiet and self.fmt == "text":
            _summary(self.mode, self.stats, paths, self.sink)
        return self._exit_code()

    def take(self, o) -> None:
        """One file's outcome."""
        for p in o.problems:
            self.report_now(*p)
        if not o.read:
            return
        self.stats.files += 1
        if o.parse_error:
            if o.path == "-" and self.mode == "fix":
                sys.stdout.buffer.write(o.text.encode("utf-8", "surrogateescape"))
            return
        for e in o.errors:
            self.sink.err(neutral(f"{o.display}: internal error: {e}"))
        if not self.args.quiet:
            for n in o.notes:
                self.sink.err(neutral(f"{o.display}: note: {n}"))
        located, where = self._located(o)
        self._count_left(o, located)
        if self.machine:
            self._machine_output(o, located, where)
        if self.mode == "report":
            self._report_text(o)
            return
        if self.mode == "fix":
            if self._fix(o):  # "Fixed" counts only what was written
                self._count_fixed(o)
            return
        self._count_fixed(o)
        if self.mode == "diff":
            self._diff(o)

    def _located(self, o) -> tuple[list, str]:
        """The findings the machine formats describe, and the text they are located in
        (the file as it now is on disk)."""
        if self.mode == "report":
            return o.remaining, o.text
        if self.mode == "fix":
            return o.remaining, (o.output if o.path != "-" else o.text)
        return (o.findings or []), o.text

    def _count_left(self, o, located: list) -> None:
        stats = self.stats
        for f in o.remaining if self.mode != "report" else located:
            stats.findings += 1
            st = stats.available.setdefault(f.name, [0, 0])
            st[0] += 1
            fixable = _fixable(f, o.minimum)
            if fixable:
                st[1] += 1
            if f.fix is not None and not fixable and f.fix.applicability > 0:
                stats.unsafe_hidden += 1

    def _count_fixed(self, o) -> None:
        stats = self.stats
        stats.findings += len(o.applied)
        stats.fixed += len(o.applied)
        stats.remaining += len(o.remaining)
        for f in o.applied:
            stats.per_transform[f.name] = stats.per_transform.get(f.name, 0) + 1
        if o.changes_anything:
            stats.changed += 1

    # -- output per format --------------------------------------------------------------------
    def _machine_output(self, o, located: list, where: str) -> None:
        from dockfix.app.reporters import Lines, finding_json, github_line

        display, mode = o.display, self.mode
        if mode == "fix" and o.path == "-":
            located = []  # fixed text goes to stdout; nothing is on disk
        if self.fmt == "json":
            lines = Lines(where)
            if mode != "report":
                self.json_rows.extend(finding_json(display, f, applied=True) for f in o.applied)
            self.json_rows.extend(finding_json(display, f, lines=lines, applied=None if mode == "report" else False)
                                  for f in located)
        elif self.fmt == "sarif":
            self.sarif_items.append((display, where, located))
        elif self.fmt == "github":
            lines = Lines(where)
            for f in located:
                self.sink.write(github_line(display, lines, f, _fixable(f, o.minimum)) + "\n")

    def _report_text(self, o) -> None:
        if self.machine or self.args.quiet:
            return
        for f in o.remaining:
            fixable = _fixable(f, o.minimum)
            self.sink.finding(o.display, f, fixable, format_finding(o.display, f, fixable))

    def _diff(self, o) -> None:
        from dockfix.fixing.diff import unified

        if self.machine:
            return
        display = o.display
        if o.changed:
            self.sink.diff(unified(o.text, o.output, display if display != "-" else "-"))
        for fp, new in sorted(o.side_files.items()):
            self.sink.diff(side_file_diff(fp, o.side_originals.get(fp), new))
        if not self.args.quiet:
            _show_display_only(display, o, self.sink.err)

    def _fix(self, o) -> bool:
        """Write the fixed file (and its side files); False when the file could not be written."""
        if o.path == "-":
            sys.stdout.buffer.write(o.output.encode("utf-8", "surrogateescape"))
            sys.stdout.buffer.flush()
        elif o.changed:
            try:
                write_atomic(o.path, o.output.encode("utf-8", "surrogateescape"))
            except NotWritable as e:
                self.report_now(o.display, 1, 1, f"not fixed: {e}")
                return False
            except OSError as e:
                self.report_now(o.display, 1, 1, f"cannot write: {e.strerror or e}")
                return False
        self._write_side_files(o)
        if self.args.quiet or self.machine:
            return True
        for f in o.remaining:
            fixable = f.fix is not None and f.fix.applicability >= o.minimum
            line = format_finding(o.display, f, fixable)
            if o.path == "-":
                self.sink.err(line)
            else:
                self.sink.finding(o.display, f, fixable, line)
        return True

    def _write_side_files(self, o) -> None:
        tree = self.trees.get(o.path)
        for fp, new in sorted(o.side_files.items()):
            if tree is not None and os.path.realpath(fp) != os.path.abspath(fp) and not inside(fp, tree):
                self.report_now(fp, 1, 1, "not written: a symlink to a file outside the tree being processed")
                continue
            old = o.side_originals.get(fp)
            if self.written.get(fp, old) != old:
                # another Dockerfile of this run changed it first (a worker could not see that)
                self.sink.err(neutral(f"{o.display}: note: {fp} was changed by an earlier fix of this run; run dockfix again for this file"))
                continue
            try:
                write_file(fp, new.encode("utf-8", "surrogateescape"))
            except OSError as e:
                self.report_now(fp, 1, 1, f"cannot write: {e.strerror or e}")
                continue
            self.written[fp] = new

    def _write_document(self) -> None:
        """json and sarif: one document for the whole run, at the end."""
        import json

        if self.fmt == "json":
            sys.stdout.write(json.dumps(self.json_rows, indent=2) + "\n")
        elif self.fmt == "sarif":
            from dockfix.app.reporters import sarif_log

            sys.stdout.write(json.dumps(sarif_log(self.sarif_items, self.problems), indent=2) + "\n")

    def _exit_code(self) -> int:
        if self.bad:
            return 2
        if self.mode in ("diff", "check"):
            return 1 if self.stats.changed else 0
        if self.mode == "fix":
            return 1 if self.stats.remaining else 0
        return 1 if self.stats.findings else 0


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _show_display_only(display: str, res, err=_err) -> None:
    """Display-only fixes: shown on stderr as a diff, never part of stdout's patch."""
    from dockfix.fixing.diff import unified
    from dockfix.fixing.edit import DISPLAY_ONLY, apply_edits

    for f in res.remaining:
        if f.fix is not None and f.fix.applicability == DISPLAY_ONLY:
            text = apply_edits(res.output, f.fix.edits)
            d = unified(res.output, text, display)
            if d:
                err(neutral(f"# {display}:{f.line}:{f.col}: {f.name}: display-only suggestion, not applied: {f.message}"))
                err(neutral_lines("".join("# " + ln for ln in d.splitlines(True)).rstrip("\n")))


def format_finding(path: str, f, fixable: bool) -> str:
    mark = " [*]" if fixable else ""
    msg = f.message
    if f.refused:
        msg += f" (not fixed: {f.refused})"
    return neutral(f"{path}:{f.line}:{f.col}: {f.name} {msg}") + mark


def finding_json(path: str, f) -> dict:
    from dockfix.app.reporters import finding_json as to_json

    return to_json(path, f)


def _per_transform_left(st: RunStats) -> str:
    parts = []
    for name, (n, fixable) in sorted(st.available.items()):
        parts.append(f"{name} {n}" + (f" [{fixable} fixable]" if fixable else ""))
    return f" ({', '.join(parts)})" if parts else ""


def _summary(mode: str, st: RunStats, paths: list[str], sink=None) -> None:
    to_err = mode in ("diff", "check") or "-" in paths

    class _W:
        def write(self, s: str) -> None:
            if sink is None:
                (sys.stderr if to_err else sys.stdout).write(s)
            elif to_err:
                sink.err(s.rstrip("\n"))
            else:
                sink.write(s, style="bold")

    w = _W()
    if mode == "report":
        if st.findings:
            msg = f"Found {st.findings} finding{'s' if st.findings != 1 else ''} in {st.files} file{'s' if st.files != 1 else ''}{_per_transform_left(st)}."
            if st.unsafe_hidden:
                msg += f" {st.unsafe_hidden} more fix{'es' if st.unsafe_hidden != 1 else ''} available with --unsafe-fixes."
            w.write(msg + "\n")
        elif st.errors:
            w.write(f"No findings; {st.errors} error{'s' if st.errors != 1 else ''} (see above): not all files were checked.\n")
        elif st.files:
            w.write(f"All checks passed ({st.files} file{'s' if st.files != 1 else ''}).\n")
        return
    if mode == "check" and not st.changed:
        return
    verb = "Fixed" if mode == "fix" else "Would fix"
    parts = ", ".join(f"{n}: {c}" for n, c in sorted(st.per_transform.items()))
    msg = f"{verb} {st.fixed} finding{'s' if st.fixed != 1 else ''} in {st.changed} of {st.files} file{'s' if st.files != 1 else ''}"
    if parts:
        msg += f" ({parts})"
    msg += f"; {st.remaining} remaining{_per_transform_left(st) if st.remaining else ''}."
    if st.unsafe_hidden:
        msg += f" {st.unsafe_hidden} more with --unsafe-fixes."
    w.write(msg + "\n")


def list_transforms(fmt: str) -> int:
    from dockfix.fixing import registry

    reg = registry.load_all()
    if fmt == "json":
        import json

        print(json.dumps([t.describe() for t in reg.values()], indent=2))
        return 0
    for t in reg.values():
        dl = ",".join(t.hadolint + t.buildkit) or "-"
        opt = "" if t.default_enabled else " (opt-in)"
        print(f"{t.code:6} {t.name:28} {t.applicability.label:12} {dl:28} {t.summary}{opt}")
    return 0


def explain_main(argv: list[str]) -> int:
    from dockfix.app.explain import explain_text, find_transform

    p = argparse.ArgumentParser(prog="dockfix explain", description="Explain a transform.")
    p.add_argument("name", help="transform name or code (see dockfix --list)")
    a = p.parse_args(argv)
    t = find_transform(a.name)
    if t is None:
        _err(f"dockfix explain: error: unknown transform {a.name!r} (see dockfix --list)")
        return 2
    print(explain_text(t))
    return 0


def options_help(options) -> str:
    from dockfix.app.explain import options_help as text

    return text(options)
