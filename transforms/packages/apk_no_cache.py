"""apk add without --no-cache -> add it; drop the now useless ``apk update`` and
``rm -rf /var/cache/apk/*`` of the same RUN (DL3019)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.fixing.shell_edits import insert_after, remove_part
from dockfix.semantic.model import model_of
from dockfix.shell.facts import and_list, facts_of, removed_later
from dockfix.shell.nodes import command_parts
from dockfix.shell.tools import always_runs, arg_index, base, has_option
from dockfix.syntax.mounts import cache_mount_targets, mount_covers

APK_CACHE = ["/var/cache/apk", "/etc/apk/cache"]
_QUIET = {"-q", "--quiet", "--no-progress", "-v", "--verbose"}
_RM_FLAGS = {"-r", "-f", "-rf", "-fr", "-R", "-Rf", "-fR", "--recursive", "--force"}


def _apk_sub(cmd):
    """The apk applet of a command (``add``, ``update``, ...), or None."""
    for w in cmd.argv[1:]:
        v = w.value
        if v is None:
            return None
        if not v.startswith("-"):
            return v
    return None


def _is_update(cmd) -> bool:
    return base(cmd.name) == "apk" and len(cmd.argv) >= 2 and all(
        w.value == "update" or w.value in _QUIET for w in cmd.argv[1:]) and sum(w.value == "update" for w in cmd.argv) == 1


def _is_cache_rm(cmd) -> bool:
    if cmd.name != "rm" or cmd.assignments:
        return False
    paths = [w for w in cmd.argv[1:] if not (w.value or "").startswith("-")]
    flags = [w for w in cmd.argv[1:] if (w.value or "").startswith("-")]
    return (bool(paths) and all(w.text in ("/var/cache/apk/*", "/var/cache/apk/*.*") for w in paths)
            and all(w.value in _RM_FLAGS for w in flags) and any("r" in w.value.lower() or w.value == "--recursive" for w in flags))


_APK_WORD = re.compile(r"(?<![\w./-])apk(?![\w./-])")
_SHELLS = {"sh", "ash", "bash", "dash", "zsh", "ksh", "busybox", "source", "."}


def _may_run_apk(view, cmd) -> bool:
    """A command other than a plain ``apk`` that may run apk: its name is a
    variable, it mentions apk (``sh -c "apk add x"``, ``xargs apk add``) or it
    runs a script."""
    if base(cmd.name) == "apk":
        return False
    if cmd.name is None or not cmd.argv or cmd.argv[0].value is None:
        return True
    if _APK_WORD.search(view.span_text(cmd.node)):
        return True
    name = cmd.argv[0].value
    if name.endswith((".sh", ".bash")) or name.startswith(("./", "../", "~")):
        return True
    if base(name) in _SHELLS:
        return any(not (w.value or "-").startswith("-") for w in cmd.argv[1:])
    return False


class ApkNoCache(Transform):
    name = "apk-no-cache"
    shipped_stages_only = True
    code = "DF130"
    summary = "Use apk add --no-cache instead of apk update + cache removal"
    hadolint = ("DL3019",)
    links = ("https://github.com/hadolint/hadolint/wiki/DL3019",
             "https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Local_Cache")
    explanation = """
What: `apk add` without `--no-cache` gets `--no-cache` right after `add`. In a
RUN written as one `a && b && c` (or `a; b; c`) list, an `apk update` before the `apk add`
and an `rm -rf /var/cache/apk/*` after it are removed too, because
`--no-cache` makes both pointless.

Why: `apk add` without `--no-cache` keeps the package index (and, with a
configured cache, the packages) under /var/cache/apk in the layer
(hadolint DL3019). `--no-cache` fetches a fresh index, uses it and throws it
away: the same result as `apk update && apk add ... && rm -rf /var/cache/apk/*`
in one flag.

Example:
    RUN apk update && apk add curl && rm -rf /var/cache/apk/*
becomes
    RUN apk add --no-cache curl

Fix safety: safe. `apk update` is removed only when the rest of that RUN uses
apk only to add (all with `--no-cache`) or delete packages, and either the same
RUN removes /var/cache/apk/* anyway or no later RUN could rely on the index it
leaves (later RUNs use apk only to delete, or to add with `--no-cache`,
`--update` or after their own `apk update`). The
cache removal is removed only when it is exactly `rm -rf /var/cache/apk/*`
after the adds and no `apk update` stays. Nothing is removed when a comment
line sits in the text that would go, or when the shorter RUN would become a
candidate for merging with a short neighbouring RUN (a new hadolint DL3059). A RUN whose apk cache is a
`RUN --mount=type=cache` target is left alone (the cache is wanted there).
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        runs = list(ctx.model.shell_runs())
        for n, (ins, target, view) in enumerate(runs):
            cmds = view.commands()
            adds = [c for c in cmds if base(c.name) == "apk" and arg_index(c, {"add"}) is not None]
            todo = [c for c in adds if not has_option(c, long=("no-cache",))]
            if not todo:
                continue
            if mount_covers(cache_mount_targets(target), APK_CACHE):
                for c in todo:
                    yield ctx.finding(self, (c.start, c.end), "apk add keeps its cache",
                                      refused="apk's cache is a RUN --mount=type=cache target", instruction=ins)
                continue
            extra = self._cleanup(doc, view, cmds, adds, runs[n + 1:])
            if not extra and removed_later(view, max(c.start for c in todo), ("/var/cache/apk",)):
                continue  # the RUN removes the cache itself and that removal stays: the flag would gain nothing
            first = True
            for c in todo:
                add = arg_index(c, {"add"})
                assert add is not None  # adds holds only commands with an `add` word
                edits = [insert_after(c.argv[add], "--no-cache")]
                msg = "add --no-cache"
                if first and extra:
                    edits += extra
                    msg = "add --no-cache; drop apk update / cache removal"
                first = False
                yield ctx.finding(self, (c.start, c.end), "apk add without --no-cache keeps the package index in the layer",
                                  fix=Fix.safe(*edits, message=msg), instruction=ins)

    def _cleanup(self, doc, view, cmds, adds, later):
        """Edits removing ``apk update`` / ``rm -rf /var/cache/apk/*`` parts of the chain."""
        parts = and_list(view)
        if parts is None:
            flat = facts_of(view).flat  # `apk update; apk add x`: a `;` list reads the same
            parts = None if flat.background else flat.parts
        if not parts or len(parts) < 2:
            return []
        apk_cmds = [c for c in cmds if base(c.name) == "apk"]
        if any(_apk_sub(c) not in ("add", "del", "update") for c in apk_cmds):
            return []
        updates = [c for c in apk_cmds if _apk_sub(c) == "update"]
        if len(updates) > 1:
            return []
        if updates and any(_may_run_apk(view, c) for c in cmds):
            return []  # `sh -c "apk add x"`, a script, `$APK add`: may need the index the update fetches
        spans = [view.file_span(p) for p in parts]
        add_pos = [c.start for c in adds]
        upd_i = rm_i = None
        for i, c in command_parts(view, parts).items():
            if updates and c.start == updates[0].start and _is_update(c):
                upd_i = i
            elif _is_cache_rm(c) and spans[i][0] > max(add_pos):
                rm_i = i
        if updates and (upd_i is None or spans[upd_i][0] > min(add_pos)):
            return []  # an update we cannot remove stays: keep the cache removal too
        edits = []
        if upd_i is not None:
            # an ONBUILD trigger runs in a child build whose later RUNs may use the index it leaves
            later_ok = rm_i is not None or (view.ins.sub is None and self._later_apk_ok(doc, view.ins.line, later))
            if later_ok:
                e = remove_part(doc, spans, upd_i)
                if e is None:
                    return []
                edits.append(e)
            else:
                return []
        if rm_i is not None and rm_i != upd_i:
            e = remove_part(doc, spans, rm_i)
            if e is not None and len(parts) - 1 - len(edits) >= 1:
                edits.append(e)
        if len(edits) >= len(parts):
            return []
        if edits and len(cmds) - len(edits) <= 2 and self._short_neighbour(doc, view.ins):
            return []  # would turn the RUN into one hadolint wants merged with its neighbour (a new DL3059)
        return edits

    @staticmethod
    def _short_neighbour(doc, ins) -> bool:
        """A directly adjacent RUN with the same flags and at most two commands
        (hadolint asks to merge consecutive RUNs of one command each)."""
        i = doc.instructions.index(ins)
        for j in (i - 1, i + 1):
            if 0 <= j < len(doc.instructions):
                other = doc.instructions[j]
                if other.cmd != "RUN" or [f.raw for f in other.flags] != [f.raw for f in ins.flags]:
                    continue
                v = model_of(doc).shell_view(other)
                if v is None or v.has_error or len(v.commands()) <= 2:
                    return True
        return False

    @staticmethod
    def _later_apk_ok(doc, after_line, later) -> bool:
        """No later RUN uses apk for anything but add/del (they must not need the index)."""
        seen = {id(i) for i, _, _ in later}
        for ins, target, view in later:
            updated = False
            for c in view.commands():
                if base(c.name) != "apk":
                    if _may_run_apk(view, c):
                        return False
                    continue
                sub = _apk_sub(c)
                if sub == "update":
                    updated = updated or always_runs(view, c.node)
                elif sub == "add":
                    # it must not need the index this RUN leaves behind (a later fix
                    # may be suppressed or refused, so do not count on it)
                    if not (updated or has_option(c, short="U", long=("no-cache", "update"))):
                        return False
                elif sub != "del":
                    return False
        for ins in doc.instructions:
            t = ins.sub if ins.sub is not None else ins
            if ins.line > after_line and t.cmd == "RUN" and id(ins) not in seen and "apk" in t.text:
                return False  # no shell view (exec form, parse error): cannot tell
        return True
