"""Shared helpers for the package-manager transforms (apk, pip, yum/dnf/zypper,
yarn, gem, wget): finding commands in RUNs, inserting flags, appending a
clean-up command in the RUN's own continuation style, removing owned parts of
an ``a && b && c`` chain, and reading ``RUN --mount=type=cache`` targets.

Legacy: the tool parsers moved to ``dockfix.shell.tools`` and the edit
builders to ``dockfix.fixing.shell_edits`` (re-exported here until the last
importers move)."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Iterator

from dockfix.fixing.shell_edits import append_command, insert_after, remove_part  # noqa: F401  (re-exports)
from dockfix.semantic.model import model_of
from dockfix.shell.tools import always_runs, arg_index, guard, has_option, last_statement, named_dirs  # noqa: F401

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.shell.view import ShellView
    from dockfix.syntax.cst import Dockerfile, Instruction


def shell_runs(doc: Dockerfile) -> Iterator[tuple[Instruction, Instruction, ShellView]]:
    """(instruction, RUN instruction, shell view) for each POSIX-shell RUN
    (ONBUILD RUN included) whose shell parses."""
    yield from model_of(doc).shell_runs()


def mounts(target) -> list[tuple[str, str]]:
    """(type, normalised target) of each ``--mount`` flag of a RUN; the type
    defaults to ``bind`` as in BuildKit, a mount without a target is left out."""
    out = []
    for f in target.flags:
        if f.name != "mount" or not f.value:
            continue
        fields = {}
        for part in f.value.split(","):
            k, _, v = part.partition("=")
            fields[k.strip().lower()] = v.strip().strip("\"'")
        t = fields.get("target") or fields.get("dst") or fields.get("destination")
        if t:
            out.append((fields.get("type") or "bind", posixpath.normpath(t)))
    return out


def cache_mount_targets(target) -> list[str]:
    """Targets of ``--mount=type=cache`` flags of a RUN (normalised paths)."""
    return [t for kind, t in mounts(target) if kind == "cache"]


def mount_covers(targets: list[str], paths: list[str]) -> bool:
    """True when one of the mount targets is one of ``paths`` or a parent or a
    child of one of them."""
    for t in targets:
        for p in paths:
            p = posixpath.normpath(p)
            if t == p or p.startswith(t.rstrip("/") + "/") or t.startswith(p.rstrip("/") + "/"):
                return True
    return False


def base(name: str | None) -> str | None:
    return posixpath.basename(name) if name else name


