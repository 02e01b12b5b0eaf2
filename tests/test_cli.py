"""The CLI contract: modes, exit codes, diffs git accepts, atomic writes, stdin, bad input."""

import json
import os
import stat
import subprocess

import pytest

SEL = ("--select", "maintainer-to-label")
BAD = b"FROM alpine\nMAINTAINER Jane <j@x>\nRUN true\n"
GOOD = b'FROM alpine\nLABEL org.opencontainers.image.authors="Jane <j@x>"\nRUN true\n'


def write(p, data: bytes, mode=None):
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    if mode is not None:
        os.chmod(p, mode)
    return p


def test_version(run_cli):
    r = run_cli("--version")
    assert r.returncode == 0 and r.stdout.decode().startswith("dockfix ")


def test_report_mode_exit_codes(tmp_path, run_cli):
    write(tmp_path / "Dockerfile", BAD)
    r = run_cli(*SEL, "Dockerfile")
    assert r.returncode == 1
    assert "Dockerfile:2:1: maintainer-to-label " in r.stdout.decode()
    assert r.stdout.decode().splitlines()[0].endswith("[*]")
    write(tmp_path / "Dockerfile", GOOD)
    r = run_cli(*SEL, "Dockerfile")
    assert r.returncode == 0, r.stdout
    assert (tmp_path / "Dockerfile").read_bytes() == GOOD  # report mode never writes


def test_report_json(tmp_path, run_cli):
    write(tmp_path / "Dockerfile", BAD)
    r = run_cli(*SEL, "--format", "json", "Dockerfile")
    rows = json.loads(r.stdout)
    assert rows[0]["name"] == "maintainer-to-label" and rows[0]["line"] == 2
    assert rows[0]["dl_codes"] == ["DL4000"] and rows[0]["applicability"] == "safe"
    assert rows[0]["fix"]["edits"][0]["content"].startswith("LABEL ")


def _git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=True)


@pytest.mark.parametrize("data", [
    BAD,
    BAD.replace(b"\n", b"\r\n"),  # CRLF
    BAD + b"RUN echo end",  # no final newline
    b"# caf\xe9\n" + BAD,  # non-UTF-8 byte
])
def test_diff_applies_with_git_and_equals_fix(tmp_path, run_cli, data):
    repo = tmp_path / "repo"
    write(repo / "svc" / "Dockerfile", data)
    _git(repo, "init", "-q")
    r = run_cli("--diff", *SEL, "svc/Dockerfile", cwd=repo)
    assert r.returncode == 1, r.stderr
    assert r.stdout.startswith(b"--- a/svc/Dockerfile\n+++ b/svc/Dockerfile\n")
    assert (repo / "svc" / "Dockerfile").read_bytes() == data  # --diff writes nothing
    (tmp_path / "p.diff").write_bytes(r.stdout)
    _git(repo, "apply", "--check", str(tmp_path / "p.diff"))
    _git(repo, "apply", str(tmp_path / "p.diff"))
    patched = (repo / "svc" / "Dockerfile").read_bytes()
    write(repo / "svc" / "Dockerfile", data)
    r = run_cli("--fix", *SEL, "svc/Dockerfile", cwd=repo)
    assert r.returncode == 0, r.stderr
    assert (repo / "svc" / "Dockerfile").read_bytes() == patched
    # and now there is nothing left to do
    r = run_cli("--diff", *SEL, "svc/Dockerfile", cwd=repo)
    assert r.returncode == 0 and r.stdout == b""


def test_check_is_quiet(tmp_path, run_cli):
    write(tmp_path / "Dockerfile", BAD)
    r = run_cli("--check", *SEL, "Dockerfile")
    assert r.returncode == 1 and r.stdout == b""
    write(tmp_path / "Dockerfile", GOOD)
    r = run_cli("--check", *SEL, "Dockerfile")
    assert r.returncode == 0 and r.stdout == b"" and r.stderr == b""


def test_fix_keeps_mode_and_is_atomic(tmp_path, run_cli):
    p = write(tmp_path / "Dockerfile", BAD, 0o640)
    r = run_cli("--fix", *SEL, "Dockerfile")
    assert r.returncode == 0
    assert p.read_bytes() == GOOD
    assert stat.S_IMODE(p.stat().st_mode) == 0o640
    assert sorted(x.name for x in tmp_path.iterdir()) == ["Dockerfile"]  # no temp file left


def test_fix_exit_1_when_findings_remain(tmp_path, run_cli):
    data = b"FROM a\nMAINTAINER Jane \\\n# team\n  Doe\n"
    write(tmp_path / "Dockerfile", data)
    r = run_cli("--fix", *SEL, "Dockerfile")
    assert r.returncode == 1
    assert b"not fixed: comment lines inside" in r.stdout
    assert (tmp_path / "Dockerfile").read_bytes() == data


def test_stdin(tmp_path, run_cli):
    r = run_cli("--fix", *SEL, "-", input=BAD)
    assert r.returncode == 0 and r.stdout == GOOD
    r = run_cli("--diff", *SEL, "-", input=BAD)
    assert r.returncode == 1 and b"+LABEL org.opencontainers.image.authors" in r.stdout
    r = run_cli(*SEL, "-", input=BAD)
    assert r.returncode == 1 and r.stdout.startswith(b"-:2:1: maintainer-to-label")


@pytest.mark.parametrize("name,data,where,message", [
    ("Dockerfile", b"FROM a\nRUN <<EOF\necho\n", "2:1", "unterminated heredoc"),
    ("Dockerfile", b"FROM a\nCMD [\"a\", 1]\n", "2:1", "string arrays"),
    ("Dockerfile", b"\x00\x01binary", "1:1", "binary file"),
    ("Dockerfile", b"# escape=x\nFROM a\n", "1:", "invalid escape"),
])
def test_bad_input_exit_2_untouched(tmp_path, run_cli, name, data, where, message):
    p = write(tmp_path / "bad" / name, data)
    write(tmp_path / "ok" / "Dockerfile", BAD)
    r = run_cli("--fix", *SEL, "bad/Dockerfile", "ok/Dockerfile")
    err = r.stderr.decode()
    assert r.returncode == 2
    assert f"bad/Dockerfile:{where}" in err and "error:" in err and message in err
    assert "Traceback" not in err
    assert p.read_bytes() == data
    assert (tmp_path / "ok" / "Dockerfile").read_bytes() == GOOD  # the rest of the run still happened


def test_missing_path_and_empty_directory(tmp_path, run_cli):
    (tmp_path / "empty").mkdir()
    r = run_cli("nope/Dockerfile", "empty")
    err = r.stderr.decode()
    assert r.returncode == 2
    assert "nope/Dockerfile:1:1: error: no such file or directory" in err
    assert "empty:1:1: error: no Dockerfiles found" in err
    assert "Traceback" not in err


def test_directory_discovery(tmp_path, run_cli):
    for rel in ["Dockerfile", "a/Containerfile", "b/Dockerfile.prod", "c/api.Dockerfile", "d/x.containerfile",
                "node_modules/m/Dockerfile", ".git/Dockerfile", "ignored/Dockerfile", "e/Dockerfile.dockerignore"]:
        write(tmp_path / rel, BAD)
    write(tmp_path / "notes.txt", BAD)
    (tmp_path / ".gitignore").write_text("ignored/\n")
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    r = run_cli(*SEL, ".")
    found = sorted({line.split(":")[0] for line in r.stdout.decode().splitlines() if ":" in line})
    assert found == ["Dockerfile", "a/Containerfile", "b/Dockerfile.prod", "c/api.Dockerfile", "d/x.containerfile"]


def test_list_and_explain(run_cli):
    r = run_cli("--list")
    assert r.returncode == 0 and "maintainer-to-label" in r.stdout.decode()
    rows = json.loads(run_cli("--list", "--format", "json").stdout)
    row = next(x for x in rows if x["name"] == "maintainer-to-label")
    assert row["code"] == "DF001" and row["hadolint"] == ["DL4000"] and row["applicability"] == "safe"
    r = run_cli("explain", "maintainer-to-label")
    out = r.stdout.decode()
    assert r.returncode == 0 and "What:" in out and "Fix safety" in out and "DL4000" in out
    assert run_cli("explain", "DL4000").returncode == 0
    r = run_cli("explain", "no-such-thing")
    assert r.returncode == 2 and b"unknown transform" in r.stderr


def test_unknown_selector_is_usage_error(tmp_path, run_cli):
    write(tmp_path / "Dockerfile", BAD)
    r = run_cli("--select", "no-such-transform", "Dockerfile")
    assert r.returncode == 2 and b"unknown transform" in r.stderr


def test_config_file_is_used_and_cli_wins(tmp_path, run_cli):
    write(tmp_path / "Dockerfile", BAD)
    (tmp_path / ".dockfix.toml").write_text('ignore = ["maintainer-to-label"]\n')
    assert run_cli("--check", "Dockerfile").returncode == 0
    # the command line wins: an explicit (empty) --ignore replaces the config's list
    r = run_cli("--check", "--select", "maintainer-to-label", "--ignore", "", "Dockerfile")
    assert r.returncode == 1
    (tmp_path / ".dockfix.toml").write_text("select = [\n")
    r = run_cli("Dockerfile")
    assert r.returncode == 2 and b".dockfix.toml:" in r.stderr and b"error:" in r.stderr


def test_suppression_in_file(tmp_path, run_cli):
    write(tmp_path / "Dockerfile", b"FROM a\n# hadolint ignore=DL4000\nMAINTAINER x\n")
    assert run_cli(*SEL, "Dockerfile").returncode == 0


@pytest.mark.parametrize("mode", ["", "--diff", "--format json"])
def test_closed_pipe_is_not_a_crash(tmp_path, mode):
    import sys

    # far more output than a pipe buffer holds, so writes hit the closed pipe
    for i in range(60):
        write(tmp_path / f"s{i}" / "Dockerfile", b"FROM alpine\n" + b"MAINTAINER someone <a@b>\n" * 40)
    r = subprocess.run(f"{sys.executable} -m dockfix {mode} --select maintainer-to-label --jobs 1 . | head -c 10 >/dev/null",
                       shell=True, cwd=tmp_path, capture_output=True, timeout=300)
    assert b"Traceback" not in r.stderr and b"BrokenPipe" not in r.stderr, r.stderr[-500:]


@pytest.mark.parametrize("extra", [(), ("--unsafe-fixes",)])
def test_quiet_diff_prints_the_same_patch(tmp_path, run_cli, extra):
    """A quiet --diff skips work whose findings it would not print: the patch stays the same."""
    write(tmp_path / "Dockerfile", b"FROM python:3.12-slim\nMAINTAINER Jane <j@x>\nWORKDIR /app\nCOPY . .\n"
                                   b"RUN pip install -r requirements.txt\nCMD python app.py\n")
    loud = run_cli("--diff", *extra, "Dockerfile")
    quiet = run_cli("--diff", "-q", *extra, "Dockerfile")
    assert loud.returncode == quiet.returncode == 1
    assert quiet.stdout == loud.stdout != b""
    assert b"remaining" in loud.stderr and quiet.stderr == b""
