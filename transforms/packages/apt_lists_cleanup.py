"""Remove /var/lib/apt/lists at the end of the RUN that ran apt-get update (DL3009)."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import SAFE, UNSAFE, Edit, Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.fixing.shell_edits import insert_edit, remove_part
from dockfix.semantic.model import model_of
from dockfix.shell.facts import (
    and_list,
    before_in_and_chain,
    ending,
    facts_of,
    has_comment,
    in_a_branch,
    later_in_body,
    or_follows,
    script_end,
    statement_start,
)
from dockfix.shell.nodes import always_runs_through_groups, contains
from dockfix.shell.tools import NEEDS_LISTS, apt_call, base, calls, unwrap
from dockfix.shell.tools import guard as pm_guard
from dockfix.shell.view import set_turns_on_errexit
from dockfix.syntax.text import comment_paragraph, commented_instruction

CLEANUP = "rm -rf /var/lib/apt/lists/*"
_APT_WORD = re.compile(r"\b(apt-get|apt-cache|aptitude|apt)\b")
_SCRIPT_RUNNERS = {"sh", "bash", "dash", "ash", "zsh", "ksh", ".", "source", "python", "python3", "perl", "ruby",
                   "make", "xargs", "su", "runuser", "chroot", "nohup", "timeout", "nice", "ionice", "eatmydata",
                   "env", "sudo", "time", "flock", "gosu", "su-exec", "parallel"}
# commands that run their arguments as a command
_WRAPPERS = {"xargs", "eatmydata", "nice", "ionice", "timeout", "nohup", "time", "flock", "chroot", "su-exec", "gosu",
             "stdbuf", "setarch", "unshare", "catchsegv", "fakeroot", "strace"}
_SYSTEM_DIRS = ("/bin/", "/usr/bin/", "/sbin/", "/usr/sbin/")


def lists_mounted(ins) -> bool:
    """True when /var/lib/apt/lists (or /var/lib/apt) is a cache/tmpfs mount of the RUN."""
    for f in ins.flags_named("mount"):
        v = f.value or ""
        parts = {key: val for key, _, val in (p.partition("=") for p in v.split(","))}
        target = parts.get("target") or parts.get("dst") or parts.get("destination") or ""
        target = target.strip("'\"").rstrip("/")
        if target in ("/var/lib/apt", "/var/lib/apt/lists"):
            return True
    return False


def cleans_lists(ac_calls) -> bool:
    """An ``rm`` of /var/lib/apt/lists, or ``apt-get dist-clean`` (apt 2.7+: it
    removes the lists and keeps the Release files on purpose)."""
    for call in ac_calls:
        if call.name == "rm" and any((w.value or w.text).startswith("/var/lib/apt/lists") for w in call.args):
            return True
        if call.name in ("apt-get", "apt") and any(w.value == "dist-clean" for w in call.args):
            return True
    return False


_SHELL_NAMES = {"sh", "bash", "dash", "ash", "zsh", "ksh"}
_UPDATE_TEXT = re.compile(r"\bapt(?:-get)?\s+(?:-\S+\s+)*update\b")


def _update_in_shell_string(cs) -> str | None:
    """The script string of a ``sh -c '...'`` / ``bash -c "..."`` call that runs
    ``apt-get update`` and removes no lists itself, or None (the string is
    read as text: the shell facts do not parse it)."""
    for c in cs:
        if c.name not in _SHELL_NAMES:
            continue
        args = c.args
        for i, w in enumerate(args[:-1]):
            v = w.value or ""
            if v.startswith("-") and not v.startswith("--") and "c" in v[1:]:
                script = args[i + 1].value if args[i + 1].value is not None else args[i + 1].text
                if _UPDATE_TEXT.search(script) and "/var/lib/apt/lists" not in script and "dist-clean" not in script:
                    return script
                break
    return None


def _ends_with_update(last) -> bool:
    """The script's rightmost command is ``apt-get update`` (``last``: ``Ending.last``)."""
    call = unwrap(last) if last is not None else None
    ac = apt_call(call) if call is not None else None
    return ac is not None and ac.sub == "update"


def _only_updates(cs) -> bool:
    """The RUN's apt work is `apt-get update` alone: it fetches the lists for the RUN after it."""
    acs = [ac for ac in map(apt_call, cs) if ac is not None]
    return bool(acs) and all(ac.sub == "update" for ac in acs) and not any(
        c.name in ("apt-cache", "aptitude", "apt-file", "dpkg") for c in cs)


class LaterUse:
    """What later RUNs need from the lists this RUN leaves behind."""

    def __init__(self):
        self.blocker: str | None = None  # a reason to refuse
        self.unsure: str | None = None  # a reason to make the fix unsafe
        self.dependents: list = []  # (instruction, view, sudo, offset) of later RUNs that need the lists
        self.refreshed = False  # the RUN fetches the lists itself before it needs them


def _prepend_at(ins, view, node) -> tuple[int, int | None] | None:
    """Where ``apt-get update && `` can go so that it runs before ``node`` (the
    first command of the RUN that needs the lists), or None: in front of the
    script when it is one ``&&`` chain (the update failing fails the RUN); else
    right before the command when it is a top-level statement or a part of a
    top-level ``&&`` chain (``apt-get install x; mkdir y``: the update failing
    skips the install as the install failing would; not under errexit, where the
    install failing stops the RUN and an ``&&``-guarded update failing does not);
    else the whole script goes in a group, ``apt-get update && { script; }`` (the
    update failing fails the RUN; the script runs as before): the second offset,
    where `` ; }`` goes. Never in a heredoc, an ONBUILD trigger or a RUN without
    network."""
    if ins.sub is not None or ins.heredocs or view.from_heredoc:
        return None
    if any((f.value or "").lower() == "none" for f in ins.flags_named("network")):
        return None
    tops = view.top_statements()
    if not tops:
        return None
    if and_list(view) is not None:
        return view.file_span(tops[0])[0], None
    shell = model_of(ins.doc).shell_of(ins)
    errexit = any(a.startswith("-") and "e" in a[1:] and a != "-c" for a in shell[1:]) or any(
        c.name == "set" and set_turns_on_errexit([w.value or "" for w in c.args]) for c in view.commands())
    # (`set -e; apt-get update && x; y`: a failing update would no longer stop the RUN)
    # where the install would run (in a branch: only then); under errexit `apt-get update; ` (a failing
    # update stops the RUN as the failing install would), else `apt-get update && `
    at = statement_start(view, node)
    if at is not None and in_a_branch(view, node):
        at = None  # in a branch: an install after the branch would go without the lists
    if at is None and not errexit:
        at = before_in_and_chain(view, node)
    if at is not None:
        return at, -1 if errexit else None
    end = script_end(view)
    if end is None or not (ins.start <= end <= ins.header_end):
        return None
    return view.file_span(tops[0])[0], end


def later_use(ctx, ins) -> LaterUse:
    doc = ctx.doc
    out = LaterUse()
    stage = ins.stage
    if stage is None:
        return out
    why = _copied_later(doc, ins, stage)
    if why:
        out.blocker = why
        return out
    model = model_of(doc)
    parts = [(stage, model.position(ins) + 1)] + [(st, 0) for st in _descendants(doc, stage)]
    for st, start in parts:
        if _StageUses.of(doc, st).fold(start, out):
            return out
    return out


class _StageUses:
    """What each instruction of a stage alone says about the package lists (``_run_use``),
    computed once per stage (it does not depend on the RUN that asks), indexed so that
    ``later_use`` reads the instructions from a position on without walking them."""

    def __init__(self, doc, st) -> None:
        self.blockers: list[tuple[int, str]] = []  # (position, reason)
        self.unsure: list[tuple[int, str]] = []
        self.dependents: list[tuple[int, list]] = []
        self.refreshes: list[int] = []  # RUNs that fetch the lists themselves (and need none before)
        for k, other in enumerate(st.instructions):
            use = LaterUse()
            _run_use(doc, other, use)
            if use.refreshed and not use.blocker:
                self.refreshes.append(k)
            if use.blocker:
                self.blockers.append((k, use.blocker))
            if use.unsure:
                self.unsure.append((k, use.unsure))
            if use.dependents:
                self.dependents.append((k, use.dependents))

    @staticmethod
    def of(doc, st) -> "_StageUses":
        cache = model_of(doc).cache.setdefault("apt-lists-cleanup:uses", {})
        assert isinstance(cache, dict)
        if st.index not in cache:
            cache[st.index] = _StageUses(doc, st)
        return cache[st.index]

    def _refresh_from(self, start: int) -> int | None:
        i = bisect.bisect_left(self.refreshes, start)
        return self.refreshes[i] if i < len(self.refreshes) else None

    def fold(self, start: int, out: LaterUse) -> bool:
        """The instructions from position ``start`` on, in order, into ``out``; True when one blocks."""
        def first(rows: list, at: int) -> int:
            return bisect.bisect_left(rows, at, key=lambda r: r[0])

        b = first(self.blockers, start)
        stop = self.blockers[b][0] if b < len(self.blockers) else 1 << 60
        refresh = self._refresh_from(start)
        if refresh is not None and refresh < stop:
            # the RUNs from that one on (and the stages built on this one) use the lists it fetches
            u = first(self.unsure, start)
            if out.unsure is None and u < len(self.unsure) and self.unsure[u][0] < refresh:
                out.unsure = self.unsure[u][1]
            for _, deps in self.dependents[first(self.dependents, start):first(self.dependents, refresh)]:
                out.dependents.extend(deps)
            return True
        u = first(self.unsure, start)
        if out.unsure is None and u < len(self.unsure) and self.unsure[u][0] <= stop:
            out.unsure = self.unsure[u][1]
        for _, deps in self.dependents[first(self.dependents, start):first(self.dependents, stop)]:
            out.dependents.extend(deps)
        if b < len(self.blockers):
            out.blocker = self.blockers[b][1]
            return True
        return False


# what one command of a later RUN means for the package lists (besides a reason it needs them)
_NEXT = object()  # nothing: look at the next command
_DONE = object()  # the RUN fetches its own lists: look at the next RUN
_BLOCKED = object()  # out.blocker is set


def _run_use(doc, other, out: LaterUse) -> bool:
    """Record in ``out`` whether a later instruction needs the package lists; True when it blocks the clean-up."""
    target = other.sub if other.sub is not None else other
    if target.cmd != "RUN":
        return False
    if lists_mounted(target):
        return False
    where = f"line {other.line}"
    view = model_of(doc).shell_view(other)
    if view is None or view.has_error:
        if _APT_WORD.search(target.logical.text[target.args_offset:]) or any(_APT_WORD.search(h.content) for h in target.heredocs):
            out.blocker = f"{where} uses apt in a form that cannot be read (it may need the package lists)"
            return True
        if out.unsure is None:
            out.unsure = f"{where} runs commands that cannot be read"
        return False
    if other.sub is not None and _APT_WORD.search(view.script):
        out.blocker = f"{where} is an ONBUILD trigger that uses apt"
        return True
    env: dict = {}  # the RUN's ARG/ENV scope, read once when a command name expands
    guards: list = []
    for cmd in view.commands():
        call = unwrap(cmd)
        if call is None:
            if _variable_command(doc, target, view, cmd, where, env, out):
                return True
            continue
        why = _apt_need(call, where, guards, out)
        if why is _BLOCKED:
            return True
        if why is _DONE:
            out.refreshed = not or_follows(call.cmd.node)  # later RUNs use the lists this one fetches
            break
        if why is _NEXT:
            continue
        assert isinstance(why, str)
        # this RUN needs the lists: it gets its own update, or the clean-up is refused
        place = _prepend_at(other, view, call.cmd.node)
        if place is None:
            out.blocker = why
            return True
        sudo = sudo_prefix(call)
        user = model_of(doc).last_in_effect(other, "USER")
        if not sudo and user is not None and user.args.strip().split(":", 1)[0] not in ("root", "0"):
            out.blocker = f"{why}, and runs as USER {user.args.strip()}, where an added `apt-get update` fails"
            return True
        out.dependents.append((other, view, sudo, place))
        break
    return False


def _variable_command(doc, target, view, cmd, where: str, env: dict, out: LaterUse) -> bool:
    """A command whose name expands (`$APT install x`): its ARG/ENV value, else unknown; True when it blocks."""
    text = view.span_text(cmd.node)
    if cmd.argv and cmd.argv[0].text.startswith("$"):
        from dockfix.semantic.variables import expand, scope_before

        if "scope" not in env:
            env["scope"] = scope_before(doc, target)
        value = expand(cmd.argv[0].text, env["scope"])
        if value and value.split() and not _APT_WORD.search(value.split()[0]):
            return False  # `${PIP} install x` with ARG PIP=pip3
        tail = cmd.argv[0].text.rsplit("/", 1)[-1] if "/" in cmd.argv[0].text else ""
        if tail and "$" not in tail and not _APT_WORD.search(tail):
            return False  # `$HOME/.poetry/bin/poetry install`: a named tool, not apt
    if _APT_WORD.search(text) or any(w.value in NEEDS_LISTS for w in cmd.argv[1:]):
        out.blocker = f"{where} runs `{cmd.argv[0].text if cmd.argv else '?'} ...`, a command named by a variable that may need the package lists"
        return True
    if out.unsure is None:
        out.unsure = f"{where} runs a command named by a variable"
    return False


def _apt_need(call, where: str, guards: list, out: LaterUse) -> "str | object":
    """Why the command needs the package lists, or _NEXT, _DONE or _BLOCKED."""
    ac = apt_call(call)
    name = call.name
    if ac is None and name in _WRAPPERS:
        ac = _wrapped_apt(call)  # xargs apt-get install, eatmydata apt-get install, ...
    if ac is not None:
        if ac.sub == "update":
            guard = pm_guard(call.cmd.node)
            if guard is None or always_runs_through_groups(call.cmd):
                return _DONE  # it fetches its own lists (in a `( ... )` that always runs too: the same files)
            guards.append(guard)  # a conditional update: it covers only the commands in its branch
            return _NEXT
        if ac.sub is not None and ac.sub not in NEEDS_LISTS:
            return _NEXT
        node = call.cmd.node
        if any(contains(g, node) for g in guards):
            return _NEXT  # `if ...; then apt-get update && apt-get install ...; fi`
        if any(later_in_body(g, node) for g in guards):
            return _NEXT  # `if ...; then apt-get update; apt-get install ...; fi`
        return f"{where} runs `{ac.tool} {ac.sub or '...'}` without its own update and needs the package lists"
    if name in ("apt-cache", "aptitude", "apt-file"):
        return f"{where} runs {name} without apt-get update and needs the package lists"
    if name in ("add-apt-repository", "apt-mark"):
        return _NEXT
    # apt hidden inside a string (sh -c "apt-get install ...")
    for w in call.args:
        if _APT_WORD.search(w.text) and re.search(r"\b(install|upgrade|build-dep|source|download)\b", w.text):
            out.blocker = f"{where} runs apt inside a string that cannot be read (it may need the package lists)"
            return _BLOCKED
    if out.unsure is None and name is not None and _is_script(name, call):
        out.unsure = f"{where} runs a script (`{call.word.text}`) that may run apt-get install"
    return _NEXT




def _may_be(image: str, stage) -> bool:
    """Whether a FROM/``from=`` value with variables of unknown value could
    name ``stage`` (``base-${VARIANT}`` and the stage ``base-prod``)."""
    names = [str(stage.index)] + ([stage.name] if stage.name else [])
    pat = re.sub(r"\\\$\\\{[^}]*\\\}|\\\$\w+", ".*", re.escape(image))
    return any(re.fullmatch(pat, n, re.I) for n in names)


def _descendants(doc, stage) -> list:
    """Stages built FROM ``stage``, directly or through others, including a
    stage whose FROM has a variable of unknown value that could name it."""
    from dockfix.semantic.variables import resolve_image

    out = list(model_of(doc).built_on(stage))
    seen = {stage.index} | {s.index for s in out}
    for st in doc.stages:
        if st.index <= stage.index or st.index in seen or not st.image or "$" not in st.image:
            continue
        if resolve_image(doc, st) is None and _may_be(st.image, stage):
            seen.add(st.index)
            out.append(st)
            for d in model_of(doc).built_on(st):
                if d.index not in seen:
                    seen.add(d.index)
                    out.append(d)
    return sorted(out, key=lambda s: s.index)


_LIST_PARENTS = ("/", "/var", "/var/lib", "/var/lib/apt", "/var/lib/apt/lists")


def _copied_later(doc, ins, stage) -> str | None:
    """A later ``COPY --from=<stage>`` or ``RUN --mount=...,from=<stage>`` that
    takes the stage's /var/lib/apt/lists (a later install may use them)."""
    import posixpath

    def takes(src: str) -> bool:
        src = posixpath.normpath("/" + src.strip("'\"").lstrip("/")) if src else "/"
        return src in _LIST_PARENTS or src.startswith("/var/lib/apt/lists/")

    def names_stage(v: str) -> bool:
        v = v.strip("'\"")
        return v.lower() == (stage.name or "").lower() or v == str(stage.index) or ("$" in v and _may_be(v, stage))

    cache = model_of(doc).cache.setdefault("apt-lists-cleanup:copied", {})
    assert isinstance(cache, dict)
    if "from" not in cache:  # the instructions that can take files from a stage at all, once per file
        cache["from"] = [o for o in doc.instructions if _takes_from_a_stage(o)]
    if stage.index not in cache:
        cache[stage.index] = [(other.start, why) for other in cache["from"]
                              if (why := _takes_lists(other, takes, names_stage))]
    return next((why for start, why in cache[stage.index] if start > ins.start), None)


def _takes_from_a_stage(other) -> bool:
    """A COPY with ``--from`` or a RUN with a ``--mount`` (what ``_takes_lists`` reads)."""
    t = other.sub if other.sub is not None else other
    return (t.cmd == "COPY" and any(f.name == "from" for f in t.flags)) or \
        (t.cmd == "RUN" and any(f.name == "mount" for f in t.flags))


def _takes_lists(other, takes, names_stage) -> str | None:
    """Why ``other`` takes the package lists of the stage (``_copied_later``), or None."""
    t = other.sub if other.sub is not None else other
    if t.cmd == "COPY":
        src = [f.value for f in t.flags if f.name == "from"]
        if src and src[0] and names_stage(src[0]):
            words = [w.text for w in t.words() if w.start >= t.args_start] if not t.json else list(t.json_values or [])
            if any(takes(w) for w in words[:-1]):
                return f"line {other.line} copies the package lists out of this stage"
    elif t.cmd == "RUN":
        for f in t.flags:
            if f.name != "mount" or not f.value:
                continue
            fields = dict(p.split("=", 1) if "=" in p else (p, "") for p in f.value.split(","))
            fields = {k.strip().lower(): v.strip() for k, v in fields.items()}
            frm = fields.get("from")
            if frm and names_stage(frm) and takes(fields.get("source") or fields.get("src") or "/"):
                return f"line {other.line} mounts the package lists of this stage"
    return None


def sudo_prefix(call) -> str:
    """``"sudo "`` (with its options, as written) when the command runs through
    sudo: a command added next to it needs the same (the build may run as a
    non-root user); ``""`` otherwise."""
    argv = call.cmd.argv
    at = [i for i in range(call.index) if base(argv[i].value) == "sudo"]
    if not at:
        return ""
    words = [w.value for w in argv[at[-1]:call.index] if w.value != "--"]
    return " ".join(words) + " "


def _wrapped_apt(call):
    """The apt-get/apt command a wrapper runs (``xargs apt-get install``,
    ``eatmydata apt-get install``, ``timeout 600 apt-get install``), or None."""
    from dockfix.shell.tools import Call

    args = call.args
    for i, w in enumerate(args):
        if base(w.value) in ("apt-get", "apt"):
            return apt_call(Call(call.cmd, call.index + 1 + i, base(w.value)))
    return None


def _is_script(name: str, call) -> bool:
    w = call.word.value or ""
    if name.endswith((".sh", ".bash")) or w.startswith("./") or w.startswith("~"):
        return True
    if w.startswith("/") and not w.startswith(_SYSTEM_DIRS) and not w.startswith("/usr/local/bin/"):
        return True
    if name in _SCRIPT_RUNNERS:
        args = [a.value for a in call.args]
        if name in ("sh", "bash", "dash", "ash", "zsh", "ksh") and "-c" in args:
            return False
        return bool(args)
    return False


class AptListsCleanup(Transform):
    name = "apt-lists-cleanup"
    shipped_stages_only = True
    code = "DF112"
    summary = "Delete the apt package lists at the end of the RUN that ran apt-get update"
    hadolint = ("DL3009",)
    links = ("https://github.com/hadolint/hadolint/wiki/DL3009",
             "https://docs.docker.com/build/building/best-practices/#apt-get")
    explanation = """
What: a RUN that runs `apt-get update` (or `apt update`) and never removes
/var/lib/apt/lists gets ` && rm -rf /var/lib/apt/lists/*` appended at its
very end. In a RUN written over several lines the clean-up goes on a new
line in the same style (`    && rm ...` or `&& \\` + `    rm ...`), with the
same indentation, escape character and line endings.

Why: `apt-get update` downloads tens of megabytes of package indexes. A
layer keeps them for ever, even when a later layer deletes them. hadolint
reports DL3009.

Example:
    RUN apt-get update && apt-get install -y curl
becomes
    RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*

Fix safety: safe when nothing later needs the lists. When a later RUN in
the stage, or in a stage built FROM it, runs `apt-get install` (or
apt-cache) before its own `apt-get update`, deleting the lists would make
that install fail: the fix then also puts `apt-get update && ` in front of
that RUN's script, and is unsafe (the build downloads the indexes again,
and may see newer package versions). In a script that is not one `&&`
chain the update goes right before the install when that is a top-level
statement (not under `set -e`), else in front of the whole script as
`apt-get update && { script; }`. A later RUN that fetches the lists itself
ends the search: the RUNs after it use its lists. It is refused when such a
RUN is a heredoc, has `--network=none`, ends in a comment or `&`, or uses apt
inside a string that cannot be read. It is
unsafe when a later RUN runs a script whose content is not visible (it
might install packages). Nothing happens when the lists are a
`RUN --mount=type=cache` or tmpfs target, or the RUN runs `apt-get
dist-clean` (it removes the lists itself). A RUN that runs `apt-get update` only
for the install of later RUNs loses it (a RUN that is nothing but the update
goes) and the update moves into those RUNs (never `update && rm ...` + `update && install`: the lists fetched
twice, or `update && rm ... && update` once merged); with other commands in
it, the fix is refused. A RUN that ends with `apt-get update` whose lists no
later RUN uses is reported without a fix: `update && rm -rf lists` would be
a step that does nothing (delete the update instead). An update inside a
`( ... )` that always runs fetches the lists for the commands after it. An
update inside a `sh -c '...'` string is reported without a fix: the string is
not parsed or edited. The fix is refused when the RUN
cannot be extended by `&&` safely: it ends in a background `&`, an
`exit`/`exec`, or a trailing comment, or it carries heredocs. Appending
`&& rm` never changes the RUN's exit status: the clean-up only runs when
the last command succeeded.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        for ins, target, view in model_of(doc).shell_runs():
            cs = calls(view)
            updates = [c for c in cs if (ac := apt_call(c)) is not None and ac.sub == "update"]
            if not updates:
                inner = _update_in_shell_string(cs)
                if inner is not None and not lists_mounted(target) and not cleans_lists(cs):
                    yield ctx.finding(self, ins, "apt-get update inside a `sh -c` string leaves the package lists in "
                                      "the layer", refused=(
                                          "the update runs inside a `sh -c '...'` string, which is not edited: add "
                                          "`&& rm -rf /var/lib/apt/lists/*` at the end of that script (unless a "
                                          "later RUN installs with the lists)"))
                continue
            if cleans_lists(cs) or lists_mounted(target):
                continue
            msg = "apt-get update leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN"
            where = ins
            if ins.sub is not None:
                yield ctx.finding(self, where, msg, refused="ONBUILD trigger: later use of the lists is unknown")
                continue
            if target.heredocs:
                yield ctx.finding(self, where, msg, refused="RUN with a heredoc: the end of the script is not extended automatically")
                continue
            use = later_use(ctx, ins)
            if use.blocker:
                yield ctx.finding(self, where, msg, refused=use.blocker)
                continue
            if use.dependents and _only_updates(cs):
                # not `update && rm lists` + `update && install` (fetched twice; merged, update/rm/update)
                fix = None if ins.flags else self._move_update(ctx, ins, view, cs, use)
                if fix is None:
                    yield ctx.finding(self, where, msg, refused=(
                        f"the RUN runs apt-get update only for the install on line {use.dependents[0][0].line}, "
                        "and the update cannot be moved there: join the RUNs instead of fetching the lists twice"))
                else:
                    yield ctx.finding(self, where, msg, fix=fix)
                continue
            tail = ending(view)
            if _ends_with_update(tail.last):
                # `update && rm -rf lists`: a layer that fetches the lists only to delete them does nothing
                yield ctx.finding(self, where, msg, refused=(
                    "the RUN ends with apt-get update and no later RUN installs with these lists: removing them "
                    "right after the update would leave a step that does nothing; delete the update, or move it "
                    "into the RUN that installs" + (f" ({use.unsure})" if use.unsure else "")))
                continue
            if tail.comment:
                yield ctx.finding(self, where, msg, refused="the RUN ends with a shell comment")
                continue
            if tail.background:
                yield ctx.finding(self, where, msg, refused="the RUN ends with a background command (`&`)")
                continue
            if tail.last is not None:
                name = base(tail.last.name)
                if name in ("exit", "exec"):
                    yield ctx.finding(self, where, msg, refused=f"the RUN ends with `{name}`")
                    continue
            end = tail.end
            if end is None or tail.last_start is None or not (ins.start <= end <= ins.header_end):
                yield ctx.finding(self, where, msg, refused="the end of the script could not be located")
                continue
            # `sudo apt-get update` (a non-root build): the clean-up needs sudo too
            sudo = next((p for p in map(sudo_prefix, updates) if p), "")
            edits = [insert_edit(doc, end, self._addition(doc, ins, end, tail.last_start, sudo + CLEANUP))]
            message = "remove the apt lists at the end of the RUN"
            if use.unsure:
                message += f" ({use.unsure})"
            if use.dependents:
                lines = ", ".join(str(d[0].line) for d in use.dependents)
                message += f"; add `apt-get update` to the RUN on line {lines}, which installs without one"
                for _d, _dview, dsudo, place in use.dependents:
                    edits += _update_edits(doc, dsudo, place)
            fix = Fix(edits, UNSAFE if (use.unsure or use.dependents) else SAFE, message=message)
            yield ctx.finding(self, where, msg, fix=fix)

    @staticmethod
    def _move_update(ctx, ins, view, cs, use: LaterUse) -> Fix | None:
        """The RUN runs `apt-get update` only for the RUNs after it: the update
        moves into each of them (each then cleans up after itself); a RUN that
        is nothing but the update goes.  When merge-run runs too, a RUN that
        directly follows another one of them, so that the two join, gets none:
        the next round joins it to the RUN before, which then has the update
        (one update in front of a chain of installs, not one per install; if
        they are not joined, the next round adds the update as for any later
        install).  None: the update is not a part of the RUN's `&&` chain that
        can be cut out."""
        doc = ctx.doc
        if all(apt_call(c) is not None for c in cs):
            edits = [_delete_with_comments(doc, ins)]
        else:
            parts = and_list(view)
            updates = [c for c in cs if (ac := apt_call(c)) is not None and ac.sub == "update"]
            if not parts or len(updates) != 1:
                return None
            spans = [view.file_span(p) for p in parts]
            at = next((i for i, (a, b) in enumerate(spans) if (a, b) == (updates[0].cmd.start, updates[0].cmd.end)),
                      None)
            cut = None if at is None else remove_part(doc, spans, at)
            if cut is None:
                return None
            edits = [cut]
        # up to the next RUN of the stage that fetches the lists itself (the RUNs after it use its lists)
        model = model_of(doc)
        after = ins.stage.instructions[ins.stage.instructions.index(ins) + 1:] if ins.stage is not None else []
        nxt = next((o.line for o in after if o.cmd == "RUN" and (v := model.shell_view(o)) is not None
                    and facts_of(v).apt_lists[0]), None)
        deps = [d for d in use.dependents if d[0].stage is not ins.stage or nxt is None or d[0].line < nxt]
        if len(deps) > 1 and _merge_run_on(ctx):
            firsts = [deps[0]]
            for prev, d in zip(deps, deps[1:]):
                if not _joinable(ctx, prev[0], d[0]):
                    firsts.append(d)
            deps = firsts
        for _d, _dview, dsudo, place in deps:
            edits += _update_edits(doc, dsudo, place)
        lines = ", ".join(str(d[0].line) for d in deps)
        return Fix(edits, UNSAFE, message=f"move apt-get update into the RUN on line {lines}, which installs with it")

    @staticmethod
    def _addition(doc, ins, end: int, leaf_start: int, cleanup: str = CLEANUP) -> str:
        """Text to insert at ``end``: on the same line for a one-line RUN,
        else on a new line in the style and indentation of the last command."""
        text = doc.text
        line_start = text.rfind("\n", 0, end) + 1
        if line_start <= ins.start:
            return " && " + cleanup
        leaf_line = text.rfind("\n", 0, leaf_start) + 1
        if leaf_line <= ins.start:
            return " && " + cleanup  # the last command starts on the RUN line: stay on its last line
        head = text[leaf_line:leaf_start] if leaf_line < leaf_start else text[leaf_line:end]
        indent = head[: len(head) - len(head.lstrip(" \t"))]
        nl = "\r\n" if text[line_start - 2:line_start] == "\r\n" else "\n"
        esc = doc.escape
        if head.lstrip(" \t").startswith("&&"):
            return f" {esc}{nl}{indent}&& {cleanup}"
        return f" && {esc}{nl}{indent}{cleanup}"


def _update_edits(doc, sudo: str, place: tuple[int, int | None]) -> list[Edit]:
    """``apt-get update && `` in front of a later RUN's install (``_prepend_at``)."""
    at, close = place
    if close == -1:
        return [insert_edit(doc, at, sudo + "apt-get update; ")]
    if close is None:
        return [insert_edit(doc, at, sudo + "apt-get update && ")]
    return [insert_edit(doc, at, sudo + "apt-get update && { "), insert_edit(doc, close, "; }")]


def _joinable(ctx, a, b) -> bool:
    """Whether RUN ``b`` directly follows RUN ``a`` so that the two read as one
    step that merge-run joins: nothing between them but comment lines of no
    paragraph of their own, no flags, a plain ``&&`` script without shell
    comments, a stage whose layers ship."""
    doc = ctx.doc
    if b.index != a.index + 1 or b.stage is not a.stage or a.stage is None:
        return False
    if a.flags or b.flags or b.heredocs or b.sub is not None or not ctx.model.ships(a.stage):
        return False
    lead = doc.text[b.leading_start:b.start]
    if comment_paragraph(lead) or any(commented_instruction(line) for line in lead.splitlines()):
        return False
    view = ctx.model.shell_view(b)
    return view is not None and not view.has_error and and_list(view) is not None and \
        not has_comment(view)


def _merge_run_on(ctx) -> bool:
    """merge-run runs in this run (unsafe fixes on, merge-run selected): it joins the RUNs."""
    from dockfix.fixing.config import Settings
    from dockfix.fixing.engine import select_transforms

    settings = ctx.settings
    if not ctx.unsafe_fixes or not isinstance(settings, Settings):
        return False
    return any(t.name == "merge-run" for t in select_transforms(settings, ctx.path))


def _delete_with_comments(doc, ins) -> Edit:
    """Delete ``ins`` with its own comment lines (unless the next instruction
    follows at once); when a blank line stood on both sides of it, one of them
    goes too (no double gap left behind)."""
    text = doc.text
    nxt = doc.instructions[ins.index + 1] if ins.index + 1 < len(doc.instructions) else None
    if nxt is not None and nxt.start == ins.end:
        return Edit(ins.start, ins.end, "")  # the comment then reads as the next instruction's, which follows at once
    start, end = _own_comments_start(doc, ins), ins.end
    blank_before = text[:start].endswith(("\n\n", "\n\r\n"))
    for gap in ("\r\n", "\n"):
        if blank_before and text.startswith(gap, end):
            end += len(gap)
            break
    return Edit(start, end, "")


def _own_comments_start(doc, ins) -> int:
    """Where the comment lines right above ``ins`` start (no blank line between
    them and it): a RUN that is deleted takes its own comment along."""
    text = doc.text
    at = ins.start
    while True:
        prev_end = text.rfind("\n", 0, at)
        if prev_end < ins.leading_start or prev_end <= 0:
            return at
        prev_start = text.rfind("\n", 0, prev_end) + 1
        if prev_start < ins.leading_start or not text[prev_start:prev_end].lstrip().startswith("#"):
            return at
        at = prev_start
