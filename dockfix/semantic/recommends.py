"""Which packages a build needs that Debian installs only as a *Recommends*.

The table is ``dockfix/data/debian_recommends.txt``, generated from real
Debian package data by ``tools/gen_recommends.py`` (its header names the
release and the date; ``--check`` re-derives it).  For each needed package
(ca-certificates, libc6-dev, automake, ...) it lists the packages whose
installation brings it in only as a recommendation, directly or through
their dependencies: with ``--no-install-recommends`` it is left out.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files


@dataclass(frozen=True)
class RecommendsTable:
    source: str  # the header line naming the release and the date
    reasons: dict[str, str]  # needed package -> why a build needs it
    brought_by: dict[str, frozenset[str]]  # needed package -> the packages that recommend it

    def needed_by_pattern(self, pattern: re.Pattern[str]) -> dict[str, str]:
        """{needed package: a package whose whole name ``pattern`` matches that brings it in}."""
        out: dict[str, str] = {}
        for needed, by in self.brought_by.items():
            hit = next((name for name in sorted(by) if pattern.fullmatch(name)), None)
            if hit is not None:
                out[needed] = hit
        return out

    def needed_by(self, packages: list[str]) -> dict[str, str]:
        """{needed package: the first of ``packages`` that brings it in only as a Recommends}."""
        out: dict[str, str] = {}
        for needed, by in self.brought_by.items():
            hit = next((p for p in packages if p in by), None)
            if hit is not None:
                out[needed] = hit
        return out


@lru_cache(maxsize=1)
def recommends_table() -> RecommendsTable:
    lines = files("dockfix").joinpath("data/debian_recommends.txt").read_text(encoding="utf-8").splitlines()
    source = lines[0].lstrip("# ")
    body = lines[3:]  # two header lines and a blank one, then (name <tab> reason, packages) pairs
    reasons: dict[str, str] = {}
    brought: dict[str, frozenset[str]] = {}
    for head, pkgs in zip(body[::2], body[1::2]):
        name, _, why = head.partition("\t")
        reasons[name] = why
        brought[name] = frozenset(pkgs.split())
    return RecommendsTable(source, reasons, brought)


# packages that install the needed one as a Depends (installing them explicitly covers it)
COVERED_BY: dict[str, frozenset[str]] = {
    "libc6-dev": frozenset({"build-essential", "libc-dev", "g++", "libstdc++-dev"}),
    "make": frozenset({"build-essential", "make-guile"}),
    "gcc": frozenset({"build-essential"}),
    "openssh-client": frozenset({"ssh", "openssh-server"}),
    "python3-dev": frozenset({"python3-all-dev"}),
    "python-dev": frozenset({"python-all-dev", "python2.7-dev", "python2-dev"}),
}


_SSH_VARS = ("GIT_SSH", "GIT_SSH_COMMAND")


def stage_uses(model, stages: Iterable) -> frozenset[str]:
    """What the instructions of ``stages`` (besides their RUN scripts) show the
    image uses: ``ssh`` (a COPY/ADD into a ``.ssh`` directory, an ENV
    GIT_SSH/GIT_SSH_COMMAND, a ``RUN --mount=type=ssh``), ``composer`` (a
    ``COPY --from=composer...`` image)."""
    from dockfix.syntax.cst import env_pairs
    from dockfix.syntax.mounts import mounts

    out: set[str] = set()
    for st in stages:
        for ins in st.instructions:
            if ins.cmd in ("COPY", "ADD"):
                words = list(ins.json_values) if ins.json_values is not None else [w.text for w in ins.plain_words()]
                dest = words[-1] if words else ""
                if ".ssh" in posixpath.normpath(dest).split("/") or dest.rstrip("/") in (".ssh", "~/.ssh") or (
                        dest in (".", "./") and (model.workdir_at(ins) or "").rstrip("/").endswith("/.ssh")):
                    out.add("ssh")
                source = ins.flag("from")
                if source is not None and source.value and source.value.split(":")[0].endswith("composer"):
                    out.add("composer")
            elif ins.cmd == "ENV" and any(k in _SSH_VARS for k, _v in env_pairs(ins.args, ins.doc.escape)):
                out.add("ssh")
            elif ins.cmd == "RUN" and any(kind == "ssh" for kind, _t in _mount_types(ins, mounts)):
                out.add("ssh")
    return frozenset(out)


def _mount_types(ins, mounts) -> list[tuple[str, str]]:
    """(type, target) of the RUN's mounts; a ssh mount needs no target (BuildKit gives it a socket path)."""
    out = list(mounts(ins))
    for f in ins.flags:
        if f.name == "mount" and f.value and "type=ssh" in f.value.replace(" ", "").lower():
            out.append(("ssh", ""))
    return out


def gnupg_recommends_dirmngr(image: str | None) -> bool:
    """Whether the base image is Debian stretch (9), whose gnupg (2.1) only
    recommends dirmngr; from buster and Ubuntu bionic on gnupg depends on it."""
    if not image:
        return False
    name, _, tag = image.rpartition(":") if ":" in image.rsplit("/", 1)[-1] else (image, "", "")
    return "stretch" in tag or (name.rsplit("/", 1)[-1] == "debian" and re.match(r"9(\.|$|-)", tag) is not None)


def toolbox_program(model, context_dir: str | None, st, names: Iterable[str]) -> str | None:
    """Why the run-time Recommends of ``names`` are unknown, or None: the image's
    role is a command-line tool whose start command (ENTRYPOINT, else CMD) runs
    one of ``names``'s programs (a program named like its package: ``nmap``,
    ``opam``) that has a Recommends, installed in ``st`` or a stage the final
    one is built on.  Such
    a tool may need what its package only recommends (plugins, helpers) at run
    time, and the table lists only what builds need."""
    import os

    from dockfix.semantic.roles import TOOL, role_of

    roles = role_of(model, context_dir)
    if roles.role != TOOL or st not in roles.chain:
        return None
    entry, cmd = roles.start
    start = entry if entry is not None else cmd
    if start is None:
        return None
    words = list(start.json_values or ()) if start.json else start.args.split()
    wanted = set(names)
    for w in [v for v in words if not v.startswith("-")][:3]:
        prog = os.path.basename(w)
        if prog in wanted and prog in has_recommends():
            why = roles.evidence[0].reason if roles.evidence else "its start command runs a program"
            return (f"the image is a command-line tool ({why}) that runs {prog}, installed here: a tool may "
                    "need what its package only recommends at run time (plugins, helpers), which no table lists")
    return None


def environment_packages(model, context_dir: str | None, st, names: Iterable[str]) -> str | None:
    """What the fix takes from the image's users, or None: the image is a build or CI environment
    (its role, with evidence) shipping ``st``, and one of ``names`` has a Recommends. In such an
    image the installed tools are the product: the builds run in it may use what a package only
    recommends (openjdk's fonts, a browser's helpers), which no table of build needs lists."""
    from dockfix.semantic.roles import BUILD_ENV, role_of

    roles = role_of(model, context_dir)
    if roles.role != BUILD_ENV or st not in roles.chain:
        return None
    with_recommends = sorted(n for n in names if n in has_recommends())
    if not with_recommends:
        return None
    why = next((e.reason for e in roles.evidence if e.reason), "its role")
    return (f"this is a build environment ({why}): the builds run in it lose what "
            f"{', '.join(with_recommends[:3])}{'...' if len(with_recommends) > 3 else ''} only recommend")


@lru_cache(maxsize=1)
def has_recommends() -> frozenset[str]:
    """The packages that have a Recommends (``dockfix/data/debian_has_recommends.txt``,
    from the same package data and tool as the table)."""
    text = files("dockfix").joinpath("data/debian_has_recommends.txt").read_text(encoding="utf-8")
    return frozenset(text.splitlines()[3].split())
