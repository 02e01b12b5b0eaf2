"""Structural questions about a RUN's script, asked by name.

Transforms never read tree-sitter nodes themselves (``tests/test_layers.py``
counts): what they want to know about the shape of a script -- its
redirections, its ``[ ... ]`` tests, which ``&&`` parts are simple commands,
whether a command always runs, whether a CMD string is one simple command --
is answered here.  A node a transform holds (a part of ``facts.flatten``)
is only passed back in.  Whole-script answers are memoised on the view.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.shell.view import ShellView, SimpleCommand

Node = Any  # a tree-sitter node

_REDIRECT_OPS = (">", ">>", ">|", "&>", "&>>", "<", ">&", "<&", "<>", ">&-", "<&-")


def _memo(view: ShellView, key: str, make: Any) -> Any:
    got = view.memo.get(key)
    if got is None:
        got = view.memo[key] = make()
    return got


# -- redirections --------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Redirect:
    """One ``> file`` (``>>``, ``&>``, ``<``, ``2>&1``...) of a script."""

    op: str | None  # the operator (None: tree-sitter gave none)
    dest: str  # the destination as written ("" when there is none)
    dest_value: str | None  # its literal value (None: not literal)
    statement: str  # the text of the statement it redirects
    free: bool  # its target does not depend on the directory (see :func:`redirect_is_free`)
    start: int = 0  # file offset of the redirection
    node: Node = field(default=None, repr=False, compare=False)  # passed back to the shell layer only

    @property
    def to_file(self) -> bool:
        """It names a file (not a descriptor copy or close: ``2>&1``, ``>&-``)."""
        return self.dest != "" and not (self.dest_value is not None and (self.dest_value.isdigit() or self.dest_value == "-"))

    @property
    def target(self) -> str | None:
        """The file it names; None when the name expands (a variable)."""
        return self.dest_value

    @property
    def writes(self) -> bool:
        """It creates or writes a file (not ``< f``, not a descriptor copy ``>&2`` / ``2>&-``)."""
        if self.op in ("<", ">&-", "<&-"):  # reads, or closes a descriptor
            return False
        return not (self.op in (">&", "<&") and (self.dest.isdigit() or self.dest == "-"))


def redirects(view: ShellView, node: Node | None = None) -> list[Redirect]:
    """The file redirections under ``node`` (default: the whole script, computed once), in order."""
    if node is None:
        return list(_memo(view, "nodes.redirects", lambda: _redirects(view, None)))
    return _redirects(view, node)


def _redirects(view: ShellView, node: Node | None) -> list[Redirect]:
    out = []
    for n in view.walk(node):
        if n.type != "file_redirect":
            continue
        op = None
        dest = None
        for ch in n.children:
            if ch.type in _REDIRECT_OPS:
                op = ch.type
            elif ch.type != "file_descriptor":
                dest = ch
        stmt = n.parent
        out.append(Redirect(op, view.span_text(dest) if dest is not None else "",
                            view.word(dest).value if dest is not None else None,
                            view.span_text(stmt) if stmt is not None else "", redirect_is_free(n),
                            view.file_span(n)[0], n))
    return out


def redirect_is_free(node: Node) -> bool:
    """A redirection (a node of ``facts.Flat.redirects``) whose target does not depend on the
    current directory: an absolute path, a descriptor, or a here-document / here-string."""
    if node.type != "file_redirect":
        return node.type in ("heredoc_redirect", "herestring_redirect")
    dest = [c for c in node.children if c.is_named]
    if not dest:
        return False
    d = dest[-1].text.decode("utf-8", "surrogateescape").strip("'\"")
    return d.startswith("/") or d.isdigit() or d == "-"


# -- tests, assignments, background jobs, nameless commands ----------------------------------------
def test_expressions(view: ShellView) -> list[str]:
    """The text of every ``[ ... ]`` / ``[[ ... ]]`` test (not simple commands, so not among
    ``view.commands()``)."""
    return list(_memo(view, "nodes.tests", lambda: [view.span_text(n) for n in view.walk() if n.type == "test_command"]))


_SETTERS = ("variable_assignment", "declaration_command", "unset_command")


def variable_settings(view: ShellView) -> list[str]:
    """The text of every assignment, ``export``/``declare``/``local``... and ``unset`` of the script."""
    return list(_memo(view, "nodes.settings", lambda: [view.span_text(n) for n in view.walk() if n.type in _SETTERS]))


def starts_background_job(view: ShellView) -> bool:
    """Some statement of the script ends with ``&`` (runs in the background)."""
    return bool(_memo(view, "nodes.background", lambda: [any(n.type == "&" for n in view.walk())])[0])


def has_heredoc(view: ShellView) -> bool:
    """The script holds a shell here-document (``cat <<EOF``), computed once."""
    return bool(_memo(view, "nodes.heredoc", lambda: [any(n.type in ("heredoc_redirect", "heredoc_body")
                                                              for n in view.walk())])[0])


def has_own_scope(view: ShellView, node: Node) -> bool:
    """Under ``node`` there is a function definition, a ``( ... )`` subshell or a ``<( ... )``
    process substitution (commands that do not run in the script's own shell, or not now)."""
    return any(n.type in ("function_definition", "subshell", "process_substitution") for n in view.walk(node))


def commands_in(view: ShellView, node: Node) -> list[SimpleCommand]:
    """The simple commands under ``node`` (a part of a flattened script), in order."""
    s, e = node.start_byte, node.end_byte
    return [c for c in view.commands() if s <= c.node.start_byte and c.node.end_byte <= e]


def contains(outer: Node, node: Node) -> bool:
    """``node`` lies within ``outer`` (both nodes a transform got from this layer: a part, a
    command's node, a guard)."""
    return bool(outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte)


def is_command(node: Node) -> bool:
    """``node`` (a part of a flattened script) is a simple command itself."""
    return bool(node.type == "command")


def is_negated(node: Node) -> bool:
    """``node`` (a part of a flattened script) is a ``! cmd``."""
    return bool(node.type == "negated_command")


def is_pipeline(node: Node) -> bool:
    """``node`` (a part of a flattened script) is an ``a | b`` pipeline itself (not redirected)."""
    return bool(node.type == "pipeline")


def is_plain_statement(node: Node) -> bool:
    """``node`` (a part of a flattened script) is a simple command, a pipeline or a redirected
    statement: not a ``{ ...; }`` group, a ``( ... )`` subshell, a loop, an ``if`` or ``case``."""
    return node.type in ("command", "pipeline", "redirected_statement")


def is_assignment(node: Node) -> bool:
    """``node`` (a part of a flattened script) only assigns: ``A=1``, ``A=1 B=2``, ``export A=1``."""
    return node.type in ("variable_assignment", "variable_assignments", "declaration_command")


def has_nameless_command(view: ShellView, node: Node) -> bool:
    """Under ``node`` there is a command with no literal name slot (only assignments and
    redirections, or a name tree-sitter did not read as one)."""
    return any(n.type == "command" and not any(c.type == "command_name" for c in n.children)
               for n in view.walk(node))


# -- pipelines ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class PipeStage:
    """One side of a ``|``: its command's literal name and arguments (values, else text as written);
    name None and no arguments when it is not a simple command (a group, a subshell, a loop)."""

    name: str | None
    args: list[str]


@dataclass(frozen=True, slots=True)
class Pipeline:
    r"""A pipeline; ``status_used`` False when nothing reads its exit status: it runs in a command
    substitution that is a word of a named command (``sh -s \`curl u | grep t\```, ``echo "$(a | b)"``)
    or of ``export``/``local``/``declare``/``readonly`` (their status is their own), so pipefail
    cannot change what the script does with it."""

    stages: list[PipeStage]
    status_used: bool = True
    start: int = -1  # file offset of the pipeline


def pipelines(view: ShellView) -> list[Pipeline]:
    """Every ``a | b`` pipeline of the script (nested ones included), in order, computed once."""
    return list(_memo(view, "nodes.pipelines", lambda: [_pipeline(view, n) for n in view.walk() if n.type == "pipeline"]))


def _pipeline(view: ShellView, node: Node) -> Pipeline:
    stages = []
    for p in (c for c in node.children if c.is_named and c.type != "comment"):
        cmd = p
        while cmd.type == "redirected_statement" and cmd.children:
            cmd = cmd.children[0]
        if cmd.type == "command":
            sc = view.command(cmd)
            stages.append(PipeStage(sc.name, [a.value or a.text for a in sc.args]))
        else:
            stages.append(PipeStage(None, []))
    return Pipeline(stages, pipe_status_used(node), view.file_span(node)[0])


# nodes a command substitution's output passes through up to the command it is a word of
_WORD_PARTS = {"string", "concatenation", "variable_assignment", "array", "expansion", "simple_expansion",
               "command_name", "arithmetic_expansion", "translated_string", "variable_assignments"}


def pipe_status_used(node: Node) -> bool:
    """See :class:`Pipeline`: False for a pipeline in a command substitution that is a word of a
    named command or of a declaration command."""
    p = node.parent
    while p is not None and p.type not in ("command_substitution", "process_substitution"):
        if p.type in ("program",):
            return True
        p = p.parent
    if p is None:
        return True
    if p.type == "process_substitution":
        return False  # `cmd <(a | b)`: the reader's status is cmd's
    p = p.parent
    while p is not None and p.type in _WORD_PARTS:
        p = p.parent
    if p is None:
        return True
    if p.type == "declaration_command":
        return False
    if p.type == "command":
        return not any(c.type == "command_name" for c in p.children)
    return True


# -- parts that are commands, commands that always run -------------------------------------------
def command_parts(view: ShellView, parts: list[Node]) -> dict[int, SimpleCommand]:
    """Of the parts of a flattened script (``facts.flatten``), those that are a simple command
    themselves (not redirected, not a pipeline or group): index -> the command."""
    return {i: view.command(p) for i, p in enumerate(parts) if p.type == "command"}


def part_of_command(view: ShellView, parts: list[Node], cmd: SimpleCommand) -> int | None:
    """The index of the part that is ``cmd`` itself (see :func:`command_parts`), if any."""
    return next((i for i, p in enumerate(parts) if p.type == "command" and view.file_span(p)[0] == cmd.start), None)


_PLAIN = ("program", "list", "redirected_statement", "pipeline")
_GROUPS = ("subshell", "compound_statement")


def _first_command(node: Node) -> tuple[int, int] | None:
    """Byte span of the first command a list / group runs."""
    n = node
    while n is not None and n.type != "command":
        kids = [c for c in n.children if c.is_named and c.type != "comment"]
        n = kids[0] if kids else None
    return (n.start_byte, n.end_byte) if n is not None else None


def always_runs_through_groups(cmd: SimpleCommand) -> bool:
    """``tools.always_runs``, where a ``( ... )`` subshell or ``{ ...; }`` group counts as
    plain (it runs its commands like the script around it: the same file system); under
    ``a || b`` only the very first command of the list always runs."""
    node = cmd.node
    n = node
    while n.parent is not None:
        p = n.parent
        if p.type in _GROUPS and not (p.type == "compound_statement" and p.children and p.children[0].type == "(("):
            n = p
            continue
        if p.type not in _PLAIN:
            return False
        if p.type == "list":
            ops = [c.type for c in p.children if not c.is_named]
            if "||" in ops and _first_command(p) != (node.start_byte, node.end_byte):
                return False
        n = p
    return True


# -- a CMD / ENTRYPOINT string ---------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class SoleCommand:
    """A script that is one simple command (redirections allowed, no ``A=b`` prefix)."""

    name: str  # the command name as written ("" when there is none)


def sole_command(script: str) -> SoleCommand | None:
    """``script`` (a shell-form CMD/ENTRYPOINT) as one simple command, or None when it is
    something else (a list, a pipeline, an assignment prefix, a parse error)."""
    from dockfix.shell.view import _parser

    try:
        root = _parser().parse(script.encode("utf-8", "surrogateescape")).root_node
    except Exception:  # noqa: BLE001 - a parser problem means "not one command"
        return None
    kids = [c for c in root.children if c.is_named]
    if root.has_error or len(kids) != 1:
        return None
    node = kids[0]
    if node.type == "redirected_statement":
        body = [c for c in node.children if c.is_named and c.type not in ("file_redirect",)]
        if len(body) != 1 or any(c.type not in ("command", "file_redirect") for c in node.children if c.is_named):
            return None
        node = body[0]
    if node.type != "command" or any(c.type == "variable_assignment" for c in node.children):
        return None
    name_node = next((c for c in node.children if c.type == "command_name"), None)
    return SoleCommand(name_node.text.decode("utf-8", "surrogateescape") if name_node is not None else "")
