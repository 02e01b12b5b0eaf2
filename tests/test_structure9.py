"""Behaviour of the issue-9 structure/syntax transforms: merge-run, cd-to-workdir,
add-to-copy, exec-form, env-key-value, keyword-case (hazard regressions included)."""

from __future__ import annotations

import json
import shlex
import shutil
import subprocess

import dockerfile
import pytest

from dockfix.fixing.config import Settings
from dockfix.fixing.engine import fix_text

from fixcase import assert_noop, findings, fix


def runs(text: str) -> list[str]:
    return [c.value[0] for c in dockerfile.parse_string(text) if c.cmd == "RUN"]


# ---------------------------------------------------------------- merge-run

SH = shutil.which("sh")


def _execute(scripts: list[str], tmp_path, name: str) -> tuple[bool, str]:
    """Run each RUN script in a fresh `sh -c` (like BuildKit), stop at the first failure."""
    d = tmp_path / name
    d.mkdir()
    (d / "sub").mkdir()
    ok = True
    for s in scripts:
        r = subprocess.run([SH, "-c", s], cwd=d, capture_output=True, text=True, timeout=20)
        if r.returncode != 0:
            ok = False
            break
    log = (d / "log").read_text() if (d / "log").exists() else ""
    return ok, log


MERGE_CASES = [
    ["echo a >> log; false", "echo b >> log"],  # RUN fails? no: `a; false` fails -> b must not run
    ["false; echo a >> log", "echo b >> log"],  # `x; y` succeeds when y does
    ["false || echo a >> log", "echo b >> log"],
    ["true || false", "echo b >> log; false", "echo c >> log"],
    ["echo a >> log", "false; echo b >> log", "echo c >> log"],
    ["echo a >> log", "false || echo b >> log"],
    ["echo a >> log", "echo b >> log && false", "echo c >> log"],
    ["cd sub && echo a >> log", "echo b >> log"],  # cd must not leak into the next command
    ["X=1; echo $X >> log", "eval 'echo \"[$X]\"' >> log"],  # nor a variable
    ["export X=1; echo $X >> log", "sh -c 'echo \"[$X]\"' >> log"],  # nor an exported one
    ["f() { echo f >> log; }; f", "f 2>/dev/null || echo nof >> log"],
    ["set -e; false || true", "false; echo after >> log"],
    ["exit 0", "echo b >> log"],
    ["if true; then echo a >> log; fi", "echo b >> log | cat"],
    ["umask 077 && touch x", "touch y && ls -l y | cut -c1-10 >> log"],
    ["for i in 1 2; do :; done", "eval 'echo \"[$i]\"' >> log"],  # a loop variable must not leak
    ["printf -v V x 2>/dev/null; true", "eval 'echo \"[$V]\"' >> log"],
    ["find . -name sub -exec touch {}/mark \\;", "ls sub >> log"],  # `\;` is a word, not a separator
    ["echo a >> log; false;", "echo b >> log"],  # trailing `;` dropped before `&&`
    ["echo a >> log ;", "cd sub;", "test -d sub && echo top >> log || echo inside >> log;"],
]


@pytest.mark.skipif(SH is None, reason="no sh")
@pytest.mark.parametrize("scripts", MERGE_CASES, ids=[" / ".join(c) for c in MERGE_CASES])
def test_merged_run_behaves_like_separate_runs(scripts, tmp_path):
    text = "FROM debian:12\n" + "".join(f"RUN {s}\n" for s in scripts)
    out = fix(text, "merge-run")
    merged = runs(out)
    assert len(merged) < len(scripts), f"expected a merge:\n{out}"
    assert _execute(scripts, tmp_path, "separate") == _execute(merged, tmp_path, "merged")


VARIABLE_CASES = [
    ["X=1; echo $X >> log", 'echo "[$X]" >> log'],
    ["export W=$(nproc)", 'if [ "$(nproc)" -gt 2 ]; then export W=1; fi'],
    ["for i in 1 2; do :; done", 'echo "[$i]" >> log'],
    ["printf -v V x 2>/dev/null; true", 'echo "[${V:-}]" >> log'],
    ["read -r R < /dev/null || true", "echo $R >> log"],
]


@pytest.mark.parametrize("scripts", VARIABLE_CASES, ids=[" / ".join(c) for c in VARIABLE_CASES])
def test_variable_set_in_subshell_then_used_is_not_joined(scripts):
    """Joined, the first RUN would run in `( ... )` and the second would read
    the variable after it: shellcheck reports SC2031 there, so no merge."""
    text = "FROM debian:12\n" + "".join(f"RUN {s}\n" for s in scripts)
    assert_noop(text, "merge-run")
    refused = [f for f in findings(text, "merge-run") if f.refused]
    assert refused and "SC2031" in refused[0].refused


def test_variable_prefix_assignment_does_not_block_a_join():
    text = "FROM debian:12\nRUN cd /srv && X=1 make\nRUN echo \"$X\"\n"
    assert len(runs(fix(text, "merge-run"))) == 1


def test_merge_is_unsafe_only():
    text = "FROM debian:12\nRUN echo a\nRUN echo b\n"
    assert_noop(text, "merge-run", unsafe=False)
    assert len(runs(fix(text, "merge-run"))) == 1


def test_hazard_shell_comment_never_on_a_joined_line():
    text = "FROM debian:12\nRUN apt-get update # needed by scripts\nRUN apt-get install -y curl\nRUN echo x\n"
    out = fix(text, "merge-run")
    for script in runs(out):
        assert "#" not in script or script == "apt-get update # needed by scripts"
    # every command survives
    assert "apt-get install -y curl" in " ".join(runs(out)) and "echo x" in " ".join(runs(out))
    refused = [f for f in findings(text, "merge-run") if f.refused]
    assert refused and "comment" in refused[0].refused


def test_hazard_comment_line_inside_continuation_keeps_following_lines():
    text = ("FROM debian:12\nRUN apt-get update \\\n# explain\n    && apt-get install -y make\n"
            "# why\nRUN make --version\n")
    out = fix(text, "merge-run")
    (script,) = runs(out)
    assert "apt-get install -y make" in script and "make --version" in script
    assert "# explain" in out and "# why" in out


def test_hazard_heredoc_does_not_swallow_next_instruction():
    text = "FROM debian:12\nRUN <<EOF\necho hi\nEOF\nRUN echo after\nCOPY a /a\n"
    out = fix(text, "merge-run")
    assert out == text
    assert [c.cmd for c in dockerfile.parse_string(out)] == ["FROM", "RUN", "RUN", "COPY"]


def test_hazard_backtick_escape_gets_no_backslash_continuations():
    text = "# escape=`\nFROM alpine\nRUN echo a\nRUN echo b\n"
    assert_noop(text, "merge-run")
    (f,) = [f for f in findings(text, "merge-run")]
    assert "escape" in f.refused


def test_merge_refuses_different_flags():
    text = "FROM alpine\nRUN --mount=type=cache,target=/c echo a\nRUN echo b\n"
    assert_noop(text, "merge-run")


# ------------------------------------------------------------ cd-to-workdir

def test_cd_to_workdir_restores_previous_directory():
    text = "FROM debian:12\nWORKDIR /app\nRUN cd /src && make\nCOPY . .\n"
    out = fix(text, "cd-to-workdir")
    cmds = [(c.cmd, c.value) for c in dockerfile.parse_string(out)]
    assert cmds == [("FROM", ("debian:12",)), ("WORKDIR", ("/app",)), ("WORKDIR", ("/src",)),
                    ("RUN", ("make",)), ("WORKDIR", ("/app",)), ("COPY", (".", "."))]


def test_cd_to_workdir_refuses_relative_dir_with_unknown_base():
    text = "FROM registry.example.com/team/builder:1\nRUN cd src && go build\n"
    assert_noop(text, "cd-to-workdir")
    assert "unknown" in findings(text, "cd-to-workdir")[0].refused


@pytest.mark.parametrize("run", ["cd $DIR && make", "cd - && ls", "cd && ls", "(cd /x && make)",
                                 "wget https://e.com/a && export A=1 && cd /x && ls",
                                 "--mount=type=tmpfs,target=/tmp cd /tmp/s && make",
                                 "make; cd /x && ls", "make & cd /x && ls", "cd /only", "cd -P /x && ls"])
def test_cd_to_workdir_refusals(run):
    text = f"FROM debian:12\nRUN {run}\n"
    assert_noop(text, "cd-to-workdir")


# ---------------------------------------------------------------- add-to-copy

def test_add_to_copy_never_touches_archives_or_urls():
    text = ("FROM alpine\nADD rootfs.tar.xz /\nADD x.tbz2 /\nADD y.zst /\nADD https://e.com/a /a\n"
            "ADD git@github.com:a/b.git /b\nADD --checksum=sha256:00 a.txt /a\n")
    assert_noop(text, "add-to-copy")


def test_add_to_copy_checks_content_in_context(tmp_path):
    import tarfile

    (tmp_path / "inner").write_text("x")
    with tarfile.open(tmp_path / "blob", "w:gz") as tf:
        tf.add(tmp_path / "inner", arcname="inner")
    (tmp_path / "plain").write_text("hello\n")
    df = tmp_path / "Dockerfile"
    text = "FROM alpine\nADD blob /opt/\nADD plain /opt/\n"
    df.write_text(text)
    out = fix(text, "add-to-copy", unsafe=False, path=str(df))
    assert out == "FROM alpine\nADD blob /opt/\nCOPY plain /opt/\n"


# ---------------------------------------------------------------- exec-form

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


# ------------------------------------------------------------ env-key-value

def test_hazard_phpize_deps_continued_value_stays_valid_and_equal():
    text = "FROM php:8\nENV PHPIZE_DEPS \\\n\t\tautoconf \\\n\t\tdpkg-dev \\\n\t\tfile\nRUN echo\n"
    out = fix(text, "env-key-value")
    assert "PHPIZE_DEPS=\\" not in out
    (before,) = [c.value for c in dockerfile.parse_string(text) if c.cmd == "ENV"]
    (after,) = [c.value for c in dockerfile.parse_string(out) if c.cmd == "ENV"]
    assert after[0] == "PHPIZE_DEPS"
    assert after[1] == '"' + before[1] + '"'  # same value once the quotes are processed


@pytest.mark.parametrize("line,expected", [
    ('ENV A "x y"', 'ENV A="x y"'),  # quotes already there: kept byte for byte
    ("ENV PATH /x:$PATH", "ENV PATH=/x:$PATH"),
    ("LABEL a b c", 'LABEL a="b c"'),
    ('ENV B "x" y', 'ENV B "x" y'),  # refused: re-quoting could change it
])
def test_env_key_value_forms(line, expected):
    out = fix(f"FROM alpine\n{line}\n", "env-key-value")
    assert out == f"FROM alpine\n{expected}\n"


# ------------------------------------------------------------- keyword-case

def test_keyword_case_only_touches_keywords():
    text = "from alpine as b\nrun echo run from as\nCopy --chown=a:b x y\n"
    out = fix(text, "keyword-case")
    assert out == "FROM alpine AS b\nRUN echo run from as\nCOPY --chown=a:b x y\n"


def test_bad_input_is_an_error_not_a_traceback(run_cli, tmp_path):
    p = tmp_path / "Dockerfile"
    p.write_text("FROM alpine\nRUN <<EOF\necho unterminated\n")
    r = run_cli("--fix", "--unsafe-fixes", "--select", "merge-run,cd-to-workdir,add-to-copy,exec-form,"
                "env-key-value,keyword-case", p)
    assert r.returncode == 2
    assert b"error:" in r.stderr + r.stdout and b"Traceback" not in r.stderr


def test_merge_and_cd_to_workdir_together_never_interleave():
    # regression: a WORKDIR inserted before a RUN that merge-run joined in the
    # same round left `( cmd ) && \` lines outside any RUN
    text = ("FROM debian:12\nRUN pip install awscli\n# Install Packer\n"
            "RUN cd /tmp && wget -q https://example.com/p.zip\nRUN cd /tmp && unzip p.zip -d /usr/bin/\n"
            "RUN packer version\nEXPOSE 22\n")
    out = fix(text, "merge-run,cd-to-workdir,keyword-case")
    from dockfix.syntax.cst import KNOWN_COMMANDS

    assert all(c.cmd.upper() in KNOWN_COMMANDS for c in dockerfile.parse_string(out))
    joined = " ".join(runs(out))
    for cmd in ("pip install awscli", "wget -q", "unzip p.zip", "packer version"):
        assert cmd in joined


def test_exec_form_json_escapes_backslashes_and_quotes():
    out = fix("FROM scratch\nCMD printf '%s\\n' 'say \"hi\"'\n", "exec-form")
    assert out == 'FROM scratch\nCMD ["printf", "%s\\\\n", "say \\"hi\\""]\n'
    (c,) = [c for c in dockerfile.parse_string(out) if c.cmd == "CMD"]
    assert list(c.value) == ["printf", "%s\\n", 'say "hi"']


def test_engine_accepts_an_append_to_a_last_line_without_newline():
    # core fix: an insertion at the end of an instruction whose last line has no
    # newline extends that instruction; the engine used to drop it as "moved"
    from dockfix.fixing.edit import Edit, Fix
    from dockfix.fixing.registry import Transform

    class Append(Transform, register=False):
        name = "test-append"
        code = "DF999"

        def check(self, ctx):
            for ins in ctx.doc.instructions:
                if ins.cmd == "RUN" and not ins.args.endswith("clean"):
                    yield ctx.finding(self, ins, "x", fix=Fix.safe(Edit(ins.args_end, ins.args_end, " && clean")))

    text = "FROM alpine\nRUN install"
    res = fix_text(text, None, Settings(select=("test-append",)), transforms=[Append()])
    assert not res.errors, res.errors
    assert res.output == "FROM alpine\nRUN install && clean"
