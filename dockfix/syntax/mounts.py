"""RUN --mount flags: the type and target of each mount, as BuildKit reads them."""

from __future__ import annotations

import posixpath


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
