"""pip install without --no-cache-dir -> add it (DL3042)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dockfix.fixing.context import Context
from dockfix.fixing.edit import Finding, Fix
from dockfix.fixing.registry import Transform
from dockfix.fixing.shell_edits import insert_after
from dockfix.semantic.model import model_of
from dockfix.shell.facts import removed_later
from dockfix.shell.tools import base, named_dirs
from dockfix.syntax.mounts import cache_mount_targets, mount_covers

_PIP = re.compile(r"^pip(\d+(\.\d+)*)?$")
_PYTHON = re.compile(r"^python(\d+(\.\d+)*)?$")
_TRUTHY = {"1", "true", "True", "TRUE", "on", "On", "ON", "yes", "Yes", "YES"}
_IN_RUN = re.compile(r"PIP_NO_CACHE_DIR=(['\"]?)([^\s'\";&|]*)")
# distributions whose packaged pip predates --no-cache-dir (pip 6.0, 2014)
# (Ubuntu up to 15.10 packages pip 1.5.6; 16.04 was the first with pip 8: Model.ubuntu_release).
# Not CentOS 6: its pip comes from EPEL 6, whose last (archived) python-pip is 7.1.0-1.el6
# (plus3it/watchmaker#215, pypa/pip#6417). Software Collections' rh-python34 carries pip 1.5.6.
_OLD_PIP = re.compile(r"(?i)(^|/)(debian:(wheezy|jessie|7|8)(\b|$))")
_OLD_SCL = re.compile(r"/rh-python34/")
_FIRST_NEW_PIP_UBUNTU = (16, 4)
# pip replaced by a current one: get-pip.py, `pip install -U pip`, ensurepip --upgrade, easy_install pip
_PIP_UPGRADE = re.compile(r"get-pip\.py|\bpip[\d.]*\s+install\s+(?:[^&|;]*\s)?(?:-U|--upgrade)\s+(?:[^&|;]*\s)?pip\b|"
                          r"\bensurepip\s+--upgrade|\beasy_install[\d.]*\s+(?:-U\s+)?pip\b|"
                          r"\bpip[\d.]*\s+install\s+(?:[^&|;]*\s)?[\"']?pip[=<>~]")
# a conda installer run: Miniconda/Anaconda "latest" or 4.x and later (2016 on: pip 8 and later), Miniforge,
# Mambaforge, micromamba; Miniconda/Anaconda 1.x-3.x may carry a pip 1.5 and do not count
_CONDA_INSTALLER = re.compile(r"(?i)\b(?:(?:mini|ana)conda[23]?-(?:py\d+_)?(latest|\d+)|miniforge|mambaforge|micromamba)")
_CONDA_DIR = re.compile(r"(?i)conda|mamba|miniforge")


def pip_install_word(cmd):
    """The ``install`` word of a ``pip install`` / ``python -m pip install`` command."""
    name = base(cmd.name)
    if not name or not name.startswith(("pip", "python")):
        return None
    vals = [w.value for w in cmd.argv]
    if _PIP.match(name):
        for i in range(1, len(vals)):
            if vals[i] == "install":
                return cmd.argv[i]
        return None
    if _PYTHON.match(name):
        for i in range(1, len(vals) - 2):
            if vals[i] == "-m" and vals[i + 1] == "pip" and vals[i + 2] == "install":
                return cmd.argv[i + 2]
    return None


def _declared(doc, ins):
    """(kind, value) of the last ENV/ARG declaring PIP_NO_CACHE_DIR before ``ins``, or None."""
    model = model_of(doc)
    chain = model.chain(ins.stage) if ins.stage else []
    found = None
    for st in reversed(chain):
        stop = model.position(ins) if st is ins.stage else len(st.instructions)
        for pos, kind, v in _declarations(doc, st):
            if pos >= stop:
                break
            if kind == "ENV" or found is None or found[0] == "ARG":
                found = (kind, v)
    return found


def _declarations(doc, st) -> list:
    """(position, "ENV" or "ARG", value) of the declarations of PIP_NO_CACHE_DIR in ``st``, found once per stage."""
    from dockfix.semantic.variables import arg_decls, env_decls

    cache = model_of(doc).cache.setdefault("pip-no-cache-dir:declared", {})
    assert isinstance(cache, dict)
    if st.index not in cache:
        out: list[tuple[int, str, str | None]] = []
        for pos, other in enumerate(st.instructions):
            if other.cmd == "ENV":
                out.extend((pos, "ENV", v) for k, v in env_decls(other) if k == "PIP_NO_CACHE_DIR")
            elif other.cmd == "ARG":
                out.extend((pos, "ARG", v) for k, v in arg_decls(other) if k == "PIP_NO_CACHE_DIR")
        cache[st.index] = out
    return cache[st.index]


def pip_cache_mounted(target, cache_dir: str | None, more: tuple[str, ...] = ()) -> bool:
    """Whether pip's cache (the default places, ``cache_dir`` or one of
    ``more``) is, or is inside, a ``RUN --mount=type=cache`` target."""
    targets = cache_mount_targets(target)
    for t in targets:
        if "pip" in t or t.endswith("/.cache") or t == "/root/.cache" or (cache_dir and cache_dir.rstrip("/") == t):
            return True
    dirs = [d for d in (cache_dir, *more) if d and d.startswith("/") and "$" not in d]
    return bool(dirs) and mount_covers(targets, dirs)


def command_cache_dirs(cmd) -> list[str]:
    """Cache directories a pip command names itself: ``--cache-dir[=]DIR`` or
    a ``PIP_CACHE_DIR=DIR`` / ``XDG_CACHE_HOME=DIR`` assignment in front."""
    return named_dirs(cmd, "--cache-dir", {"PIP_CACHE_DIR": "", "XDG_CACHE_HOME": "/pip"})


# pip's cache of the user a RUN runs as (root unless the file sets USER), as an rm names it
_PIP_CACHES = ("~/.cache/pip", "~/.cache", "/root/.cache/pip", "/root/.cache", "$HOME/.cache/pip", "$HOME/.cache",
               "${HOME}/.cache/pip", "${HOME}/.cache")


def _pip_upgraded_before(ctx: Context, target, ins, cmd) -> bool:
    """A current pip replaced the packaged one before ``cmd``: earlier in its RUN, or in a RUN of
    the stage or the stages it is built FROM."""
    doc = ctx.doc
    if _PIP_UPGRADE.search(doc.text[ins.start:cmd.start]):
        return True
    for stage in ctx.model.chain(target.stage):  # nearest first: this stage up to the RUN, then its bases whole
        for other in stage.instructions:
            if other is ins or other is target:
                break
            if other.cmd == "RUN" and _PIP_UPGRADE.search(other.args):
                return True
    return False


def _path_before(ctx: Context, target) -> str | None:
    """The raw value of the last ``ENV PATH`` before ``target`` in its stage chain (``$PATH`` unexpanded)."""
    from dockfix.semantic.variables import env_decls

    found = None
    for stage in reversed(ctx.model.chain(target.stage)):  # the root base first
        for other in stage.instructions:
            if other is target:
                break
            if other.cmd == "ENV":
                found = next((v for k, v in env_decls(other) if k == "PATH"), found)
    return found


def _conda_installed(text: str) -> bool:
    for m in _CONDA_INSTALLER.finditer(text):
        version = m.group(1)
        if version is None or version.lower() == "latest" or int(version) >= 4:
            return True
    return False


def _conda_pip(ctx: Context, target, ins, cmd) -> bool:
    """``cmd`` runs the pip of a conda installation made earlier in the file (a current pip, not the
    distribution's): the command names conda's bin directory, or ``ENV PATH`` puts it before the
    system's, and a conda installer (Miniconda/Anaconda 4 or later or "latest", Miniforge, ...) ran
    before."""
    name = cmd.name or ""
    if "/" in name:
        if not _CONDA_DIR.search(name.rsplit("/", 1)[0]):
            return False
    else:
        path = _path_before(ctx, target) or ""
        entries = []
        for entry in path.split(":"):
            if entry in ("$PATH", "${PATH}") or entry.rstrip("/") in ("/usr/bin", "/usr/local/bin", "/bin"):
                break
            entries.append(entry)
        if not any(_CONDA_DIR.search(e) for e in entries):
            return False
    doc = ctx.doc
    if _conda_installed(doc.text[ins.start:cmd.start]):
        return True
    for stage in ctx.model.chain(target.stage):
        for other in stage.instructions:
            if other is ins or other is target:
                break
            if other.cmd == "RUN" and _conda_installed(other.args):
                return True
    return False


class PipNoCacheDir(Transform):
    name = "pip-no-cache-dir"
    shipped_stages_only = True
    code = "DF131"
    summary = "Do not keep pip's download cache in the image: pip install --no-cache-dir"
    hadolint = ("DL3042",)
    links = ("https://pip.pypa.io/en/stable/topics/caching/", "https://github.com/hadolint/hadolint/wiki/DL3042")
    explanation = """
What: `pip install`, `pip3 install`, `python -m pip install` (any pipN /
pythonN) without `--no-cache-dir` gets `--no-cache-dir` right after `install`.

Why: pip keeps every downloaded wheel in ~/.cache/pip; in an image layer that
cache is dead weight (often tens or hundreds of MB) and is never reused
(hadolint DL3042).

Example:
    RUN pip install -r requirements.txt
becomes
    RUN pip install --no-cache-dir -r requirements.txt

Fix safety: safe: only the cache is skipped. Refused on bases whose packaged
pip is older than 6.0 (Debian 7/8, Ubuntu before 16.04, the rh-python34 collection) unless the
file upgrades pip first (get-pip.py, `pip install -U pip`) or the command runs the pip of a
conda installed earlier (Miniconda/Anaconda 4 or later, Miniforge: its bin directory first in
`ENV PATH`, or named by the command). Left alone: a RUN whose pip cache
is a `RUN --mount=type=cache` target (the cache is wanted there and never
enters the image; the finding is refused), and commands run with
`PIP_NO_CACHE_DIR=...` in front. When an ENV (or the RUN) sets
`PIP_NO_CACHE_DIR` to a true value nothing is reported. Any other value
(`false`, `off`, an ARG) is fixed too: pip disables its cache whenever the
variable holds any valid boolean, even `false` (kept that way for backwards
compatibility), so the flag changes nothing but makes it explicit. pipx, pipenv
and `pip download`/`pip wheel` are not touched. On distributions whose packaged pip predates the option
(Ubuntu 14.04, Debian 8) the fix is refused. CentOS 6's pip (EPEL 6) is 7.1.0
and has the option.
"""

    def check(self, ctx: Context) -> Iterator[Finding]:
        doc = ctx.doc
        for ins, target, view in ctx.model.shell_runs():
            cmds = [(c, w) for c in view.commands() for w in [pip_install_word(c)] if w is not None]
            cmds = [(c, w) for c, w in cmds if not any(a.value == "--no-cache-dir" for a in c.argv)]
            if not cmds:
                continue
            refused = None
            m = _IN_RUN.search(view.script)
            if m and m.group(2) in _TRUTHY:
                continue
            decl = _declared(doc, target) if target.stage else None
            if decl is not None and decl[0] == "ENV" and decl[1] in _TRUTHY:
                continue
            if refused is None:
                from dockfix.semantic.variables import scope_before

                env = scope_before(doc, target) if target.stage else {}
                xdg = env.get("XDG_CACHE_HOME")
                if pip_cache_mounted(target, env.get("PIP_CACHE_DIR"), (xdg.rstrip("/") + "/pip",) if xdg else ()):
                    refused = "pip's cache is a RUN --mount=type=cache target"
            img = ctx.model.base_image(target.stage) if target.stage else None
            release = ctx.model.ubuntu_release(target.stage)
            old = bool(img and _OLD_PIP.search(img)) or (release is not None and release < _FIRST_NEW_PIP_UBUNTU)
            for cmd, word in cmds:
                if any((c.value or c.text).split("=", 1)[0] == "PIP_NO_CACHE_DIR" for c in cmd.assignments):
                    continue
                if removed_later(view, cmd.start, _PIP_CACHES):
                    continue  # the RUN removes pip's cache itself: the flag would gain nothing
                msg = "pip install keeps its download cache in the image"
                if not refused and pip_cache_mounted(target, None, tuple(command_cache_dirs(cmd))):
                    yield ctx.finding(self, (cmd.start, cmd.end), msg, instruction=ins,
                                      refused="the command's --cache-dir / PIP_CACHE_DIR is a RUN --mount=type=cache target")
                    continue
                if refused:
                    yield ctx.finding(self, (cmd.start, cmd.end), msg, refused=refused, instruction=ins)
                    continue
                scl_old = bool(_OLD_SCL.search(cmd.name or "") or _OLD_SCL.search(_path_before(ctx, target) or ""))
                if (old or scl_old) and not _pip_upgraded_before(ctx, target, ins, cmd) \
                        and not _conda_pip(ctx, target, ins, cmd):
                    yield ctx.finding(self, (cmd.start, cmd.end), msg, instruction=ins, refused=(
                        "the base image's packaged pip is older than 6.0, which has no --no-cache-dir (the "
                        "build would fail); upgrade pip first"))
                    continue
                edit = insert_after(word, "--no-cache-dir")
                fix = Fix.safe(edit, message="add --no-cache-dir")
                yield ctx.finding(self, (cmd.start, cmd.end), msg + "; add --no-cache-dir", fix=fix, instruction=ins)
