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
