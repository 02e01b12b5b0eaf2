"""Edit builders for shell scripts of RUN instructions: insert a word or a
command, append ``&& command`` in the RUN's own continuation style, remove a
part of an ``a && b && c`` chain.  (In ``fixing``: they make ``Edit``s; the
facts they need come from ``dockfix.shell``.)"""

from __future__ import annotations

from dockfix.fixing.edit import Edit
from dockfix.shell.tools import last_statement


def insert_edit(doc, pos: int, content: str):
    """An insertion at ``pos``.  At the very end of a file without a final
    newline it replaces the last character instead, so the engine sees the
    instruction as touched (an insertion exactly at an instruction's end
    counts as outside it)."""
    if pos > 0 and pos >= len(doc.text.rstrip("\r\n")) and not doc.text.endswith("\n"):
        return Edit(pos - 1, pos, doc.text[pos - 1] + content)
    return Edit.insert(pos, content)


def insert_after(word, text: str) -> Edit:
    """Insert `` text`` right after a word."""
    return Edit.insert(word.end, " " + text)



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

