"""base-image: Base images: a versioned tag instead of latest, trusted publishers, -slim/-alpine variants."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from dockfix.transforms.images import base_image as bi
from fixcase import assert_fix, assert_noop, result
from registry_fixture import BINARY, isolated_cache, push_image, push_index, start_registry, versioned_registry  # noqa: F401  (fixtures)

from dockfix.fixing.config import Settings
from dockfix.fixing.edit import DISPLAY_ONLY
from dockfix.fixing.engine import fix_text


def findings(res, part=""):
    return [f for f in res.remaining if part in f.message]


def test_latest_replaced_by_most_specific_version_tag(registry):
    src = f"FROM {registry.host}/lib/base:latest AS app\nRUN true\n"
    res = result(src, "base-image", unsafe=False, path="Dockerfile", options={"pin": True}, shared={}, checks=False)
    assert res.output == f"FROM {registry.host}/lib/base:1.2.3 AS app\nRUN true\n"
    again = result(res.output, "base-image", unsafe=False, path="Dockerfile", options={"pin": True}, shared={},
                   checks=False)
    assert again.output == res.output and not findings(again, "pushed")


def test_untagged_gets_the_tag_inserted(registry):
    res = result(f"FROM {registry.host}/lib/base\n", "base-image", unsafe=False, path="Dockerfile",
                 options={"pin": True}, shared={}, checks=False)
    assert res.output == f"FROM {registry.host}/lib/base:1.2.3\n"


def test_pinned_digest_decides_the_tag_and_is_kept(registry):
    src = f"FROM {registry.host}/lib/base:latest@{registry.older}\n"
    res = result(src, "base-image", unsafe=False, path="Dockerfile", options={"pin": True}, shared={}, checks=False)
    assert res.output == f"FROM {registry.host}/lib/base:1.1.0@{registry.older}\n"


def test_with_pin_digest_both_converge(registry):
    src = f"FROM {registry.host}/lib/base\n"
    res = result(src, ("base-image", "pin-digest"), unsafe=False, path="Dockerfile", options={"pin": True}, shared={},
                 checks=False)
    assert res.output == f"FROM {registry.host}/lib/base:1.2.3@{registry.current}\n"


def test_no_version_tag_refused(registry):
    res = result(f"FROM {registry.host}/lib/nover:latest\n", "base-image", unsafe=False, path="Dockerfile",
                 options={"pin": True}, shared={}, checks=False)
    assert res.output == f"FROM {registry.host}/lib/nover:latest\n"
    [f] = findings(res, "pushed")
    assert f.refused and "no version tag" in f.refused


def test_unreachable_registry_refused():
    res = result("FROM 127.0.0.1:9/lib/x:latest\n", "base-image", unsafe=False, path="Dockerfile",
                 options={"pin": True, "pin-retries": 0, "pin-timeout": 1}, shared={}, checks=False)
    [f] = findings(res, "pushed")
    assert f.refused and f.fix is None


def test_without_pin_report_only_no_network():
    res = result("FROM ubuntu\nFROM debian:latest\n", "base-image", unsafe=False, path="Dockerfile", shared={},
                 checks=False)
    assert res.output == "FROM ubuntu\nFROM debian:latest\n"
    fs = findings(res, "pushed")
    assert [("DL3006" in f.message, "DL3007" in f.message) for f in fs] == [(True, False), (False, True)]
    # official images: the version tag of the same image, from the record's alias groups (display-only)
    from dockfix.semantic import official_images as oi

    for f, name in zip(fs, ("ubuntu", "debian")):
        named = oi.version_of(name, "latest")
        assert named in oi.data().repository(name).aliases("latest")
        assert f.fix is not None and f.fix.applicability == DISPLAY_ONLY and f"{name}:{named}" in f.message
    res = result("FROM myorg/app\n", "base-image", unsafe=False, path="Dockerfile", shared={}, checks=False)
    [f] = findings(res, "pushed")
    assert f.fix is None and "--pin" in f.refused


def test_offline_report_only(registry):
    res = result(f"FROM {registry.host}/lib/base:latest\n", "base-image", unsafe=False, path="Dockerfile",
                 options={"pin": True, "offline": True}, shared={}, checks=False)
    assert res.output == f"FROM {registry.host}/lib/base:latest\n"
    [f] = findings(res, "pushed")
    assert "offline" in f.refused


def test_tags_listing_follows_pages(registry):
    from dockfix.oci import reference as imageref
    from dockfix.oci.client import RegistryClient

    c = RegistryClient()
    try:
        tags = c.tags(imageref.parse(f"{registry.host}/lib/base"), page_size=2)
    finally:
        c.close()
    assert sorted(tags) == sorted(["latest", "1", "1.2", "1.2.3", "noble", "1.1.0", "1.1", "0.9"])


@pytest.mark.parametrize("image,trusted", [
    ("python:3.12", True), ("docker.io/library/node:20", True), ("library/redis:7", True),
    ("public.ecr.aws/docker/library/python:3.12", True), ("bitnami/redis:7", True),
    ("mcr.microsoft.com/dotnet/sdk:8.0", True), ("gcr.io/distroless/static:nonroot", True),
    ("arm64v8/debian:12", True), ("arm64v8/notanofficialimage:1", False), ("microsoft/dotnet:2.1-sdk", True),
    ("myorg/app:1", False), ("ghcr.io/acme/base:1", False), ("notanofficialimage:1", False),
    ("public.ecr.aws/docker/library/notanofficialimage:1", False),
])
def test_trust_defaults(image, trusted):
    from dockfix.oci import reference as imageref

    assert (bi.trust(imageref.parse(image), {}) is not None) == trusted


def test_official_list_is_package_data_with_date():
    from importlib.resources import files

    from dockfix.semantic import official_images as oi

    assert files("dockfix").joinpath("data/official_images.dat").is_file()
    assert {"python", "node", "ubuntu", "alpine"} <= bi.official_images()
    assert "myorg" not in bi.official_images()
    assert files("dockfix").joinpath("data/verified_publishers.txt").is_file()
    names, source, date = oi.verified_publishers()
    assert source.startswith("the Verified Publisher badge") and len(date) == 10 and "bitnami" in names


def test_verified_publishers_extended_by_config():
    src = "FROM acmecorp/base:1\nFROM bitnami/redis:7\n"
    res = result(src, "base-image", unsafe=False, path="Dockerfile", shared={}, checks=False)
    assert [f.line for f in findings(res, "allow-list")] == [1]
    res = result(src, "base-image", unsafe=False, path="Dockerfile", options={"verified-publishers": ["acmecorp"]},
                 shared={}, checks=False)
    assert findings(res, "allow-list") == []


@pytest.mark.parametrize("src,suggested", [
    ("FROM python:3.12\n", "python:3.12-slim"),
    ("FROM python:3.12-bookworm\n", "python:3.12-slim-bookworm"),
    ("FROM node:22-bookworm\n", "node:22-bookworm-slim"),
    ("FROM debian:bookworm\n", "debian:bookworm-slim"),
    ("FROM nginx:1.31\n", "nginx:1.31-alpine"),
    ("FROM python:3.7\n", None),  # no longer rebuilt: stale-base-image's business, never a stale variant
    ("FROM node:20-bookworm\n", None),
    ("FROM golang:1.19\n", None),
    ("FROM nginx:mainline\n", None),  # -alpine only for version tags
])
def test_variants_only_where_the_record_has_them(src, suggested):
    from dockfix.semantic import official_images as oi

    res = result(src, "base-image", unsafe=False, path="Dockerfile", shared={}, checks=False)
    fs = findings(res, "full image")
    if suggested is None:
        assert fs == []
    else:
        [f] = fs
        name, tag = suggested.split(":")
        assert oi.data().status(name, tag).kind == "current" and suggested in f.message


def test_allow_lists_from_options():
    src = "FROM myorg/app:1\nFROM ghcr.io/acme/base:2\nFROM registry.example.com/x/y:3\n"
    assert len(findings(result(src, "base-image", unsafe=False, path="Dockerfile", shared={}, checks=False),
                        "allow-list")) == 3
    res = result(src, "base-image", unsafe=False, path="Dockerfile",
                 options={"trusted-images": "myorg/*,ghcr.io/acme/base:9", "allowed-registries": "*.example.com"},
                 shared={}, checks=False)
    assert findings(res, "allow-list") == []
    res = result(src, "base-image", unsafe=False, path="Dockerfile", options={"allowed-registries": ["docker.io"]},
                 shared={}, checks=False)
    assert [f.line for f in findings(res, "allow-list")] == [2, 3]


def test_untrusted_is_display_only_and_skips_variables_and_stages():
    src = "ARG IMG=myorg/app:1\nFROM $IMG AS a\nFROM a\nFROM scratch\nFROM myorg/app:1\n"
    res = result(src, "base-image", unsafe=True, path="Dockerfile", shared={}, checks=False)
    assert res.output == src
    fs = findings(res, "allow-list")
    assert [f.line for f in fs] == [5] and fs[0].fix is None and fs[0].refused


@pytest.mark.parametrize("image,new", [
    ("python:3.12", "3.12-slim"), ("python:3.12.14-bookworm", "3.12.14-slim-bookworm"),
    ("node:22-bookworm", "22-bookworm-slim"), ("node:lts", "lts-slim"), ("debian:bookworm", "bookworm-slim"),
    ("debian:12", "12-slim"), ("ruby:3.3", "3.3-slim"), ("golang:1.27", "1.27-alpine"),
    ("nginx:1.31", "1.31-alpine"), ("python:3.12-slim", None), ("python:3.12-alpine", None),
    ("ubuntu:24.04", None), ("python:2.6", None), ("openjdk:8", None),
    ("golang:1.27-bookworm", None), ("myorg/python:3.12", None),
    # no longer rebuilt (the record): no variant suggested, stale-base-image reports them
    ("python:3.12.4-bookworm", None), ("node:20-bookworm", None), ("golang:1.22", None), ("openjdk:17", None),
])
def test_variant_table(image, new):
    src = f"FROM {image}\n"
    fs = [f for f in result(src, "base-image", unsafe=False, path="Dockerfile", shared={},
                            checks=False).remaining if f.fix is not None]
    if new is None:
        assert fs == []
    else:
        [f] = fs
        assert f.fix.applicability == DISPLAY_ONLY
        assert f.fix.edits[0].content == new


def test_slim_unsafe_only_without_toolchain():
    plain = "FROM python:3.12\nRUN apt-get update && apt-get install -y --no-install-recommends libpq5\nCOPY . /app\n"
    res = result(plain, "base-image", unsafe=True, path="Dockerfile", shared={}, checks=False)
    assert res.output.startswith("FROM python:3.12-slim\n")
    assert result(plain, "base-image", unsafe=False, path="Dockerfile", shared={},
                  checks=False).output == plain  # display only without --unsafe-fixes
    for extra in ("RUN apt-get install -y gcc\n", "RUN apt-get install -y libpq-dev\n",
                  "RUN pip install -r requirements.txt\n", "RUN make\n", "RUN git clone x\n",
                  "COPY --from=build /venv /venv\n", "RUN $CMD\n"):
        src = plain + extra
        res = result(src, "base-image", unsafe=True, path="Dockerfile", shared={}, checks=False)
        assert res.output == src, extra
        [f] = [f for f in res.remaining if f.fix is not None]
        assert f.fix.applicability == DISPLAY_ONLY


def test_toolchain_in_a_stage_built_on_it_counts():
    src = "FROM python:3.12 AS base\nFROM base AS build\nRUN apt-get install -y build-essential\n"
    assert result(src, "base-image", unsafe=True, path="Dockerfile", shared={}, checks=False).output == src


def test_alpine_unsafe_needs_no_apt():
    ok = "FROM nginx:1.31\nCOPY site /usr/share/nginx/html\n"
    assert result(ok, "base-image", unsafe=True, path="Dockerfile", shared={},
                  checks=False).output == "FROM nginx:1.31-alpine\nCOPY site /usr/share/nginx/html\n"
    src = "FROM nginx:1.31\nRUN apt-get update\n"
    assert result(src, "base-image", unsafe=True, path="Dockerfile", shared={}, checks=False).output == src


def test_windows_files_untouched():
    src = "# escape=`\nFROM python:3.12\nRUN echo hi\n"
    res = result(src, "base-image", unsafe=True, path="Dockerfile", shared={}, checks=False)
    assert res.output == src


def test_hadolint_agrees_on_dl3006_dl3007(tmp_path):
    hadolint = shutil.which("hadolint")
    if not hadolint:
        pytest.skip("hadolint is not installed")
    import json

    src = ("FROM ubuntu\nRUN true\nFROM debian:latest\nRUN true\nFROM debian:12\nRUN true\n"
           f"FROM ubuntu:latest@sha256:{'a' * 64}\nRUN true\n")
    p = tmp_path / "Dockerfile"
    p.write_text(src)
    out = subprocess.run([hadolint, "--no-fail", "-f", "json", str(p)], capture_output=True, text=True).stdout
    theirs = sorted((d["line"], d["code"]) for d in json.loads(out) if d["code"] in ("DL3006", "DL3007"))
    ours = sorted((f.line, "DL3006" if "DL3006" in f.message else "DL3007") for f in findings(result(src, "base-image", unsafe=False, path="Dockerfile", shared={}, checks=False), "pushed"))
    assert ours == theirs


def test_allow_list_from_config_file(tmp_path, run_cli):
    (tmp_path / ".dockfix.toml").write_text('trusted-images = ["myorg/*"]\nallowed-registries = ["ghcr.io"]\n')
    df = tmp_path / "Dockerfile"
    df.write_text("FROM myorg/app:1\nFROM ghcr.io/acme/x:2\nFROM other/app:1\n")
    r = run_cli("--select", "base-image", "--no-color", str(df))
    out = r.stdout.decode()
    assert r.returncode == 1
    assert ":3:6: base-image" in out and ":1:6:" not in out and ":2:6:" not in out


def test_variant_confirmed_by_the_registry_with_pin(registry):
    push_index(registry, "library/python", "3.12-slim", salt="slim")
    opts = dict(pin=True, registry_mirrors=registry.host, pin_timeout=1, pin_retries=0)
    res = result("FROM python:3.12\nFROM ruby:3.3\n", "base-image", unsafe=False, path="Dockerfile",
                 options={k.replace('_', '-'): v for k, v in opts.items()}, shared={}, checks=False)
    py, rb = [f for f in res.remaining if "full image" in f.message]
    assert py.fix is not None and py.fix.edits[0].content == "3.12-slim" and not py.refused
    assert rb.fix is None and "cannot confirm that ruby:3.3-slim exists" in rb.refused


def test_prefetch_resolves_all_files_before_the_run(registry, tmp_path):
    from dockfix.transforms.images.base_image import BaseImage

    a, b = tmp_path / "a.Dockerfile", tmp_path / "b.Dockerfile"
    a.write_text(f"FROM {registry.host}/lib/base\n")
    b.write_text(f"FROM {registry.host}/lib/base:latest AS x\nFROM x\n")
    shared: dict = {}
    settings = Settings(select=("base-image",), options={"pin": True})
    BaseImage().prefetch([str(a), str(b)], settings, shared)
    assert shared[("base-image-tag", f"{registry.host}/lib/base", None)][0] == "1.2.3"
    res = fix_text(b.read_text(), str(b), settings, shared=shared)
    assert res.output.startswith(f"FROM {registry.host}/lib/base:1.2.3 AS x\n")


def test_hadolint_agrees_on_dl3026_with_the_same_allow_list(tmp_path):
    hadolint = shutil.which("hadolint")
    if not hadolint:
        pytest.skip("hadolint is not installed")
    import json

    src = ("FROM python:3.12\nRUN true\nFROM ghcr.io/acme/x:1\nRUN true\nFROM quay.io/a/b:1\nRUN true\n"
           "FROM myorg/app:1\nRUN true\n")
    p = tmp_path / "Dockerfile"
    p.write_text(src)
    out = subprocess.run([hadolint, "--no-fail", "-f", "json", "--trusted-registry", "docker.io",
                          "--trusted-registry", "quay.io", str(p)], capture_output=True, text=True).stdout
    theirs = sorted(d["line"] for d in json.loads(out) if d["code"] == "DL3026")
    ours = sorted(f.line for f in findings(result(src, "base-image", unsafe=False, path="Dockerfile", options={"allowed-registries": "docker.io,quay.io"}, shared={}, checks=False), "allow-list"))
    assert ours == theirs == [3]


def test_base_image_slim_not_applied_when_healthcheck_uses_curl():
    # python:3.12-slim has no curl: the container would never become healthy
    text = ('FROM python:3.12\nCOPY app.py /app/\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\n'
            'CMD ["python", "/app/app.py"]\n')
    res = result(text, "base-image")
    assert res.output == text


def test_base_image_alpine_not_applied_when_cmd_runs_bash():
    text = 'FROM nginx:1.25\nCOPY site /usr/share/nginx/html\nCMD ["bash", "-c", "exec nginx -g \'daemon off;\'"]\n'
    res = result(text, "base-image")
    assert res.output == text


def test_base_image_slim_still_applied_for_a_plain_cmd():
    text = 'FROM python:3.12\nCOPY app.py /app/\nCMD ["python", "-m", "make_app", "--file=x"]\n'
    res = result(text, "base-image")
    assert res.output.startswith("FROM python:3.12-slim\n")


def test_full_image_gets_the_slim_variant_as_an_unsafe_fix():
    src = 'FROM python:3.12\nCMD ["python"]\n'
    assert_fix(src, 'FROM python:3.12-slim\nCMD ["python"]\n', "base-image")
    assert_noop(src, "base-image", unsafe=False)


def test_latest_without_the_registry_is_reported_with_a_reason():
    assert_noop('FROM ghcr.io/acme/py:latest\nCMD ["python"]\n', "base-image", refused="needs the registry")
    # an Official Image: the record names the version tag of the same image, as a suggestion only
    res = assert_noop('FROM python:latest\nCMD ["python"]\n', "base-image")
    [f] = findings(res, "pushed")
    from dockfix.semantic import official_images as oi

    named = f"python:{oi.version_of('python', 'latest')}"
    assert f.fix.applicability == DISPLAY_ONLY and named in f.message and named in f.fix.message


def test_slim_version_tag_is_left_alone():
    res = assert_noop('FROM python:3.12-slim\nCMD ["python"]\n', "base-image")
    assert res.remaining == []
