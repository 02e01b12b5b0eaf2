"""Shared helpers for the package-manager transforms (apk, pip, yum/dnf/zypper,
yarn, gem, wget): finding commands in RUNs, inserting flags, appending a
clean-up command in the RUN's own continuation style, removing owned parts of
an ``a && b && c`` chain, and reading ``RUN --mount=type=cache`` targets.

Legacy: the tool parsers moved to ``dockfix.shell.tools`` and the edit
builders to ``dockfix.fixing.shell_edits`` (re-exported here until the last
importers move)."""

from __future__ import annotations

import posixpath
import re
from typing import Iterator

from dockfix.fixing.shell_edits import append_command, insert_after, remove_part  # noqa: F401  (re-exports)
from dockfix.shell.tools import always_runs, arg_index, guard, has_option, last_statement, named_dirs  # noqa: F401
from dockfix.semantic.model import model_of



def shell_runs(doc) -> Iterator[tuple[object, object, object]]:
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










_ALPINE = re.compile(r"(?i)(^|[/:@_.-])(alpine|busybox)")


def stage_chain(doc, stage):
    """The stage and the stages it is built FROM, nearest first."""
    seen = set()
    st = stage
    while st is not None and st.index not in seen:
        seen.add(st.index)
        yield st
        if not st.image:
            return
        parent = doc.stage_named(st.image)
        if parent is None or parent.index >= st.index:
            return
        st = parent


def stage_image(doc, stage) -> str | None:
    """The external image a stage is finally built from (global ARGs substituted)."""
    from dockfix.semantic.variables import resolve_image

    last = None
    for st in stage_chain(doc, stage):
        last = st
    if last is None:
        return None
    return resolve_image(doc, last)


def stage_uses(doc, stage, names: set[str], before=None) -> bool:
    """Whether a RUN of the stage (or the stages it is built from) calls one of ``names``."""
    for st in stage_chain(doc, stage):
        for ins in st.instructions:
            if before is not None and ins is before:
                break
            if ins.cmd != "RUN":
                continue
            view = model_of(doc).shell_view(ins)
            if view is None or view.has_error:
                continue
            if any(base(c.name) in names for c in view.commands()):
                return True
    return False


def is_alpine_like(doc, stage) -> bool | None:
    """True when the stage is (probably) busybox-based, False when it is
    probably a GNU userland, None when unknown."""
    if stage is None:
        return None
    img = stage_image(doc, stage)
    if img and _ALPINE.search(img):
        return True
    if stage_uses(doc, stage, {"apk"}):
        return True
    if stage_uses(doc, stage, {"apt-get", "apt", "yum", "dnf", "microdnf", "zypper", "tdnf"}):
        return False
    if img:
        repo = img.split("@", 1)[0]
        name = repo.rsplit(":", 1)[0] if ":" in repo.rsplit("/", 1)[-1] else repo
        short = name.rsplit("/", 1)[-1].lower()
        if short in _GNU_IMAGES and (name.count("/") == 0 or name.startswith(("library/", "docker.io/library/"))):
            return False
    return None


# official images whose default variants have a GNU userland (Debian/Ubuntu/RHEL based)
_GNU_IMAGES = {
    "debian", "ubuntu", "centos", "fedora", "rockylinux", "almalinux", "amazonlinux", "oraclelinux",
    "opensuse", "python", "node", "golang", "openjdk", "eclipse-temurin", "ruby", "php", "perl",
    "rust", "buildpack-deps", "maven", "gradle", "r-base", "julia", "haskell", "elixir", "erlang",
    "nginx", "httpd", "postgres", "mysql", "mariadb", "redis", "mongo", "tomcat", "gcc", "clojure",
    "swift", "dart", "kong", "jenkins", "sonarqube", "wordpress", "ghost", "drupal", "odoo",
}
