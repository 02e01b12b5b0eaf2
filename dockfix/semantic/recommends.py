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
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.syntax.cst import Instruction


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


# -- when the build uses the system's CA bundle (ca-certificates) ---------------------------------

@dataclass(frozen=True)
class TlsUse:
    """A command of a RUN that needs the system's CA bundle: a fetch over https
    (curl, wget, git, pip from ``git+https://``), an apt download from an https
    source, ``pip install -r`` of a requirements file with ``git+https://`` URLs."""

    ins: Instruction  # the RUN
    at: int  # file offset of the command


def tls_uses(model, context_dir: str | None, stages: Iterable) -> list[TlsUse]:
    """The uses of the system's CA bundle in the RUNs of ``stages``, in file order.
    An apt download counts once an earlier command of the stage's chain wrote an
    apt source served over https; a requirements file is read from the build
    context (see :func:`requirements_schemes`)."""
    from dockfix.shell.facts import facts_of

    stages = list(stages)
    key = f"tls-uses:{context_dir}:{[st.index for st in stages]}"
    found = model.cache.get(key)
    if found is None:
        found = model.cache[key] = _tls_uses(model, context_dir, stages, facts_of)
    return list(found)


def _tls_uses(model, context_dir: str | None, stages: list, facts_of) -> list[TlsUse]:
    out: list[TlsUse] = []
    sources: list[tuple[Instruction, int]] = []  # (RUN, file offset) of each https apt source written
    for ins, view in model.stage_runs(stages):
        facts = facts_of(view)
        out += [TlsUse(ins, at) for scheme, at in facts.fetches if scheme == "https"]
        sources += [(ins, at) for at in facts.https_apt_sources]
        chain = model.chain(ins.stage)
        for at in facts.apt_fetches:
            if any(s.stage in chain and s_at < at for s, s_at in sources):
                out.append(TlsUse(ins, at))
        for path, at in facts.pip_requirement_files:
            if "https" in requirements_schemes(model, context_dir, path):
                out.append(TlsUse(ins, at))
    return sorted(out, key=lambda u: u.at)


_REQUIREMENTS_CAP = 65536  # bytes of a requirements file read (a longer one: its head)
_INCLUDE = re.compile(r"^\s*(?:-r|--requirement)[\s=]*(\S+)", re.MULTILINE)


def requirements_schemes(model, context_dir: str | None, path: str) -> frozenset[str]:
    """The schemes of the version-control URLs (``git+https://``, ``git+ssh://``)
    of the requirements file ``path`` (as a ``pip install -r`` names it) found in
    the build context: ``path`` from the context's root, else the first file of
    that name in the context; its ``-r`` includes are followed (two levels). A
    file not found or unreadable gives nothing (no evidence either way). Read
    once per document."""
    key = f"requirements:{context_dir}:{path}"
    found = model.cache.get(key)
    if found is None:
        found = model.cache[key] = _requirements_schemes(context_dir, path, 0)
    return found


def _requirements_schemes(context_dir: str | None, path: str, depth: int) -> frozenset[str]:
    from dockfix.shell.facts import VCS_URL

    text = _context_text(context_dir, path)
    if text is None:
        return frozenset()
    out = {m.group(1).lower() for m in VCS_URL.finditer(text)}
    if depth < 2:
        base = posixpath.dirname(path)
        for inc in _INCLUDE.findall(text):
            out |= _requirements_schemes(context_dir, posixpath.join(base, inc), depth + 1)
    return frozenset(out)


def _context_text(context_dir: str | None, path: str) -> str | None:
    import os

    from dockfix.semantic.roles import context_file
    from dockfix.syntax.regular import read_regular

    if not context_dir or "$" in path:
        return None
    rel = posixpath.normpath(path.lstrip("/")) if not path.startswith("/") else None
    if rel and not rel.startswith(".."):
        try:
            return read_regular(os.path.join(context_dir, rel), head=_REQUIREMENTS_CAP).decode("utf-8", "replace")
        except OSError:
            pass
    found = context_file(context_dir, posixpath.basename(path))
    return found[1][:_REQUIREMENTS_CAP] if found else None


_XVFB_RUN = re.compile(r"(?<![\w.-])xvfb-run(?![\w.-])")


def runs_xvfb_run(model, context_dir: str | None, stages: Iterable) -> bool:
    """Whether the image runs ``xvfb-run`` (which calls ``xauth``): an
    instruction of ``stages`` (a RUN, CMD, ENTRYPOINT, HEALTHCHECK) names it, or
    the entrypoint script or the package.json scripts of the build context do."""
    stages = list(stages)
    key = f"xvfb-run:{context_dir}:{[st.index for st in stages]}"
    found = model.cache.get(key)
    if found is None:
        found = model.cache[key] = _runs_xvfb_run(model, context_dir, stages)
    return found


def _runs_xvfb_run(model, context_dir: str | None, stages: list) -> bool:
    from dockfix.semantic.roles import context_file, role_of

    if any(_XVFB_RUN.search(ins.text) for st in stages for ins in st.instructions):
        return True
    roles = role_of(model, context_dir)
    if not any(st in roles.chain for st in stages):
        return False
    texts = [roles.entry_script, context_file(context_dir, "package.json")]
    return any(t is not None and _XVFB_RUN.search(t[1]) is not None for t in texts)
