"""Pipes in RUN without pipefail (DL4006)."""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Callable, Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import UNSAFE, Edit, Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.semantic import images as im
from dockfix.semantic.images import BASH_IMAGES
from dockfix.semantic.model import model_of
from dockfix.semantic.variables import scope_before
from dockfix.shell.dialects import dash_bash_difference, echo_escapes
from dockfix.shell.facts import facts_of
from dockfix.shell.nodes import Pipeline, pipelines
from dockfix.shell.tools import base
from dockfix.syntax.text import keyword_case, line_indent

_POSIX_SH = {"sh", "dash"}
_RHEL = re.compile(r"(?i)(?:^|/)(centos|fedora|rockylinux|almalinux|amazonlinux|oraclelinux|ubi\d*(?:-minimal|-micro|-init)?)(?::|@|$)")


def _own_shell(model, stage, ins) -> list[str] | None:
    """The SHELL set in the stage itself before ``ins`` (None: the parent's or the default)."""
    shells = model.instructions_of(stage, "SHELL")
    before = shells[:bisect.bisect_left(shells, model.position(ins), key=model.position)]
    return next((list(other.json_values) for other in reversed(before) if other.json_values), None)


def _has_pipefail(shell: list[str]) -> bool:
    for i, a in enumerate(shell):
        if a == "pipefail" and i > 0 and shell[i - 1].startswith("-") and shell[i - 1].endswith("o"):
            return True
        if a in ("-opipefail", "--pipefail"):
            return True
    return False


def _with_pipefail(shell: list[str]) -> list[str]:
    """The bash SHELL with `-o pipefail`, put after bash's long options
    (`--login`, `--noprofile`, `--rcfile FILE`): bash accepts those only
    before the one-letter ones (`bash -o pipefail --login` fails: invalid option)."""
    i = 1
    while i < len(shell) and shell[i].startswith("--") and shell[i] != "--":
        i += 2 if shell[i] in ("--rcfile", "--init-file") else 1
    i = min(i, len(shell))
    return shell[:i] + ["-o", "pipefail"] + shell[i:]


# commands that print nothing when they read nothing (an awk program with BEGIN/END may)
_EMPTY_TO_EMPTY = {"sed", "cut", "tr", "sort", "uniq", "tail", "grep", "egrep", "fgrep", "tee", "awk", "gawk", "mawk"}
_CHECKSUMS = {"md5sum", "sha1sum", "sha224sum", "sha256sum", "sha384sum", "sha512sum", "b2sum"}


def _checks_sums(name: str | None, args: list[str]) -> bool:
    return name in _CHECKSUMS and any(a == "--check" or (a.startswith("-") and not a.startswith("--") and "c" in a)
                                      for a in args)


def _empty_input_fails(names: list[tuple[str | None, list[str]]], i: int) -> bool:
    """Nothing from stage ``i`` (a `grep` that found nothing) fails the pipe today already: the
    stages after it print nothing from nothing and the last is a GNU `sha256sum -c` (coreutils:
    "no properly formatted checksum lines found", exit 1)."""
    *middle, (last, last_args) = names[i + 1:] or [(None, [])]
    return _checks_sums(last, last_args) and all(
        n in _EMPTY_TO_EMPTY and not (n and "awk" in n and any(re.search(r"\b(?:BEGIN|END)\b", a) for a in a_))
        for n, a_ in middle)


# an `echo`/`printf` argument made of literal text and `$VAR` / `${VAR}` expansions only
_SHORT_WORD = re.compile(r"""(?:[^$`*?\\]|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?)*""")
_VAR = re.compile(r"\$\{?([A-Za-z_][A-Za-z0-9_]*)")


def _one_short_write(stage: tuple[str | None, list[str]], short_var: Callable[[str], bool] | None) -> bool:
    """An `echo`/`printf` of literal text and Dockerfile ARG/ENV values (``short_var``): one short
    write, all in the pipe before the reader can stop, so SIGPIPE cannot reach it."""
    name, args = stage
    if name not in ("echo", "printf") or short_var is None or sum(map(len, args)) > 512:
        return False
    return all(_SHORT_WORD.fullmatch(a) and all(short_var(v) for v in _VAR.findall(a)) for a in args)


def _risky_pipe(pipe: Pipeline, gnu: bool = False, short_var: Callable[[str], bool] | None = None) -> str | None:
    """A pipe that pipefail would turn into a failure though it works today:
    a writer killed by SIGPIPE when the reader stops early, or one that fails harmlessly
    (`grep` finding nothing). None when nothing reads the pipe's status (see
    ``Pipeline.status_used``). ``gnu``: the checksum tools are GNU coreutils' (busybox's
    `sha256sum -c` accepts an empty list); ``short_var``: whether ``$NAME`` there is a short
    Dockerfile value (an ARG/ENV the RUN does not reassign before the pipe)."""
    if not pipe.status_used:
        return None
    names = [(base(st.name), st.args) for st in pipe.stages]
    if names and names[0][0] == "yes":
        return "`yes | ...` is killed by SIGPIPE and fails under pipefail"
    for i, (name, args) in enumerate(names[:-1]):
        if name == "find":
            return ("`find` before a pipe exits 1 on any unreadable entry (/proc in a build container), which "
                    "the pipe ignores today and pipefail would turn into a failed build")
        if name in ("grep", "egrep", "fgrep", "ls") and not (gnu and _empty_input_fails(names, i)):
            return (f"`{name}` before a pipe exits non-zero when it finds nothing, which the pipe ignores today "
                    "and pipefail would turn into a failed build")
    for name, args in names[1:-1]:
        if name == "xargs":
            return ("a pipe through `xargs` exits 123 when one of the commands it runs fails, which the pipe "
                    "ignores today and pipefail would turn into a failed build")
    for j, (name, args) in enumerate(names[1:], 1):
        if j == 1 and _one_short_write(names[0], short_var):
            continue  # `echo "$VERSION" | grep -q x`: written whole before grep can stop reading
        if name == "head":
            return "a pipe into `head` can kill the writer with SIGPIPE, which fails under pipefail"
        if name in ("grep", "egrep", "fgrep") and any(
                a in ("-q", "--quiet", "--silent", "-m") or a.startswith("--max-count")
                or (a.startswith("-") and not a.startswith("--") and any(f in a for f in "qm")) for a in args):
            return "a pipe into `grep -q`/`grep -m` can kill the writer with SIGPIPE, which fails under pipefail"
        if name in ("awk", "gawk", "mawk", "nawk", "busybox") and any(re.search(r"\bexit\b", a) for a in args):
            return "a pipe into an `awk` program that exits early can kill the writer with SIGPIPE, which fails under pipefail"
        if name == "sed" and any(_SED_QUIT.search(a) for a in args if not a.startswith("-") or a.startswith("-e")):
            return "a pipe into `sed` with a `q` command can kill the writer with SIGPIPE, which fails under pipefail"
        if name == "read":
            return "a pipe into `read` (one line) can kill the writer with SIGPIPE, which fails under pipefail"
    return None


# a sed `q`/`Q` command: at the start of the script or after an address, `;`, `{` or `}`
_SED_QUIT = re.compile(r"(?:^|[;{}\s]|[0-9$/])[qQ]\s*[0-9]*\s*(?:[;}]|$)")


def _echo_flags(view) -> bool:
    """`echo` given a flag other than -n (`-e`, `-E`, `-ne`, ...)."""
    for c in view.commands():
        if base(c.name) == "echo" and c.args:
            v = c.args[0].value
            if v and re.fullmatch(r"-[neE]+", v) and v != "-n":
                return True
    return False


def _view(doc, ins):
    """Shell view of a shell-form RUN, CMD or ENTRYPOINT (None: none or broken)."""
    if ins.cmd in ("CMD", "ENTRYPOINT"):
        if ins.json or ins.heredocs or not ins.args.strip():
            return None
        from dockfix.shell.view import ShellView

        lt = ins.logical.text
        a, b = ins.args_offset, len(lt)
        while a < b and lt[a] in " \t":
            a += 1
        while b > a and lt[b - 1] in " \t\r\n":
            b -= 1
        v = ShellView(doc, ins, ins.logical.segments(a, b), False)
    elif ins.cmd == "RUN" and not ins.json:
        v = model_of(doc).shell_view(ins)
    else:
        return None
    return None if v is None or v.has_error else v


def _scope(doc, stage, first) -> list:
    """The instructions a SHELL inserted before ``first`` applies to: the rest
    of the stage and the stages built FROM it."""
    scope = list(stage.instructions[stage.instructions.index(first):])
    for st in model_of(doc).built_on(stage):
        scope.extend(st.instructions)
    return scope


class Pipefail(Transform):
    name = "pipefail"
    code = "DF116"
    summary = "Make RUN pipes fail when any command in them fails (SHELL with -o pipefail)"
    hadolint = ("DL4006",)
    applicability = UNSAFE
    max_applicability = UNSAFE
    links = ("https://github.com/hadolint/hadolint/wiki/DL4006",)
    explanation = """
What: in a stage with a RUN that pipes (`curl ... | tar x`), a SHELL with
`-o pipefail` is put in force before the first such RUN:
- when the stage already runs RUN under bash (`SHELL ["/bin/bash", "-c"]`),
  `"-o", "pipefail"` is added to that SHELL;
- under the default /bin/sh, `SHELL ["/bin/bash", "-o", "pipefail", "-c"]`
  is inserted before the first piped RUN when bash is known to be in the
  image (Debian, Ubuntu, RHEL-family and the official language images built
  on them), or `SHELL ["/bin/ash", "-o", "pipefail", "-c"]` on Alpine
  (busybox ash, which is Alpine's /bin/sh, has pipefail).

Why: a pipeline's status is its last command's. `curl URL | tar x` succeeds
when the download fails, and the image is built without the files.
hadolint reports DL4006.

Example:
    FROM debian:12
    RUN curl -fsSL https://x/y.tgz | tar xz
becomes
    FROM debian:12
    SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    RUN curl -fsSL https://x/y.tgz | tar xz

Fix safety: unsafe, always: with pipefail a pipe whose first command fails
now fails the build (that is the point, but review it). Never done with
`set -o pipefail` under /bin/sh: dash rejects it and the build fails.
Refused when the base image is not known to have bash, when a piped
command can be killed by SIGPIPE (`yes | ...`, `... | head`, `grep -q`/`-m`,
`sed 1q`, an awk program with `exit`, `read`; not an `echo "$ARG"` of literal
text and ARG/ENV values, written whole before the reader can stop) or fails harmlessly (`find /`,
a `grep` or `ls` that finds nothing; not when the pipe ends in GNU `sha256sum -c`,
which fails on the empty list anyway, and not for a pipe whose status nobody
reads: in a `$(...)` that is an argument of a command or of `export`)
in this stage or in a stage built FROM it (the SHELL is inherited),
when a later RUN (or shell-form CMD/ENTRYPOINT) passes a backslash or -e to `echo` (dash's echo expands
escapes, bash's does not; not checked on the RHEL family, whose /bin/sh is
bash already) or another construct that dash and bash run differently
(unquoted brace expansion `man{1,8}`, `&>` (dash: background + redirect),
`==` in `[`/test, `[[`, `$'...'`), on Alpine when a later RUN passes a flag other than -n to
`echo` (the same busybox shell runs it, but shellcheck reads RUNs under an
ash SHELL as dash and reports `echo -e`: SC3036), or when the shell is
something else. A bash SHELL
inherited from a parent stage is repeated with pipefail, and a SHELL with
pipefail inherited from a parent stage is repeated as it is (same shell;
hadolint checks each stage on its own). The SHELL goes above the comments
of the RUN, so that a `# hadolint ignore=` line stays on its RUN. The new
SHELL also
applies to later shell-form CMD/ENTRYPOINT and to stages built FROM this
one. In the final stage (and the stages it is built FROM) `SHELL ["/bin/sh",
"-c"]` follows the last piped RUN:
the SHELL is part of the image's config, and images built FROM it would
inherit bash with pipefail. Only pipes that can hide a real failure count:
one whose earlier commands only print (`echo ... | tee`, `printf`, `yes`,
`seq`) is left alone.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        if doc.is_windows:
            return
        for stage in doc.stages:
            piped = []
            for ins in stage.instructions:
                if ins.cmd != "RUN" or ins.json:
                    continue
                view = model_of(doc).shell_view(ins)
                if view is None or view.has_error:
                    continue
                pipes = facts_of(view).failing_pipes  # `echo x | tee f` hides no failure worth a build error
                # the stage's own SHELL counts; one with pipefail inherited from
                # the parent stage is said again below (hadolint checks per stage,
                # and the fix must not depend on which stage was fixed first)
                if not pipes or _has_pipefail(_own_shell(ctx.model, stage, ins) or []):
                    continue
                piped.append((ins, view, pipes))
            if not piped:
                continue
            yield from self._stage(ctx, stage, piped)

    def _stage(self, ctx, stage, piped):
        doc = ctx.doc
        msg = "a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail"
        first = piped[0][0]
        shell = model_of(doc).shell_of(first)
        if _has_pipefail(shell):
            # inherited from the parent stage, which already runs with pipefail
            yield from self._insert(ctx, piped, list(shell))
            return
        plan = self._plan(ctx, stage, first, shell)
        if isinstance(plan, str):
            for ins, _, _ in piped:
                yield ctx.finding(self, ins, msg, refused=plan)
        elif isinstance(plan, Fix):
            for ins, _, _ in piped:
                yield ctx.finding(self, ins, msg, fix=plan)
        else:
            yield from self._insert(ctx, piped, plan)

    def _plan(self, ctx, stage, first, shell: list[str]) -> "str | Fix | list[str]":
        """A refusal, the edit of the stage's bash SHELL, or the SHELL to insert before ``first``."""
        doc = ctx.doc
        exe = base(shell[0]) if shell else ""
        # the new pipefail also applies to the rest of the stage and to the
        # stages built FROM it: their pipes count too
        why = _risky_pipe_in_scope(doc, stage, first)
        if why:
            return why
        if exe == "bash":
            return _bash_shell(stage, first, shell)
        if exe not in _POSIX_SH or (shell and shell[0] not in ("/bin/sh", "sh", "/bin/dash")):
            return f"the RUN shell is {shell[0] if shell else '?'}, not one whose pipefail support is known"
        if shell[1:] != ["-c"]:
            return "the SHELL has options that would have to be kept"
        return self._default_shell(ctx, stage, first)

    def _default_shell(self, ctx, stage, first) -> "str | list[str]":
        """The SHELL with pipefail for a stage that runs /bin/sh: ash on Alpine, bash where it is known to be."""
        doc = ctx.doc
        img = ctx.model.base_image(stage) or ""
        fam = ctx.model.family(stage)
        if fam in (im.ALPINE, im.BUSYBOX) or im.has_shell(fam) is False:
            if fam != im.ALPINE:
                return "default shell is /bin/sh (dash/busybox have no pipefail) and the image is not known to have one"
            return _ash_echo_flags(doc, stage, first) or ["/bin/ash", "-o", "pipefail", "-c"]
        elif BASH_IMAGES.match(img):
            return _dash_bash_in_scope(doc, stage, first, img) or ["/bin/bash", "-o", "pipefail", "-c"]
        return ("default shell is /bin/sh (dash/busybox have no pipefail) and bash is not known to be in the image "
                f"({img or 'unknown base'})")

    def _insert(self, ctx, piped, new_shell):
        doc = ctx.doc
        msg = "a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail"
        first = piped[0][0]
        line = keyword_case("SHELL", first) + " " + json.dumps(new_shell)
        at = doc.text.rfind("\n", 0, first.keyword.start) + 1
        # above the RUN's own comments: a `# hadolint ignore=` / `# dockfix: ignore`
        # line (or a note) must stay right above the RUN it is about
        off = first.leading_start
        for ln in doc.text[first.leading_start:at].splitlines(keepends=True):
            if ln.lstrip().startswith("#"):
                at = off
                break
            off += len(ln)
        indent = line_indent(doc.text, first.keyword.start)
        edits = [Edit.insert(at, indent + line + doc.newline)]
        message = f"use {new_shell[0]} with -o pipefail from line {first.line} on"
        restore = self._restore(ctx, piped)
        if restore is not None:
            edits.append(restore)
            message += f", and /bin/sh again after line {piped[-1][0].line} (the image's SHELL is inherited)"
        fix = Fix.unsafe(*edits, message=message)
        for ins, _, _ in piped:
            yield ctx.finding(self, ins, msg, fix=fix)

    @staticmethod
    def _restore(ctx, piped) -> Edit | None:
        """In a stage the final image is built from, ``SHELL ["/bin/sh", "-c"]`` after the last piped RUN:
        a SHELL is part of the image's config, which child images inherit (the
        stage's own runs went under /bin/sh, the default)."""
        doc = ctx.doc
        last = piped[-1][0]
        stage = last.stage
        if not ctx.model.ships(stage) or ctx.model.shell_of(piped[0][0]) not in (["/bin/sh", "-c"], ["sh", "-c"]):
            return None
        if any(o.cmd == "SHELL" for o in stage.instructions):
            return None  # the stage sets its own SHELL: the author decides what the image keeps
        keyword = keyword_case("SHELL", last)
        line = line_indent(doc.text, last.keyword.start) + keyword + ' ["/bin/sh", "-c"]'
        if doc.text[last.end - 1:last.end] == "\n":  # after its last line (heredoc bodies included)
            return Edit.insert(last.end, line + doc.newline)
        return Edit.insert(last.end, doc.newline + line)  # the file ends without a newline


def _risky_pipe_in_scope(doc, stage, first) -> str | None:
    """A pipe that pipefail would break (SIGPIPE) in the instructions the new SHELL applies to."""
    fam = model_of(doc).family(stage)
    gnu = fam in (im.DEBIAN, im.UBUNTU, im.RHEL, im.RHEL_MINIMAL, im.AMAZON, im.SUSE)  # GNU coreutils
    for other in _scope(doc, stage, first):
        run = other.sub if other.cmd == "ONBUILD" and other.sub is not None else other
        if run.cmd != "RUN" or run.json:
            continue
        view = model_of(doc).shell_view(other)
        if view is None or view.has_error:
            continue
        declared = scope_before(doc, run if run.stage is not None else other)
        for p in pipelines(view):
            before = doc.text[other.start:p.start]

            def short_var(name: str, before: str = before) -> bool:
                return name in declared and re.search(rf"(?<![\w$]){name}=", before) is None

            r = _risky_pipe(p, gnu, short_var)
            if r:
                return f"line {other.line}: {r}"
    return None


def _bash_shell(stage, first, shell: list[str]) -> "str | Fix | list[str]":
    """The stage runs bash: add pipefail to its SHELL, or say the inherited one again with pipefail."""
    shell_ins = None
    for other in stage.instructions:
        if other is first:
            break
        if other.cmd == "SHELL" and other.json_values:
            shell_ins = other
    if shell_ins is None:
        # bash inherited from the parent stage: say it again, with pipefail
        return _with_pipefail(list(shell))
    if shell_ins.is_multiline:
        return "the bash SHELL instruction spans several lines"
    values = list(shell_ins.json_values)
    new = json.dumps(_with_pipefail(values))
    edit = Edit(shell_ins.args_start, shell_ins.args_end, new)
    return Fix.unsafe(edit, message="add -o pipefail to the bash SHELL")


def _ash_echo_flags(doc, stage, first) -> str | None:
    """Same shell as today (Alpine's /bin/sh is busybox ash), but shellcheck
    reads RUNs under an ash SHELL as dash and reports `echo -e` there (SC3036)."""
    for other in _scope(doc, stage, first):
        if other.cmd != "RUN" or other.json:
            continue
        v = model_of(doc).shell_view(other)
        if v is not None and not v.has_error and _echo_flags(v):
            return (f"line {other.line}: `echo` with a flag other than -n: under /bin/ash shellcheck "
                    "reports it (SC3036); left for review")
    return None


def _dash_bash_in_scope(doc, stage, first, img: str) -> str | None:
    """bash will run the later RUNs instead of dash: echo and other constructs differ
    (on the RHEL family /bin/sh already is bash)."""
    rhel = _RHEL.search(img) is not None
    for other in ([] if rhel else _scope(doc, stage, first)):
        v = _view(doc, other)  # shell-form CMD/ENTRYPOINT run under the new SHELL too
        if v is not None and echo_escapes(v):
            return f"line {other.line}: `echo` with a backslash or -e behaves differently under bash than under dash"
        why = None if v is None else dash_bash_difference(v)
        if why:
            return f"line {other.line}: {why}"
    return None
