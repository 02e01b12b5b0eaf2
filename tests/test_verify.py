"""``dockfix verify`` and ``dockfix.verify.imagediff``.

The first part needs no builder (tree scanning, diffs, classification, the
CLI's errors).  The ``build`` tests build real images with buildah against a
debootstrapped Debian base (``verify_fixture.py``): ``pytest -m build``.
"""

from __future__ import annotations

import io
import json
import os
import sys
import tarfile
from pathlib import Path

import pytest
from verify_fixture import buildah_root  # noqa: F401 - session fixture

from dockfix.fixing import registry
from dockfix.verify.command import markdown_summary, requested_packages, text_report, verify_paths
from dockfix.verify.imagediff import (
    Difference,
    Entry,
    Facts,
    Snapshot,
    classify,
    diff_config,
    diff_trees,
    kinds_for,
    normalize_config,
    scan_dir,
    scan_tar,
    volatile_reason,
)

CASES = Path(__file__).resolve().parent / "verify_cases"


# ---------------------------------------------------------------- no builder needed


def _mk(root: Path, files: dict[str, object]) -> None:
    for rel, v in files.items():
        p = root / rel.lstrip("/")
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(v, tuple) and v[0] == "link":
            os.symlink(v[1], p)
        elif v is None:
            p.mkdir(exist_ok=True)
        else:
            p.write_bytes(v if isinstance(v, bytes) else v.encode())


def test_scan_dir_and_diff_trees(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    _mk(a, {"/etc/passwd": "root:x:0:0:root:/root:/bin/bash\n", "/app/x.txt": "one", "/app/y.txt": "same",
            "/app/.hidden": "h", "/bin/sh": ("link", "dash"), "/gone": "bye"})
    _mk(b, {"/etc/passwd": "root:x:0:0:root:/root:/bin/bash\n", "/app/x.txt": "two", "/app/y.txt": "same",
            "/app/.hidden": "h", "/bin/sh": ("link", "bash"), "/new/dir": None})
    os.chmod(b / "app/y.txt", 0o600)
    os.chown(b / "app/.hidden", 1234, 1234)
    sa, sb = scan_dir(str(a)), scan_dir(str(b))
    assert sa.entries["/app/.hidden"].type == "file"
    assert sa.files["/etc/passwd"].startswith(b"root:")
    got = {(d.kind, d.path) for d in diff_trees(sa, sb)}
    assert got == {("content", "/app/x.txt"), ("mode", "/app/y.txt"), ("owner", "/app/.hidden"),
                   ("link", "/bin/sh"), ("removed", "/gone"), ("added", "/new"), ("added", "/new/dir")}
    assert diff_trees(sa, scan_dir(str(a))) == []


def _tar(entries) -> io.BytesIO:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        for name, kind, data in entries:
            ti = tarfile.TarInfo(name)
            if kind == "dir":
                ti.type, ti.mode = tarfile.DIRTYPE, 0o755
                tf.addfile(ti)
            elif kind == "hard":
                ti.type, ti.linkname = tarfile.LNKTYPE, data
                tf.addfile(ti)
            else:
                ti.size, ti.mode = len(data), 0o644
                tf.addfile(ti, io.BytesIO(data))
    buf.seek(0)
    return buf


def test_scan_tar_layers_whiteouts_and_hardlinks():
    snap = scan_tar(_tar([("./etc", "dir", None), ("./etc/passwd", "file", b"root:x:0:0::/root:/bin/sh\n"),
                          ("./opt", "dir", None), ("./opt/a", "file", b"A"), ("./opt/b", "file", b"B"),
                          ("./srv", "dir", None), ("./srv/old", "file", b"o")]))
    scan_tar(_tar([("opt/.wh.a", "file", b""), ("srv/.wh..wh..opq", "file", b""), ("srv/new", "file", b"n"),
                   ("opt/c", "hard", "opt/b")]), snap)
    assert "/opt/a" not in snap.entries
    assert "/srv/old" not in snap.entries and "/srv/new" in snap.entries
    assert snap.entries["/opt/c"].sha256 == snap.entries["/opt/b"].sha256
    assert snap.files["/etc/passwd"].startswith(b"root")


def test_volatile_paths():
    for p in ("/var/lib/apt/lists/x_Packages", "/tmp/a/b", "/usr/lib/python3/x/__pycache__/m.cpython-311.pyc",
              "/root/.cache/pip/http/1", "/var/log/dpkg.log", "/etc/ld.so.cache", "/var/cache/apk/APKINDEX.tar.gz"):
        assert volatile_reason(p), p
    for p in ("/usr/bin/hello", "/etc/passwd", "/app/tmp/x", "/var/lib/dpkg/status", "/opt/logs.txt"):
        assert volatile_reason(p) is None, p


def _snap(passwd: str, status_pkgs=(), lists=None) -> Snapshot:
    s = Snapshot()
    s.files["/etc/passwd"] = passwd.encode()
    s.files["/var/lib/dpkg/status"] = "".join(
        f"Package: {p}\nStatus: install ok installed\n\n" for p in status_pkgs).encode()
    for pkg, paths in (lists or {}).items():
        s.files[f"/var/lib/dpkg/info/{pkg}.list"] = "\n".join(paths).encode()
    return s


ROOT = "root:x:0:0:root:/root:/bin/bash\n"


def test_classify_user_change_expected_only_when_declared():
    before, after = _snap(ROOT), _snap(ROOT + "app:x:999:999::/home/app:/bin/sh\n")
    after.entries["/srv"] = Entry("dir", 0o755, 999, 999)
    diffs = [Difference("config", "config:User", None, "app"), Difference("content", "/etc/passwd", "1", "2"),
             Difference("owner", "/srv", "0:0", "999:999"), Difference("added", "/usr/bin/evil", None, "file")]
    facts = Facts(before, after)
    classify(diffs, facts, {"non-root-user": kinds_for("non-root-user")})
    assert [d.status for d in diffs] == ["expected", "expected", "expected", "unexpected"]
    assert facts.new_users == {"app": ("app", "x", "999", "999", "", "/home/app", "/bin/sh")}
    classify(diffs, facts, {})
    assert {d.status for d in diffs} == {"unexpected"}


def test_classify_changed_existing_user_is_unexpected():
    before, after = _snap(ROOT), _snap("root:x:0:0:root:/root:/bin/sh\napp:x:999:999::/home/app:/bin/sh\n")
    diffs = classify([Difference("content", "/etc/passwd", "1", "2")], Facts(before, after),
                     {"non-root-user": kinds_for("non-root-user")})
    assert diffs[0].status == "unexpected"


def test_classify_recommends_but_not_requested_packages():
    before = _snap(ROOT, ("wget", "ca-certificates", "hello"),
                   {"ca-certificates": ["/usr/share/ca-certificates/x.crt"], "hello": ["/usr/bin/hello"]})
    after = _snap(ROOT, ("wget",))
    diffs = [Difference("removed", "/usr/share/ca-certificates/x.crt", "file", None),
             Difference("removed", "/etc/ssl/certs/ca-certificates.crt", "file", None),
             Difference("removed", "/usr/bin/hello", "file", None),
             Difference("content", "/var/lib/dpkg/status", "1", "2")]
    facts = Facts(before, after, requested={"wget", "hello"})
    classify(diffs, facts, {"apt-no-install-recommends": kinds_for("apt-no-install-recommends")})
    assert [d.status for d in diffs] == ["expected", "expected", "unexpected", "expected"]
    assert facts.dropped_packages == {"ca-certificates", "hello"}


def test_classify_volatile_and_kinds_by_code():
    diffs = classify([Difference("removed", "/var/lib/apt/lists/foo_Packages", "file", None),
                      Difference("added", "/opt/app.bin", None, "file")], Facts(Snapshot(), Snapshot()), {})
    assert [d.status for d in diffs] == ["ignored", "unexpected"]
    assert kinds_for("some-future-name", ("DL3009",)) == ("apt-lists",)
    assert kinds_for("unknown") == ()


@pytest.mark.parametrize("transform,diff,status", [
    ("add-tarball-to-curl", Difference("removed", "/usr/src/things/big.tar.xz", "file", None), "expected"),
    ("add-tarball-to-curl", Difference("removed", "/usr/src/things/bin/tool", "file", None), "unexpected"),
    ("multi-stage", Difference("removed", "/usr/lib/go/bin/go", "file", None), "expected"),
    ("multi-stage", Difference("content", "/app/server", "1", "2"), "unexpected"),
    ("multi-stage", Difference("config", "config:Env", ["PATH=/bin", "GOPATH=/go"], ["PATH=/bin"]), "expected"),
    ("multi-stage", Difference("config", "config:Env", ["PATH=/bin"], ["PATH=/bin", "X=1"]), "unexpected"),
    ("exec-form", Difference("config", "config:Cmd", ["/bin/sh", "-c", "run"], ["run"]), "expected"),
    ("exec-form", Difference("config", "config:User", None, "app"), "unexpected"),
    ("merge-run", Difference("added", "/opt/x", None, "file"), "unexpected"),
    ("pip-no-cache-dir", Difference("removed", "/root/.cache/pip/http/a", "file", None), "expected"),
])
def test_classify_declared_kinds(transform, diff, status):
    classify([diff], Facts(Snapshot(), Snapshot()), {transform: kinds_for(transform)})
    assert diff.status == status and (diff.transform == transform) == (status == "expected")


def test_config_normalize_and_diff():
    a = normalize_config({"User": "", "Cmd": ["sh"], "Labels": {"a": "1"}, "Env": ["PATH=/bin"]}, "Jane")
    b = normalize_config({"User": "app", "Cmd": ["sh"], "Labels": {"a": "1", "maintainer": "x"}, "Env": ["PATH=/bin"]})
    got = {d.path: (d.before, d.after) for d in diff_config(a, b)}
    assert got == {"config:User": (None, "app"), "config:Labels": ({"a": "1"}, {"a": "1", "maintainer": "x"}),
                   "config:Author": ("Jane", None)}
    diffs = classify(diff_config(a, b), Facts(Snapshot(), Snapshot()),
                     {"maintainer-to-label": kinds_for("maintainer-to-label")})
    assert {d.path: d.status for d in diffs} == {"config:User": "unexpected", "config:Labels": "expected",
                                                 "config:Author": "expected"}


def test_requested_packages():
    text = ("FROM debian\nRUN apt-get update && apt-get install -y --no-install-recommends curl=7.88 ca-certificates"
            " && rm -rf /var/lib/apt/lists/*\nRUN apk add --no-cache git\nRUN echo install nothing\n")
    assert requested_packages(text) == {"curl", "ca-certificates", "git"}


def _run_verify(run_cli, *args, env=None):
    return run_cli("verify", *args, env=env)


def test_cli_missing_file_and_parse_error(run_cli, tmp_path):
    p = _run_verify(run_cli, "nope/Dockerfile")
    assert p.returncode == 2
    assert b"nope/Dockerfile:1:1: error:" in p.stderr and b"Traceback" not in p.stderr
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM debian\nRUN <<EOF\necho unterminated\n")
    p = _run_verify(run_cli, str(bad))
    assert p.returncode == 2 and b"Traceback" not in p.stderr
    assert p.stderr.decode().startswith(f"{bad}:") and ": error: " in p.stderr.decode()


def test_cli_no_builder(run_cli, tmp_path):
    df = tmp_path / "Dockerfile"
    other = tmp_path / "other.Dockerfile"
    df.write_text("FROM debian\nRUN true\n")
    other.write_text("FROM debian\nRUN true && true\n")
    empty = tmp_path / "bin"
    empty.mkdir()
    p = _run_verify(run_cli, str(df), "--against", str(other), env={"PATH": str(empty)})
    assert p.returncode == 2
    assert b"no image builder found" in p.stderr and b"Traceback" not in p.stderr
    p = _run_verify(run_cli, str(df), "--against", str(other), "--builder", "podman", env={"PATH": str(empty)})
    assert p.returncode == 2 and b"'podman' not found" in p.stderr


def test_cli_help_warns_that_building_runs_commands(run_cli):
    p = _run_verify(run_cli, "--help")
    assert p.returncode == 0
    assert b"runs the Dockerfile's commands" in p.stdout


def test_nothing_to_verify_needs_no_builder(tmp_path):
    df = tmp_path / "Dockerfile"
    df.write_text("FROM debian\n")
    r = verify_paths(str(df), select=["maintainer-to-label"])
    assert r["status"] == "nothing-to-verify" and r["exit_code"] == 0


def test_folder_means_its_dockerfile(tmp_path):
    (tmp_path / "Dockerfile").write_text("FROM debian\n")
    r = verify_paths(str(tmp_path), select=["maintainer-to-label"])
    assert r["status"] == "nothing-to-verify" and r["path"] == str(tmp_path / "Dockerfile")
    empty = tmp_path / "empty"
    empty.mkdir()
    r = verify_paths(str(empty))
    assert r["exit_code"] == 2 and "is a directory" in r["error"]


def test_unknown_expect_is_an_error(tmp_path):
    df = tmp_path / "Dockerfile"
    df.write_text("FROM debian\n")
    r = verify_paths(str(df), str(df), expect=["no-such-thing"])
    assert r["status"] == "error" and r["exit_code"] == 2 and "no-such-thing" in r["error"]


def test_build_commands(monkeypatch):
    from dockfix.verify.command import Buildah, DockerLike

    monkeypatch.delenv("DOCKFIX_STORAGE_DRIVER", raising=False)
    monkeypatch.delenv("BUILDAH_ISOLATION", raising=False)
    argv = Buildah("buildah", "/x").build_argv("/c/Dockerfile", "/c", "t", "runtime", ["A=1"], True)
    assert argv[:5] == ["buildah", "--root", "/x/storage", "--runroot", "/x/run"]
    assert argv[5:7] == ["--storage-driver", "vfs"] and argv[-1] == "/c"
    for flag in (["--isolation", "chroot"], ["--target", "runtime"], ["--build-arg", "A=1"], ["-f", "/c/Dockerfile"]):
        assert any(argv[i:i + 2] == flag for i in range(len(argv))), flag
    assert "--no-cache" in argv and "--layers" in argv and "--pull=false" in argv
    assert "--force-rm" in argv  # a failed build leaves no working container (a full copy with vfs)
    argv = DockerLike("docker", "docker").build_argv("/c/D", "/c", "t", None, [], False)
    assert argv == ["docker", "build", "-f", "/c/D", "-t", "t", "/c"]


def test_reports_from_a_result():
    d = Difference("removed", "/usr/bin/hello", "file, 10 bytes", None)
    r = {"path": "Dockerfile", "against": "other", "builder": "buildah", "status": "different", "exit_code": 1,
         "applied": [], "summary": "both built; 1 unexpected difference", "ignored": 2,
         "ignored_reasons": {"logs": 2},
         "before": {"built": True, "seconds": 3.0, "size": 2_000_000, "layers": 3},
         "after": {"built": True, "seconds": 2.0, "size": 1_500_000, "layers": 2},
         "expected": [dict(Difference("config", "config:User", None, "app", "expected", "runtime user changed",
                                      "non-root-user").as_dict())],
         "unexpected": [d.as_dict()]}
    out = text_report(r)
    assert "removed /usr/bin/hello" in out and "DIFFERENT" in out and "layers: 3 -> 2" in out
    assert "non-root-user: runtime user changed (1)" in out and "-0.5 MB" in out
    md = markdown_summary(r)
    assert "| before | 3.0s | 2.0 MB | 3 |" in md and "`removed /usr/bin/hello (file, 10 bytes)`" in md


# ---------------------------------------------------------------- real builds


def _has(*codes: str) -> bool:
    reg = registry.load_all().values()
    return all(any(registry.matches(t, c) for t in reg) for c in codes)


def _paths(r, status):
    return {d["path"] for d in r[status]}


def _verify(root, case, against=None, **kw):
    # keep=True: the stable tags keep the layer cache between runs (removing them would drop it)
    return verify_paths(str(CASES / case / "Dockerfile"), str(CASES / case / against) if against else None,
                        builder="buildah", storage_root=root, keep=True, **kw)


@pytest.mark.build
def test_build_apt_hygiene_against(buildah_root):
    r = _verify(buildah_root, "apt", "fixed.Dockerfile", expect=["apt-lists-cleanup", "apt-no-install-recommends"])
    assert r["status"] == "verified", r["unexpected"][:5]
    assert r["exit_code"] == 0
    removed_lists = [d for d in r["expected"] if d["path"].startswith("/var/lib/apt/lists/") and d["kind"] == "removed"]
    assert removed_lists and all(d["transform"] == "apt-lists-cleanup" for d in removed_lists)
    assert "ca-certificates" in r["dropped_packages"]
    assert any(d["reason"].startswith("package ca-certificates (pulled in by recommends)") for d in r["expected"])
    assert r["after"]["size"] < r["before"]["size"]


@pytest.mark.build
@pytest.mark.skipif(not _has("DL3009", "DL3015"), reason="the apt transforms are not there yet")
def test_build_apt_hygiene_fix_mode(buildah_root):
    r = _verify(buildah_root, "apt", select=["DL3009", "DL3015"], unsafe_fixes=True)
    dl = {c for f in r["applied"] for c in registry.get(f["name"]).hadolint}
    assert {"DL3009", "DL3015"} <= dl
    assert r["status"] == "verified", r["unexpected"][:5]
    assert any(d["path"].startswith("/var/lib/apt/lists/") for d in r["expected"])


@pytest.mark.build
def test_build_wrong_against_dropped_package_is_unexpected(buildah_root):
    r = _verify(buildah_root, "apt", "wrong.Dockerfile", expect=["apt-lists-cleanup", "apt-no-install-recommends"])
    assert r["status"] == "different" and r["exit_code"] == 1
    assert "/usr/bin/hello" in _paths(r, "unexpected")
    assert "hello" in r["dropped_packages"]
    # the declared effects are still recognised as such
    assert any(d["path"].startswith("/var/lib/apt/lists/") for d in r["expected"])


@pytest.mark.build
def test_build_merge_run_against_no_differences(buildah_root):
    r = _verify(buildah_root, "merge", "merged.Dockerfile")
    assert r["status"] == "verified" and r["exit_code"] == 0
    assert r["expected"] == [] and r["unexpected"] == []
    assert r["before"]["layers"] == r["after"]["layers"] + 2


@pytest.mark.build
@pytest.mark.skipif(not _has("DL3059"), reason="merge-run is not there yet")
def test_build_merge_run_fix_mode(buildah_root):
    r = _verify(buildah_root, "merge", select=["DL3059"], unsafe_fixes=True)
    assert [f["name"] for f in r["applied"]] and r["status"] == "verified", r["unexpected"][:5]
    assert r["unexpected"] == [] and r["before"]["layers"] > r["after"]["layers"]


@pytest.mark.build
def test_build_cd_to_workdir_fix_mode_same_files(buildah_root):
    # moves, drops, splits at `;` under set -e and at relative cds (growth splits are refused
    # by default since cd-workdir-allow-growth is false): the fixed image has the same files
    # and config, in more layers
    r = _verify(buildah_root, "cd", select=["cd-to-workdir"], unsafe_fixes=True)
    assert len(r["applied"]) >= 10
    assert r["status"] == "verified", r["unexpected"][:5]
    assert r["unexpected"] == [] and r["expected"] == []
    assert r["after"]["layers"] > r["before"]["layers"]


@pytest.mark.build
def test_build_non_root_user_against(buildah_root):
    r = _verify(buildah_root, "user", "fixed.Dockerfile", expect=["non-root-user"])
    assert r["status"] == "verified", r["unexpected"][:5]
    assert r["new_users"] == ["app"]
    assert {"config:User", "/etc/passwd", "/etc/group"} <= _paths(r, "expected")
    # (undeclared, the same change is unexpected: test_classify_user_change_expected_only_when_declared)


@pytest.mark.build
@pytest.mark.skipif(not _has("DL3002"), reason="non-root-user is not there yet")
def test_build_non_root_user_fix_mode(buildah_root):
    r = _verify(buildah_root, "user", select=["DL3002", "DL3059"], unsafe_fixes=True)
    assert "non-root-user" in {f["name"] for f in r["applied"]}
    assert r["status"] == "verified", r["unexpected"][:5]
    assert "config:User" in _paths(r, "expected") and r["new_users"]


@pytest.mark.build
def test_build_copy_reordering_with_context(buildah_root):
    r = _verify(buildah_root, "copy", "reordered.Dockerfile")
    assert r["status"] == "verified", r["unexpected"][:5]
    assert r["unexpected"] == [] and r["expected"] == []
    assert r["after"]["layers"] == r["before"]["layers"] + 1


@pytest.mark.build
def test_build_maintainer_fix_mode_cli_json(buildah_root, run_cli):
    p = run_cli("verify", str(CASES / "maintainer" / "Dockerfile"), "--select", "maintainer-to-label",
                "--format", "json", "--keep", env={"DOCKFIX_BUILDAH_ROOT": buildah_root})
    assert p.returncode == 0, p.stderr.decode()[-2000:]
    r = json.loads(p.stdout)
    assert r["status"] == "verified" and [f["name"] for f in r["applied"]] == ["maintainer-to-label"]
    assert _paths(r, "expected") == {"config:Labels", "config:Author"}
    out = text_report(r)
    assert "VERIFIED" in out and "before: built in" in out and "layers: 2 -> 2" in out
    assert "maintainer-to-label" in markdown_summary(r)


@pytest.mark.build
def test_build_original_fails_exit_2(buildah_root):
    r = _verify(buildah_root, "fails", "ok.Dockerfile")
    assert r["status"] == "original-fails" and r["exit_code"] == 2
    assert "exit" in r["before"]["log_tail"] or r["before"]["log_tail"]


@pytest.mark.build
def test_build_fixed_fails_exit_1(buildah_root, tmp_path):
    r = verify_paths(str(CASES / "fails" / "ok.Dockerfile"), str(CASES / "fails" / "broken.Dockerfile"),
                     context=str(CASES / "fails"), builder="buildah", storage_root=buildah_root, keep=True)
    assert r["status"] == "fixed-fails" and r["exit_code"] == 1
    assert r["before"]["built"] and not r["after"]["built"]


# ---------------------------------------------------------------- docker/podman path, with a stand-in CLI

FAKE_DOCKER = r'''#!{python}
"""A stand-in for the docker CLI: builds nothing, exports a file system made from the Dockerfile."""
import io, json, os, sys, tarfile
state = os.environ["FAKE_DOCKER_STATE"]
a = sys.argv[1:]
def path(tag):
    return os.path.join(state, tag.replace("/", "_").replace(":", "_"))
if a[0] == "info":
    sys.exit(0)
if a[0] == "build":
    df, tag = a[a.index("-f") + 1], a[a.index("-t") + 1]
    text = open(df).read()
    if "false" in text:
        print("step failed: exit code 1"); sys.exit(1)
    open(path(tag), "w").write(text)
    sys.exit(0)
if a[:2] == ["image", "inspect"]:
    text = open(path(a[2])).read()
    cfg = {{"User": "app" if "USER app" in text else "", "Cmd": ["tool"], "Env": ["PATH=/bin"]}}
    print(json.dumps([{{"Id": "sha256:" + str(abs(hash(text))), "Config": cfg, "RootFS": {{"Layers": ["a"] * text.count("RUN")}},
                        "Size": 1000 + len(text)}}]))
    sys.exit(0)
if a[0] == "create":
    open(path(a[a.index("--name") + 1]), "w").write(open(path(a[a.index("--name") + 2])).read())
    sys.exit(0)
if a[0] == "export":
    text = open(path(a[1])).read()
    files = {{"etc/passwd": "root:x:0:0:root:/root:/bin/sh\n" + ("app:x:999:999::/home/app:/bin/sh\n" if "USER app" in text else ""),
             "var/log/build.log": text}}
    if "tool" in text:
        files["usr/bin/tool"] = "#!/bin/sh\n"
    buf = sys.stdout.buffer
    with tarfile.open(fileobj=buf, mode="w|") as tf:
        for d in ("etc", "usr", "usr/bin", "var", "var/log"):
            ti = tarfile.TarInfo(d); ti.type = tarfile.DIRTYPE; ti.mode = 0o755; tf.addfile(ti)
        for n, c in files.items():
            ti = tarfile.TarInfo(n); data = c.encode(); ti.size = len(data); ti.mode = 0o644
            tf.addfile(ti, io.BytesIO(data))
    sys.exit(0)
if a[0] == "run":
    tag = next(x for x in a[1:] if x.startswith("localhost/"))
    text = open(path(tag)).read()
    if "USER app" in text and "chown" not in text:
        print("tool: cannot write /data: Permission denied", file=sys.stderr); sys.exit(1)
    print("tool ran"); sys.exit(0)
sys.exit(0)  # rm, rmi
'''


@pytest.fixture
def fake_docker(tmp_path, monkeypatch):
    bindir, state = tmp_path / "fakebin", tmp_path / "state"
    bindir.mkdir()
    state.mkdir()
    exe = bindir / "docker"
    exe.write_text(FAKE_DOCKER.format(python=sys.executable))
    exe.chmod(0o755)
    monkeypatch.setenv("PATH", str(bindir))
    monkeypatch.setenv("FAKE_DOCKER_STATE", str(state))
    return tmp_path


def _pair(d: Path, before: str, after: str) -> tuple[str, str]:
    (d / "Dockerfile").write_text(before)
    (d / "other.Dockerfile").write_text(after)
    return str(d / "Dockerfile"), str(d / "other.Dockerfile")


def test_docker_like_builder_verified(fake_docker):
    a, b = _pair(fake_docker, "FROM x\nRUN install tool\nRUN true\n",
                 "FROM x\nRUN install tool && true\nRUN useradd app\nUSER app\n")
    r = verify_paths(a, b, expect=["non-root-user"])
    assert r["builder"] == "docker" and r["status"] == "verified", r["unexpected"]
    assert _paths(r, "expected") == {"config:User", "/etc/passwd"}
    assert r["ignored"] == 1 and r["before"]["layers"] == 2


def test_docker_like_builder_unexpected_and_failures(fake_docker):
    a, b = _pair(fake_docker, "FROM x\nRUN install tool\n", "FROM x\nRUN install nothing\n")
    r = verify_paths(a, b)
    assert r["exit_code"] == 1 and _paths(r, "unexpected") == {"/usr/bin/tool"}
    a, b = _pair(fake_docker, "FROM x\nRUN install tool\n", "FROM x\nRUN false\n")
    r = verify_paths(a, b)
    assert r["status"] == "fixed-fails" and r["exit_code"] == 1 and "exit code 1" in r["after"]["log_tail"]
    a, b = _pair(fake_docker, "FROM x\nRUN false\n", "FROM x\nRUN true\n")
    assert verify_paths(a, b)["exit_code"] == 2


# ---------------------------------------------------------------- runs (verify --run)


def test_watch_keeps_a_service_up_reads_its_ports_and_stops_it(tmp_path):
    from dockfix.verify.runtime import process_tree, watch

    script = tmp_path / "serve.py"
    script.write_text("import socket, sys, time\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\ns.listen()\n"
                      "print(s.getsockname()[1], flush=True)\ntime.sleep(60)\n")
    pidfile = tmp_path / "pid"
    r = watch(["sh", "-c", f"echo $$ > {pidfile}; exec {sys.executable} {script}"], 2, "CMD")
    assert r.up and r.exit_code is None
    assert r.ports == [int(r.stdout.split()[0])]
    pid = int(pidfile.read_text())
    assert process_tree(pid) == [pid] and not Path(f"/proc/{pid}").exists()  # stopped


def test_watch_stops_the_program_on_ctrl_c(tmp_path):
    import signal

    from dockfix.verify.runtime import watch

    pidfile = tmp_path / "pid"

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    old = signal.signal(signal.SIGALRM, interrupt)
    signal.alarm(1)
    try:
        with pytest.raises(KeyboardInterrupt):
            watch(["sh", "-c", f"sleep 60 & echo $! > {pidfile}; wait"], 30, "CMD")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    pid = int(pidfile.read_text())
    assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split(")")[-1][:3]


def test_watch_a_program_that_exits():
    from dockfix.verify.runtime import watch

    r = watch(["sh", "-c", "echo out; echo err >&2; exit 3"], 5, "CMD")
    assert not r.up and r.exit_code == 3 and r.stdout == "out\n" and r.stderr_tail == "err"
    assert r.seconds < 5


def test_compare_runs():
    from dockfix.verify.runtime import RunResult, compare

    up = RunResult("CMD", up=True, ports=[8000])
    assert compare(up, RunResult("CMD", up=True, ports=[8000]), [8000]) == []
    assert "not listening on port 8000 (EXPOSEd)" in compare(up, RunResult("CMD", up=True), [8000])[0]
    assert "exits with code 1 where the original is still up" in compare(up, RunResult("CMD", exit_code=1), [])[0]
    ok = RunResult("CMD", exit_code=0, stdout="a\nb\n")
    assert compare(ok, RunResult("CMD", exit_code=0, stdout="a\nb\n"), []) == []
    assert compare(ok, RunResult("CMD", exit_code=2, stdout="a\nb\n"), []) == ["CMD: exit code 0 -> 2"]
    assert "line 2: 'b' -> 'c'" in compare(ok, RunResult("CMD", exit_code=0, stdout="a\nc\n"), [])[0]
    # the original itself prints differently each time: not a difference of the fix
    assert compare(ok, RunResult("CMD", exit_code=0, stdout="x"), [],
                   rerun=lambda: RunResult("CMD", exit_code=0, stdout="y")) == []
    assert compare(ok, RunResult("CMD", exit_code=0, stdout="x"), [], rerun=lambda: ok) != []


def test_what_runs():
    from dockfix.verify.runtime import child_dockerfile, declares_start, exposed_ports, image_argv

    assert image_argv({"Entrypoint": ["/e"], "Cmd": ["-x"]}) == ["/e", "-x"] and image_argv({}) is None
    assert exposed_ports({"ExposedPorts": {"8000/tcp": {}, "53/udp": {}, "9000": {}}}) == [8000, 9000]
    assert not declares_start("FROM debian\nRUN true\n")
    assert declares_start("FROM debian AS a\nCMD x\nFROM a\nRUN true\n")
    assert not declares_start("FROM debian AS a\nCMD x\nFROM debian\nRUN true\n")
    assert "apk update" in child_dockerfile("x", "alpine") and "FROM x\n" in child_dockerfile("x", "unknown")


def _against(root, case, other, **kw):
    return verify_paths(str(CASES / case / "Dockerfile"), str(CASES / case / other), builder="buildah",
                        storage_root=root, keep=True, run=True, **kw)


def _containers(root) -> str:
    import subprocess

    from dockfix.verify.command import Buildah

    return subprocess.run(Buildah("buildah", root).base() + ["containers", "--format", "{{.ContainerName}}"],
                          capture_output=True, text=True).stdout


@pytest.mark.build
def test_build_run_catches_a_runtime_break_the_tree_diff_misses(buildah_root):
    # the fixed image builds, and every file difference is one non-root-user declares; the
    # program then cannot write the state the build left root-owned
    r = _against(buildah_root, "runtime", "broken.Dockerfile", expect=["non-root-user"])
    assert r["unexpected"] == [] and r["expected"]
    assert r["status"] == "different" and r["exit_code"] == 1
    [problem] = r["run"]["problems"]
    assert "exit code 0 -> 2" in problem and "Permission denied" in problem
    assert r["run"]["checks"][0]["after"]["stderr_tail"].endswith("Permission denied")
    assert "runs differently" in r["summary"] and "PROBLEM CMD: exit code 0 -> 2" in text_report(r)
    assert "❌" in markdown_summary(r)
    assert "dockfix-run-" not in _containers(buildah_root)


@pytest.mark.build
def test_build_run_proves_a_correct_refactor(buildah_root):
    r = _against(buildah_root, "runtime", "refactored.Dockerfile")
    assert r["status"] == "verified" and r["exit_code"] == 0, r.get("run")
    [check] = r["run"]["checks"]
    assert check["proven"] and check["before"]["stdout"] == check["after"]["stdout"] == "visits: 1\n"
    assert "runs alike" in r["summary"]


@pytest.mark.build
def test_build_run_service_up_and_smoke(buildah_root):
    r = _against(buildah_root, "runtime", "service.Dockerfile", run_for=2)
    assert "still running after 2s where the original exits with code 0" in r["run"]["problems"][0]
    r = _against(buildah_root, "runtime", "refactored.Dockerfile", smoke=["cat data/count", "id -u"])
    assert r["run"]["mode"] == "smoke" and [c["before"]["stdout"] for c in r["run"]["checks"]] == ["0\n", "0\n"]
    assert r["status"] == "verified"
    assert "dockfix-run-" not in _containers(buildah_root)


@pytest.mark.build
def test_build_run_base_image_child(buildah_root):
    r = _against(buildah_root, "base", "merged.Dockerfile")
    assert r["run"]["mode"] == "child" and r["status"] == "verified", r["run"]
    assert "apt-get update" in r["summary"]
    r = _against(buildah_root, "base", "user.Dockerfile", expect=["non-root-user"])
    assert r["unexpected"] == [] and r["status"] == "different"
    assert "builds from the original but not from the other image" in r["run"]["problems"][0]
    assert "Permission denied" in r["run"]["problems"][0]


# ---------------------------------------------------------------- fixes applied only when proven


def test_verify_needs_fix(run_cli, tmp_path):
    df = tmp_path / "Dockerfile"
    df.write_text("FROM debian\nRUN true\nRUN true\n")
    p = run_cli("--diff", "--verify", str(df))
    assert p.returncode == 2 and b"--verify goes with --fix" in p.stderr


def test_fix_verify_without_unsafe_fixes_builds_nothing(run_cli, tmp_path):
    df = tmp_path / "Dockerfile"
    df.write_text("FROM debian\nMAINTAINER J <j@example.com>\nRUN true\nRUN true\n")
    p = run_cli("--fix", "--verify", "--builder", "podman", str(df), env={"PATH": str(tmp_path)})  # no builder at all
    assert p.returncode == 0, p.stderr
    assert "LABEL org.opencontainers.image.authors" in df.read_text() and "RUN true\nRUN true" in df.read_text()
    assert b"unsafe fixes are not enabled" in p.stderr


@pytest.mark.build
def test_build_fix_verify_keeps_only_proven_unsafe_fixes(buildah_root, tmp_path, monkeypatch, capsys):
    from dockfix.app.cli import main

    src = CASES / "prove" / "Dockerfile"
    df = tmp_path / "Dockerfile"
    df.write_text(src.read_text())
    monkeypatch.setenv("DOCKFIX_BUILDAH_ROOT", buildah_root)
    images_before = set(_images(buildah_root).split())
    rc = main(["--fix", "--unsafe-fixes", "--verify", "--select", "DL4000,DL3059,DL3002", "--format", "json", str(df)])
    cap = capsys.readouterr()
    assert rc == 1, cap.err[-2000:]  # a fix was dropped
    [r] = json.loads(cap.out)
    assert r["safe"] == ["maintainer-to-label"]
    assert [k["name"] for k in r["kept"]] == ["merge-run"] and "runs alike" in r["kept"][0]["how"]
    [dropped] = r["dropped"]
    assert dropped["name"] == "non-root-user" and "exit code 0 -> 2" in dropped["reason"]
    assert "Permission denied" in dropped["reason"]
    assert r["builds"] == 2  # one per unsafe transform; the original once, reused
    out = df.read_text()
    assert "LABEL org.opencontainers.image.authors" in out and "echo 0 > /tmp/seed && \\" in out
    assert "USER" not in out and "useradd" not in out
    assert set(_images(buildah_root).split()) <= images_before  # what it built is removed afterwards


def _images(root) -> str:
    import subprocess

    from dockfix.verify.command import Buildah

    return subprocess.run(Buildah("buildah", root).base() + ["images", "--format", "{{.Name}}:{{.Tag}}"],
                          capture_output=True, text=True).stdout


def test_docker_like_builder_runs(fake_docker):
    a, b = _pair(fake_docker, "FROM x\nRUN install tool\nCMD tool\n",
                 "FROM x\nRUN install tool && useradd app\nUSER app\nCMD tool\n")
    r = verify_paths(a, b, expect=["non-root-user"], run=True)
    assert r["unexpected"] == [] and r["status"] == "different"
    [check] = r["run"]["checks"]
    assert check["before"]["exit_code"] == 0 and check["before"]["stdout"] == "tool ran\n"
    assert "exit code 0 -> 1" in r["run"]["problems"][0] and "Permission denied" in r["run"]["problems"][0]
    a, b = _pair(fake_docker, "FROM x\nRUN install tool\nCMD tool\n",
                 "FROM x\nRUN install tool && useradd app && chown app /data\nUSER app\nCMD tool\n")
    r = verify_paths(a, b, expect=["non-root-user"], run=True)
    assert r["status"] == "verified" and "runs alike (CMD exit 0 in both)" in r["summary"]
