"""Shell view of a RUN instruction, through tree-sitter-bash.

Built lazily (``Model.shell_view(ins)``, dockfix.semantic.model) only when a transform asks.  Every
node's position is mapped back to the Dockerfile's text offsets, through
continuation lines, skipped comment lines and the escape character.

No view is made (``None``) for exec-form RUNs, Windows files, or a SHELL that
is not a POSIX shell: shell transforms then skip the instruction.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterator

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.syntax.cst import Dockerfile, Instruction

_PARSER = None

POSIX_SHELLS = {"sh", "bash", "dash", "ash", "ksh", "zsh", "mksh", "busybox"}


def _parser():
    global _PARSER
    if _PARSER is None:
        import tree_sitter_bash
        from tree_sitter import Language, Parser

        _PARSER = Parser(Language(tree_sitter_bash.language()))
    return _PARSER


# script -> [tree, its nodes in pre-order, its command shapes (None until asked)]
_TREES: dict[bytes, list] = {}


def _parse(source: bytes) -> list:
    """The tree of a script, shared by every view of the same text: the engine
    re-parses the file every round, and most RUNs are the same as the round
    before (trees are never edited, so sharing them is safe)."""
    hit = _TREES.get(source)
    if hit is None:
        if len(_TREES) >= 512:
            _TREES.clear()
        hit = _TREES[source] = [_parser().parse(source), None, None]
    return hit


def is_posix_shell(shell: list[str]) -> bool:
    if not shell:
        return False
    exe = os.path.basename(shell[0]).lower()
    return exe in POSIX_SHELLS


def is_bash(shell: list[str]) -> bool:
    return bool(shell) and os.path.basename(shell[0]).lower() == "bash"


_UNSET = object()


class ShellWord:
    """A word of a command: ``text`` as written, ``value`` when it is a plain
    literal once quotes are removed (``None`` if it expands something),
    ``start``/``end`` its file offsets.

    Words made by a view compute these on first use: most words of most
    commands are never looked at, and mapping every one back to the file
    was a large share of the run time."""

    __slots__ = ("_text", "_value", "_start", "_end", "node", "_view")

    def __init__(self, text, value, start, end, node, view=None):
        self._text, self._value, self._start, self._end = text, value, start, end
        self.node = node
        self._view = view

    @classmethod
    def of(cls, view: "ShellView", node) -> "ShellWord":
        return cls(_UNSET, _UNSET, _UNSET, _UNSET, node, view)

    @property
    def text(self) -> str:
        if self._text is _UNSET:
            self._text = self._view.span_text(self.node)
        return self._text

    @property
    def value(self) -> str | None:
        if self._value is _UNSET:
            self._value = literal_value(self.node, self._view)
        return self._value

    def _span(self) -> None:
        self._start, self._end = self._view.file_span(self.node)

    @property
    def start(self) -> int:
        if self._start is _UNSET:
            self._span()
        return self._start

    @property
    def end(self) -> int:
        if self._end is _UNSET:
            self._span()
        return self._end

    def __eq__(self, other) -> bool:
        if not isinstance(other, ShellWord):
            return NotImplemented
        return (self.text, self.value, self.start, self.end) == (other.text, other.value, other.start, other.end)

    def __hash__(self) -> int:
        return hash((self.text, self.start))

    def __repr__(self) -> str:
        return f"ShellWord(text={self.text!r}, value={self.value!r}, start={self.start}, end={self.end})"


@dataclass(slots=True)
class SimpleCommand:
    name: str | None  # literal command name (``None`` when it is an expansion)
    argv: list[ShellWord]  # argv[0] is the command name
    assignments: list[ShellWord]  # ``VAR=value`` prefixes
    start: int  # file offsets of the command node (redirections excluded)
    end: int
    node: Any = field(repr=False)

    @property
    def args(self) -> list[ShellWord]:
        return self.argv[1:]

    def arg_values(self) -> list[str | None]:
        return [w.value for w in self.argv[1:]]


class ShellView:
    """Parsed shell script of one RUN with offsets mapped to the file."""

    def __init__(self, doc: "Dockerfile", ins: "Instruction", segments: list[tuple[int, int]], from_heredoc: bool):
        from dockfix.syntax.cst import Logical

        self.doc = doc
        self.ins = ins
        self.from_heredoc = from_heredoc
        self._map = Logical(segments, doc.text)
        self.script: str = self._map.text
        self.source: bytes = self.script.encode("utf-8", "surrogateescape")
        self._ascii = len(self.source) == len(self.script)
        self._b2c: list[int] | None = None
        self._parsed = _parse(self.source)
        self.tree = self._parsed[0]
        self.root = self.tree.root_node
        self.has_error: bool = self.root.has_error
        self._commands: list[SimpleCommand] | None = None
        self.facts_cache: object = None  # dockfix.shell.facts.facts_of keeps the RunFacts here
        self.memo: dict[object, object] = {}  # per-view results of the shell layer's parsers (tools.calls)
        self._nodes: list[object] | None = None  # walk(): every node, in pre-order

    # -- offsets ------------------------------------------------------------
    def char(self, b: int) -> int:
        """Script character offset of a byte offset."""
        if self._ascii:
            return b
        if self._b2c is None:
            table = []
            for i, ch in enumerate(self.script):
                n = len(ch.encode("utf-8", "surrogateescape"))
                table.extend([i] * n)
            table.append(len(self.script))
            self._b2c = table
        return self._b2c[b]

    def file_span(self, node) -> tuple[int, int]:
        """File offsets of a tree-sitter node."""
        return self._map.span(self.char(node.start_byte), self.char(node.end_byte))

    def span_text(self, node) -> str:
        return self.script[self.char(node.start_byte) : self.char(node.end_byte)]

    def is_contiguous(self, node) -> bool:
        """True when the node's text is one unbroken run in the file (no
        continuation or skipped comment line inside it)."""
        return self._map.is_contiguous(self.char(node.start_byte), self.char(node.end_byte))

    def script_span(self, node) -> tuple[int, int]:
        return self.char(node.start_byte), self.char(node.end_byte)

    def to_file(self, script_offset: int) -> int:
        return self._map.to_file(script_offset)

    def to_file_end(self, script_offset: int) -> int:
        return self._map.to_file_end(script_offset)

    # -- structure --------------------------------------------------------
    def walk(self, node=None) -> Iterator[Any]:
        """``node`` (default: the root) and every node under it, in source
        order (pre-order).  The whole tree's list is built once per view."""
        if node is None or node == self.root:
            if self._nodes is None:
                if self._parsed[1] is None:
                    self._parsed[1] = list(_preorder(self.root))
                self._nodes = self._parsed[1]
            return iter(self._nodes)
        return _preorder(node)

    def word(self, node) -> ShellWord:
        return ShellWord.of(self, node)

    def commands(self) -> list[SimpleCommand]:
        """Every simple command, in source order (nested ones included).

        Built once per view (every shell transform asks for it); the list is
        a copy, the commands are shared: treat them as read-only.
        """
        if self._commands is None:
            if self._parsed[2] is None:  # what does not depend on where the script sits in the file
                self._parsed[2] = [_command_shape(n) for n in self.walk() if n.type == "command"]
            W, U = ShellWord, _UNSET  # ShellWord.of, inlined: this makes every word of every RUN
            self._commands = [SimpleCommand(name, [W(U, U, U, U, w, self) for w in argv],
                                            [W(U, U, U, U, w, self) for w in assigns], *self.file_span(n), n)
                              for n, argv, assigns, name in self._parsed[2]]
        return list(self._commands)

    def command(self, n) -> SimpleCommand:
        """The simple command a tree-sitter ``command`` node stands for."""
        argv: list[ShellWord] = []
        assigns: list[ShellWord] = []
        for c in n.children:
            t = c.type
            if t == "variable_assignment":
                assigns.append(self.word(c))
            elif t == "command_name":
                inner = c.children[0] if c.child_count == 1 else c
                argv.append(self.word(inner))
            elif c.is_named and t not in ("file_redirect", "heredoc_redirect", "herestring_redirect", "comment"):
                argv.append(self.word(c))
        name = argv[0].value if argv else None
        s, e = self.file_span(n)
        return SimpleCommand(name, argv, assigns, s, e, n)

    def top_statements(self) -> list[Any]:
        """Top-level statements of the script (separated by ``;``, ``&`` or newlines)."""
        return [c for c in self.root.children if c.is_named and c.type != "comment"]


def _preorder(node) -> Iterator[Any]:
    """``node`` and its descendants in pre-order, through a tree cursor
    (several times faster than recursing through ``children``)."""
    c = node.walk()
    while True:
        yield c.node
        if c.goto_first_child():
            continue
        while not c.goto_next_sibling():
            if not c.goto_parent():
                return


def _command_shape(n) -> tuple:
    """(node, argv nodes, assignment nodes, literal name) of a command node,
    as ``ShellView._command`` reads them."""
    argv: list = []
    assigns: list = []
    for c in n.children:
        t = c.type
        if t == "variable_assignment":
            assigns.append(c)
        elif t == "command_name":
            argv.append(c.children[0] if c.child_count == 1 else c)
        elif c.is_named and t not in ("file_redirect", "heredoc_redirect", "herestring_redirect", "comment"):
            argv.append(c)
    return n, argv, assigns, literal_value(argv[0]) if argv else None


def set_turns_on_errexit(values: list[str]) -> bool:
    """Whether ``set`` with these (literal) arguments turns on errexit:
    ``-e`` in an option cluster (``-eux``) or ``-o errexit``."""
    return any(v.startswith("-") and not v.startswith("--") and v != "-o" and "e" in v[1:] for v in values) or any(
        v == "-o" and k + 1 < len(values) and values[k + 1] == "errexit" for k, v in enumerate(values))


def literal_value(node, view: ShellView | None = None) -> str | None:
    """The literal string a word node stands for, or None if it expands."""
    t = node.type
    if t == "word":
        text = node.text.decode("utf-8", "surrogateescape")
        if "\\" in text:
            out = []
            i = 0
            while i < len(text):
                if text[i] == "\\" and i + 1 < len(text):
                    i += 1
                out.append(text[i])
                i += 1
            return "".join(out)
        if "*" in text or "?" in text or "[" in text or "~" in text:
            return None
        return text
    if t == "raw_string":
        return node.text.decode("utf-8", "surrogateescape")[1:-1]
    if t == "string":
        parts = []
        for c in node.children:
            if c.type == '"':
                continue
            if c.type == "string_content":
                parts.append(c.text.decode("utf-8", "surrogateescape"))
            else:
                return None
        return "".join(parts)
    if t == "concatenation":
        parts = []
        for c in node.children:
            v = literal_value(c, view)
            if v is None:
                return None
            parts.append(v)
        return "".join(parts)
    if t == "number":
        return node.text.decode("utf-8", "surrogateescape")
    return None


def shell_view_for(doc: "Dockerfile", ins: "Instruction", shell: list[str]) -> ShellView | None:
    """Shell view of a RUN (or ONBUILD RUN) run by ``shell`` (the SHELL in
    force), or None when there is no POSIX shell."""
    target = ins.sub if ins.sub is not None else ins
    if target.cmd != "RUN" or target.json or doc.is_windows:
        return None
    if not is_posix_shell(shell):
        return None
    lt = target.logical.text
    a = target.args_offset
    while a < len(lt) and lt[a] in " \t":
        a += 1
    b = len(lt)
    while b > a and lt[b - 1] in " \t\r\n":
        b -= 1
    segs = target.logical.segments(a, b)
    if target.heredocs:
        hd = target.heredocs
        args = lt[a:b]
        if len(hd) == 1 and args == hd[0].marker.text:
            body = hd[0].content
            if body.startswith("#!") and not is_posix_shell(body[2:].split("\n", 1)[0].split()):
                return None
            return ShellView(doc, ins, [(hd[0].body_start, hd[0].body_end)], True)
        nl = target.header_end
        segs = segs + [(nl - 1, nl), (hd[0].body_start, hd[-1].end)]
    return ShellView(doc, ins, segs, False)
