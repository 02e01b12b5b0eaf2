"""Shared helpers for the package-manager transforms (apk, pip, yum/dnf/zypper,
yarn, gem, wget): finding commands in RUNs, inserting flags, appending a
clean-up command in the RUN's own continuation style, removing owned parts of
an ``a && b && c`` chain, and reading ``RUN --mount=type=cache`` targets."""

from __future__ import annotations

import posixpath
from typing import Iterator

from dockfix.fixing.edit import Edit
from dockfix.semantic.model import model_of

# shell node types a command may sit in and still always run when the RUN succeeds
_PLAIN_PARENTS = {"program", "list", "redirected_statement", "pipeline"}


def shell_runs(doc) -> Iterator[tuple[object, object, object]]:
    """(instruction, RUN instruction, shell view) for each POSIX-shell RUN
    (ONBUILD RUN included) whose shell parses."""
    yield from model_of(doc).shell_runs()


def mounts(target) -> list[tuple[str, str]]:
    """(type, normalised target) of each ``--mount`` flag of a RUN; the type
    defaults to ``bind`` as in BuildKit, a mount without a target is left out."""
    out = []
    for f in target.flags:
        if f.name != "mount" or not f.value:
            continue
        fields = {}
        for part in f.value.split(","):
            k, _, v = part.partition("=")
            fields[k.strip().lower()] = v.strip().strip("\"'")
        t = fields.get("target") or fields.get("dst") or fields.get("destination")
        if t:
            out.append((fields.get("type") or "bind", posixpath.normpath(t)))
    return out


def cache_mount_targets(target) -> list[str]:
    """Targets of ``--mount=type=cache`` flags of a RUN (normalised paths)."""
    return [t for kind, t in mounts(target) if kind == "cache"]


def mount_covers(targets: list[str], paths: list[str]) -> bool:
    """True when one of the mount targets is one of ``paths`` or a parent or a
    child of one of them."""
    for t in targets:
        for p in paths:
            p = posixpath.normpath(p)
            if t == p or p.startswith(t.rstrip("/") + "/") or t.startswith(p.rstrip("/") + "/"):
                return True
    return False


def base(name: str | None) -> str | None:
    return posixpath.basename(name) if name else name


def arg_index(cmd, values, start: int = 1) -> int | None:
    """Index in ``cmd.argv`` of the first word whose literal value is in ``values``."""
    for i in range(start, len(cmd.argv)):
        if cmd.argv[i].value in values:
            return i
    return None


def has_option(cmd, short: str = "", long: tuple[str, ...] = (), exact: tuple[str, ...] = ()) -> bool:
    """Whether a command has one of the options: ``short`` letters inside a
    ``-abc`` cluster, ``--long`` names (``--name`` or ``--name=value``), or
    ``exact`` words. Words that expand (value None) are looked at as written."""
    for w in cmd.argv[1:]:
        v = w.value if w.value is not None else w.text
        if v in exact:
            return True
        if v == "--":
            break
        if v.startswith("--"):
            if v[2:].split("=", 1)[0] in long:
                return True
        elif v.startswith("-") and len(v) > 1 and short:
            if any(ch in short for ch in v[1:]):
                return True
    return False


def insert_after(word, text: str) -> Edit:
    """Insert `` text`` right after a word."""
    return Edit.insert(word.end, " " + text)


def guard(node):
    """None when the command node always runs once the script gets that far;
    else the statement it is guarded by (a condition, loop, function,
    subshell, or the right-hand side of ``||``) -- which itself runs its
    commands in order."""
    n = node
    while n.parent is not None:
        p = n.parent
        if p.type not in _PLAIN_PARENTS:
            return n
        if p.type == "list":
            ops = [c.type for c in p.children if not c.is_named]
            if "||" in ops and n is not p.children[0]:
                return n
        n = p
    return None


def always_runs(view, node) -> bool:
    """True when the command node is not inside a condition, loop, function,
    subshell or the right-hand side of ``||``: it runs whenever the RUN gets
    that far."""
    return guard(node) is None


def named_dirs(cmd, option: str, variables: dict[str, str]) -> list[str]:
    """Directories a command names itself: ``--option DIR`` / ``--option=DIR``,
    and ``NAME=DIR`` assignments in front of it for each NAME in
    ``variables`` (its value: a suffix added to the directory, e.g. ``/pip``
    for XDG_CACHE_HOME)."""
    out = []
    argv = cmd.argv
    for i, w in enumerate(argv):
        v = w.value or ""
        if v == option and i + 1 < len(argv):
            out.append(argv[i + 1].value or argv[i + 1].text)
        elif v.startswith(option + "="):
            out.append(v.split("=", 1)[1])
    for a in cmd.assignments:
        k, _, v = (a.value or a.text).partition("=")
        if k in variables:
            v = v.strip("'\"")
            out.append(v.rstrip("/") + variables[k] if variables[k] else v)
    return out


def last_statement(view):
    """The last top-level statement of the script and whether it runs in the background."""
    kids = [c for c in view.root.children if c.type != "comment"]
    stmts = [c for c in kids if c.is_named]
    if not stmts:
        return None, False
    last = stmts[-1]
    after = kids[kids.index(last) + 1:]
    return last, any(c.type == "&" for c in after)


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    s = text.rfind("\n", 0, offset) + 1
    e = text.find("\n", offset)
    if e == -1:
        e = len(text)
    return s, e


def append_command(doc, ins, target, view, command: str) -> tuple[Edit | None, str | None]:
    """Edit that appends `` && command`` after the RUN's last statement, in the
    RUN's continuation style; or (None, reason)."""
    if target.heredocs and not view.from_heredoc:
        return None, "the RUN has a heredoc besides its script"
    last, background = last_statement(view)
    if last is None:
        return None, "the RUN has no command"
    if background:
        return None, "the RUN's last command runs in the background"
    if any(n.type in ("heredoc_redirect", "heredoc_body", "heredoc_end") for n in view.walk(last)):
        # `cat > f <<EOF ... EOF` ends the script: text after it would land on the terminator line
        return None, "the RUN's last command has a here-document"
    _, end = view.file_span(last)
    text = doc.text
    if view.from_heredoc or not target.is_multiline:
        return Edit.insert(end, " && " + command), None
    ls, le = _line_bounds(text, end)
    rest = text[end:le].rstrip("\r")
    last_line = target.lines[-1]
    if rest.strip() or not (last_line.start <= end <= last_line.end):
        return Edit.insert(end, " && " + command), None
    esc = doc.escape
    nl = doc.newline
    leading_indent = trailing_indent = None
    body = target.lines[1:]
    for i, ln in enumerate(target.lines):
        content = text[ln.start:ln.end].rstrip("\r")
        stripped = content.lstrip(" \t")
        if not stripped or stripped.startswith("#"):
            continue
        if i > 0 and stripped.startswith("&&"):
            leading_indent = content[: len(content) - len(stripped)]
        core = content.rstrip(" \t")
        if core.endswith(esc):
            core = core[:-1].rstrip(" \t")
            if core.endswith("&&") and i + 1 < len(target.lines):
                nxt = target.lines[i + 1]
                nc = text[nxt.start:nxt.end]
                trailing_indent = nc[: len(nc) - len(nc.lstrip(" \t"))]
    if leading_indent is not None:
        return Edit.insert(end, f" {esc}{nl}{leading_indent}&& {command}"), None
    if trailing_indent is not None:
        return Edit.insert(end, f" && {esc}{nl}{trailing_indent}{command}"), None
    indent = "    "
    for ln in body:
        c = text[ln.start:ln.end]
        if c.strip() and not c.lstrip().startswith("#"):
            indent = c[: len(c) - len(c.lstrip(" \t"))] or indent
            break
    return Edit.insert(end, f" {esc}{nl}{indent}&& {command}"), None


def remove_part(doc, parts: list, i: int) -> Edit | None:
    """Delete part ``i`` of an ``a && b && c`` chain with its ``&&``; None when a
    comment line sits in the removed text (it would be lost)."""
    if len(parts) < 2:
        return None
    view_span = parts[i]
    if i + 1 < len(parts):
        s = view_span[0]
        e = parts[i + 1][0]
    else:
        s = parts[i - 1][1]
        e = view_span[1]
    chunk = doc.text[s:e]
    if "#" in chunk:
        return None
    return Edit.delete(s, e)
