"""exec-form: Write CMD and ENTRYPOINT in JSON (exec) form when no shell is needed."""

from __future__ import annotations

import json
import shlex

import dockerfile
import pytest
from fixcase import assert_fix, assert_noop, findings, fix, refused_of, result, write_context


@pytest.mark.parametrize("setup", [
    'SHELL ["/bin/bash", "--login", "-c"]',
    'SHELL ["/bin/bash", "-lc"]',
    'SHELL ["/bin/bash", "-i", "-c"]',
    'ENV BASH_ENV=/root/.nvm/nvm.sh\nSHELL ["/bin/bash", "-c"]',
])
@pytest.mark.parametrize("kw", ["CMD", "ENTRYPOINT"])
def test_exec_form_keeps_the_shell_that_reads_startup_files(setup, kw):
    """Under a login/interactive SHELL (or bash with BASH_ENV) the shell form
    runs /etc/profile, ~/.bashrc or $BASH_ENV first (Debian's /etc/profile
    resets PATH; conda/nvm hook in there); the JSON form skipped that, so
    `python`/`node` became another program or none."""
    text = f"FROM debian:12\n{setup}\n{kw} python app.py\n"
    assert_noop(text, "exec-form")
    reasons = [f.refused for f in findings(text, "exec-form", fixed=True) if f.refused]
    assert reasons and "start-up files" in reasons[0]


@pytest.mark.parametrize("cmd", [
    "npm start", "nginx -g 'daemon off;'", 'python "my app.py" --x=1', "java -jar /app/a.jar",
    "gunicorn -b 0.0.0.0:8000 app:app", "echo 'a\"b' \"c'd\"",
])
def test_exec_form_argv_matches_the_shell(cmd):
    out = fix(f"FROM scratch\nCMD {cmd}\n", "exec-form")
    line = out.splitlines()[1]
    assert line.startswith("CMD [")
    assert json.loads(line[4:]) == shlex.split(cmd)
    (c,) = [c for c in dockerfile.parse_string(out) if c.cmd == "CMD"]
    assert c.json and list(c.value) == shlex.split(cmd)


@pytest.mark.parametrize("cmd", ["a && b", "a | b", "cd /x", "A=1 app", "exec 3>&1", "a; b", "cd $D",
                                 "if true; then x; fi"])
def test_exec_form_refuses_shell_features(cmd):
    text = f"FROM scratch\nCMD {cmd}\n"
    assert_noop(text, "exec-form")
    assert findings(text, "exec-form")[0].refused


@pytest.mark.parametrize("cmd", ["echo $HOME", "a > f", "ls *.txt", "ls ~", "echo `id`", "echo a\\ b"])
def test_exec_form_single_command_needing_a_shell_gets_exec(cmd):
    text = f"FROM scratch\nCMD {cmd}\n"
    out = fix(text, "exec-form")
    assert out == f"FROM scratch\nCMD exec {cmd}\n"  # still shell form: the shell expands, then execs
    assert findings(out, "exec-form")[0].refused  # reported, nothing more to do


def test_exec_form_entrypoint_with_cmd_is_unsafe_and_says_why():
    text = "FROM scratch\nENTRYPOINT /app\nCMD --verbose\n"
    (f,) = [f for f in findings(text, "exec-form") if f.fix is not None]
    assert f.fix.applicability.name == "UNSAFE"
    assert_noop(text, "exec-form", unsafe=False)


def test_exec_form_json_escapes_backslashes_and_quotes():
    out = fix("FROM scratch\nCMD printf '%s\\n' 'say \"hi\"'\n", "exec-form")
    assert out == 'FROM scratch\nCMD ["printf", "%s\\\\n", "say \\"hi\\""]\n'
    (c,) = [c for c in dockerfile.parse_string(out) if c.cmd == "CMD"]
    assert list(c.value) == ["printf", "%s\\n", 'say "hi"']


def test_shell_form_cmd_becomes_json():
    assert_fix("FROM node:20\nCMD node server.js\n", 'FROM node:20\nCMD ["node", "server.js"]\n', "exec-form")


def test_json_form_is_left_alone():
    assert_noop('FROM node:20\nCMD ["node", "server.js"]\n', "exec-form")


def test_exec_form_needs_a_shebang_in_a_start_script(tmp_path):
    # the shell form runs a script without `#!` as a shell script; the exec form fails with
    # "exec format error" (reviews of seeds 20261206 and 20261207: RISKY)
    text = "FROM alpine\nCOPY start.sh /start.sh\nCMD /start.sh\n"
    res = result(text, "exec-form")
    assert res.output == text and any("cannot read" in r for r in refused_of(res))
    df = write_context(tmp_path / "a", text, {"start.sh": "echo started\n"})
    res = result(text, "exec-form", path=str(df), context=str(df.parent))
    assert res.output == text and any("no `#!` line" in r for r in refused_of(res))
    df = write_context(tmp_path / "b", text, {"start.sh": "#!/bin/sh\necho started\n"})
    assert 'CMD ["/start.sh"]' in result(text, "exec-form", path=str(df), context=str(df.parent)).output
