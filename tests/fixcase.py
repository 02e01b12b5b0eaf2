"""Shared helpers for transform tests: run the real engine on a Dockerfile text.

    assert_fix(source, expected, "merge-run")            # output == expected, idempotent
    assert_noop(source, "merge-run", refused="set -e")   # unchanged; a refusal names why

``select`` is a transform name, a comma-separated list of names, or a tuple of
names.  Fixes marked unsafe are applied unless ``unsafe=False``.  ``path``
(default None: no file, so no build context) and ``context`` are passed to the
engine as the CLI would; ``options`` are the ``--option key=value`` settings.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import dockerfile

from dockfix.fixing.config import Settings
from dockfix.fixing.edit import Finding
from dockfix.fixing.engine import FileResult, check_text, fix_text
from dockfix.semantic.model import model_of
from dockfix.syntax.cst import parse
from golden import all_cases

Select = str | Iterable[str]


def names(select: Select) -> tuple[str, ...]:
    """The transform names of ``select`` ("a,b", ("a", "b"))."""
    if isinstance(select, str):
        return tuple(s for s in select.split(",") if s)
    return tuple(select)


def settings(select: Select, *, unsafe: bool = True, options: dict[str, Any] | None = None,
             context: object = None) -> Settings:
    return Settings(select=names(select), unsafe_fixes=unsafe, options=dict(options or {}),
                    context=str(context) if context else None)


def result(source: str, select: Select, *, unsafe: bool = True, path: str | None = None,
           context: object = None, options: dict[str, Any] | None = None, shared: dict | None = None,
           checks: bool = True) -> FileResult:
    """Fix ``source`` with the selected transforms.

    With ``checks`` (the default) it also asserts what every fix must keep: no
    internal error, the output parses (for us and for BuildKit's parser) and a
    second run changes nothing.
    """
    s = settings(select, unsafe=unsafe, options=options, context=context)
    res = fix_text(source, path, s, shared=shared)
    if not checks:
        return res
    assert not res.errors, res.errors
    assert not parse(res.output).errors
    dockerfile.parse_string(res.output)
    again = fix_text(res.output, path, s, shared=shared)
    assert again.output == res.output, "not idempotent: a second run changed the output"
    return res


def fix(source: str, select: Select, **kw: Any) -> str:
    """The fixed text (see ``result`` for the keywords and the checks)."""
    return result(source, select, **kw).output


def findings(source: str, select: Select, *, unsafe: bool = True, path: str | None = None,
             context: object = None, options: dict[str, Any] | None = None,
             fixed: bool = False) -> list[Finding]:
    """The findings on ``source`` as it is (check mode); with ``fixed``, the
    findings of a fix run: what was applied and what is left."""
    s = settings(select, unsafe=unsafe, options=options, context=context)
    if fixed:
        res = fix_text(source, path, s)
        return res.applied + res.remaining
    res = check_text(source, path, s)
    assert not res.errors, res.errors
    return res.remaining


def refused_of(res: FileResult) -> list[str]:
    """The refusal reasons among the findings left in a result."""
    return [f.refused for f in res.remaining if f.refused]


def refusals(source: str, select: Select, **kw: Any) -> list[str]:
    """The refusal reasons of the findings on ``source`` (check mode)."""
    return [f.refused for f in findings(source, select, **kw) if f.refused]


def refusal(source: str, select: Select, **kw: Any) -> str:
    """The one refusal reason on ``source``."""
    found = refusals(source, select, **kw)
    assert len(found) == 1, found
    return found[0]


def assert_fix(source: str, expected: str, select: Select, *, unsafe: bool = True,
               options: dict[str, Any] | None = None, path: str | None = None,
               context: object = None) -> FileResult:
    """The selected transforms turn ``source`` into ``expected``; the output
    parses and a second run changes nothing."""
    res = result(source, select, unsafe=unsafe, options=options, path=path, context=context)
    assert res.output == expected
    return res


def assert_noop(source: str, select: Select, *, unsafe: bool = True, refused: str | None = None,
                options: dict[str, Any] | None = None, path: str | None = None,
                context: object = None) -> FileResult:
    """The selected transforms leave ``source`` unchanged; with ``refused``, a
    finding says why, its refusal reason containing that text."""
    res = result(source, select, unsafe=unsafe, options=options, path=path, context=context)
    assert res.output == source
    if refused is not None:
        reasons = refused_of(res)
        assert any(refused in r for r in reasons), (refused, reasons)
    return res


# -- shared by several transforms' tests ------------------------------------------------------

PACKAGE_MANAGERS = ("apk-no-cache", "pip-no-cache-dir", "yum-dnf-yes", "yum-dnf-clean", "npm-cache-clean",
                    "gem-no-document", "wget-progress")


def write_context(tmp_path, dockerfile_text, files):
    """Write ``files`` and a Dockerfile into ``tmp_path`` (a build context); the Dockerfile's path."""
    for name, body in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(body)
    df = tmp_path / "Dockerfile"
    df.write_text(dockerfile_text)
    return df


ROOT = Path(__file__).resolve().parents[1]


def golden_case(transform, name):
    for c in all_cases(ROOT / "golden"):
        rel = c.path.relative_to(ROOT / "golden" / transform) if c.transform == transform else None
        if rel is not None and (rel.parts[0] == name or rel.name == name):
            return c
    raise LookupError(name)


def run_like_build(text: str, tmp_path, path: tuple[str, ...] = ()) -> tuple[bool, str]:
    """Run the RUNs of the (single-stage) file like a build: each in a fresh
    shell (the file's SHELL), in order, stopping at the first failure.
    ``path``: directories (relative to the build's work directory) put first in PATH."""
    doc = parse(text)
    out = []
    work = tmp_path / f"w{len(list(tmp_path.iterdir()))}"
    work.mkdir()
    env_path = ":".join([str(work / d) for d in path] + [os.environ["PATH"]])
    for ins in doc.instructions:
        if ins.cmd != "RUN":
            continue
        shell = model_of(doc).shell_of(ins)
        exe = {"/bin/sh": "dash", "sh": "dash"}.get(shell[0], shell[0])
        r = subprocess.run([exe, *shell[1:], ins.args], cwd=work, capture_output=True, text=True,
                           env={"PATH": env_path}, timeout=30, check=False)
        out.append(r.stdout)
        if r.returncode != 0:
            return False, "".join(out)
    return True, "".join(out)


def command_names(text):
    """Names of every simple command of every RUN."""
    doc = parse(text)
    out = []
    for ins in doc.instructions:
        v = model_of(doc).shell_view(ins)
        if v is not None:
            out += [c.name for c in v.commands()]
    return out
