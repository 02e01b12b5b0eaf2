"""What dash (Debian's /bin/sh) and bash run differently in a script.

A transform that makes bash run a script /bin/sh ran before (pipefail's
``SHELL ["/bin/bash", "-o", "pipefail", "-c"]``) asks here whether the script
would change meaning: ``echo`` with escapes (dash's echo expands them),
``[[``, ``[ a == b ]``, ``&>``, ``$'...'`` and brace expansion.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from dockfix.shell.tools import base

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.shell.view import ShellView

Node = Any  # a tree-sitter node


def echo_sees_backslash(node: Node) -> bool:
    """Whether echo receives a backslash in this argument (after the shell
    removed quotes and its own escapes)."""
    t = node.type
    text = node.text.decode("utf-8", "surrogateescape")
    if t == "raw_string":
        return "\\" in text[1:-1]
    if t == "string":
        inner = re.sub(r'\\([\\"$`\n])', r"\1", text[1:-1])
        return "\\" in inner
    if t == "concatenation":
        return any(echo_sees_backslash(c) for c in node.children if c.is_named)
    if t in ("word", "number"):
        return "\\" in re.sub(r"\\(.)", r"\1", text)
    return False  # expansions: their value is not known here


def echo_escapes(view: ShellView) -> bool:
    """`echo` that dash and bash run differently: a backslash reaches echo
    (dash's echo expands escapes, bash's does not) or `-e`/`-E`."""
    for c in view.commands():
        if base(c.name) != "echo":
            continue
        if c.args and c.args[0].value in ("-e", "-E", "-en", "-ne", "-nE", "-En"):
            return True
        if any(echo_sees_backslash(a.node) for a in c.args):
            return True
    return False


_BRACE = re.compile(r"(?<!\$)\{[^{}\s]*(?:,|\.\.)[^{}\s]*\}")
_UNQUOTED_PARTS = {"word", "number", "concatenation", "brace_expression"}


def _unquoted_text(node: Node) -> str:
    """A word's text with its quoted parts and expansions blanked out."""
    if node.type in ("word", "number"):
        return node.text.decode("utf-8", "surrogateescape")
    if node.type == "brace_expression":
        return "{1..2}"
    if node.type == "concatenation":
        return "".join(_unquoted_text(c) if c.type in _UNQUOTED_PARTS else "_" for c in node.children)
    return "_"


_TEXT_TYPES = frozenset({"ansi_c_string", "test_command", "file_redirect"})
_DIFFERING_TYPES = _TEXT_TYPES | {"command", "for_statement"}


def dash_bash_difference(view: ShellView) -> str | None:
    """A construct that dash (Debian's /bin/sh) and bash run differently, so
    that switching the RUN to bash changes what it does (echo aside); computed once per view."""
    if "dialects.dash_bash" not in view.memo:
        view.memo["dialects.dash_bash"] = _dash_bash_difference(view)
    got = view.memo["dialects.dash_bash"]
    return got if isinstance(got, str) else None


def _dash_bash_difference(view: ShellView) -> str | None:
    for n in view.walk():
        t = n.type
        if t not in _DIFFERING_TYPES:
            continue
        text = n.text.decode("utf-8", "surrogateescape") if t in _TEXT_TYPES else ""
        if t == "ansi_c_string":
            return f"`{text}` is a literal $ and quotes under dash, an escape string under bash"
        if t == "test_command" and text.startswith("[["):
            return "`[[` is not a command under dash (it fails there) but a test under bash"
        if t == "test_command" and any(not c.is_named and c.type == "==" for c in view.walk(n)):
            return "`[ a == b ]` is an error under dash but a comparison under bash"
        if t == "file_redirect" and text.startswith("&>"):
            return f"`{text}` runs the command in the background under dash but redirects both outputs under bash"
        if t == "command":
            cmd = view.command(n)
            args = cmd.args
            if base(cmd.name) in ("test", "[") and any(c.type == "==" or c.text == b"==" for c in n.children):
                return "`test a == b` is an error under dash but a comparison under bash"
            for a in args:
                if a.node.type in ("brace_expression", "concatenation", "word") and _BRACE.search(_unquoted_text(a.node)):
                    return f"`{a.text}`: bash expands the braces, dash keeps them as written"
        if t == "for_statement":
            for c in n.children:
                if c.type in ("brace_expression", "concatenation", "word") and _BRACE.search(_unquoted_text(c)):
                    return f"`{c.text.decode('utf-8', 'surrogateescape')}`: bash expands the braces, dash keeps them as written"
    return None
