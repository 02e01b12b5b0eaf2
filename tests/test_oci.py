"""Image references and the registry client (dockfix.oci)."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from registry_fixture import isolated_cache  # noqa: F401  (fixture)

from dockfix.oci import reference as imageref
from dockfix.oci.client import Credentials, RegistryClient, normalize_platform


def _docker_config(tmp_path: Path, data: dict) -> Path:
    d = tmp_path / "docker-config"
    d.mkdir(exist_ok=True)
    (d / "config.json").write_text(json.dumps(data))
    return d


@pytest.mark.parametrize("text,name,tag,digest", [
    ("python", "docker.io/library/python", None, None),
    ("python:3.12-slim", "docker.io/library/python", "3.12-slim", None),
    ("bitnami/redis:7", "docker.io/bitnami/redis", "7", None),
    ("index.docker.io/library/alpine:3", "docker.io/library/alpine", "3", None),
    ("localhost/app", "localhost/app", None, None),
    ("localhost:5000/a/b/c:t", "localhost:5000/a/b/c", "t", None),
    ("ghcr.io/org/team/img:1@sha256:" + "a" * 64, "ghcr.io/org/team/img", "1", "sha256:" + "a" * 64),
    ("[::1]:5000/x:y", "[::1]:5000/x", "y", None),
])
def test_reference_normalisation(text, name, tag, digest):
    r = imageref.parse(text)
    assert (r.name, r.tag, r.digest) == (name, tag, digest)


@pytest.mark.parametrize("text", ["Python:3", "Foo/bar", "python:", "a:b:c", "ubuntu@sha256:abc", "", " python"])
def test_reference_errors(text):
    with pytest.raises(imageref.RefError):
        imageref.parse(text)


def test_docker_hub_api_host_and_key():
    r = imageref.parse("python")
    assert r.api_host == "registry-1.docker.io"
    assert r.key == "docker.io/library/python:latest"


def test_plain_http_only_for_loopback_or_insecure():
    c = RegistryClient(insecure=["reg.example:5000"])
    assert c._allows_http("localhost:5000")
    assert c._allows_http("127.3.4.5:80")
    assert c._allows_http("[::1]:5000")
    assert c._allows_http("reg.example:5000")
    assert not c._allows_http("reg.example")
    assert not c._allows_http("ghcr.io")
    assert not c._allows_http("10.0.0.1:5000")


def test_platform_normalisation():
    assert normalize_platform("linux/arm64/v8") == "linux/arm64"
    assert normalize_platform("Linux/x86_64") == "linux/amd64"
    assert normalize_platform("linux/arm/v7") == "linux/arm/v7"
    assert normalize_platform("linux") is None


def test_retry_after_forms():
    import email.utils
    import time

    from dockfix.oci.client import _retry_after

    assert _retry_after("3") == 3.0
    assert _retry_after(None) is None and _retry_after("soon") is None
    later = email.utils.formatdate(time.time() + 30, usegmt=True)
    assert 25 <= _retry_after(later) <= 31


def test_docker_config_keys(tmp_path):
    hub = base64.b64encode(b"hubuser:hubpw").decode()
    d = _docker_config(tmp_path, {"auths": {
        "https://index.docker.io/v1/": {"auth": hub},
        "https://ghcr.io": {"username": "gh", "password": "ghpw"},
        "quay.io": {"auth": base64.b64encode(b"no-colon").decode()},
    }})
    c = Credentials(str(d))
    assert c.get("registry-1.docker.io") == ("hubuser", "hubpw")
    assert c.get("docker.io") == ("hubuser", "hubpw")
    assert c.get("ghcr.io") == ("gh", "ghpw")
    assert c.get("quay.io") is None
    assert c.get("example.com") is None


def _library_answer(text: str):
    from docker_image import reference as dr

    try:
        ref = dr.Reference.parse_normalized_named(text)
    except Exception:  # noqa: BLE001 - any refusal
        return "error"
    return ref.domain(), ref.path(), ref["tag"], ref["digest"]


_EDGE_REFS = ["python", "python:3.12", "a/b", "a.b/c", "a.b", "localhost", "localhost/x", "localhost:5000/x",
              "Python:3", "org/Name", "a__b", "a___b", "a--b/c-d:1.0", "x:" + "a" * 128, "x:" + "a" * 129, "x:-a",
              "org_x/y", "org.x/y", "a/b/c", "x@sha256:" + "0" * 64, "x:1@sha256:" + "0" * 64, "_x", "x_", "x.-y"]


def test_simple_hub_references_read_like_the_library():
    """The fast path for plain Docker Hub references gives what docker-image-py gives, on edge
    cases and on every FROM reference of the corpus; what it does not take goes to the library."""
    import re

    from conftest import corpus_files

    refs = set(_EDGE_REFS)
    for f in corpus_files():
        text = f.read_text(errors="replace")
        refs.update(re.findall(r"(?im)^\s*FROM\s+(?:--\S+\s+)*(\S+)", text))
    taken = 0
    for text in sorted(refs):
        fast = imageref._hub_simple(text)
        if fast is None:
            continue
        taken += 1
        assert (fast.domain, fast.path, fast.tag, fast.digest) == _library_answer(text), text
    assert taken >= 8  # the edge cases alone (the corpus adds a thousand where it is present)
    assert imageref._hub_simple("localhost/x") is None and imageref._hub_simple("a.b/c") is None
    assert imageref.parse("localhost/x").domain == "localhost"
