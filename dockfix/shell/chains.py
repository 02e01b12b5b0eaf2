"""The parts of a RUN's script: its statements, with ``&&`` chains split."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.shell.view import ShellView

Node = Any  # a tree-sitter node


def statement_parts(view: "ShellView") -> list[Node]:
    """Top-level statements and the parts of their ``&&`` chains, in order; a
    list with any other operator (``||``, ``;``, ``&``) stays one part."""
    out: list[Node] = []

    def flat(n: Node) -> None:
        if n.type == "list":
            ops = [c.type for c in n.children if not c.is_named]
            if any(op != "&&" for op in ops):
                out.append(n)
                return
            for c in n.children:
                if c.is_named and c.type != "comment":
                    flat(c)
            return
        out.append(n)

    for s in view.top_statements():
        flat(s)
    return out
