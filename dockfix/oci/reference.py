"""Image references per the distribution reference grammar.

Parsing and Docker Hub normalisation are done by ``docker-image-py`` (a
maintained port of github.com/distribution/reference: ``python`` ->
``docker.io/library/python``, ``host:port/ns/repo``, ``localhost``, nested
repositories, ``tag@digest``, lower-case rule).  This module wraps it in a
small value type with what the registry client needs (API host, repository
path, cache key) and turns its exceptions into ``RefError`` with a readable
message.  The library is imported lazily: it compiles its patterns on import
(about 25 ms, a sixth of a one-file run).  The references most Dockerfiles use,
``name[:tag]`` and ``org/name[:tag]`` on Docker Hub, are read by one strict
pattern of the same grammar first; anything else goes to the library
(tests/test_oci.py checks that both agree on every reference of the corpus).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

DOCKER_HUB = "docker.io"
DOCKER_HUB_API = "registry-1.docker.io"
_DIGEST_RE = re.compile(r"^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$")
_SHA256_RE = re.compile(r"^sha256:[a-f0-9]{64}$")


_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
# a Docker Hub reference without a registry: one component (library/), or two whose first has no
# dot (a dot, a colon or "localhost" would make it a registry host); an optional tag
_HUB_SIMPLE = re.compile(rf"^(?:({_COMPONENT})|([a-z0-9]+(?:(?:_|__|-+)[a-z0-9]+)*)/({_COMPONENT}))"
                         r"(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?$")


class RefError(ValueError):
    """An image reference that does not follow the grammar."""


@dataclass(frozen=True, slots=True)
class ImageRef:
    original: str
    domain: str  # canonical registry: docker.io, ghcr.io, localhost:5000, [::1]:5000
    path: str  # repository inside it: library/python
    tag: str | None
    digest: str | None

    @property
    def name(self) -> str:
        return f"{self.domain}/{self.path}"

    @property
    def api_host(self) -> str:
        """host[:port] to talk to (Docker Hub's API is not at docker.io)."""
        return DOCKER_HUB_API if self.domain == DOCKER_HUB else self.domain

    @property
    def effective_tag(self) -> str:
        return self.tag or "latest"

    @property
    def key(self) -> str:
        """Canonical ``domain/path:tag`` (the cache key of a tag lookup)."""
        return f"{self.name}:{self.effective_tag}"

    def __str__(self) -> str:
        s = self.name
        if self.tag:
            s += ":" + self.tag
        if self.digest:
            s += "@" + self.digest
        return s


@functools.lru_cache(maxsize=4096)
def parse(text: str) -> ImageRef:
    """Parse and normalise a reference; raise ``RefError`` on bad input."""
    if not text:
        raise RefError("empty image reference")
    if text != text.strip():
        raise RefError(f"invalid reference format: {text!r}")
    simple = _hub_simple(text)
    if simple is not None:
        return simple
    from docker_image import reference as dr

    try:
        ref = dr.Reference.parse_normalized_named(text)
    except dr.InvalidReference as e:
        msg = e.args[0] if e.args else "invalid reference format"
        if not isinstance(msg, str):
            msg = "invalid reference format"
        if "%s" in msg:  # the library leaves some messages unformatted
            msg = msg.replace("%s", text)
        raise RefError(f"{msg}: {text}") from None
    except Exception as e:  # noqa: BLE001 - the library's own bugs must not escape
        raise RefError(f"invalid reference format: {text} ({type(e).__name__})") from None
    domain, path = ref.domain(), ref.path()
    if not domain or not path:
        raise RefError(f"invalid reference format: {text}")
    if domain.lower() != domain and not any(c in domain for c in ".:"):
        # upper case in the first component: distribution treats it as a host,
        # Docker rejects it as a repository name
        raise RefError(f"invalid reference format: repository name must be lowercase: {text}")
    digest = ref["digest"]
    if digest is not None and not _DIGEST_RE.match(digest):
        raise RefError(f"invalid digest format: {text}")
    return ImageRef(text, domain, path, ref["tag"], digest)


def _hub_simple(text: str) -> ImageRef | None:
    """``python:3.12``, ``bitnami/redis`` (Docker Hub, no digest) without the library; None otherwise."""
    m = _HUB_SIMPLE.match(text)
    if m is None:
        return None
    one, org, name, tag = m.groups()
    path = f"library/{one}" if one is not None else f"{org}/{name}"
    if one == "localhost" or org == "localhost" or len(DOCKER_HUB) + 1 + len(path) > 255:
        return None  # the library's answer (and message) for these
    return ImageRef(text, DOCKER_HUB, path, tag, None)


def is_sha256(digest: str) -> bool:
    return bool(_SHA256_RE.match(digest))


def host_only(hostport: str) -> str:
    """``[::1]:5000`` -> ``::1``; ``localhost:5000`` -> ``localhost``."""
    if hostport.startswith("["):
        return hostport[1: hostport.index("]")] if "]" in hostport else hostport
    return hostport.rsplit(":", 1)[0] if hostport.count(":") == 1 else hostport


def is_loopback(hostport: str) -> bool:
    """``localhost``, 127.0.0.0/8 and ``::1`` (Docker's implicit insecure registries)."""
    import ipaddress

    h = host_only(hostport).lower()
    if h == "localhost":
        return True
    try:
        return ipaddress.ip_address(h).is_loopback
    except ValueError:
        return False
