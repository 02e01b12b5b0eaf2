"""The layout rules a newcomer relies on: one transform per module, named after
it, and no function too long to read (issue 14)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from dockfix.fixing import registry

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 100

# Functions over MAX_LINES today, in files other work is splitting. This list
# may only shrink: an entry that is gone or no longer too long fails the test,
# so remove it when you split the function.
TOO_LONG_TODAY: set[str] = set()  # functions allowed over the limit for now: none left


def _functions(tree: ast.AST, prefix: str = ""):
    """(qualified name, node) of every function, nested ones included."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            name = prefix + node.name
            yield name, node
            yield from _functions(node, name + ".")
        elif isinstance(node, ast.ClassDef):
            yield from _functions(node, prefix + node.name + ".")
        else:
            yield from _functions(node, prefix)


def _lengths() -> dict[str, int]:
    out = {}
    for top in ("dockfix", "transforms"):
        for path in sorted((ROOT / top).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=rel)
            for name, node in _functions(tree):
                out[f"{rel}:{name}"] = node.end_lineno - node.lineno + 1
    return out


def test_function_length_counts_nested_and_methods():
    tree = ast.parse("class A:\n    def f(self):\n        def g():\n            pass\n        return g\n")
    assert [n for n, _ in _functions(tree)] == ["A.f", "A.f.g"]


def test_no_function_over_100_lines():
    lengths = _lengths()
    too_long = sorted(f"{k} ({n} lines)" for k, n in lengths.items() if n > MAX_LINES and k not in TOO_LONG_TODAY)
    assert not too_long, f"functions over {MAX_LINES} lines: split them: {too_long}"


def test_allow_list_only_shrinks():
    lengths = _lengths()
    stale = sorted(k for k in TOO_LONG_TODAY if lengths.get(k, 0) <= MAX_LINES)
    assert not stale, f"no longer too long (or gone): remove from TOO_LONG_TODAY: {stale}"


def _shipped_transforms() -> list[type[registry.Transform]]:
    reg = registry.load_all()
    assert not registry.IMPORT_ERRORS, registry.IMPORT_ERRORS
    # test files may register their own transforms; only the shipped ones count
    return [t for t in reg.values() if not t.__module__.startswith(("tests.", "test_", "conftest"))
            and "tests" not in Path(sys.modules[t.__module__].__file__ or "").parts]


def test_every_transform_lives_in_a_module_named_after_it():
    wrong = []
    transforms_dir = (ROOT / "transforms").resolve()
    for t in _shipped_transforms():
        path = Path(sys.modules[t.__module__].__file__ or "").resolve()
        if transforms_dir not in path.parents:
            wrong.append(f"{t.name}: defined outside transforms/ ({path})")
        elif path.name != t.name.replace("-", "_") + ".py":
            wrong.append(f"{t.name}: in {path.relative_to(ROOT)}, expected {t.name.replace('-', '_')}.py")
    assert not wrong, wrong


def test_one_transform_per_module():
    by_module: dict[str, list[str]] = {}
    for t in _shipped_transforms():
        by_module.setdefault(t.__module__, []).append(t.name)
    shared = {m: names for m, names in by_module.items() if len(names) > 1}
    assert not shared, f"modules holding several transforms: {shared}"


def test_registry_has_the_split_tarball_transforms():
    reg = registry.load_all()
    assert reg["add-tarball-to-curl"].__module__ == "dockfix.transforms.structure.add_tarball_to_curl"
    assert reg["curl-tarball-to-add"].__module__ == "dockfix.transforms.structure.curl_tarball_to_add"


@pytest.mark.parametrize("source, expected", [
    ("def f():\n" + "    x = 1\n" * 100 + "    return x\n", 102),
    ("def f():\n    return 1\n", 2),
])
def test_length_is_counted_from_def_to_last_line(source, expected):
    (_, node), = _functions(ast.parse(source))
    assert node.end_lineno - node.lineno + 1 == expected
