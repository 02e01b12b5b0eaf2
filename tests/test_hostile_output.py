"""Output under hostile conditions: a strict or non-UTF-8 stdout, closed streams, escape
sequences in a file, control characters in file names.  No traceback, nothing from a file
reaches a terminal or a CI log as a control sequence, and ``--diff`` stays a patch ``git
apply`` takes."""

import json
import os
import shutil
import subprocess
import sys

import pytest

SEL = ("--select", "maintainer-to-label")
# invalid UTF-8 in a comment and in the finding's own line
INVALID = b"FROM alpine\n# caf\xe9\nMAINTAINER J\xe9r\xf4me <j@x>\nRUN true\n"
ESC = "\x1b]0;pwned\x07\x1b[2J\x1b[31m"
ANSI = ("FROM alpine\nMAINTAINER Jane " + ESC + " <j@x>\nRUN true\n").encode()
PARSE = ("FROM alpine\nBOGUS" + ESC + " x\n").encode()  # an error message that quotes the file


def no_traceback(r) -> None:
    assert b"Traceback" not in r.stderr, r.stderr.decode(errors="replace")


@pytest.mark.parametrize("encoding", ["utf-8:strict", "ascii:strict", "latin-1:strict"])
@pytest.mark.parametrize("mode", [(), ("--diff",), ("--format", "github"), ("--format", "json"), ("--format", "sarif")])
def test_invalid_utf8_with_a_strict_stdout_encoding(tmp_path, run_cli, encoding, mode):
    (tmp_path / "Dockerfile").write_bytes(INVALID)
    r = run_cli(*SEL, *mode, "Dockerfile", env={"PYTHONIOENCODING": encoding, "LC_ALL": "C"})
    no_traceback(r)
    assert r.returncode == 1
    if mode == ("--diff",):
        assert b"-MAINTAINER J\xe9r\xf4me <j@x>\n" in r.stdout  # a patch keeps the file's bytes
    elif mode in ((), ("--format", "github")):
        assert b"Dockerfile:3:1" in r.stdout or b"line=3" in r.stdout


def test_closed_stdout_and_stdin(tmp_path):
    (tmp_path / "Dockerfile").write_bytes(b"FROM alpine\nMAINTAINER Jane <j@x>\n")
    base = [sys.executable, "-m", "dockfix", *SEL]
    # stdout closed (>&-): the file is still fixed, no traceback
    r = subprocess.run([*base, "--fix", "Dockerfile"], cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                       timeout=120, pass_fds=(), preexec_fn=lambda: os.close(1))
    no_traceback(r)
    assert r.returncode == 0
    assert b"MAINTAINER" not in (tmp_path / "Dockerfile").read_bytes()
    # stdin closed (<&-) and read from: bad input
    r = subprocess.run([*base, "-"], cwd=tmp_path, stdin=subprocess.DEVNULL, capture_output=True, timeout=120,
                       preexec_fn=lambda: os.close(0))
    no_traceback(r)
    assert r.returncode == 2
    assert b"-:1:1: error: cannot read: standard input is closed" in r.stderr


def test_escape_sequences_never_reach_the_terminal(tmp_path, run_cli):
    (tmp_path / "Dockerfile").write_bytes(ANSI)
    for args in ((), ("--fix",)):
        (tmp_path / "Dockerfile").write_bytes(ANSI)
        r = run_cli(*SEL, *args, "Dockerfile", env={"FORCE_COLOR": "1"})  # coloured, as on a terminal
        no_traceback(r)
        assert b"\x1b]" not in r.stdout + r.stderr and b"\x07" not in r.stdout + r.stderr
        assert b"\x1b[2J" not in r.stdout + r.stderr
    (tmp_path / "Dockerfile").write_bytes(PARSE)
    r = run_cli(*SEL, "--no-color", "Dockerfile")
    assert r.returncode == 2
    assert b"\x1b" not in r.stderr and b"\x07" not in r.stderr
    assert b"unknown instruction: BOGUS\\x1b]0;pwned\\x07\\x1b[2J" in r.stderr  # shown, harmless


def test_escape_sequences_never_reach_github_annotations(tmp_path, run_cli):
    (tmp_path / "Dockerfile").write_bytes(ANSI)
    r = run_cli(*SEL, "--format", "github", "Dockerfile")
    assert r.returncode == 1
    assert b"\x1b" not in r.stdout and b"\x07" not in r.stdout
    assert r.stdout.startswith(b"::warning file=Dockerfile,")
    (tmp_path / "Dockerfile").write_bytes(PARSE)
    r = run_cli(*SEL, "--format", "github", "Dockerfile")
    assert r.returncode == 2
    assert b"\x1b" not in r.stdout + r.stderr and b"\x07" not in r.stdout + r.stderr
    assert b"::error file=Dockerfile,line=2,col=1,title=dockfix::unknown instruction: BOGUS\\x1b" in r.stdout


def test_a_diff_on_a_pipe_keeps_the_bytes(tmp_path, run_cli):
    (tmp_path / "Dockerfile").write_bytes(ANSI)
    r = run_cli(*SEL, "--diff", "Dockerfile")
    assert ("-MAINTAINER Jane " + ESC + " <j@x>\n").encode() in r.stdout  # a patch must apply


def test_newline_in_a_file_name_cannot_forge_a_workflow_command(tmp_path, run_cli):
    d = tmp_path / "x\n::error file=forged.py,line=1::owned\n"
    d.mkdir()
    (d / "Dockerfile").write_bytes(b"FROM alpine\nMAINTAINER Jane <j@x>\nBOGUS\n")  # a parse error (stderr too)
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "Dockerfile").write_bytes(b"FROM alpine\nMAINTAINER Jane <j@x>\n")
    r = run_cli(*SEL, "--format", "github", ".")
    no_traceback(r)
    for stream in (r.stdout, r.stderr):
        for line in stream.decode().splitlines():
            assert not line.startswith("::error file=forged"), line
            if line.startswith("::"):
                assert line.startswith(("::warning file=", "::error file=")), line
    r = run_cli(*SEL, ".")
    for line in (r.stdout + r.stderr).decode().splitlines():
        assert not line.startswith("::error"), line


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
@pytest.mark.parametrize("name", ["tab\there", "new\nline", 'quote"and\\back', "caf\u00e9 x", "sp ace"])
def test_diff_names_are_quoted_as_git_does_and_git_apply_takes_them(tmp_path, run_cli, name):
    d = tmp_path / name
    d.mkdir()
    (d / "Dockerfile").write_bytes(b"FROM alpine\nMAINTAINER Jane <j@x>\nRUN true\n")
    (d / ".dockerignore").write_bytes(b".git\n")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    r = run_cli(*SEL, "--diff", ".")
    assert r.returncode == 1, r.stderr
    if any(c in name for c in "\t\n\"\\"):
        assert b'--- "a/' in r.stdout
    a = subprocess.run(["git", "apply", "--check", "-v", "-"], input=r.stdout, cwd=tmp_path, capture_output=True)
    assert a.returncode == 0, (r.stdout, a.stderr)
    subprocess.run(["git", "apply", "-"], input=r.stdout, cwd=tmp_path, check=True)
    assert b"MAINTAINER" not in (d / "Dockerfile").read_bytes()


def test_git_quote_matches_git():
    from dockfix.fixing.diff import git_quote

    assert git_quote("a/Dockerfile") == "a/Dockerfile"
    assert git_quote("a/x y/Dockerfile") == "a/x y/Dockerfile"
    assert git_quote("a/x\ty") == '"a/x\\ty"'
    assert git_quote('a/q"\\') == '"a/q\\"\\\\"'
    assert git_quote("a/\x1b\u00e9\n") == '"a/\\033\\303\\251\\n"'


def test_sarif_and_json_stay_valid_with_hostile_content(tmp_path, run_cli):
    (tmp_path / "Dockerfile").write_bytes(ANSI.replace(b"RUN true", b"RUN caf\xe9"))
    for fmt in ("json", "sarif"):
        r = run_cli(*SEL, "--format", fmt, "Dockerfile")
        json.loads(r.stdout)
        assert b"\x1b" not in r.stdout


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_undecodable_names_and_content_with_a_strict_stdout(tmp_path, run_cli, fmt):
    os.mkdir(os.path.join(bytes(tmp_path), b"caf\xe9"))
    with open(os.path.join(bytes(tmp_path), b"caf\xe9", b"Dockerfile"), "wb") as f:
        f.write(b"FROM alpine\nMAINTAINER Jane <j@x>\n")
    with open(os.path.join(bytes(tmp_path), b"Dockerfile"), "wb") as f:
        f.write(b"FROM alpine\nBOGUS\xe9 x\n")  # a parse error that quotes the bad byte
    r = run_cli(*SEL, "--format", fmt, ".", env={"PYTHONIOENCODING": "utf-8:strict"})
    no_traceback(r)
    assert r.returncode == 2
    assert b"caf\\udce9/Dockerfile" in r.stdout  # escaped, not a UnicodeEncodeError
    if fmt == "github":
        assert b"unknown instruction: BOGUS\\udce9" in r.stdout
