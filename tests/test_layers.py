"""The layers of docs/architecture.md, enforced on the source: every import
(function-level ones included) points down a layer, and no two modules import
each other, directly or through others."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# layer -> rank; a module may import modules of a lower or equal rank
RANK = {
    "syntax": 0,
    "shell": 1,
    "semantic": 2,
    "fixing": 3,
    "oci": 4,
    "transforms": 5,
    "app": 6,
    "pr": 6,
    "verify": 6,
}
# same-rank packages that may not import each other ("beside the app")
APART = {("pr", "app.cli"), ("verify", "app.cli"), ("app", "pr.bot"), ("app", "verify.command")}
# lazy imports that are the designed way across a same-rank boundary (subcommand dispatch by name)


def module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[0] == "transforms":
        parts = ["dockfix", *parts]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def sources() -> dict[str, Path]:
    out = {}
    for base in ("dockfix", "transforms"):
        for p in sorted((ROOT / base).rglob("*.py")):
            out[module_name(p)] = p
    return out


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """The dockfix modules ``name`` imports (resolved to modules that exist)."""
    tree = ast.parse(path.read_text())
    is_pkg = path.name == "__init__.py"
    found: set[str] = set()
    # imports under `if TYPE_CHECKING:` are for annotations only: they never run
    skip = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If) and _is_type_checking(node.test)
            for stmt in node.body for n in ast.walk(stmt)}
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                pkg = name.split(".") if is_pkg else name.split(".")[:-1]
                pkg = pkg[: len(pkg) - (node.level - 1)]
                base = ".".join(pkg + ([base] if base else []))
            targets = [f"{base}.{a.name}" for a in node.names] + [base]
        for t in targets:
            while t and t not in known:
                t = t.rpartition(".")[0]
            if t and t != name and t != "dockfix":
                found.add(t)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or \
        (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def layer(mod: str) -> str | None:
    parts = mod.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in RANK else None


def graph() -> dict[str, set[str]]:
    src = sources()
    known = set(src)
    # a package's __init__ importing nothing is not an edge to its modules
    return {m: {t for t in imports_of(m, p, known) if not m.startswith(t + ".")} for m, p in src.items()}


def test_imports_point_down_the_layers():
    bad = []
    for mod, targets in graph().items():
        lm = layer(mod)
        for t in targets:
            lt = layer(t)
            if lm is None or lt is None:
                continue
            if RANK[lt] > RANK[lm]:
                bad.append(f"{mod} -> {t} ({lm} may not import {lt})")
            for a, b in APART:
                if mod.startswith(f"dockfix.{a}") and t == f"dockfix.{b}":
                    bad.append(f"{mod} -> {t} (beside each other)")
    assert not bad, "\n".join(sorted(bad))


def test_no_import_cycles():
    g = graph()
    # Tarjan's strongly connected components
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in g.get(v, ()):
            if w not in g:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                cycles.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    assert not cycles, "import cycles: " + "; ".join(" <-> ".join(c) for c in cycles)


@pytest.mark.parametrize("src, expect", [
    ("from dockfix.app.cli import main\n", "dockfix.app.cli"),
    ("def f():\n    from dockfix.fixing import registry\n", "dockfix.fixing.registry"),
])
def test_import_reader_sees_function_level_imports(tmp_path, src, expect):
    p = tmp_path / "m.py"
    p.write_text(src)
    known = set(sources())
    assert expect in imports_of("dockfix.syntax.m", p, known)


def test_import_reader_skips_type_checking_blocks(tmp_path):
    p = tmp_path / "m.py"
    p.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from dockfix.app.cli import main\n")
    assert "dockfix.app.cli" not in imports_of("dockfix.syntax.m", p, set(sources()))


# Transforms read shell facts from dockfix.shell (facts, nodes, tools, downloads), not the tree-sitter tree.
# None reads a node today; a file listed here (path: count) may only go down (move the reading into
# dockfix.shell).
_TREE_WALK = re.compile(r'view\.walk\(|\.children\b|\.named_children\b|\.child_count\b|\.is_named\b'
                        r'|\.type (?:==|!=) ["\']|\.type (?:not )?in [(\[{]|\.parent\b|\.(?:start|end)_byte\b')
TREE_WALKERS_TODAY: dict[str, int] = {}


@pytest.mark.parametrize("line, reads", [
    ('for n in view.walk(node):', True), ('kids = n.children', True), ('if part.type != "command":', True),
    ('if n.type not in ("list", "pipeline"):', True), ('p = n.parent', True), ('n.named_children[0]', True),
    ('if g.start_byte <= node.start_byte:', True),
    ('if is_command(part):', False), ('facts_of(view).state_changes', False), ('ending(view).last', False),
])
def test_node_read_pattern(line, reads):
    assert bool(_TREE_WALK.search(line)) is reads


def test_transforms_do_not_walk_the_shell_tree_more_than_today():
    grew = []
    for p in sorted((ROOT / "transforms").rglob("*.py")):
        rel = str(p.relative_to(ROOT))
        n = len(_TREE_WALK.findall(p.read_text()))
        if n > TREE_WALKERS_TODAY.get(rel, 0):
            grew.append(f"{rel}: {n} node reads (allowed {TREE_WALKERS_TODAY.get(rel, 0)}): ask dockfix.shell instead")
    assert not grew, "\n".join(grew)
