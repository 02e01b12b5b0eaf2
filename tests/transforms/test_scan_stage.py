"""scan-stage: Add a `scan` stage that runs Trivy over the final image (built only with --target scan) (opt-in)."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest
from fixcase import assert_fix, assert_noop, result
from registry_fixture import BINARY, isolated_cache, push_image, push_index, start_registry, versioned_registry  # noqa: F401  (fixtures)

from dockfix.fixing.edit import DISPLAY_ONLY


def test_scan_stage_pins_the_scanner_from_the_registry(registry):
    digest = push_index(registry, "aquasec/trivy", "0.57.1", salt="scanner")[0]
    image = f"{registry.host}/aquasec/trivy:0.57.1"
    res = result("FROM alpine:3.20\nUSER 65534", ("scan-stage",), unsafe=True, path="Dockerfile",
                 options={"pin": True, "scan-image": image}, shared={}, checks=False)
    out = res.output
    assert out.startswith("FROM alpine:3.20 AS app\nUSER 65534\n# dockfix scan-stage")
    assert f"FROM --platform=$BUILDPLATFORM {image}@{digest} AS scan\n" in out
    assert out.endswith("/scan-root\nFROM app\n")
    from dockfix.syntax.cst import parse

    doc = parse(out)
    assert [s.name for s in doc.stages] == ["app", "scan", None] and doc.stages[-1].image == "app"
    assert result(out, ("scan-stage",), unsafe=True, path="Dockerfile", options={"pin": True, "scan-image": image},
                  shared={}, checks=False).output == out


def test_scan_stage_never_invents_a_digest(registry):
    src = "FROM alpine:3.20\n"
    for opts in ({}, {"scan_image": "aquasec/trivy:0.57.1"},
                 {"pin": True, "scan_image": f"{registry.host}/aquasec/trivy:no-such-tag"}):
        res = result(src, ("scan-stage",), unsafe=True, path="Dockerfile",
                     options={k.replace('_', '-'): v for k, v in opts.items()}, shared={}, checks=False)
        assert res.output == src
        [f] = res.remaining
        assert f.fix is None or f.fix.applicability == DISPLAY_ONLY
        assert "sha256" not in "".join(e.content for e in (f.fix.edits if f.fix else ()))


def test_scan_stage_unnamed_final_from_on_the_last_line_without_newline():
    d = "sha256:" + "ab" * 32
    res = result("FROM alpine:3.20 AS b\nFROM b", ("scan-stage",), unsafe=True, path="Dockerfile",
                 options={"scan-image": f"aquasec/trivy:0.57.1@{d}"}, shared={}, checks=False)
    assert res.output.startswith("FROM alpine:3.20 AS b\nFROM b AS app\n# dockfix scan-stage")
    assert res.output.endswith("FROM app\n")


@pytest.mark.build
def test_scan_stage_default_build_is_the_same_image_and_skips_the_scan(tmp_path):
    """buildah: the scan stage's image (an unresolvable name) is never pulled by a plain build,
    and the new last stage has the old final image's layers and config."""
    buildah = shutil.which("buildah")
    if not buildah:
        pytest.skip("buildah is not installed")
    import json

    (tmp_path / "hello").write_text("hi\n")
    orig = 'FROM scratch\nCOPY hello /hello\nLABEL a=b\nCMD ["/hello"]\n'
    res = result(orig, ("scan-stage",), unsafe=True, path="Dockerfile",
                 options={"scan-image": "scanner.invalid/trivy:1@sha256:" + "0" * 64}, shared={}, checks=False)
    assert "AS scan" in res.output
    (tmp_path / "Dockerfile.orig").write_text(orig)
    (tmp_path / "Dockerfile.new").write_text(res.output)
    store = tmp_path / "store"
    base = [buildah, "--root", str(store), "--runroot", str(store / "run"), "--storage-driver", "vfs"]
    env = dict(os.environ, BUILDAH_ISOLATION="chroot")
    seen = []
    for name in ("orig", "new"):
        r = subprocess.run(base + ["bud", "--isolation", "chroot", "-f", str(tmp_path / f"Dockerfile.{name}"),
                                   "-t", name, str(tmp_path)], capture_output=True, text=True, env=env, timeout=300)
        if r.returncode != 0 and name == "orig":
            pytest.skip(f"buildah cannot build here: {r.stderr[-300:]}")
        assert r.returncode == 0, r.stderr[-2000:]
        r = subprocess.run(base + ["inspect", "--type", "image", name], capture_output=True, text=True, env=env)
        oci = json.loads(r.stdout)["OCIv1"]
        seen.append((oci["config"], oci["rootfs"]))
    assert seen[0] == seen[1]


SCANNER = "aquasec/trivy:0.57.1@sha256:" + "b" * 64
SCANNED = ('FROM alpine:3.20 AS app\nCMD ["sh"]\n'
           "# dockfix scan-stage: vulnerability scan of the `app` image, built only by\n"
           "# `docker build --target scan .`; a plain build still produces `app` (last line).\n"
           f"FROM --platform=$BUILDPLATFORM {SCANNER} AS scan\n"
           "RUN --mount=type=bind,from=app,target=/scan-root \\\n"
           "    --mount=type=cache,target=/root/.cache/trivy \\\n"
           "    trivy rootfs --exit-code 1 --no-progress --severity HIGH,CRITICAL /scan-root\n"
           "FROM app\n")


def test_scan_stage_added_after_the_final_stage():
    assert_fix('FROM alpine:3.20\nCMD ["sh"]\n', SCANNED, "scan-stage", options={"scan-image": SCANNER})


def test_a_file_with_a_scan_stage_is_left_alone():
    assert_noop(SCANNED, "scan-stage", options={"scan-image": SCANNER})
