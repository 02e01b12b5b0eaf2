"""The Docker Official Images record: which repositories are official, which tags
are still rebuilt, when a dropped tag was last listed, and which tags name the same
image today.

The data ships as ``dockfix/data/official_images.dat`` (derived by
``tools/official_images_data.py`` from the ``library/`` manifests' full history
of docker-library/official-images; see that script for the format and how to
refresh it).  It is read on first use, once per process: the header (date, the
repositories) is a few KB, and only the repositories a run names are inflated.

"Still rebuilt" means "listed in the manifests on the data's date"
(``data().date``), never a guess from today's date.
"""

from __future__ import annotations

import functools
import re
import zlib
from dataclasses import dataclass, field
from typing import Literal

from dockfix.semantic.images import UBUNTU_RELEASES

DATA_FILE = "data/official_images.dat"

# Docker Hub namespaces holding one architecture of the Official Images (arm64v8/debian, ...)
ARCH_NAMESPACES = frozenset({"amd64", "arm32v5", "arm32v6", "arm32v7", "arm64v8", "i386", "ppc64le", "s390x",
                             "mips64le", "riscv64", "windows-amd64"})
# mirrors of the Official Images that serve the same tags
OFFICIAL_MIRRORS = ("public.ecr.aws/docker/library/", "mirror.gcr.io/library/", "mirror.gcr.io/")
_HUB_PREFIXES = ("docker.io/library/", "index.docker.io/library/", "registry-1.docker.io/library/", "library/",
                 "docker.io/", "index.docker.io/", "registry-1.docker.io/")

# distribution suites a tag can name (Debian and Ubuntu code names)
DEBIAN_SUITES = ("jessie", "stretch", "buster", "bullseye", "bookworm", "trixie", "forky", "duke")
UBUNTU_SUITES = tuple(name for name, _ in UBUNTU_RELEASES)  # one table: images.UBUNTU_RELEASES
_SUITES = frozenset(DEBIAN_SUITES + UBUNTU_SUITES + ("wheezy", "squeeze", "sid"))
_ALPINE_SUITE = re.compile(r"^alpine\d+\.\d+$")
_WINDOWS_SUITE = re.compile(r"^(ltsc\d{4}|\d{4}|1809|20h2|21h2)$")
_DATE_STAMP = re.compile(r"^(.*?)-(\d{8}(?:\.\d+)?)$")
_VERSION = re.compile(r"^(\d+(?:\.\d+)*)(.*)$", re.S)
_PLAIN_VERSION = re.compile(r"^\d{1,7}(?:\.\d+)*$")  # not alpine's 20260127 snapshots
_FLOATING = frozenset({"latest", "lts", "current", "stable", "mainline", "rolling", "edge", "devel", "testing",
                       "unstable", "oldstable", "oldoldstable", "sid"})


@dataclass
class Repository:
    """One official repository's tags."""

    name: str
    groups: list[tuple[str, ...]] = field(default_factory=list)  # alias groups of current tags
    group_arches: list[tuple[str, ...]] = field(default_factory=list)
    group_of: dict[str, int] = field(default_factory=dict)  # current tag -> index into groups
    dropped: dict[str, str] = field(default_factory=dict)  # dropped tag -> last listed (YYYY-MM-DD)

    def is_current(self, tag: str) -> bool:
        return tag in self.group_of

    def aliases(self, tag: str) -> tuple[str, ...]:
        """The current tags that name the same image as ``tag`` (itself included)."""
        i = self.group_of.get(tag)
        return self.groups[i] if i is not None else ()

    def architectures(self, tag: str) -> tuple[str, ...]:
        i = self.group_of.get(tag)
        return self.group_arches[i] if i is not None else ()


@dataclass(frozen=True)
class TagStatus:
    kind: Literal["current", "dropped", "unknown"]
    last_listed: str | None = None  # dropped: the day it was last listed


class OfficialImages:
    """The shipped record (``data()``); repositories are parsed on first use."""

    def __init__(self, raw: bytes):
        head, _, self._blobs = raw.partition(b"\n\n")
        self.date = ""
        self.source = ""
        self._arches: dict[str, tuple[str, ...]] = {}
        self._index: dict[str, tuple[int, int]] = {}
        self._repos: dict[str, Repository] = {}
        for line in head.decode("utf-8").splitlines():
            parts = line.split("\t")
            if parts[0] == "R":
                self._index[parts[1]] = (int(parts[2]), int(parts[3]))
            elif parts[0] == "A":
                self._arches[parts[1]] = tuple(parts[2].split(",")) if parts[2] else ()
            elif parts[0] == "@date":
                self.date = parts[1]
            elif parts[0] == "@source":
                self.source = parts[1]
        self._names = frozenset(self._index)

    @property
    def repositories(self) -> frozenset[str]:
        return self._names

    def repository(self, name: str) -> Repository | None:
        repo = self._repos.get(name)
        if repo is None and name in self._index:
            repo = self._repos[name] = self._parse(name)
        return repo

    def _parse(self, name: str) -> Repository:
        off, n = self._index[name]
        repo = Repository(name)
        for line in zlib.decompress(self._blobs[off:off + n]).decode("utf-8").splitlines():
            parts = line.split("\t")
            if parts[0] == "C":
                tags = tuple(parts[2].split())
                for t in tags:
                    repo.group_of[t] = len(repo.groups)
                repo.groups.append(tags)
                repo.group_arches.append(self._arches.get(parts[1], ()))
            elif parts[0] == "D":
                date = parts[1]
                tails = ["" if t == "." else t for t in parts[3].split()]
                for head in ("" if h == "." else h for h in parts[2].split()):
                    for tail in tails:
                        repo.dropped[head + tail] = date
        return repo

    def status(self, name: str, tag: str) -> TagStatus:
        repo = self.repository(name)
        if repo is None:
            return TagStatus("unknown")
        if repo.is_current(tag):
            return TagStatus("current")
        if tag in repo.dropped:
            return TagStatus("dropped", repo.dropped[tag])
        return TagStatus("unknown")


def _data_path() -> str:
    # package data of `dockfix` (pyproject.toml); a plain path is read in well under a millisecond,
    # importlib.resources would cost more than the data itself
    import os

    return os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), DATA_FILE)


@functools.lru_cache(maxsize=1)
def data() -> OfficialImages:
    with open(_data_path(), "rb") as f:
        return OfficialImages(f.read())


def official_repositories() -> frozenset[str]:
    return data().repositories


def data_date() -> str:
    """The date of the shipped record (the day "still rebuilt" refers to), from its first lines
    only (``dockfix --version``)."""
    if data.cache_info().currsize:
        return data().date
    with open(_data_path(), "rb") as f:
        m = re.search(rb"\n@date\t([0-9-]+)", f.read(512))
    return m.group(1).decode() if m else "?"


# ---- image references -----------------------------------------------------------------------------

@dataclass(frozen=True)
class OfficialRef:
    repo: str  # the official repository (``python``)
    tag: str | None  # as written (case kept); None when absent
    digest: str | None
    arch: str | None = None  # the architecture namespace it was named through (``arm64v8/python``)


# BuildKit platforms (--platform) -> the record's architecture names
_PLATFORM_ARCH = {
    "linux/amd64": "amd64", "linux/arm64": "arm64v8", "linux/arm64/v8": "arm64v8", "linux/arm/v7": "arm32v7",
    "linux/arm/v6": "arm32v6", "linux/arm/v5": "arm32v5", "linux/386": "i386", "linux/ppc64le": "ppc64le",
    "linux/s390x": "s390x", "linux/riscv64": "riscv64", "linux/mips64le": "mips64le", "windows/amd64": "windows-amd64",
}


def platform_arch(platform: str | None) -> str | None:
    """The record's architecture for a literal ``--platform`` value (None: none, variable or unknown)."""
    return _PLATFORM_ARCH.get((platform or "").strip().lower())


def official_ref(image: str | None) -> OfficialRef | None:
    """The Official Image ``image`` names (``python``, ``docker.io/library/python``,
    ``arm64v8/python``, ``public.ecr.aws/docker/library/python``), else None.
    References with variables are None."""
    if not image or "$" in image:
        return None
    s = image.strip()
    digest = None
    if "@" in s:
        s, digest = s.split("@", 1)
    tag = None
    slash = s.rfind("/")
    colon = s.rfind(":")
    if colon > slash:
        s, tag = s[:colon], s[colon + 1:]
    name = s
    if name != name.lower():
        return None  # repository names are lower-case: `Python` is not a reference
    for pre in _HUB_PREFIXES:
        if name.startswith(pre):
            name = name[len(pre):]
            break
    else:
        for pre in OFFICIAL_MIRRORS:
            if name.startswith(pre):
                name = name[len(pre):]
                break
    ns, _, rest = name.partition("/")
    arch = None
    if rest and ns in ARCH_NAMESPACES:
        name, arch = rest, ns
    if "/" in name or name not in data().repositories:
        return None
    return OfficialRef(name, tag, digest, arch)


# ---- tag arithmetic ---------------------------------------------------------------------------------

@functools.lru_cache(maxsize=8192)
def _version(tag: str) -> tuple[tuple[int, ...], str] | None:
    """``3.12-slim`` -> ((3, 12), "-slim"); None for tags without a leading version."""
    m = _VERSION.match(tag)
    if not m:
        return None
    rest = m.group(2)
    if rest and rest[0] not in "-_":
        return None  # 3.7.0rc1, 8u212: pre-releases and other numbering
    return tuple(int(x) for x in m.group(1).split(".")), rest


def _normalized_rest(rest: str) -> str:
    """The variant without its distribution suite: ``-slim-buster`` -> ``-slim``,
    ``-alpine3.18`` -> ``-alpine``, ``-windowsservercore-ltsc2016`` -> ``-windowsservercore``."""
    out = []
    for tok in rest.split("-"):
        if tok in _SUITES or _WINDOWS_SUITE.match(tok):
            continue
        out.append("alpine" if _ALPINE_SUITE.match(tok) else tok)
    return "-".join(out)


def _suite_of(rest: str) -> str | None:
    return next((t for t in rest.split("-") if t in _SUITES), None)


@dataclass(frozen=True)
class Successor:
    tag: str
    same_line: bool  # the same major.minor line (a patch release of the same version)
    why: str  # "newest LTS", "newest", "same minor line", ...
    others: tuple[str, ...] = ()  # other maintained tags of the same variant


def _preferred_versions(repo: Repository) -> tuple[set[str], str]:
    """The version heads of the line the project recommends: its `lts` tag's group, else `latest`'s."""
    for alias, why in (("lts", "the LTS line"), ("latest", "the line `latest` names")):
        group = repo.aliases(alias)
        if group:
            return {t.split("-", 1)[0] for t in group if _PLAIN_VERSION.match(t.split("-", 1)[0])}, why
    return set(), ""


def successor(name: str, tag: str) -> Successor | None:
    """The maintained tag of the same variant that replaces the dropped ``tag`` of
    official repository ``name``; None when the data names none."""
    return _successor(data(), name, tag)


@functools.lru_cache(maxsize=1024)
def _successor(record: OfficialImages, name: str, tag: str) -> Successor | None:
    """``successor`` in one record (the answers are kept: a record does not change)."""
    repo = record.repository(name)
    if repo is None or not repo.groups:
        return None
    parsed = _version(tag)
    if parsed is None:
        return _named_successor(repo, tag)
    old, rest = parsed
    # the same precision first (18 -> 24, 3.12.1 -> 3.12.14), then coarser (ubuntu 14.04.5 -> 26.04)
    for n in range(len(old), 0, -1):
        for want in dict.fromkeys((rest, _normalized_rest(rest))):
            cands = []
            for t in repo.group_of:
                p = _version(t)
                if p is not None and p[1] == want and len(p[0]) == n and p[0] > old[:n]:
                    cands.append((p[0], t))
            if cands:
                # another suite or precision is never "the same line", even for a patch release
                return _pick(repo, old if (want, n) == (rest, len(old)) else (), sorted(cands))
    return None


# projects whose LTS releases are the even majors (used when the record has no `lts` tag)
_EVEN_MAJOR_LTS = frozenset({"node"})


def _pick(repo: Repository, old: tuple[int, ...], cands: list[tuple[tuple[int, ...], str]]) -> Successor:
    """The successor among ``cands`` (newer, same variant and precision); ``old`` is () when the
    variant changed (no same-line move then)."""
    same = [t for v, t in cands if len(old) >= 3 and v[:2] == old[:2]]
    if same:
        return Successor(same[-1], True, "the same minor line")
    pick = None
    if repo.name in _EVEN_MAJOR_LTS and not repo.aliases("lts"):
        pick, why = next((t for v, t in reversed(cands) if v[0] % 2 == 0), None), "the newest even (LTS) major"
    if pick is None:
        preferred, why = _preferred_versions(repo)
        pick = next((t for v, t in reversed(cands) if t.split("-", 1)[0] in preferred), None)
    if pick is None:
        pick, why = cands[-1][1], "the newest line"
    others = tuple(t for _, t in cands if t != pick)
    return Successor(pick, False, why, others)


def _named_successor(repo: Repository, tag: str) -> Successor | None:
    """Successors of tags without a version: ``buster-slim`` -> ``trixie-slim`` (the suite
    `latest` names), ``bookworm-20240110`` -> the newest ``bookworm-YYYYMMDD``,
    ``hydrogen-alpine`` -> ``krypton-alpine`` (the LTS code name), ``alpine3.18`` -> ``alpine``."""
    m = _DATE_STAMP.match(tag)
    if m:
        stamped = sorted(t for t in repo.group_of if (n := _DATE_STAMP.match(t)) and n.group(1) == m.group(1))
        if stamped:
            return Successor(stamped[-1], False, "the newest snapshot of the same suite")
    head, sep, tail = tag.partition("-")
    tail = sep + tail
    if head in _SUITES:
        for alias in ("latest", "stable"):
            suites = [t for t in repo.aliases(alias) if t in _SUITES]
            for s in suites:
                if repo.is_current(s + tail):
                    return Successor(s + tail, False, f"the suite `{alias}` names")
    elif head.isalpha() and head not in _FLOATING:
        names = [t for t in repo.aliases("lts") if t.isalpha() and t not in _FLOATING]
        for code in names:
            if repo.is_current(code + tail):
                return Successor(code + tail, False, "the LTS line")
    norm = _normalized_rest("-" + tag).lstrip("-")
    if norm and norm != tag and repo.is_current(norm):
        return Successor(norm, False, "the same variant without a suite")
    return None


def version_of(name: str, tag: str) -> str | None:
    """The version tag that names the same image as the floating ``tag`` (``latest``)
    today: of its alias group's plain version tags, the shortest one at a precision
    where the repository maintains more than one line (python:latest -> 3.14,
    node:latest -> 26, golang:latest -> 1.27, ubuntu:latest -> 26.04)."""
    repo = data().repository(name)
    if repo is None:
        return None
    versions = sorted((t for t in repo.aliases(tag) if _PLAIN_VERSION.match(t)), key=lambda t: (t.count("."), t))
    if not versions:
        return None
    plain = [t for t in repo.group_of if _PLAIN_VERSION.match(t)]
    for v in versions:
        if sum(1 for t in plain if t.count(".") == v.count(".")) > 1:
            return v
    return versions[-1]


def variant(name: str, tag: str, kind: str) -> str | None:
    """The current ``-slim``/``-alpine`` tag of the same version as the current ``tag``
    (``3.12`` -> ``3.12-slim``, ``3.12-bookworm`` -> ``3.12-slim-bookworm``,
    ``20-bookworm`` -> ``20-bookworm-slim``), None when the data has none."""
    repo = data().repository(name)
    if repo is None or not repo.is_current(tag):
        return None
    head, sep, tail = tag.partition("-")
    if kind == "alpine" and not _PLAIN_VERSION.match(tag):
        return None  # -alpine only for version tags (nginx:mainline stays)
    cands = [f"{tag}-{kind}"]
    if sep:
        cands.append(f"{head}-{kind}-{tail}")
    return next((c for c in cands if repo.is_current(c)), None)


# ---- verified publishers ----------------------------------------------------------------------------

VERIFIED_FILE = "data/verified_publishers.txt"


@functools.lru_cache(maxsize=1)
def verified_publishers() -> tuple[frozenset[str], str, str]:
    """(Docker Hub namespaces, source, date) of the shipped Verified Publishers list."""
    import os

    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), VERIFIED_FILE)
    names: set[str] = set()
    source = date = ""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("# Source:"):
                source = line.split(":", 1)[1].strip()
            elif line.startswith("# Date:"):
                date = line.split(":", 1)[1].strip()
            name = line.split("#", 1)[0].strip().lower()
            if name:
                names.add(name)
    return frozenset(names), source, date
