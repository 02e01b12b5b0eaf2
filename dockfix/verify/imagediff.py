"""Compare two container images: their file trees and their configuration.

An image is read into a ``Snapshot``: every path with its type, mode,
uid/gid, size, the sha256 of regular files and the target of links (never
timestamps), plus the bytes of a few small files the classifier needs
(``/etc/passwd``, ``/etc/group``, dpkg's database).  Snapshots come from a
mounted root directory (``scan_dir``: ``buildah mount``) or from a flattened
or layered tar stream (``scan_tar``: ``docker export``; whiteouts applied).

``diff_trees`` and ``diff_config`` list the differences; ``classify`` sorts
each one into *expected* (declared by a transform whose fix was applied, see
``EXPECTATIONS``), *ignored* (a volatile path, see ``VOLATILE``) or
*unexpected*.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from typing import Any, Callable

# ---------------------------------------------------------------- snapshots


@dataclass(frozen=True)
class Entry:
    type: str  # file, dir, symlink, char, block, fifo, socket
    mode: int  # permission bits incl. setuid/setgid/sticky
    uid: int
    gid: int
    size: int = 0  # regular files only
    sha256: str | None = None  # regular files only
    target: str | None = None  # symlinks
    rdev: tuple[int, int] | None = None  # devices


# small files whose contents the classifier reads
CAPTURE = (
    "/etc/passwd",
    "/etc/group",
    "/var/lib/dpkg/status",
    "/var/lib/dpkg/info/*.list",
    "/lib/apk/db/installed",
)


@dataclass
class Snapshot:
    entries: dict[str, Entry] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)  # captured contents

    def total_size(self) -> int:
        return sum(e.size for e in self.entries.values() if e.type == "file")


def _captured(path: str) -> bool:
    return any(fnmatch.fnmatchcase(path, p) for p in CAPTURE)


_TYPES = (
    (stat.S_ISREG, "file"), (stat.S_ISDIR, "dir"), (stat.S_ISLNK, "symlink"), (stat.S_ISCHR, "char"),
    (stat.S_ISBLK, "block"), (stat.S_ISFIFO, "fifo"), (stat.S_ISSOCK, "socket"),
)


def _type_of(mode: int) -> str:
    for test, name in _TYPES:
        if test(mode):
            return name
    return "other"


def _sha256_file(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while True:
            b = f.read(1 << 20)
            if not b:
                break
            h.update(b)
    return h.hexdigest()


# never descended into: mount points of the build sandbox
_SKIP_DIRS = {"/proc", "/sys", "/dev"}


def scan_dir(root: str) -> Snapshot:
    """Read a mounted image root (the directory is not modified)."""
    snap = Snapshot()
    root = os.path.abspath(root)
    for dirpath, dirnames, filenames in os.walk(root):
        rel = os.path.relpath(dirpath, root)
        rel_dir = "/" if rel == "." else "/" + rel.replace(os.sep, "/")
        for name in sorted(dirnames + filenames):
            full = os.path.join(dirpath, name)
            path = (rel_dir.rstrip("/") + "/" + name)
            st = os.lstat(full)
            t = _type_of(st.st_mode)
            e = Entry(t, stat.S_IMODE(st.st_mode), st.st_uid, st.st_gid)
            if t == "file":
                e = Entry(t, e.mode, e.uid, e.gid, st.st_size, _sha256_file(full))
                if _captured(path):
                    with open(full, "rb") as f:
                        snap.files[path] = f.read()
            elif t == "symlink":
                e = Entry(t, e.mode, e.uid, e.gid, target=os.readlink(full))
            elif t in ("char", "block"):
                e = Entry(t, e.mode, e.uid, e.gid, rdev=(os.major(st.st_rdev), os.minor(st.st_rdev)))
            snap.entries[path] = e
        # do not follow symlinked dirs (os.walk does not) nor pseudo filesystems
        if rel_dir == "/":
            dirnames[:] = [d for d in dirnames if "/" + d not in _SKIP_DIRS]
    return snap


def _tar_path(name: str) -> str:
    name = name.replace("\\", "/")
    while name.startswith("./"):
        name = name[2:]
    name = name.strip("/")
    return "/" + name if name else "/"


def scan_tar(fileobj, snap: Snapshot | None = None) -> Snapshot:
    """Apply one tar stream (an exported file system or an image layer) to ``snap``.

    OCI whiteouts are honoured: ``.wh.NAME`` deletes NAME, ``.wh..wh..opq``
    empties its directory (of what earlier layers put there).
    """
    import tarfile

    snap = snap if snap is not None else Snapshot()
    with tarfile.open(fileobj=fileobj, mode="r|*") as tf:
        opaque_seen: set[str] = set()
        layer_paths: set[str] = set()
        for ti in tf:
            path = _tar_path(ti.name)
            if _whiteout(snap, path, opaque_seen, layer_paths):
                continue
            if path == "/" or any(path == d or path.startswith(d + "/") for d in _SKIP_DIRS):
                continue
            layer_paths.add(path)
            e = _tar_entry(tf, ti, path, snap)
            if e is None:
                continue
            old = snap.entries.get(path)
            if old is not None and old.type == "dir" and e.type != "dir":
                _drop(snap, lambda p: p.startswith(path + "/"))
            snap.entries[path] = e
    return snap


def _drop(snap: Snapshot, gone: Callable[[str], bool]) -> None:
    """Remove the entries whose paths ``gone`` says."""
    for p in [p for p in snap.entries if gone(p)]:
        del snap.entries[p]
        snap.files.pop(p, None)


def _whiteout(snap: Snapshot, path: str, opaque_seen: set[str], layer_paths: set[str]) -> bool:
    """Apply ``path`` if it is a whiteout (True), else do nothing (False)."""
    parent, base = path.rsplit("/", 1)
    parent = parent or "/"
    if base == ".wh..wh..opq":
        if parent not in opaque_seen:
            opaque_seen.add(parent)
            prefix = parent.rstrip("/") + "/"
            _drop(snap, lambda p: p.startswith(prefix) and p not in layer_paths)
        return True
    if base.startswith(".wh."):
        gone = (parent.rstrip("/") + "/" + base[4:])
        _drop(snap, lambda p: p == gone or p.startswith(gone + "/"))
        return True
    return False


def _tar_entry(tf, ti, path: str, snap: Snapshot) -> Entry | None:
    """The Entry of one tar member (None: a kind that is not recorded); captured file contents go to ``snap.files``."""
    mode = ti.mode & 0o7777
    if ti.isreg():
        return Entry("file", mode, ti.uid, ti.gid, ti.size, _hash_member(tf, ti, path, snap))
    if ti.islnk():  # hard link: same content as its target
        src = snap.entries.get(_tar_path(ti.linkname))
        if src is not None and src.type == "file":
            if _tar_path(ti.linkname) in snap.files:
                snap.files[path] = snap.files[_tar_path(ti.linkname)]
            return Entry("file", mode, ti.uid, ti.gid, src.size, src.sha256)
        return Entry("file", mode, ti.uid, ti.gid, 0, None)
    if ti.isdir():
        return Entry("dir", mode, ti.uid, ti.gid)
    if ti.issym():
        return Entry("symlink", 0o777, ti.uid, ti.gid, target=ti.linkname)
    if ti.ischr() or ti.isblk():
        return Entry("char" if ti.ischr() else "block", mode, ti.uid, ti.gid, rdev=(ti.devmajor, ti.devminor))
    if ti.isfifo():
        return Entry("fifo", mode, ti.uid, ti.gid)
    return None


def _hash_member(tf, ti, path: str, snap: Snapshot) -> str:
    """The sha256 of a regular file's content (kept in ``snap.files`` when the path is captured)."""
    h = hashlib.sha256()
    f = tf.extractfile(ti)
    keep = _captured(path)
    chunks = []
    while True:
        b = f.read(1 << 20)
        if not b:
            break
        h.update(b)
        if keep:
            chunks.append(b)
    if keep:
        snap.files[path] = b"".join(chunks)
    else:
        snap.files.pop(path, None)
    return h.hexdigest()


# ---------------------------------------------------------------- config

CONFIG_FIELDS = (
    "User", "Env", "Entrypoint", "Cmd", "WorkingDir", "ExposedPorts", "Volumes", "Labels",
    "Healthcheck", "StopSignal", "Shell", "OnBuild", "Author",
)


def normalize_config(cfg: dict | None, author: str | None = None) -> dict:
    """The compared fields of an image config, with empty values as None."""
    cfg = cfg or {}
    out = {}
    for k in CONFIG_FIELDS:
        v = author if k == "Author" else cfg.get(k)
        if v in ("", [], {}, None):
            v = None
        out[k] = v
    return out


# ---------------------------------------------------------------- differences


@dataclass
class Difference:
    kind: str  # added, removed, content, type, mode, owner, link, config
    path: str  # file path, or "config:Field"
    before: Any = None  # a config value (str, list, dict) or a file's brief
    after: Any = None
    status: str = "unexpected"  # expected, ignored, unexpected
    reason: str = ""  # why expected/ignored
    transform: str | None = None

    def describe(self) -> str:
        if self.kind == "config":
            return f"config {self.path[7:]}: {_short(self.before)} -> {_short(self.after)}"
        if self.kind == "added":
            return f"added {self.path} ({self.after})"
        if self.kind == "removed":
            return f"removed {self.path} ({self.before})"
        if self.kind == "content":
            return f"content changed {self.path} ({self.before} -> {self.after})"
        return f"{self.kind} changed {self.path}: {self.before} -> {self.after}"

    def as_dict(self) -> dict:
        return {
            "kind": self.kind, "path": self.path, "before": _jsonable(self.before), "after": _jsonable(self.after),
            "status": self.status, "reason": self.reason, "transform": self.transform,
        }


def _jsonable(v):
    if isinstance(v, (str, int, float, bool)) or v is None:
        return v
    if isinstance(v, dict):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return str(v)


def _short(v) -> str:
    s = "-" if v is None else (v if isinstance(v, str) else __import__("json").dumps(v, sort_keys=True))
    return s if len(s) <= 120 else s[:117] + "..."


def _brief(e: Entry | None) -> str:
    if e is None:
        return "absent"
    if e.type == "file":
        return f"file, {e.size} bytes"
    if e.type == "symlink":
        return f"symlink -> {e.target}"
    return e.type


def diff_trees(a: Snapshot, b: Snapshot) -> list[Difference]:
    out: list[Difference] = []
    for path in sorted(set(a.entries) | set(b.entries)):
        x, y = a.entries.get(path), b.entries.get(path)
        if x is None:
            out.append(Difference("added", path, None, _brief(y)))
            continue
        if y is None:
            out.append(Difference("removed", path, _brief(x), None))
            continue
        if x.type != y.type:
            out.append(Difference("type", path, _brief(x), _brief(y)))
            continue
        if x.type == "file" and (x.sha256 != y.sha256 or x.size != y.size):
            out.append(Difference("content", path, f"{x.size} bytes", f"{y.size} bytes"))
        if x.type == "symlink" and x.target != y.target:
            out.append(Difference("link", path, x.target, y.target))
        if x.rdev != y.rdev:
            out.append(Difference("device", path, x.rdev, y.rdev))
        if x.type != "symlink" and x.mode != y.mode:
            out.append(Difference("mode", path, oct(x.mode), oct(y.mode)))
        if (x.uid, x.gid) != (y.uid, y.gid):
            out.append(Difference("owner", path, f"{x.uid}:{x.gid}", f"{y.uid}:{y.gid}"))
    return out


def diff_config(a: dict, b: dict) -> list[Difference]:
    out = []
    for k in CONFIG_FIELDS:
        if a.get(k) != b.get(k):
            out.append(Difference("config", "config:" + k, a.get(k), b.get(k)))
    return out


# ---------------------------------------------------------------- volatile paths

# (glob, reason).  ``*`` stays inside one path component, ``**`` crosses them.
# Differences under these paths never count as unexpected: they depend on
# when and how a build ran, not on what it produced.
VOLATILE: tuple[tuple[str, str], ...] = (
    ("/tmp/**", "temporary files"),
    ("/var/tmp/**", "temporary files"),
    ("/run/**", "runtime state"),
    ("/var/run/**", "runtime state"),
    ("/var/log/**", "logs"),
    ("/var/lib/apt/lists/**", "apt package lists"),
    ("/var/cache/apt/**", "apt cache"),
    ("/var/cache/debconf/*-old", "debconf backup"),
    ("/var/lib/dpkg/*-old", "dpkg backup"),
    ("/var/lib/dpkg/lock*", "dpkg lock"),
    ("/var/lib/dpkg/triggers/Lock", "dpkg lock"),
    ("/var/cache/ldconfig/**", "ldconfig cache"),
    ("/etc/ld.so.cache", "ldconfig cache"),
    ("/var/cache/man/**", "man-db cache"),
    ("/var/cache/apk/**", "apk cache"),
    ("/etc/apk/cache/**", "apk cache"),
    ("/var/cache/yum/**", "yum cache"),
    ("/var/cache/dnf/**", "dnf cache"),
    ("/var/cache/zypp/**", "zypper cache"),
    ("/root/.cache/**", "user caches (pip, ...)"),
    ("/home/*/.cache/**", "user caches (pip, ...)"),
    ("/root/.npm/**", "npm cache"),
    ("/home/*/.npm/**", "npm cache"),
    ("/usr/local/share/.cache/**", "yarn cache"),
    ("/root/.wget-hsts", "wget state"),
    ("/root/.bash_history", "shell history"),
    ("**/__pycache__/**", "Python bytecode"),
    ("**/*.pyc", "Python bytecode"),
    ("/etc/hostname", "set by the builder"),
    ("/etc/hosts", "set by the builder"),
    ("/etc/resolv.conf", "set by the builder"),
    ("/.dockerenv", "set by the builder"),
    ("/etc/mtab", "set by the builder"),
)


def _glob_re(pattern: str) -> re.Pattern:
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("/**/", i):
            out.append("(?:/.*)?/")
            i += 4
        elif pattern.startswith("**/", i) and i == 0:
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("/**", i) and i + 3 == len(pattern):
            out.append("(?:/.*)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


_VOLATILE_RE = [(_glob_re(g), r) for g, r in VOLATILE]


def volatile_reason(path: str) -> str | None:
    for rx, reason in _VOLATILE_RE:
        if rx.match(path):
            return reason
    return None


def path_matches(path: str, globs) -> bool:
    return any(_glob_re(g).match(path) for g in globs)


# ---------------------------------------------------------------- expectations

# Kinds of difference a fix may declare.  Each transform (by name, or by the
# hadolint codes / BuildKit checks it answers) maps to kinds in EXPECTATIONS;
# a transform class may also declare ``verify_expects = ("kind", ...)``.
KINDS: dict[str, str] = {
    "none": "no file or config difference (layout, layers or cache use only)",
    "apt-lists": "package lists and apt's cache removed",
    "package-caches": "package-manager caches removed (apk, pip, npm, yarn, dnf, yum, zypper, gem)",
    "recommends": "recommended packages no longer installed (their files and dpkg's records)",
    "user": "runtime user changed: USER, new users/groups, their home, files chowned to them",
    "archive": "a downloaded archive no longer stored in the image",
    "runtime-stage": "only the runtime stage's files kept: files removed, build-only ENV dropped",
    "labels": "labels added (MAINTAINER to LABEL), author field dropped",
    "command-form": "CMD/ENTRYPOINT/HEALTHCHECK changed from shell to exec form",
    "workdir": "WORKDIR set (working directory and the directories it creates)",
    "secrets": "secrets no longer stored in the image config (ENV entries removed)",
}

EXPECTATIONS: dict[str, tuple[str, ...]] = {
    "apt-lists-cleanup": ("apt-lists",),
    "apt-no-install-recommends": ("recommends",),
    "apt-get-yes": ("none",),
    "apt-to-apt-get": ("none",),
    "apk-no-cache": ("package-caches",),
    "pip-no-cache-dir": ("package-caches",),
    "npm-cache-clean": ("package-caches",),
    "yum-dnf-clean": ("package-caches",),
    "yum-dnf-yes": ("none",),
    "zypper-clean": ("package-caches",),
    "keyword-case": ("none",),
    "env-key-value": ("none",),
    "secret-to-mount": ("secrets",),
    "dockerignore": ("none",),
    "pin-digest": ("none",),
    "gem-no-document": ("package-caches",),
    "non-root-user": ("user",),
    "merge-run": ("none",),
    "copy-order-for-cache": ("none",),
    "add-tarball-to-curl": ("archive",),
    "multi-stage": ("runtime-stage", "recommends"),
    "maintainer-to-label": ("labels",),
    "add-to-copy": ("none",),
    "exec-form": ("command-form",),
    "cd-to-workdir": ("workdir",),
    "wget-progress": ("none",),
    "remove-sudo": ("none",),
    "useradd-no-log-init": ("none",),
    "pipefail": ("none",),
}

# by the hadolint code / BuildKit check a transform answers (names are not final)
CODE_EXPECTATIONS: dict[str, tuple[str, ...]] = {
    "DL3009": ("apt-lists",),
    "DL3015": ("recommends",),
    "DL3014": ("none",), "DL3027": ("none",),
    "DL3019": ("package-caches",), "DL3042": ("package-caches",), "DL3060": ("package-caches",),
    "DL3032": ("package-caches",), "DL3036": ("package-caches",), "DL3040": ("package-caches",),
    "DL3030": ("none",), "DL3034": ("none",), "DL3038": ("none",),
    "DL3002": ("user",),
    "DL3059": ("none",), "DL3003": ("workdir",), "DL3020": ("none",), "DL3047": ("none",),
    "DL3004": ("none",), "DL3046": ("none",), "DL4006": ("none",),
    "DL3025": ("command-form",), "JSONArgsRecommended": ("command-form",),
    "DL4000": ("labels",), "MaintainerDeprecated": ("labels",),
    "DL3064": ("secrets",), "SecretsUsedInArgOrEnv": ("secrets",),
    "DL3006": ("none",), "DL3007": ("none",),
}


def kinds_for(name: str, codes: tuple[str, ...] = (), declared: tuple[str, ...] = ()) -> tuple[str, ...]:
    out: list[str] = list(declared)
    out += EXPECTATIONS.get(name, ())
    for c in codes:
        out += CODE_EXPECTATIONS.get(c, ())
    seen: list[str] = []
    for k in out:
        if k in KINDS and k not in seen:
            seen.append(k)
    return tuple(seen)


_ARCHIVE_RE = re.compile(r"\.(tar|tgz|tbz2?|txz|tzst|zip|gz|bz2|xz|zst|lz4|7z|rar|jar|whl|deb|rpm|apk)$", re.I)
_USER_FILES = ("/etc/passwd", "/etc/group", "/etc/shadow", "/etc/gshadow", "/etc/passwd-", "/etc/group-",
               "/etc/shadow-", "/etc/gshadow-", "/etc/subuid", "/etc/subgid", "/etc/subuid-", "/etc/subgid-")
_PKG_DB = ("/var/lib/dpkg/**", "/var/lib/apt/extended_states", "/var/cache/debconf/**", "/etc/alternatives/**",
           "/usr/share/info/dir", "/lib/apk/db/**", "/etc/apk/world", "/var/lib/rpm/**")
_CACHES = ("/var/cache/apk/**", "/etc/apk/cache/**", "/root/.cache/**", "/home/*/.cache/**", "/root/.npm/**",
           "/home/*/.npm/**", "/usr/local/share/.cache/**", "/var/cache/yum/**", "/var/cache/dnf/**",
           "/var/cache/zypp/**", "/root/.gem/**", "/usr/local/bundle/cache/**")


def _passwd(data: bytes | None) -> dict[str, tuple[str, ...]]:
    out = {}
    for line in (data or b"").decode("utf-8", "replace").splitlines():
        parts = line.split(":")
        if len(parts) >= 4 and parts[0]:
            out[parts[0]] = tuple(parts)
    return out


def _dpkg_installed(data: bytes | None) -> set[str]:
    pkgs = set()
    name = None
    for line in (data or b"").decode("utf-8", "replace").splitlines():
        if line.startswith("Package:"):
            name = line.split(":", 1)[1].strip()
        elif line.startswith("Status:") and name and line.split()[-1] == "installed":
            pkgs.add(name)
        elif not line.strip():
            name = None
    return pkgs


class Facts:
    """What the classifier knows about the two images, computed once."""

    def __init__(self, before: Snapshot, after: Snapshot, requested: set[str] | None = None):
        self.before, self.after = before, after
        pb, pa = _passwd(before.files.get("/etc/passwd")), _passwd(after.files.get("/etc/passwd"))
        gb, ga = _passwd(before.files.get("/etc/group")), _passwd(after.files.get("/etc/group"))
        # users/groups only added, never changed or removed
        self.users_only_added = all(pa.get(k) == v for k, v in pb.items()) and all(ga.get(k) == v for k, v in gb.items())
        self.new_users = {k: v for k, v in pa.items() if k not in pb}
        self.new_uids = {v[2] for v in self.new_users.values()}
        self.new_gids = {v[2] for k, v in ga.items() if k not in gb} | {v[3] for v in self.new_users.values()}
        self.new_homes = {v[5] for v in self.new_users.values() if len(v) > 5 and v[5] not in ("", "/", "/nonexistent")}
        self.dropped_packages = _dpkg_installed(before.files.get("/var/lib/dpkg/status")) - _dpkg_installed(
            after.files.get("/var/lib/dpkg/status"))
        self.requested = requested or set()
        self.dropped_files: dict[str, str] = {}
        for pkg in self.dropped_packages:
            for key in (f"/var/lib/dpkg/info/{pkg}.list", f"/var/lib/dpkg/info/{pkg}:amd64.list",
                        f"/var/lib/dpkg/info/{pkg}:arm64.list"):
                for line in before.files.get(key, b"").decode("utf-8", "replace").splitlines():
                    if line.startswith("/"):
                        self.dropped_files[line] = pkg


def _rule_applies(kind: str, d: Difference, facts: Facts) -> str | None:
    """Why ``d`` is an expected effect of ``kind``, or None."""
    rule = _RULES.get(kind)
    return rule(d, facts) if rule is not None else None


def _rule_apt_lists(d: Difference, facts: Facts) -> str | None:
    """Expected effects of apt's package lists and cache."""
    p = d.path
    if d.kind in ("removed", "content", "added") and path_matches(p, ("/var/lib/apt/lists/**", "/var/cache/apt/**")):
        return "package lists / apt cache removed"
    return None


def _rule_package_caches(d: Difference, facts: Facts) -> str | None:
    """Expected effects of package-manager caches."""
    p = d.path
    if d.kind in ("removed", "content") and path_matches(p, _CACHES):
        return "package-manager cache removed"
    return None


def _rule_recommends(d: Difference, facts: Facts) -> str | None:
    """Expected effects of packages no longer pulled in by recommends."""
    p = d.path
    if not facts.dropped_packages:
        return None
    if d.kind in ("removed", "content", "mode", "owner", "link", "type"):
        pkg = facts.dropped_files.get(p)
        if pkg is None:  # files its maintainer scripts made: named after the package
            parts = p.strip("/").split("/")
            pkg = next((x for x in sorted(facts.dropped_packages)
                        if any(c == x or c.startswith(x + ".") for c in parts)), None)
        if pkg is None and p.startswith("/etc/ssl/certs/") and "ca-certificates" in facts.dropped_packages:
            pkg = "ca-certificates"
        if pkg is not None:
            if pkg in facts.requested:
                return None  # a package the Dockerfile asked for by name: never an expected loss
            return f"package {pkg} (pulled in by recommends) not installed"
        if path_matches(p, _PKG_DB):
            return "package database records the dropped packages"
    return None


def _rule_user(d: Difference, facts: Facts) -> str | None:
    """Expected effects of a new (non-root) user."""
    p = d.path
    if d.kind == "config" and p == "config:User":
        return "runtime user changed"
    if p in _USER_FILES and d.kind in ("content", "added", "mode", "owner") and facts.users_only_added:
        names = ", ".join(sorted(facts.new_users)) or "groups"
        return f"user/group added ({names})"
    if d.kind in ("added", "owner", "mode") and any(p == h or p.startswith(h.rstrip("/") + "/") for h in facts.new_homes):
        return "home of the new user"
    if d.kind == "added" and any(p == f"/var/mail/{u}" or p == f"/var/spool/mail/{u}" for u in facts.new_users):
        return "mailbox of the new user"
    if d.kind == "owner":
        e = facts.after.entries.get(p)
        if e is not None and (str(e.uid) in facts.new_uids or str(e.gid) in facts.new_gids):
            return "chowned to the new user"
    return None


def _rule_archive(d: Difference, facts: Facts) -> str | None:
    """Expected effects of downloaded archives not stored."""
    p = d.path
    if d.kind in ("removed", "added") and _ARCHIVE_RE.search(p):
        return "downloaded archive not stored in the image"
    return None


def _rule_runtime_stage(d: Difference, facts: Facts) -> str | None:
    """Expected effects of a runtime stage that copies only what it needs."""
    p = d.path
    if d.kind == "removed":
        return "not copied into the runtime stage"
    if d.kind != "config" and path_matches(p, _PKG_DB):
        return "runtime stage installs fewer packages"
    if d.kind == "config" and p == "config:Env" and isinstance(d.before, list) and isinstance(d.after, list):
        if set(d.after) <= set(d.before):
            return "build-only ENV not in the runtime stage"
    return None


def _rule_labels(d: Difference, facts: Facts) -> str | None:
    """Expected effects of labels added, MAINTAINER replaced."""
    p = d.path
    if d.kind == "config" and p == "config:Labels":
        b, a = d.before or {}, d.after or {}
        if all(a.get(k) == v for k, v in b.items()):
            return "labels added"
    if d.kind == "config" and p == "config:Author" and d.after is None:
        return "MAINTAINER (author field) replaced by a label"
    return None


def _rule_command_form(d: Difference, facts: Facts) -> str | None:
    """Expected effects of shell form to exec form."""
    p = d.path
    if d.kind == "config" and p in ("config:Cmd", "config:Entrypoint", "config:Healthcheck"):
        return "shell form to exec form"
    return None


def _rule_secrets(d: Difference, facts: Facts) -> str | None:
    """Expected effects of secrets out of ENV."""
    p = d.path
    if d.kind == "config" and p == "config:Env" and set(d.after or []) <= set(d.before or []):
        return "secret no longer in the image's ENV"
    return None


def _rule_workdir(d: Difference, facts: Facts) -> str | None:
    """Expected effects of WORKDIR instead of cd."""
    p = d.path
    if d.kind == "config" and p == "config:WorkingDir":
        return "WORKDIR set"
    if d.kind == "added" and facts.after.entries.get(p) is not None and facts.after.entries[p].type == "dir":
        return "directory created by WORKDIR"
    return None


_RULES: dict[str, Callable[[Difference, Facts], str | None]] = {
    "apt-lists": _rule_apt_lists,
    "package-caches": _rule_package_caches,
    "recommends": _rule_recommends,
    "user": _rule_user,
    "archive": _rule_archive,
    "runtime-stage": _rule_runtime_stage,
    "labels": _rule_labels,
    "command-form": _rule_command_form,
    "secrets": _rule_secrets,
    "workdir": _rule_workdir,
}


def classify(diffs: list[Difference], facts: Facts, declared: dict[str, tuple[str, ...]]) -> list[Difference]:
    """Mark each difference expected / ignored / unexpected (in place; also returned).

    ``declared`` maps a transform name to the kinds it declares.
    """
    for d in diffs:
        d.status, d.reason, d.transform = "unexpected", "", None
        for name, kinds in declared.items():
            for k in kinds:
                why = _rule_applies(k, d, facts)
                if why:
                    d.status, d.reason, d.transform = "expected", why, name
                    break
            if d.status == "expected":
                break
        if d.status == "unexpected" and d.kind != "config":
            why = volatile_reason(d.path)
            if why:
                d.status, d.reason = "ignored", why
    return diffs
