"""``# dockfix: ignore[=NAME,...]`` comments: where they are, which of them suppress nothing,
and the edits that add a name to an instruction's comment or remove an unused one.

The engine decides what a comment suppresses (``engine.suppressed_by``); this module only
reads the comments back, for front ends that offer suppressions as edits (the language server).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable

from dockfix.fixing.edit import Edit
from dockfix.fixing.engine import SUPPRESS_RE

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.fixing.edit import Finding
    from dockfix.fixing.registry import Transform
    from dockfix.syntax.cst import Dockerfile, Instruction


@dataclass(frozen=True, eq=False)
class Comment:
    """One ``# dockfix: ignore`` comment line an instruction owns."""

    instruction: "Instruction"
    text: str  # the comment as the engine sees it (leading blanks stripped)
    start: int  # offset of ``#``
    end: int  # end of the comment (before the line break)
    line_start: int
    line_end: int  # after the line break
    names: tuple[str, ...] | None  # lower-cased; None: a bare ``# dockfix: ignore`` (everything)
    names_start: int  # offsets of the names as written (== end for a bare comment)
    names_end: int


@dataclass(frozen=True, eq=False)
class Unused:
    """A comment, or one name in it, that suppresses nothing; ``edit`` removes it."""

    comment: Comment
    name: str | None  # None: the whole comment
    message: str
    edit: Edit


def top(ins: "Instruction") -> "Instruction":
    """The instruction that owns the comments (ONBUILD's, for its sub-instruction)."""
    while ins.parent is not None:
        ins = ins.parent
    return ins


def comments(ins: "Instruction") -> list[Comment]:
    """The ``# dockfix: ignore`` comments ``ins`` owns, first to last."""
    text = ins.doc.text
    out: list[Comment] = []
    pos = ins.leading_start
    while pos < ins.start:
        nl = text.find("\n", pos, ins.start)
        line_end = ins.start if nl < 0 else nl + 1
        raw = text[pos:line_end]
        body = raw.rstrip("\r\n")
        stripped = body.lstrip(" \t\ufeff")
        m = SUPPRESS_RE.match(stripped)
        if m:
            at = pos + len(body) - len(stripped)
            if m.group(1) is None:
                names, ns, ne = None, at + len(stripped), at + len(stripped)
            else:
                names = tuple(n.strip().lower() for n in m.group(1).split(",") if n.strip())
                ns, ne = at + m.start(1), at + m.start(1) + len(m.group(1).rstrip())
            out.append(Comment(ins, stripped, at, pos + len(body), pos, line_end, names, ns, ne))
        pos = line_end
    return out


def suppress_edit(ins: "Instruction", name: str) -> Edit:
    """The edit that adds ``name`` to ``ins``'s ``# dockfix: ignore=`` comment, or a new comment
    line above it (indented like it, with its line ending)."""
    ins = top(ins)
    named = [c for c in comments(ins) if c.names is not None]
    if named:
        c = named[-1]
        sep = ", " if ", " in ins.doc.text[c.names_start:c.names_end] else ","
        return Edit.insert(c.names_end, sep + name)
    text = ins.doc.text
    line_start = text.rfind("\n", 0, ins.start) + 1
    if line_start == 0 and text.startswith("\ufeff"):
        line_start = 1
    indent_end = line_start
    while indent_end < len(text) and text[indent_end] in " \t":
        indent_end += 1
    nl = text.find("\n", ins.start)
    eol = "\r\n" if nl > 0 and text[nl - 1] == "\r" else "\n"
    return Edit.insert(line_start, text[line_start:indent_end] + "# dockfix: ignore=" + name + eol)


def _known(name: str, transforms: Iterable[type["Transform"]] | Iterable["Transform"]) -> bool:
    return any(name == t.name or name == t.code.lower() for t in transforms)


def unused(doc: "Dockerfile", selected: list["Transform"], suppressed: list[tuple["Finding", str]],
           every: Iterable[type["Transform"]]) -> list[Unused]:
    """The comments (or names in them) that suppressed none of ``suppressed`` (the engine's
    ``(finding, comment)`` pairs of this run).  A name of a known transform that is not selected
    is left alone (another run may select it); an unknown name is reported as such."""
    used: dict[tuple[int, str], list["Finding"]] = {}
    for f, why in suppressed:
        if f.instruction is not None and why != "global":
            used.setdefault((top(f.instruction).start, why), []).append(f)
    every = list(every)
    out: list[Unused] = []
    for ins in doc.instructions:
        if ins.parent is not None:
            continue
        for c in comments(ins):
            hits = used.get((ins.start, c.text), [])
            if c.names is None:
                if not hits:
                    out.append(Unused(c, None, "`# dockfix: ignore` suppresses nothing here", _remove_line(c)))
                continue
            dead = []
            for n in c.names:
                if not _known(n, every):
                    dead.append((n, f"`{n}` in `# dockfix: ignore` is not a transform (see dockfix --list)"))
                elif _known(n, selected) and not any(n in (f.name, f.code.lower()) for f in hits):
                    dead.append((n, f"`# dockfix: ignore={n}` suppresses nothing here"))
            for n, msg in dead:
                out.append(Unused(c, n, msg, _remove_names(c, {d for d, _ in dead})))
    return out


def _remove_line(c: Comment) -> Edit:
    return Edit.delete(c.line_start, c.line_end)


def _remove_names(c: Comment, dead: set[str]) -> Edit:
    """Drop the ``dead`` names from the comment (the whole line when none is left)."""
    kept = [n for n in c.names or () if n not in dead]
    if not kept:
        return _remove_line(c)
    written = c.instruction.doc.text[c.names_start:c.names_end]
    parts = [p.strip() for p in written.split(",") if p.strip()]
    keep = [p for p in parts if p.lower() not in dead]
    sep = ", " if ", " in written else ","
    return Edit.replace(c.names_start, c.names_end, sep.join(keep))
