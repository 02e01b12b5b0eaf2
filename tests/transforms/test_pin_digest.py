"""pin-digest: Pin base images to the digest their tag serves (tag@sha256:...) (opt-in)."""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from fixcase import assert_noop, result
from registry_fixture import (  # noqa: F401  (isolated_cache: a fixture)
    BINARY,
    Fault,
    FaultProxy,
    isolated_cache,
    push_image,
    push_index,
    start_registry,
)

from dockfix.fixing.config import Settings
from dockfix.fixing.engine import fix_text
from dockfix.oci.client import Credentials, Resolver

pytestmark = [pytest.mark.registry]


@pytest.fixture(scope="session")
def registry(tmp_path_factory):
    if not os.path.exists(BINARY):
        pytest.skip("Debian's docker-registry is not installed (apt-get install docker-registry)")
    reg = start_registry(tmp_path_factory.mktemp("registry"))
    reg.images = {
        "one": push_image(reg, "lib/one", "1.0")[0],
        "multi": push_index(reg, "lib/multi", "2"),
        "dock": push_index(reg, "team/sub/dock", "1", docker=True),
    }
    yield reg
    reg.stop()


@pytest.fixture(scope="session")
def auth_registry(tmp_path_factory):
    if not os.path.exists(BINARY):
        pytest.skip("Debian's docker-registry is not installed (apt-get install docker-registry)")
    reg = start_registry(tmp_path_factory.mktemp("auth-registry"), user="alice", password="s3cret-pw-9f2")
    reg.images = {"app": push_image(reg, "priv/app", "1")[0]}
    yield reg
    reg.stop()


@pytest.fixture
def proxy(registry):
    p = FaultProxy(registry.host)
    yield p
    p.close()


def resolver_of(shared: dict) -> Resolver:
    return next(v for v in shared.values() if isinstance(v, Resolver))


def manifest_requests(proxy: FaultProxy) -> list[tuple[str, str]]:
    return [(m, p) for m, p, _ in proxy.requests if "/manifests/" in p]


def _docker_config(tmp_path: Path, data: dict) -> Path:
    d = tmp_path / "docker-config"
    d.mkdir(exist_ok=True)
    (d / "config.json").write_text(json.dumps(data))
    return d


def test_pins_every_kind_of_reference(registry):
    H = registry.host
    one = registry.images["one"]
    idx, _ = registry.images["multi"]
    src = (
        f"ARG BASE={H}/lib/one:1.0\n"
        "FROM $BASE AS base\n"
        f"FROM --platform=linux/arm64 {H}/lib/multi:2 AS build\n"
        f"COPY --from={H}/lib/one:1.0 /etc/os-release /x\n"
        "COPY --from=base /a /b\n"
        "COPY --from=0 /a /b\n"
        f"RUN --mount=type=bind,from={H}/lib/multi:2,target=/m true\n"
        "FROM scratch\n"
        "COPY --from=build /a /b\n"
    )
    res = result(src, "pin-digest", unsafe=False, path="Dockerfile", shared={}, checks=False)
    assert res.output == (
        f"ARG BASE={H}/lib/one:1.0@{one}\n"
        "FROM $BASE AS base\n"
        f"FROM --platform=linux/arm64 {H}/lib/multi:2@{idx} AS build\n"
        f"COPY --from={H}/lib/one:1.0@{one} /etc/os-release /x\n"
        "COPY --from=base /a /b\n"
        "COPY --from=0 /a /b\n"
        f"RUN --mount=type=bind,from={H}/lib/multi:2@{idx},target=/m true\n"
        "FROM scratch\n"
        "COPY --from=build /a /b\n"
    )
    assert [f.line for f in res.applied] == [1, 3, 4, 7]
    assert not res.remaining


def test_digest_agrees_with_skopeo(registry):
    if not shutil.which("skopeo"):
        pytest.skip("skopeo is not installed")
    H = registry.host
    res = result(f"FROM {H}/lib/multi:2\nFROM {H}/lib/one:1.0\n", "pin-digest", unsafe=False, path="Dockerfile",
                 shared={}, checks=False)
    pinned = [ln.split("@", 1)[1] for ln in res.output.splitlines()]
    for ref, mine in zip(("lib/multi:2", "lib/one:1.0"), pinned):
        p = subprocess.run(["skopeo", "inspect", "--tls-verify=false", f"docker://{H}/{ref}"],
                           capture_output=True, text=True, timeout=60)
        assert p.returncode == 0, p.stderr
        assert json.loads(p.stdout)["Digest"] == mine


def test_index_digest_not_platform_digest(registry):
    H = registry.host
    idx, per = registry.images["dock"]
    res = result(f"FROM --platform=linux/arm64 {H}/team/sub/dock:1\n", "pin-digest", unsafe=False, path="Dockerfile",
                 shared={}, checks=False)
    assert res.output == f"FROM --platform=linux/arm64 {H}/team/sub/dock:1@{idx}\n"
    assert per["linux/arm64"] not in res.output


def test_existing_platform_pin_is_kept(registry):
    H = registry.host
    _, per = registry.images["multi"]
    src = f"FROM {H}/lib/multi:2@{per['linux/arm64']}\n"
    assert result(src, "pin-digest", unsafe=False, path="Dockerfile", shared={}, checks=False).output == src
    assert result(src, "pin-digest", unsafe=False, path="Dockerfile", options={"refresh-pins": "true"}, shared={},
                  checks=False).output == src  # still what the tag serves for arm64


def test_untagged_reference_gets_latest(registry):
    H = registry.host
    d = push_image(registry, "lib/plain", "latest")[0]
    res = result(f"FROM {H}/lib/plain\n", "pin-digest", unsafe=False, path="Dockerfile", shared={}, checks=False)
    assert res.output == f"FROM {H}/lib/plain:latest@{d}\n"


def test_refusals_and_noops(registry):
    H = registry.host
    src = (
        "ARG V=1.0\n"
        "ARG NODEF\n"
        f"ARG SHARED={H}/lib/one:1.0\n"
        f"FROM {H}/lib/one:$V AS a\n"
        "FROM $NODEF\n"
        "FROM ${SHARED}\n"
        "RUN echo $SHARED\n"
        f"FROM {H}/lib/one:1.0@{registry.images['one']}\n"
        "FROM a\n"
    )
    res = result(src, "pin-digest", unsafe=False, path="Dockerfile", shared={}, checks=False)
    assert res.output == src
    refused = {f.line: f.refused for f in res.remaining}
    assert "variables" in refused[4]
    assert "no default" in refused[5]
    assert "also used" in refused[6]
    assert set(refused) == {4, 5, 6}


def test_idempotent_and_no_requests_once_pinned(registry, proxy):
    H = proxy.host
    src = f"FROM {H}/lib/one:1.0\nCOPY --from={H}/lib/multi:2 /a /b\n"
    first = result(src, "pin-digest", unsafe=False, path="Dockerfile", shared={}, checks=False).output
    assert first != src
    proxy.reset()
    shared: dict = {}
    again = result(first, "pin-digest", unsafe=False, path="Dockerfile", shared=shared, checks=False)
    assert again.output == first
    assert proxy.requests == []


def test_failures_are_per_reference(registry):
    H = registry.host
    src = f"FROM {H}/lib/missing:1\nFROM {H}/lib/one:1.0\nFROM {H}/lib/one:nope\n"
    res = result(src, "pin-digest", unsafe=False, path="Dockerfile", shared={}, checks=False)
    lines = res.output.splitlines()
    assert lines[0] == f"FROM {H}/lib/missing:1"
    assert lines[1] == f"FROM {H}/lib/one:1.0@{registry.images['one']}"
    assert lines[2] == f"FROM {H}/lib/one:nope"
    refused = {f.line: f.refused for f in res.remaining}
    assert "404" in refused[1] and "404" in refused[3]


def test_network_down():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    res = result(f"FROM 127.0.0.1:{port}/x:1\n", "pin-digest", unsafe=False, path="Dockerfile",
                 options={"pin-retries": "0"}, shared={}, checks=False)
    assert res.output == f"FROM 127.0.0.1:{port}/x:1\n"
    assert "network error" in res.remaining[0].refused


def test_refresh_after_the_tag_moves(registry):
    H = registry.host
    old_idx, old_per = push_index(registry, "lib/moving", "1", salt="old")
    old_one = push_image(registry, "lib/moving-one", "1", salt="old")[0]
    src = (f"FROM {H}/lib/moving:1\n"
           f"FROM {H}/lib/moving:1@{old_per['linux/arm64']}\n"
           f"FROM {H}/lib/moving-one:1\n")
    pinned = result(src, "pin-digest", unsafe=False, path="Dockerfile", shared={}, checks=False).output
    assert pinned == (f"FROM {H}/lib/moving:1@{old_idx}\n"
                      f"FROM {H}/lib/moving:1@{old_per['linux/arm64']}\n"
                      f"FROM {H}/lib/moving-one:1@{old_one}\n")
    new_idx, new_per = push_index(registry, "lib/moving", "1", salt="new")
    new_one = push_image(registry, "lib/moving-one", "1", salt="new")[0]
    assert new_idx != old_idx and new_one != old_one
    # without --refresh-pins existing pins stay
    assert result(pinned, "pin-digest", unsafe=False, path="Dockerfile", shared={}, checks=False).output == pinned
    refreshed = result(pinned, "pin-digest", unsafe=False, path="Dockerfile", options={"refresh-pins": "true"},
                       shared={}, checks=False)
    assert refreshed.output == (f"FROM {H}/lib/moving:1@{new_idx}\n"
                                f"FROM {H}/lib/moving:1@{new_per['linux/arm64']}\n"
                                f"FROM {H}/lib/moving-one:1@{new_one}\n")
    # and a second refresh changes nothing
    assert result(refreshed.output, "pin-digest", unsafe=False, path="Dockerfile", options={"refresh-pins": "true"},
                  shared={}, checks=False).output == refreshed.output
    # a new reference to a refreshed tag in the same file gets the new digest, not the cached one
    # (the cache holds the second version; the tag now serves a third)
    v3_idx, v3_per = push_index(registry, "lib/moving", "1", salt="v3")
    mixed = f"FROM {H}/lib/moving:1@{new_per['linux/arm64']}\nCOPY --from={H}/lib/moving:1 /a /b\n"
    assert result(mixed, "pin-digest", unsafe=False, path="Dockerfile", options={"refresh-pins": "true"}, shared={},
                  checks=False).output == (f"FROM {H}/lib/moving:1@{v3_per['linux/arm64']}\n"
                                                      f"COPY --from={H}/lib/moving:1@{v3_idx} /a /b\n")


def test_warm_cache_makes_no_request(registry, proxy):
    H = proxy.host
    src = f"FROM {H}/lib/one:1.0\nFROM {H}/lib/multi:2\n"
    cold = result(src, "pin-digest", unsafe=False, path="Dockerfile", shared={}, checks=False)
    assert len(manifest_requests(proxy)) == 2
    proxy.reset()
    shared: dict = {}
    warm = result(src, "pin-digest", unsafe=False, path="Dockerfile", shared=shared, checks=False)
    assert warm.output == cold.output
    assert proxy.requests == []
    assert resolver_of(shared).requests == 0
    # an expired entry is looked up again
    result(src, "pin-digest", unsafe=False, path="Dockerfile", options={"pin-ttl": "0"}, shared={}, checks=False)
    assert len(manifest_requests(proxy)) == 2


def test_offline(registry, proxy):
    H = proxy.host
    src = f"FROM {H}/lib/one:1.0\n"
    res = result(src, "pin-digest", unsafe=False, path="Dockerfile", options={"offline": "true"}, shared={},
                 checks=False)
    assert res.output == src
    assert "not in the cache" in res.remaining[0].refused
    assert any("--offline" in n for n in res.notes)
    assert proxy.requests == []
    pinned = result(src, "pin-digest", unsafe=False, path="Dockerfile", shared={},
                    checks=False).output  # fills the cache
    proxy.reset()
    assert result(src, "pin-digest", unsafe=False, path="Dockerfile", options={"offline": "true", "pin-ttl": "0"},
                  shared={}, checks=False).output == pinned  # offline accepts stale entries
    assert proxy.requests == []


def test_htpasswd_registry_with_docker_config(auth_registry, tmp_path, monkeypatch):
    H = auth_registry.host
    src = f"FROM {H}/priv/app:1\n"
    res = result(src, "pin-digest", unsafe=False, path="Dockerfile", shared={}, checks=False)
    assert res.output == src
    assert "401" in res.remaining[0].refused
    auth = base64.b64encode(b"alice:s3cret-pw-9f2").decode()
    monkeypatch.setenv("DOCKER_CONFIG", str(_docker_config(tmp_path, {"auths": {f"http://{H}": {"auth": auth}}})))
    res = result(src, "pin-digest", unsafe=False, path="Dockerfile", shared={}, checks=False)
    assert res.output == f"FROM {H}/priv/app:1@{auth_registry.images['app']}\n"


def test_wrong_password_is_reported_not_printed(auth_registry, tmp_path, monkeypatch, run_cli):
    H = auth_registry.host
    auth = base64.b64encode(b"alice:wrong-pw-77").decode()
    monkeypatch.setenv("DOCKER_CONFIG", str(_docker_config(tmp_path, {"auths": {H: {"auth": auth}}})))
    (tmp_path / "Dockerfile").write_text(f"FROM {H}/priv/app:1\n")
    p = run_cli("--select", "pin-digest", "Dockerfile")
    out = (p.stdout + p.stderr).decode()
    assert p.returncode == 1, out  # a finding, nothing fixable
    assert "Dockerfile:1:6: pin-digest " in out
    assert "rejected" in out
    assert "wrong-pw-77" not in out and auth not in out


def test_credential_helper(auth_registry, tmp_path, monkeypatch):
    H = auth_registry.host
    bindir = tmp_path / "bin"
    bindir.mkdir()
    helper = bindir / "docker-credential-dockfixtest"
    helper.write_text(f"#!{sys.executable}\nimport sys, json\nhost = sys.stdin.read().strip()\n"
                      f"print(json.dumps({{'ServerURL': host, 'Username': 'alice', 'Secret': 's3cret-pw-9f2'}}))\n")
    helper.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bindir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("DOCKER_CONFIG", str(_docker_config(tmp_path, {"credHelpers": {H: "dockfixtest"}})))
    assert Credentials().get(H) == ("alice", "s3cret-pw-9f2")
    res = result(f"FROM {H}/priv/app:1\n", "pin-digest", unsafe=False, path="Dockerfile", shared={}, checks=False)
    assert res.output == f"FROM {H}/priv/app:1@{auth_registry.images['app']}\n"
    monkeypatch.setenv("DOCKER_CONFIG", str(_docker_config(tmp_path, {"credsStore": "dockfixtest"})))
    assert Credentials().get(H) == ("alice", "s3cret-pw-9f2")


def test_anonymous_bearer_token_flow(registry):
    p = FaultProxy(registry.host, bearer=True)
    try:
        res = result(f"FROM {p.host}/lib/one:1.0\n", "pin-digest", unsafe=False, path="Dockerfile", shared={},
                     checks=False)
        assert res.output == f"FROM {p.host}/lib/one:1.0@{registry.images['one']}\n"
        token_requests = [path for _, path, _ in p.requests if path.startswith("/token")]
        assert len(token_requests) == 1 and "scope=repository%3Alib%2Fone%3Apull" in token_requests[0]
    finally:
        p.close()


def test_docker_hub_mirror(registry):
    # docker.io/lib/one through a mirror: the local registry serves it
    res = result("FROM lib/one:1.0\n", "pin-digest", unsafe=False, path="Dockerfile",
                 options={"registry-mirrors": registry.host}, shared={}, checks=False)
    assert res.output == f"FROM lib/one:1.0@{registry.images['one']}\n"


def test_429_with_retry_after_is_retried(registry, proxy):
    proxy.faults.append(Fault(429, {"Retry-After": "1"}, path_contains="/manifests/"))
    res = result(f"FROM {proxy.host}/lib/one:1.0\n", "pin-digest", unsafe=False, path="Dockerfile", shared={},
                 checks=False)
    assert res.output == f"FROM {proxy.host}/lib/one:1.0@{registry.images['one']}\n"
    idx = [i for i, (_, p, _) in enumerate(proxy.requests) if "/manifests/" in p]
    assert len(idx) == 2
    assert proxy.times[idx[1]] - proxy.times[idx[0]] >= 0.9  # waited as told


def test_5xx_is_retried_then_given_up(registry, proxy):
    proxy.faults.append(Fault(503, path_contains="/lib/one/manifests/", times=2))
    proxy.faults.append(Fault(500, path_contains="/lib/multi/manifests/", times=50))
    src = f"FROM {proxy.host}/lib/one:1.0\nFROM {proxy.host}/lib/multi:2\n"
    res = result(src, "pin-digest", unsafe=False, path="Dockerfile", options={"pin-retries": "2"}, shared={},
                 checks=False)
    lines = res.output.splitlines()
    assert lines[0].endswith(registry.images["one"])
    assert lines[1] == f"FROM {proxy.host}/lib/multi:2"
    assert "HTTP 500" in res.remaining[0].refused and "3 tries" in res.remaining[0].refused


def test_injected_401_and_malformed_manifest(registry, proxy):
    proxy.faults.append(Fault(401, path_contains="/lib/one/manifests/", times=50))
    proxy.faults.append(Fault(200, {"Content-Type": "application/json"}, path_contains="/lib/multi/manifests/", times=50))
    src = f"FROM {proxy.host}/lib/one:1.0\nFROM {proxy.host}/lib/multi:2\nFROM {proxy.host}/team/sub/dock:1\n"
    res = result(src, "pin-digest", unsafe=False, path="Dockerfile", shared={}, checks=False)
    lines = res.output.splitlines()
    assert lines[:2] == src.splitlines()[:2]
    assert lines[2].endswith(registry.images["dock"][0])
    refused = {f.line: f.refused for f in res.remaining}
    assert "401" in refused[1]
    assert "malformed" in refused[2]


def test_timeout(registry, proxy):
    proxy.faults.append(Fault(200, delay=1.5, path_contains="/manifests/", times=5))
    res = result(f"FROM {proxy.host}/lib/one:1.0\n", "pin-digest", unsafe=False, path="Dockerfile",
                 options={"pin-timeout": "0.3", "pin-retries": "1"}, shared={}, checks=False)
    assert res.output == f"FROM {proxy.host}/lib/one:1.0\n"
    assert "timed out" in res.remaining[0].refused


def test_cli_pin_diff(registry, tmp_path, run_cli):
    H = registry.host
    (tmp_path / "Dockerfile").write_text(f"FROM {H}/lib/one:1.0\r\nRUN true\r\n")
    p = run_cli("--select", "pin-digest", "--fix", "Dockerfile", env={"DOCKFIX_CACHE_DIR": str(tmp_path / "c")})
    assert p.returncode == 0, p.stderr
    assert (tmp_path / "Dockerfile").read_bytes() == f"FROM {H}/lib/one:1.0@{registry.images['one']}\r\nRUN true\r\n".encode()
    p = run_cli("--select", "pin-digest", "--offline", "--check", "Dockerfile", env={"DOCKFIX_CACHE_DIR": str(tmp_path / "c")})
    assert p.returncode == 0, p.stderr


@pytest.mark.corpus
def test_corpus_pins_parse_and_are_idempotent(monkeypatch):
    """Every reference in the corpus pinned to a made-up digest: outputs parse (ours and
    BuildKit's), a second run changes nothing, no fix is dropped."""
    import hashlib

    import dockerfile
    from conftest import corpus_files

    from dockfix.oci.client import OCI_INDEX, Manifest
    from dockfix.syntax.cst import decode, parse

    files = corpus_files()
    if not files:
        pytest.skip("../shared/corpus not present")

    def fake_lookup(self, refs, fresh=()):
        return {r.key: Manifest("sha256:" + hashlib.sha256(r.key.encode()).hexdigest(), OCI_INDEX, [])
                for r in refs}

    monkeypatch.setattr(Resolver, "lookup", fake_lookup)
    settings = Settings(select=("pin-digest",), options={"edit-generated": True})  # generated files too
    bad, pinned = [], 0
    for p in files:
        text = decode(p.read_bytes())
        res = fix_text(text, str(p), settings)
        if res.parse_error is not None:
            continue
        if res.errors:
            bad.append(f"{p}: {res.errors}")
            continue
        pinned += len(res.applied)
        if not res.changed:
            continue
        if parse(res.output).errors:
            bad.append(f"{p}: output does not parse")
            continue
        try:
            dockerfile.parse_string(res.output)
        except Exception as e:  # noqa: BLE001 - the oracle's error type
            bad.append(f"{p}: buildkit: {e}")
            continue
        again = fix_text(res.output, str(p), settings)
        if again.output != res.output:
            bad.append(f"{p}: second run changed it")
    assert not bad, "\n".join(bad[:10])
    assert pinned > len(files)  # nearly every file has a FROM to pin


def test_quoted_values_keep_their_quotes(registry):
    H = registry.host
    one = registry.images["one"]
    src = f'ARG IMG="{H}/lib/one:1.0"\nFROM ${{IMG}}\nCOPY --from="{H}/lib/one:1.0" /a /b\n'
    assert result(src, "pin-digest", unsafe=False, path="Dockerfile", shared={},
                  checks=False).output == f'ARG IMG="{H}/lib/one:1.0@{one}"\nFROM ${{IMG}}\nCOPY --from="{H}/lib/one:1.0@{one}" /a /b\n'


def test_refresh_of_a_pin_the_registry_no_longer_has(registry):
    H = registry.host
    idx, per = registry.images["multi"]
    gone = "sha256:" + "0" * 64
    src = f"FROM --platform=linux/arm64 {H}/lib/multi:2@{gone}\nFROM {H}/lib/multi:2@{gone}\n"
    res = result(src, "pin-digest", unsafe=False, path="Dockerfile", options={"refresh-pins": "true"}, shared={},
                 checks=False)
    assert res.output == f"FROM --platform=linux/arm64 {H}/lib/multi:2@{per['linux/arm64']}\nFROM {H}/lib/multi:2@{gone}\n"
    assert "cannot tell which platform" in res.remaining[0].refused


def test_pins_answer_hadolint_dl3006_dl3007(registry, tmp_path):
    hadolint = shutil.which("hadolint")
    if not hadolint:
        pytest.skip("hadolint is not installed")
    H = registry.host
    push_image(registry, "lib/plain", "latest")
    src = f"FROM {H}/lib/plain\nRUN true\nFROM {H}/lib/plain:latest\nRUN true\n"

    def codes(text):
        f = tmp_path / "Dockerfile"
        f.write_text(text)
        p = subprocess.run([hadolint, "--no-color", "--format", "json", str(f)], capture_output=True, text=True)
        return {d["code"] for d in json.loads(p.stdout or "[]")}

    assert {"DL3006", "DL3007"} <= codes(src)
    out = result(src, "pin-digest", unsafe=False, path="Dockerfile", shared={}, checks=False).output
    assert out != src
    assert not {"DL3006", "DL3007"} & codes(out)


def test_a_run_over_many_files_resolves_them_together(registry, proxy, tmp_path, run_cli):
    """The references of every file are resolved before the files are processed (one ping,
    worker processes inherit the results), and every file gets its pin."""
    H = proxy.host
    digests = {}
    for i in range(6):
        digests[i] = push_image(registry, "lib/many", f"t{i}", salt=f"many{i}")[0]
        d = tmp_path / "proj" / f"svc{i}"
        d.mkdir(parents=True)
        (d / "Dockerfile").write_text(f"FROM {H}/lib/many:t{i}\n")
    p = run_cli("--select", "pin-digest", "--fix", "-j", "2", "proj", env={"DOCKFIX_CACHE_DIR": str(tmp_path / "c")})
    assert p.returncode == 0, p.stderr
    for i in range(6):
        assert (tmp_path / "proj" / f"svc{i}" / "Dockerfile").read_text() == f"FROM {H}/lib/many:t{i}@{digests[i]}\n"
    pings = [path for _, path, _ in proxy.requests if path == "/v2/"]
    assert len(pings) == 1
    assert len(manifest_requests(proxy)) == 6


def test_offline_without_a_cached_digest_is_refused():
    assert_noop("FROM python:3.12\n", "pin-digest", options={"offline": True}, refused="not in the cache (--offline)")


def test_a_reference_pinned_to_a_digest_is_left_alone():
    res = assert_noop("FROM python:3.12@sha256:" + "b" * 64 + "\n", "pin-digest", options={"offline": True})
    assert res.remaining == []
