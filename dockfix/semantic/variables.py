"""Variable resolution: ARG/ENV defaults in scope and ``${VAR:-x}`` forms.

Follows BuildKit's scoping: ARGs before the first FROM are global and usable
in FROM lines; inside a stage a global ARG is visible only after it is
declared again (``ARG NAME``); ENV carries into stages built ``FROM`` an
earlier stage.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING

from dockfix.syntax.cst import env_pairs, split_words, unquote

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.syntax.cst import Dockerfile, Instruction, Stage

_VAR = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?P<op>:?[-+?])?(?P<word>[^}]*)\}|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))")


class Unresolved(Exception):
    pass


def has_variables(s: str) -> bool:
    return "$" in s and _VAR.search(s) is not None


def variables_in(s: str) -> list[str]:
    return [m.group("braced") or m.group("plain") for m in _VAR.finditer(s)]


def expand(s: str, env: Mapping[str, str], strict: bool = True) -> str | None:
    """Expand ``$VAR``/``${VAR}``/``${VAR:-x}``/``${VAR:+x}`` (and the forms
    without ``:``).  Returns None when a variable is unknown and ``strict``,
    or for a form this helper does not model."""
    if "$" not in s:
        return s

    def rep(m: re.Match) -> str:
        name = m.group("braced") or m.group("plain")
        op = m.group("op")
        word = m.group("word") or ""
        if m.group("braced") and not op and word:
            raise Unresolved(name)  # ${VAR#x}, ${VAR%x}, ... not modelled
        val = env.get(name)
        if op in (":-", "-"):
            if val is None or (op == ":-" and val == ""):
                inner = expand(word, env, strict)
                if inner is None:
                    raise Unresolved(name)
                return inner
            return val
        if op in (":+", "+"):
            if val is None or (op == ":+" and val == ""):
                return ""
            inner = expand(word, env, strict)
            if inner is None:
                raise Unresolved(name)
            return inner
        if op in (":?", "?"):
            if val is None or (op == ":?" and val == ""):
                raise Unresolved(name)
            return val
        if val is None:
            if strict:
                raise Unresolved(name)
            return ""
        return val

    try:
        return _VAR.sub(rep, s.replace("\\$", "\0")).replace("\0", "$")
    except Unresolved:
        return None


def arg_decls(ins: "Instruction") -> list[tuple[str, str | None]]:
    """(name, default) pairs of an ARG instruction (defaults unquoted)."""
    out: list[tuple[str, str | None]] = []
    for w, _, _ in split_words(ins.args, ins.doc.escape):
        if "=" in w:
            k, v = w.split("=", 1)
            out.append((k, unquote(v, ins.doc.escape)))
        else:
            out.append((w, None))
    return out


def env_decls(ins: "Instruction") -> list[tuple[str, str]]:
    try:
        pairs = env_pairs(ins.args, ins.doc.escape)
    except ValueError:
        return []
    return [(k, unquote(v, ins.doc.escape)) for k, v in pairs]


def global_args(doc: "Dockerfile", build_args: dict[str, str] | None = None) -> dict[str, str]:
    """Global ARG values usable in FROM lines."""
    env: dict[str, str] = {}
    for ins in doc.global_args:
        for k, v in arg_decls(ins):
            if build_args and k in build_args:
                env[k] = build_args[k]
            elif v is not None:
                val = expand(v, env)
                if val is not None:
                    env[k] = val
    return env


def scope_before(doc: "Dockerfile", ins: "Instruction", build_args: dict[str, str] | None = None) -> dict[str, str]:
    """Variables (ARG and ENV with known values) visible to ``ins`` (a new dict the caller may change)."""
    stage = ins.stage
    if stage is None or ins.cmd == "FROM":
        return global_args(doc, build_args)
    return dict(_stage_scopes(doc, stage, build_args, 0).before(ins))


class _StageScopes:
    """The scope before every instruction of one stage, from one walk over it.

    A snapshot is kept only where an ARG or ENV changes the scope; the
    instructions between share it, so a question costs a lookup, not a walk
    of the stage (``scope_before`` is asked for every RUN)."""

    def __init__(self, doc: "Dockerfile", stage: "Stage", build_args: dict[str, str] | None, depth: int):
        glob = global_args(doc, build_args)
        inherited: dict[str, str] = {}
        parent = doc.stage_named(stage.image) if stage.image and depth < 50 else None
        if parent is not None and parent.index < stage.index:
            inherited = _stage_scopes(doc, parent, build_args, depth + 1).env_end
        scope = dict(inherited)
        env_only = dict(inherited)
        self.at: dict[int, dict[str, str]] = {}  # id(instruction) -> the scope before it
        for other in stage.instructions:
            self.at[id(other)] = scope
            if other.cmd not in ("ARG", "ENV"):
                continue
            scope = dict(scope)
            if other.cmd == "ARG":
                for k, v in arg_decls(other):
                    if build_args and k in build_args:
                        scope[k] = build_args[k]
                    elif v is not None:
                        val = expand(v, scope)
                        if val is not None:
                            scope[k] = val
                        else:
                            scope.pop(k, None)
                    elif k in glob:
                        scope[k] = glob[k]
            else:
                for k, v in env_decls(other):
                    val = expand(v, scope)
                    if val is not None:
                        scope[k] = val
                        env_only[k] = val
                    else:
                        scope.pop(k, None)
                        env_only.pop(k, None)
        self.end: dict[str, str] = scope
        self.env_end: dict[str, str] = env_only

    def before(self, ins: "Instruction") -> dict[str, str]:
        return self.at.get(id(ins), self.end)


_SCOPES: "weakref.WeakKeyDictionary[Dockerfile, dict]" = weakref.WeakKeyDictionary()


def _stage_scopes(doc: "Dockerfile", stage: "Stage", build_args: dict[str, str] | None, depth: int) -> _StageScopes:
    per_doc = _SCOPES.get(doc)
    if per_doc is None:
        per_doc = _SCOPES[doc] = {}
    key = (stage.index, tuple(sorted(build_args.items())) if build_args else ())
    found = per_doc.get(key)
    if found is None:
        found = per_doc[key] = _StageScopes(doc, stage, build_args, depth)
    return found


def resolve_image(doc: "Dockerfile", stage: "Stage", build_args: dict[str, str] | None = None) -> str | None:
    """The FROM image with global ARG defaults substituted (None if unknown)."""
    if stage.image is None:
        return None
    return expand(stage.image, global_args(doc, build_args))
