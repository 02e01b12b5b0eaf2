"""Structural transforms: base-image knowledge, refusal reasons, CLI behaviour."""

from pathlib import Path

import pytest

from dockfix.fixing.config import Settings
from dockfix.syntax.cst import decode, parse
from dockfix.fixing.engine import check_text, fix_text
from dockfix.semantic import images as im
from dockfix.semantic.model import model_of

from golden import all_cases, settings_for

ROOT = Path(__file__).resolve().parent.parent
STRUCTURAL = ("non-root-user", "copy-order-for-cache", "add-tarball-to-curl", "multi-stage")
REFUSALS = [c for c in all_cases(ROOT / "golden") if c.transform in STRUCTURAL and "refuse" in str(c.path.relative_to(ROOT / "golden"))]


@pytest.mark.parametrize("image,family", [
    ("python:3.12-slim", im.DEBIAN), ("node:20-alpine", im.ALPINE), ("ubuntu:22.04", im.DEBIAN),
    ("registry.access.redhat.com/ubi9/ubi-minimal:9.4", im.RHEL_MINIMAL), ("registry.access.redhat.com/ubi9/ubi", im.RHEL),
    ("fedora:40", im.RHEL), ("quay.io/centos/centos:stream9", im.RHEL), ("amazonlinux:2023", im.AMAZON),
    ("gcr.io/distroless/static-debian12", im.DISTROLESS), ("scratch", im.SCRATCH), ("busybox:1.36", im.BUSYBOX),
    ("mcr.microsoft.com/windows/servercore:ltsc2022", im.WINDOWS), ("golang:1.22-bookworm", im.DEBIAN),
    ("docker.io/library/golang:1.22-alpine3.20", im.ALPINE), ("someorg/thing:1", im.UNKNOWN), ("${BASE}", im.UNKNOWN),
    ("eclipse-temurin:21-jre-alpine", im.ALPINE), ("eclipse-temurin:21-jre", im.DEBIAN),
    ("nvcr.io/nvidia/pytorch:24.05-py3", im.DEBIAN), ("mcr.microsoft.com/devcontainers/base:bookworm", im.DEBIAN),
])
def test_family_of_image(image, family):
    assert im.family_of_image(image) == family


def test_shipped_users():
    assert im.shipped_user("node:20") == ("node", "node")
    assert im.shipped_user("gcr.io/distroless/base-debian12") == ("nonroot", "nonroot")
    assert im.shipped_user("python:3.12") is None
    assert im.shipped_user("mcr.microsoft.com/devcontainers/base:ubuntu") == ("vscode", "vscode")
    assert im.nonroot_by_default("gcr.io/distroless/static:nonroot")
    assert not im.nonroot_by_default("gcr.io/distroless/static")


def test_family_from_commands_and_stages():
    doc = parse("FROM corp/base:1 AS b\nRUN apk add --no-cache git\nFROM b\nCMD x\n")
    assert model_of(doc).family(doc.stages[1]) == im.ALPINE
    doc = parse("FROM corp/base:1\nRUN yum install -y git\n")
    assert model_of(doc).family(doc.stages[0]) == im.RHEL


def test_tool_known():
    doc = parse("FROM debian:12\nRUN apt-get update && apt-get install -y curl\nADD https://x/y.tgz /tmp/\n")
    assert model_of(doc).tool_installed_before(doc.instructions[-1], "curl")
    assert not model_of(doc).tool_installed_before(doc.instructions[-1], "wget")
    doc = parse("FROM debian:12\nADD https://x/y.tgz /tmp/\n")
    assert not model_of(doc).tool_installed_before(doc.instructions[-1], "curl")
    doc = parse("FROM alpine:3\nADD https://x/y.tgz /tmp/\n")
    assert model_of(doc).tool_installed_before(doc.instructions[-1], "wget")


@pytest.mark.parametrize("case", REFUSALS, ids=[f"{c.transform}/{c.path.name if c.path.name != 'Dockerfile' else c.path.parent.name}" for c in REFUSALS])
def test_refusals_give_a_reason(case):
    """Every refuse-* golden case yields a finding of its transform with a reason and no fix."""
    settings = settings_for(case)
    res = check_text(decode(case.input), str(case.path), settings)
    mine = [f for f in res.remaining if f.name == case.transform]
    assert mine, "no finding"
    assert all(f.fix is None for f in mine)
    assert all(f.refused and len(f.refused) > 10 for f in mine)


def test_non_root_user_is_unsafe_only():
    text = "FROM debian:12\nRUN apt-get update\nCMD [\"bash\"]\n"
    safe = fix_text(text, None, Settings(select=("non-root-user",)))
    assert safe.output == text
    unsafe = fix_text(text, None, Settings(select=("non-root-user",), unsafe_fixes=True))
    assert "USER 10001:10001" in unsafe.output
    assert unsafe.output.index("USER 10001:10001") < unsafe.output.index("CMD")
    # selected through its hadolint code too
    assert fix_text(text, None, Settings(select=("DL3002",), unsafe_fixes=True)).output == unsafe.output


def test_non_root_user_places_user_after_last_root_step():
    text = "FROM debian:12\nRUN apt-get update\nENV A=1\nCOPY x /x\nRUN make -C /x install\nEXPOSE 8080\nCMD [\"x\"]\n"
    out = fix_text(text, None, Settings(select=("non-root-user",), unsafe_fixes=True)).output
    lines = out.splitlines()
    assert lines.index("USER 10001:10001") == lines.index("RUN make -C /x install") + 2
    assert lines.index("USER 10001:10001") < lines.index("EXPOSE 8080")


def test_bad_input_is_reported_not_raised(run_cli, tmp_path):
    p = tmp_path / "Dockerfile"
    p.write_text("FROM debian:12\nENV A\n")
    r = run_cli("--select", "non-root-user,copy-order-for-cache,add-tarball-to-curl,multi-stage", "--diff", p)
    assert r.returncode == 2
    assert b"Traceback" not in r.stderr + r.stdout
    assert b"Dockerfile:2:1: error:" in r.stderr + r.stdout


def _golden_case(transform, name):
    for c in all_cases(ROOT / "golden"):
        rel = c.path.relative_to(ROOT / "golden" / transform) if c.transform == transform else None
        if rel is not None and (rel.parts[0] == name or rel.name == name):
            return c
    raise LookupError(name)


def test_copy_order_safe_only_when_named_and_nothing_moves():
    # pip -r named in the command, RUN right after the COPY, file checked in the context: SAFE
    c = _golden_case("copy-order-for-cache", "pip-safe")
    res = fix_text(decode(c.input), str(c.path), Settings(select=("copy-order-for-cache",), context=str(c.context)))
    assert res.changed and [f.fix.applicability.label for f in res.applied] == ["safe"]
    # npm: manifests not named in the command, an ENV moves: UNSAFE
    c = _golden_case("copy-order-for-cache", "npm-ci")
    res = fix_text(decode(c.input), str(c.path), Settings(select=("copy-order-for-cache",), context=str(c.context)))
    assert not res.changed
    res = fix_text(decode(c.input), str(c.path), Settings(select=("copy-order-for-cache",), context=str(c.context), unsafe_fixes=True))
    assert res.changed and "package-lock.json" in res.output


def test_copy_order_dockerignore_matcher():
    from dockfix.transforms.structure.copy_order_for_cache import _glob_re, _ignored
    import re as _re

    pats = [(False, _re.compile(_glob_re("*.json"))), (True, _re.compile(_glob_re("package.json")))]
    assert _ignored(pats, "package-lock.json")
    assert not _ignored(pats, "package.json")
    assert not _ignored(pats, "sub/x.json")  # patterns are anchored at the context root
    assert _ignored([(False, _re.compile(_glob_re("**/*.lock")))], "a/b/yarn.lock")
    assert _ignored([(False, _re.compile(_glob_re("vendor")))], "vendor/x/composer.json")


@pytest.mark.parametrize("select,text,expect", [
    ("non-root-user", "FROM debian:12\nRUN apt-get update && apt-get install -y jq", "\nUSER 10001:10001"),
    ("multi-stage", "FROM python:3.11-slim\nWORKDIR /srv\nRUN apt-get install -y gcc && pip install uwsgi",
     "COPY --from=build /srv /srv"),
])
def test_no_final_newline(select, text, expect):
    """A file whose last line has no newline: the new lines follow it, the style is kept."""
    settings = Settings(select=(select,), unsafe_fixes=True)
    res = fix_text(text, None, settings)
    assert not res.errors and res.changed
    assert text.splitlines()[-1] + "\n" in res.output
    assert res.output.endswith(expect) and not res.output.endswith("\n")
    assert fix_text(res.output, None, settings).output == res.output


def test_multi_stage_is_display_only_by_default():
    text = "FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /bin/app .\nCMD [\"/bin/app\"]\n"
    res = check_text(text, None, Settings(select=("multi-stage",)))
    (f,) = [f for f in res.remaining if f.name == "multi-stage"]
    assert f.fix is not None and f.fix.applicability.label == "display-only"
    assert fix_text(text, None, Settings(select=("multi-stage",))).output == text
    out = fix_text(text, None, Settings(select=("multi-stage",), unsafe_fixes=True)).output
    doc = parse(out)
    assert len(doc.stages) == 2 and doc.stages[0].name == "build"
    assert doc.stages[1].image == "gcr.io/distroless/static-debian12"


def test_display_only_shown_by_diff(run_cli, tmp_path):
    p = tmp_path / "Dockerfile"
    p.write_text("FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /bin/app .\nCMD [\"/bin/app\"]\n")
    r = run_cli("--diff", "--select", "multi-stage", p)
    assert b"display-only" in r.stderr and b"+FROM gcr.io/distroless/static-debian12" in r.stderr
    assert p.read_text().count("FROM") == 1


def test_curl_tarball_to_add_is_opt_in_and_explains_refusals():
    text = ("FROM debian:12\nRUN curl -fsSL -H 'X: y' -o /tmp/x.tgz https://example.com/x.tgz"
            " && echo \"" + "a" * 64 + "  /tmp/x.tgz\" | sha256sum -c - && tar -xzf /tmp/x.tgz\n")
    assert not [f for f in check_text(text, None, Settings()).remaining if f.name == "curl-tarball-to-add"]
    res = check_text(text, None, Settings(select=("curl-tarball-to-add",), unsafe_fixes=True))
    (f,) = res.remaining
    assert f.fix is None and "-H" in f.refused


def test_both_directions_selected_converge():
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"
            "RUN curl -fsSLo /tmp/x.tgz https://example.com/x.tgz && echo \"" + "b" * 64 +
            "  /tmp/x.tgz\" | sha256sum -c - && tar -xzf /tmp/x.tgz -C /opt && rm /tmp/x.tgz\n")
    settings = Settings(select=("curl-tarball-to-add", "add-tarball-to-curl"), unsafe_fixes=True)
    res = fix_text(text, None, settings)
    assert not res.errors and "ADD --checksum=sha256:" + "b" * 64 in res.output
    assert fix_text(res.output, None, settings).output == res.output


def test_hadolint_dl3002_gone_after_non_root_user(tmp_path):
    """hadolint (the ground truth) no longer reports DL3002 on the fixed golden outputs."""
    import shutil
    import subprocess

    exe = shutil.which("hadolint")
    if exe is None:
        pytest.skip("hadolint not installed")
    cases = [c for c in all_cases(ROOT / "golden") if c.transform == "non-root-user" and c.expected is not None]
    assert cases
    p = tmp_path / "Dockerfile"
    for c in cases:
        p.write_bytes(c.expected)
        out = subprocess.run([exe, "--no-fail", "--no-color", str(p)], capture_output=True, text=True).stdout
        assert "DL3002" not in out, c.path
    # and it does fire on an input we fix
    c = _golden_case("non-root-user", "user-root-last.Dockerfile")
    p.write_bytes(c.input)
    assert "DL3002" in subprocess.run([exe, "--no-fail", "--no-color", str(p)], capture_output=True, text=True).stdout


@pytest.mark.parametrize("image,create", [
    ("debian:12", "groupadd -r -g 10001 app && useradd --no-log-init -r -u 10001 -g app app"),
    ("fedora:40", "groupadd -r -g 10001 app && useradd --no-log-init -r -u 10001 -g app app"),
    ("alpine:3.20", "addgroup -S -g 10001 app && adduser -S -u 10001 -G app app"),
    ("busybox:1.36", "addgroup -S -g 10001 app && adduser -S -u 10001 -G app app"),
])
def test_non_root_user_numeric_ids_match_the_account(image, create):
    """The account is created with fixed ids, USER names them numerically and the chown gives them the WORKDIR."""
    text = f"FROM {image}\nWORKDIR /srv\nCOPY x .\nCMD [\"x\"]\n"
    settings = Settings(select=("non-root-user",), unsafe_fixes=True)
    out = fix_text(text, None, settings).output
    assert f"RUN {create} && chown 10001:10001 /srv\nUSER 10001:10001\n" in out
    assert fix_text(out, None, settings).output == out
    # the ids come from the options; the chown follows them
    s2 = Settings(select=("non-root-user",), unsafe_fixes=True, options={"user-uid": "4242"})
    out2 = fix_text(text, None, s2).output
    assert "4242" in out2 and "10001" not in out2
    assert "chown 4242:4242 /srv\nUSER 4242:4242\n" in out2
    for bad in ("0", "-1", "app", "99999999999", True):
        res = check_text(text, None, Settings(select=("non-root-user",), unsafe_fixes=True, options={"user-uid": bad}))
        (f,) = res.remaining
        assert f.fix is None and "user-uid" in f.refused


@pytest.mark.parametrize("text,user", [
    ("FROM node:20\nCOPY . /app\nCMD [\"node\", \"/app\"]\n", "1000"),
    ("FROM gcr.io/distroless/base-debian12\nCOPY app /app\nCMD [\"/app\"]\n", "65532"),
    ("FROM debian:12\nRUN useradd -m -u 2001 bob\nCMD [\"x\"]\n", "2001"),
    ("FROM debian:12\nRUN useradd -m --uid=2002 bob\nCMD [\"x\"]\n", "2002"),
    ("FROM alpine:3\nRUN adduser -D -u 2003 bob\nCMD [\"x\"]\n", "2003"),
])
def test_non_root_user_writes_known_uids(text, user):
    settings = Settings(select=("non-root-user",), unsafe_fixes=True)
    out = fix_text(text, None, settings).output
    assert f"\nUSER {user}\n" in out
    assert fix_text(out, None, settings).output == out


def test_non_root_user_created_account_without_uid_needs_option():
    # the uid is chosen at build time: USER bob would be a name (DL3066), so only on request
    text = "FROM debian:12\nRUN useradd -m -u $UID bob\nCMD [\"x\"]\n"
    settings = Settings(select=("non-root-user",), unsafe_fixes=True)
    assert fix_text(text, None, settings).output == text
    (f,) = check_text(text, None, settings).remaining
    assert f.fix is None and "user-by-name" in f.refused
    settings = Settings(select=("non-root-user",), unsafe_fixes=True, options={"user-by-name": "true"})
    out = fix_text(text, None, settings).output
    assert "\nUSER bob\n" in out and fix_text(out, None, settings).output == out


def test_non_root_user_adds_no_other_hadolint_findings(tmp_path):
    """hadolint reports nothing on the fixed golden outputs that it did not report on the inputs
    (DL3066 numeric USER, DL3041/DL3033 unpinned shadow-utils, DL1000 after a heredoc), except
    DL3066 where the USER is an account the file itself created without a uid."""
    import json
    import shutil
    import subprocess

    exe = shutil.which("hadolint")
    if exe is None:
        pytest.skip("hadolint not installed")
    cases = [c for c in all_cases(ROOT / "golden") if c.transform == "non-root-user" and c.expected is not None]
    paths = []
    for k, c in enumerate(cases):
        for side, data in (("in", c.input), ("out", c.expected)):
            p = tmp_path / f"{k}-{side}.Dockerfile"
            p.write_bytes(data)
            paths.append(str(p))
    items = json.loads(subprocess.run([exe, "--no-fail", "-f", "json", *paths], check=False, capture_output=True, text=True).stdout)
    codes = {p: set() for p in paths}
    for it in items:
        codes[it["file"]].add(it["code"])
    checked = 0
    for k, c in enumerate(cases):
        new = codes[str(tmp_path / f"{k}-out.Dockerfile")] - codes[str(tmp_path / f"{k}-in.Dockerfile")]
        if c.path.name.startswith("reuse-created-user") and b"\nUSER svc\n" in c.expected:
            assert new == {"DL3066"}  # the file's `useradd ... svc`, uid unknown: only the name is known
            continue
        assert not new, (c.path, new)
        checked += 1
    assert checked >= 10
    # and they are the codes it would report: a name in USER does give DL3066
    p = tmp_path / "named.Dockerfile"
    p.write_text("FROM debian:12\nUSER app\n")
    assert "DL3066" in subprocess.run([exe, "--no-fail", str(p)], check=False, capture_output=True, text=True).stdout


def test_non_root_user_refuses_after_a_heredoc():
    settings = Settings(select=("non-root-user",), unsafe_fixes=True)
    text = "FROM debian:12\nRUN <<EOF\napt-get update\nEOF\n"
    res = check_text(text, None, settings)
    (f,) = res.remaining
    assert f.fix is None and "heredoc" in f.refused and "line 2" in f.refused
    # the same file without the heredoc is fixed
    assert fix_text("FROM debian:12\nRUN apt-get update\n", None, settings).changed
