"""How the image is run, as the files around it show: the directories users mount into it.

A USER that is not root cannot write a host directory that ``docker run -v "$PWD":/data`` or a
compose file's ``volumes: - ./data:/var/lib/app`` bind-mounts into the container: the directory
keeps its owner on the host.  The evidence for such mounts is read from

- the usage lines of the Dockerfile's comments (``# docker run -v $(pwd):/work me/tool``);
- a few well-known files beside the Dockerfile (its folder, and the build context when it is
  another folder): ``docker-compose*.yml`` / ``compose*.yaml`` (the ``volumes:`` of the services
  built from this Dockerfile), ``README*`` and ``*.md``, ``Makefile`` and ``*.sh`` (their
  ``docker run`` lines).  A compose file in the folder above is read too (its services name
  the Dockerfile's folder as their build context).

Each file is read once per process (again only when it changes), at most ``_HEAD`` bytes of it,
and at most ``_FILES`` files per folder.  A named volume (``-v name:/data``, compose's top-level
``volumes:``) is no bind mount: its directory belongs to the image's owner of that path.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass

from dockfix.semantic import images as im
from dockfix.semantic.official_images import official_repositories
from dockfix.syntax.regular import read_regular

BIND = "bind"  # a host directory
VOLUME = "volume"  # a named or anonymous volume
UNKNOWN = "unknown"  # a variable: which of the two is not written

_HEAD = 128 * 1024  # the bytes read of each file
_FILES = 16  # the files read per folder
_CACHE_LIMIT = 4096


@dataclass(frozen=True)
class Mount:
    """One mount of a usage line or a compose service: ``source`` as written, ``target`` the
    container path (normalised), ``kind`` BIND/VOLUME/UNKNOWN, ``cwd`` when the source is the
    user's own directory (``$PWD``, ``.``, ``~``), ``read_only`` (``:ro``), ``user_set`` when the
    same run chooses its user (``--user``, compose ``user:``); where it is written: ``file``
    (relative to the Dockerfile's folder), ``line`` (1-based) and ``text`` (the line, shortened)."""

    source: str
    target: str
    kind: str
    cwd: bool
    read_only: bool
    user_set: bool
    file: str
    line: int
    text: str


# -- sources --------------------------------------------------------------------

# the user's current directory or home, as shells, Makefiles, compose and cmd.exe write them
_CWD = re.compile(r"^(\.\.?|\$PWD|\$\{PWD\}|\$\(pwd\)|`pwd`|%cd%|\$\{?pwd\}?|\$\(PWD\)|\$\(CURDIR\)|\$\{CURDIR\}|"
                  r"\$\(shell\s+pwd\)|\$\$\(pwd\)|\$\$PWD|~|\$HOME|\$\{HOME\}|\$\(HOME\)|%USERPROFILE%)(?=$|[/\\])")
_DEFAULT = re.compile(r"^\$\{\w+:?-([^}]*)\}")  # ${VAR:-./data}: compose and sh take the default
_VARIABLE_PATH = re.compile(r"^(\$\w+|\$\{\w+\}|\$\(\w+\))[/\\]")  # $DATA/dir: a variable, then a path
_NAME = re.compile(r"^[A-Za-z0-9][\w.-]*$")


def source_kind(source: str) -> tuple[str, bool]:
    """(BIND/VOLUME/UNKNOWN, the source is the user's own directory) of a mount source."""
    s = source.strip("\"'")
    m = _DEFAULT.match(s)
    if m:
        s = m.group(1) + s[m.end():]
    if _CWD.match(s):
        return BIND, True
    if s.startswith(("/", "\\\\")) or re.match(r"^[A-Za-z]:[\\/]", s) or _VARIABLE_PATH.match(s):
        return BIND, False
    if _NAME.match(s):
        return VOLUME, False
    return UNKNOWN, False


def _split_colons(spec: str) -> list[str]:
    """``SRC:DST:MODE`` split on the colons outside ``${...}``/``$(...)`` (and after a drive letter)."""
    parts, depth, cur = [], 0, ""
    i = 0
    if re.match(r"^[A-Za-z]:[\\/]", spec):
        cur, i = spec[:2], 2
    while i < len(spec):
        c = spec[i]
        if c in "{(":
            depth += 1
        elif c in "})" and depth:
            depth -= 1
        if c == ":" and not depth:
            parts.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    parts.append(cur)
    return parts


def _target(path: str) -> str | None:
    t = path.strip("\"'")
    if not t.startswith("/") or "$" in t or "`" in t:
        return None
    return im.normpath(t)


def volume_spec(spec: str) -> tuple[str, str, bool] | None:
    """(source, target, read-only) of ``-v SRC:DST[:MODE]`` (source empty: an anonymous volume)."""
    parts = _split_colons(spec.strip("\"'"))
    if len(parts) == 1:
        t = _target(parts[0])
        return ("", t, False) if t else None
    t = _target(parts[1])
    if t is None:
        return None
    modes = parts[2].split(",") if len(parts) > 2 else []
    return parts[0], t, "ro" in modes or "readonly" in modes


def mount_spec(spec: str) -> tuple[str, str, bool, bool] | None:
    """(source, target, read-only, type=bind) of ``--mount type=bind,source=...,target=...``."""
    fields: dict[str, str] = {}
    for item in spec.strip("\"'").split(","):
        k, _, v = item.partition("=")
        fields[k.strip().lower()] = v.strip() if _ else "true"
    target = _target(fields.get("target") or fields.get("dst") or fields.get("destination") or "")
    if target is None:
        return None
    ro = fields.get("readonly", fields.get("ro", "false")).lower() in ("true", "1", "")
    source = fields.get("source") or fields.get("src") or ""
    return source, target, ro, fields.get("type", "volume") == "bind"


# -- docker run lines -----------------------------------------------------------

_RUN = re.compile(r"(?<![\w$.-])(?:sudo\s+)?(?:docker|podman|nerdctl)\s+(?:container\s+)?run(?=\s)")
# options of docker run that take no value
_FLAGS = {"--rm", "--privileged", "--init", "--read-only", "--detach", "--interactive", "--tty", "--publish-all",
          "--no-healthcheck", "--oom-kill-disable", "--quiet", "--sig-proxy", "--disable-content-trust", "--help"}
_FLAG_LETTERS = set("dtiPq")
_USER_OPTIONS = ("-u", "--user", "--userns")


def _words(s: str, at: int) -> Iterator[tuple[int, int, str]]:
    """(start, end, word with its quotes removed) of the shell words of ``s`` from ``at``, up to the end
    of the command (``|``, ``;``, ``&``, ``>`` outside quotes and ``$(...)``)."""
    i, n = at, len(s)
    while i < n:
        while i < n and s[i] in " \t":
            i += 1
        if i >= n or s[i] in "|;&>#":
            return
        start, quote, depth, out = i, "", 0, []
        while i < n:
            c = s[i]
            if quote:
                if c == quote:
                    quote = ""
                else:
                    out.append(c)
            elif c in "\"'":
                quote = c
            elif c in " \t" and not depth:
                break
            elif c in "|;&>" and not depth:
                break
            else:
                if c == "(" and (depth or s[i - 1:i] == "$"):
                    depth += 1
                elif c == ")" and depth:
                    depth -= 1
                out.append(c)
            i += 1
        yield start, i, "".join(out)


def _runs(text: str, comments: bool) -> Iterator[tuple[str, list[int]]]:
    """(command, the 1-based line of each of its characters) of the lines of ``text`` that run
    ``docker run``, continuation lines (``\\``) joined; with ``comments``, of its ``#`` lines only."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        raw = lines[i]
        if comments:
            s = raw.lstrip()
            if not s.startswith("#"):
                i += 1
                continue
            raw = s.lstrip("#")
        if "run" not in raw or not _RUN.search(raw):
            i += 1
            continue
        cmd, where = "", []
        while True:
            piece = raw.rstrip()
            more = piece.endswith("\\") and i + 1 < len(lines)
            piece = piece[:-1] if piece.endswith("\\") else piece
            cmd += piece + " "
            where += [i + 1] * (len(piece) + 1)
            i += 1
            if not more:
                break
            raw = lines[i]
            if comments:
                s = raw.lstrip()
                if not s.startswith("#"):
                    break
                raw = s.lstrip("#")
        yield cmd, where


def run_mounts(text: str, file: str, comments: bool = False) -> list[Mount]:
    """The mounts of every ``docker run`` line of ``text`` (a README, a Makefile, a script; with
    ``comments``, the comments of a Dockerfile) that runs an image other than an official one
    (``docker run -v $(pwd):/src node`` runs node, not this image)."""
    out: list[Mount] = []
    for cmd, where in _runs(text, comments):
        for m in _RUN.finditer(cmd):
            out.extend(_command_mounts(cmd, m.end(), where, file))
    return out


def _command_mounts(cmd: str, at: int, where: list[int], file: str) -> list[Mount]:
    found: list[tuple[int, int, str, str, bool, bool]] = []  # start, end, source, target, read-only, bind
    user_set = False
    words = list(_words(cmd, at))
    k = 0
    image = None
    while k < len(words):
        off, end, w = words[k]
        if not w.startswith("-") or w == "-":
            image = w.strip("`")
            break
        name, eq, value = w.partition("=")
        takes = not eq and name not in _FLAGS and not (
            name.startswith("-") and not name.startswith("--") and set(name[1:]) <= _FLAG_LETTERS)
        if takes:
            k += 1
            end, value = (words[k][1], words[k][2]) if k < len(words) else (end, "")
        if name in _USER_OPTIONS[:2]:
            user_set = True
        elif name in ("-v", "--volume"):
            spec = volume_spec(value)
            if spec is not None:
                found.append((off, end, spec[0], spec[1], spec[2], False))
        elif name == "--mount":
            mspec = mount_spec(value)
            if mspec is not None:
                found.append((off, end, *mspec))
        k += 1
    if image is not None and _official(image):
        return []
    out = []
    for off, end, source, target, ro, bind in found:
        kind, cwd = source_kind(source) if source else (VOLUME, False)
        if bind and kind != BIND:
            kind, cwd = BIND, False
        line = where[min(off, len(where) - 1)] if where else 0
        text = "docker run ... " + " ".join(cmd[off:end].split())
        out.append(Mount(source, target, kind, cwd, ro, user_set, file, line, text))
    return out


def _official(image: str) -> bool:
    if not image or "$" in image or "<" in image:
        return False
    repo = im.split_image(image).repo.removeprefix("library/").removeprefix("docker.io/library/")
    return repo in official_repositories()


# -- compose files ----------------------------------------------------------------

@dataclass(frozen=True)
class _Service:
    """A compose service, as far as matching it with a Dockerfile needs: its build context and
    Dockerfile (None: no ``build``, or one not read), its image, and its mounts."""

    build: tuple[str, str] | None
    image: str | None
    mounts: tuple[Mount, ...]


def _node_map(node: object) -> dict[str, object]:
    """The pairs of a YAML mapping node by key (merge keys ``<<`` under the node's own keys)."""
    import yaml

    if not isinstance(node, yaml.MappingNode):
        return {}
    out: dict[str, object] = {}
    merged: dict[str, object] = {}
    for k, v in node.value:
        if not isinstance(k, yaml.ScalarNode):
            continue
        if k.value == "<<":
            for src in (v.value if isinstance(v, yaml.SequenceNode) else [v]):
                if isinstance(src, yaml.MappingNode):
                    for k2, v2 in src.value:
                        if isinstance(k2, yaml.ScalarNode):
                            merged.setdefault(k2.value, v2)
        else:
            out[k.value] = v
    return {**merged, **out}


def _scalar(node: object) -> str | None:
    import yaml

    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def _interpolate(value: str) -> str | None:
    """A compose value with its ``${VAR:-default}`` taken as the default; None when another
    variable decides it."""
    v = re.sub(r"\$\{\w+:?-([^}]*)\}", r"\1", value)
    v = re.sub(r"\$\{PWD\}|\$PWD", ".", v)
    return None if "$" in v.replace("$$", "") else v


def _compose_services(text: str, file: str) -> tuple[_Service, ...]:
    """The services of a compose file (nothing when it does not parse)."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError, ValueError):
        return ()
    lines = text.splitlines()
    out = []
    for svc_node in _node_map(_node_map(root).get("services")).values():
        svc = _node_map(svc_node)
        build_node = svc.get("build")
        build: tuple[str, str] | None = None
        if _scalar(build_node) is not None:
            build = (_scalar(build_node) or ".", "Dockerfile")
        elif build_node is not None:
            b = _node_map(build_node)
            build = (_scalar(b.get("context")) or ".", _scalar(b.get("dockerfile")) or "Dockerfile")
        user_set = _scalar(svc.get("user")) not in (None, "")
        mounts: list[Mount] = []
        vols = svc.get("volumes")
        for item in getattr(vols, "value", []) if isinstance(vols, yaml.SequenceNode) else []:
            line = item.start_mark.line + 1
            text_at = lines[line - 1].strip() if 0 < line <= len(lines) else ""
            mounts.extend(_compose_mount(item, user_set, file, line, text_at))
        out.append(_Service(build, _scalar(svc.get("image")), tuple(mounts)))
    return tuple(out)


def _compose_mount(item: object, user_set: bool, file: str, line: int, text: str) -> Iterator[Mount]:
    short = _scalar(item)
    if short is not None:
        spec = volume_spec(short)
        if spec is None:
            return
        source, target, ro = spec
        kind, cwd = source_kind(source) if source else (VOLUME, False)
        yield Mount(source, target, kind, cwd, ro, user_set, file, line, text)
        return
    long = _node_map(item)
    path = _target(_scalar(long.get("target")) or "")
    if path is None:
        return
    source = _scalar(long.get("source")) or ""
    kind, cwd = source_kind(source) if source else (VOLUME, False)
    typ = _scalar(long.get("type")) or VOLUME
    if typ == BIND:
        kind = BIND
    elif typ != VOLUME:
        return  # tmpfs, npipe, cluster: no host directory
    ro = (_scalar(long.get("read_only")) or "").lower() in ("true", "yes", "on", "1")
    yield Mount(source, path, kind, cwd, ro, user_set, file, line, text)


def _builds_this(svc: _Service, compose_dir: str, dockerfile: str | None, context_dir: str | None,
                 names: frozenset[str]) -> bool:
    """The compose service is built from ``dockerfile`` (or, with no path, from ``context_dir``),
    or names an image called like the Dockerfile's folder (``names``)."""
    if svc.build is None:
        if not svc.image or "$" in svc.image:
            return False
        return im.split_image(svc.image).repo.rsplit("/", 1)[-1].lower() in names
    ctx, df = (_interpolate(v) for v in svc.build)
    if ctx is None or df is None or "://" in ctx or ctx.startswith("git@"):
        return False
    here = os.path.normpath(os.path.join(compose_dir, ctx))
    if dockerfile:
        return os.path.normpath(os.path.join(here, df)) == os.path.abspath(dockerfile)
    return bool(context_dir) and here == os.path.abspath(context_dir or "")


# -- the files around a Dockerfile ------------------------------------------------------

_COMPOSE = re.compile(r"^(docker-)?compose[\w.-]*\.ya?ml$", re.I)
_README = re.compile(r"^readme([._-].*)?$", re.I)
_USAGE = re.compile(r"^(readme([._-].*)?|.+\.md|makefile|gnumakefile|.+\.mk|.+\.sh)$", re.I)

# folder -> (its modification time, the usage and compose files in it, by name)
_LISTINGS: dict[str, tuple[int, tuple[str, ...]]] = {}
# file -> ((modification time, size), what it holds: its mounts, or a compose file's services)
_PARSED: dict[tuple[str, str], tuple[tuple[int, int], tuple[Mount, ...] | tuple[_Service, ...]]] = {}


def _rank(name: str) -> int:
    """Compose files first, then READMEs, Makefiles and scripts, then other Markdown files."""
    if _COMPOSE.match(name):
        return 0
    if _README.match(name):
        return 1
    return 3 if name.lower().endswith(".md") else 2


def _listing(folder: str) -> tuple[str, ...]:
    """The compose and usage files of ``folder`` (by ``_rank``, at most ``_FILES``), listed once
    while the folder does not change."""
    try:
        stamp = os.stat(folder).st_mtime_ns
    except OSError:
        return ()
    hit = _LISTINGS.get(folder)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    try:
        names = [n for n in os.listdir(folder) if _COMPOSE.match(n) or _USAGE.match(n)]
    except OSError:
        names = []
    names.sort(key=lambda n: (_rank(n), n))
    if len(_LISTINGS) > _CACHE_LIMIT:
        _LISTINGS.clear()
    _LISTINGS[folder] = (stamp, tuple(names[:_FILES]))
    return _LISTINGS[folder][1]


def _parsed(path: str, rel: str) -> tuple[Mount, ...] | tuple[_Service, ...]:
    """The mounts (a usage file) or services (a compose file) of ``path``, read again only when it
    changed; ``rel`` is the name the evidence gives it."""
    try:
        st = os.stat(path)
    except OSError:
        return ()
    stamp = (st.st_mtime_ns, st.st_size)
    hit = _PARSED.get((path, rel))
    if hit is not None and hit[0] == stamp:
        return hit[1]
    try:
        text = read_regular(path, head=_HEAD).decode("utf-8", "replace")
    except OSError:
        text = ""
    found: tuple[Mount, ...] | tuple[_Service, ...]
    if _COMPOSE.match(os.path.basename(path)):
        found = _compose_services(text, rel)
    elif "run" in text and ("docker" in text or "podman" in text or "nerdctl" in text):
        found = tuple(run_mounts(text, rel))
    else:
        found = ()
    if len(_PARSED) > _CACHE_LIMIT:
        _PARSED.clear()
    _PARSED[(path, rel)] = (stamp, found)
    return found


def context_mounts(dockerfile: str | None, context_dir: str | None, names: frozenset[str] = frozenset()) -> list[Mount]:
    """The mounts the files around ``dockerfile`` (its folder, ``context_dir``) show: the
    ``docker run`` lines of their READMEs, Makefiles and scripts, and the volumes of the compose
    services built from it (compose files of the folder above included); ``names`` are the names
    an image built from it probably has (a compose service with only an ``image:`` of that name)."""
    here = os.path.dirname(os.path.abspath(dockerfile)) if dockerfile and dockerfile != "-" else None
    folders = [f for f in dict.fromkeys([here, os.path.abspath(context_dir) if context_dir else None]) if f]
    if not folders:
        return []
    base = here or folders[0]
    out: list[Mount] = []
    for folder in folders:
        for name in _listing(folder):
            out.extend(_read(folder, name, base, dockerfile, context_dir, names))
    parent = os.path.dirname(base)
    if parent != base:
        for name in _listing(parent):
            if _COMPOSE.match(name):
                out.extend(_read(parent, name, base, dockerfile, context_dir, names))
    return out


def _read(folder: str, name: str, base: str, dockerfile: str | None, context_dir: str | None,
          names: frozenset[str]) -> list[Mount]:
    path = os.path.join(folder, name)
    rel = os.path.relpath(path, base)
    found = _parsed(path, rel)
    if not _COMPOSE.match(name):
        return [m for m in found if isinstance(m, Mount)]
    return [m for svc in found if isinstance(svc, _Service) and _builds_this(svc, folder, dockerfile, context_dir, names)
            for m in svc.mounts]


def comment_mounts(text: str, file: str) -> list[Mount]:
    """The mounts of the ``docker run`` usage lines in a Dockerfile's comments."""
    if "run" not in text or "#" not in text:
        return []
    return run_mounts(text, file, comments=True)


def covers(outer: str, path: str) -> bool:
    """``path`` is ``outer`` or under it."""
    return path == outer or path.startswith(outer.rstrip("/") + "/")


__all__ = ["BIND", "UNKNOWN", "VOLUME", "Mount", "comment_mounts", "context_mounts", "covers", "mount_spec",
           "run_mounts", "source_kind", "volume_spec"]
