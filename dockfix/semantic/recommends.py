"""Which packages a build needs that Debian installs only as a *Recommends*.

The table is ``dockfix/data/debian_recommends.txt``, generated from real
Debian package data by ``tools/gen_recommends.py`` (its header names the
release and the date; ``--check`` re-derives it).  For each needed package
(ca-certificates, libc6-dev, automake, ...) it lists the packages whose
installation brings it in only as a recommendation, directly or through
their dependencies: with ``--no-install-recommends`` it is left out.
"""

from __future__ import annotations

import re
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
