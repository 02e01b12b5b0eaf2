"""Adversarial inputs for merge-run, pipefail, exec-form, env-key-value,
keyword-case and maintainer-to-label: each test is a bug that was found by
attacking the transform with idioms of real Dockerfiles.

Where the question is what the shell does, the RUNs of the input and of the
output are run (local commands only) one after another, each in a fresh
shell as a build would, stopping at the first failure; the two runs must
print the same and end the same.
"""

from __future__ import annotations

import os
import subprocess

import pytest

from dockfix.syntax.cst import parse
from dockfix.semantic.model import model_of

from fixcase import assert_noop, findings, fix


def build(text: str, tmp_path, path: tuple[str, ...] = ()) -> tuple[bool, str]:
    """Run the RUNs of the (single-stage) file like a build: each in a fresh
    shell (the file's SHELL), in order, stopping at the first failure.
    ``path``: directories (relative to the build's work directory) put first in PATH."""
    doc = parse(text)
    out = []
    work = tmp_path / f"w{len(list(tmp_path.iterdir()))}"
    work.mkdir()
    env_path = ":".join([str(work / d) for d in path] + [os.environ["PATH"]])
    for ins in doc.instructions:
        if ins.cmd != "RUN":
            continue
        shell = model_of(doc).shell_of(ins)
        exe = {"/bin/sh": "dash", "sh": "dash"}.get(shell[0], shell[0])
        r = subprocess.run([exe, *shell[1:], ins.args], cwd=work, capture_output=True, text=True,
                           env={"PATH": env_path}, timeout=30, check=False)
        out.append(r.stdout)
        if r.returncode != 0:
            return False, "".join(out)
    return True, "".join(out)


def same_build(before: str, after: str, tmp_path) -> None:
    assert before != after, "nothing was fixed"
    assert build(after, tmp_path) == build(before, tmp_path)


# -- merge-run ------------------------------------------------------------

def test_merge_run_keeps_set_e_of_the_first_run(tmp_path):
    """`RUN set -eux; a; b` + `RUN c` was joined as `( set -eux; a; b ) && c`:
    left of `&&` the shell ignores set -e, so a failing `a` no longer failed
    the build (a failed `apt-get install` went unnoticed)."""
    text = "FROM debian:12\nRUN set -eu; false; echo after-false\nRUN echo second\n"
    out = fix(text, "merge-run")
    assert build(out, tmp_path) == build(text, tmp_path) == (False, "")
    assert next(f.refused for f in findings(text, "merge-run", fixed=True) if f.refused).startswith("the RUN before runs under set -e")


@pytest.mark.parametrize("first", [
    "if true; then false; echo in-if; fi",
    "for x in 1 2; do false; echo pass-$x; done",
    "{ false; echo in-group; }",
    "false; set -e",  # a trailing `set` makes the failing command before it not the last one
])
def test_merge_run_keeps_set_e_of_the_shell(first, tmp_path):
    """Under `SHELL [..., "-e", ...]` a compound command joined left of `&&`
    ran on after a failing command inside it."""
    text = f'FROM debian:12\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nRUN {first}\nRUN echo second\n'
    out = fix(text, "merge-run")
    assert build(out, tmp_path) == build(text, tmp_path)
    assert build(text, tmp_path)[0] is False


def test_merge_run_keeps_an_err_trap(tmp_path):
    """`trap '...; exit 1' ERR` works like set -e, and left of `&&` bash skips
    it too: `( trap ... ERR; false; echo after ) && next` ran on."""
    text = ('FROM debian:12\nSHELL ["/bin/bash", "-c"]\n'
            "RUN trap 'echo failed; exit 9' ERR; false; echo after-false\nRUN echo second\n")
    out = fix(text, "merge-run")
    assert out == text
    assert build(text, tmp_path) == (False, "failed\n")


def test_merge_run_set_e_cases_that_stay_merged(tmp_path):
    """Still merged under set -e: a single command, an if with one command per
    branch, a first RUN whose failing commands stay outside the `&&`, and a
    compound command in the last RUN (the command after the final `&&`)."""
    text = ('FROM debian:12\nSHELL ["/bin/bash", "-e", "-c"]\n'
            "RUN echo a; false; echo b\nRUN if true; then echo one; fi\nRUN echo c\n"
            "RUN for x in 1 2; do false; echo $x; done\n")
    out = fix(text, "merge-run")
    assert out.count("RUN ") == 1
    assert build(out, tmp_path) == build(text, tmp_path)
    text2 = "FROM debian:12\nRUN set -x; false\nRUN echo second\n"
    same_build(text2, fix(text2, "merge-run"), tmp_path)


@pytest.mark.parametrize("second", ["echo a >> log || echo b >> log", "echo a || echo b > log",
                                    "true && echo a >> log || echo b >> log"])
def test_merge_run_wraps_an_or_list_with_a_redirection(second, tmp_path):
    """tree-sitter reads `a >> log || b >> log` as a redirection of the list
    `a || b`, which passed for an `&&` chain: `RUN false` + that RUN became
    `false && a >> log || b >> log`, which runs b and passes: the failed
    RUN no longer failed the build (found by a differential fuzzer)."""
    text = f"FROM debian:12\nRUN false\nRUN {second}\nRUN echo c >> log\n"
    out = fix(text, "merge-run")
    assert out.count("RUN ") == 1 and f"( {second} )" in out
    assert build(out, tmp_path) == build(text, tmp_path) == (False, "")


@pytest.mark.parametrize("shell", ["", 'SHELL ["/bin/bash", "-c"]\n'])
def test_merge_run_keeps_path_lookups_fresh(shell, tmp_path):
    """The shell remembers where it found a command: `RUN tool` + `RUN <a new
    tool put earlier in PATH>` + `RUN tool` runs the new tool, but joined the
    last `tool` ran the old one (as `pip3 install --upgrade pip` + `pip3
    install ...` on Debian/Ubuntu, whose new pip3 lands in /usr/local/bin)."""
    text = ("FROM debian:12\n" + shell +
            "RUN mkdir -p a/bin b/bin && printf '#!/bin/sh\\necho old\\n' > b/bin/tool && chmod +x b/bin/tool && tool\n"
            "RUN cp b/bin/tool a/bin/tool && sed -i s/old/new/ a/bin/tool\n"
            "RUN tool\n")
    out = fix(text, "merge-run")
    assert build(out, tmp_path, ("a/bin", "b/bin")) == build(text, tmp_path, ("a/bin", "b/bin")) == (True, "old\nnew\n")
    reasons = [f.refused for f in findings(text, "merge-run", fixed=True) if f.refused]
    assert reasons and "`tool`" in reasons[0]


@pytest.mark.parametrize("runs,merged", [
    (["pip3 install --upgrade pip", "pip3 install -r requirements.txt"], False),
    (["python3 -m pip install -U pip setuptools", "pip install x"], True),  # pip not run before: looked up afresh
    (["pip install a", "pip install b"], True),
    (["npm install -g npm@10", "npm ci"], False),
    (["gem update --system", "gem install rails"], False),
    (["mv /tmp/helm /usr/local/bin/helm && helm version", "helm plugin install x"], True),  # installed, then run
    (["install -m 755 a /usr/local/bin/a && npm install", "install -m 755 b /usr/local/bin/b"], True),  # local npm
])
def test_merge_run_path_lookup_cases(runs, merged):
    text = "FROM ubuntu:22.04\n" + "".join(f"RUN {r}\n" for r in runs)
    assert (fix(text, "merge-run").count("RUN ") == 1) is merged


# -- pipefail ---------------------------------------------------------------

PIPE = "FROM debian:12\nRUN curl -fsSL https://example.com/x.tgz | tar xz\n"


@pytest.mark.parametrize("later", [
    "mkdir -p /opt/man{1,8}",          # dash: one directory named man{1,8}
    "for v in {1..3}; do echo $v; done",
    "cmd &>/dev/null",                 # dash: cmd in the background, then `>/dev/null`
    "cmd &>> /var/log/x",
    '[ "$A" == yes ] && echo y',       # dash: `[` fails with "unexpected operator"
    "test a == b || echo no",
    "[[ -f /etc/os-release ]] || echo no",  # dash: `[[: not found`
    "printf $'a\\tb\\n' > /f",          # dash: a literal $ and the quoted text
])
def test_pipefail_refuses_what_dash_and_bash_run_differently(later, tmp_path):
    """On Debian, the inserted bash SHELL made later RUNs run under bash
    instead of dash, which changed what they did (brace expansion, `&>`,
    `==` in test, `[[`, `$'...'`): refused with the reason."""
    text = PIPE + f"RUN {later}\n"
    assert_noop(text, "pipefail")
    reasons = [f.refused for f in findings(text, "pipefail", fixed=True) if f.refused]
    assert reasons and reasons[0].startswith("line 3: "), reasons
    if later.startswith(("mkdir", "for", "printf")):
        runs = [subprocess.run([sh, "-c", later.replace("mkdir -p ", "echo ").replace("> /f", "")],
                               capture_output=True, text=True, check=False).stdout for sh in ("dash", "bash")]
        assert runs[0] != runs[1]


def test_pipefail_still_fixes_quoted_braces_and_plain_redirects():
    text = PIPE + "RUN echo '{a,b}' \"{c,d}\" && x={a,b} && find . -exec touch {} + && cmd 2>&1 >/dev/null\n"
    assert 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]' in fix(text, "pipefail")


# -- exec-form --------------------------------------------------------------

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



@pytest.mark.parametrize("child", [
    "FROM base AS child\nRUN seq 1 100000 | head -n 1 > first\n",
    "FROM base AS child\nRUN yes | head -n 2 > answers\n",
])
@pytest.mark.parametrize("base_shell", ["", 'SHELL ["/bin/bash", "-c"]\n'])
def test_pipefail_checks_sigpipe_in_stages_built_from_this_one(child, base_shell, tmp_path):
    """pipefail was put in the base stage's SHELL after checking only that
    stage's pipes; the child stage inherits the SHELL, and its `... | head`
    then failed with SIGPIPE (status 141): the build broke."""
    text = ("FROM debian:12 AS base\n" + base_shell + "RUN echo data | cat > /dev/null\n" + child)
    out = fix(text, "pipefail")
    assert build(out, tmp_path)[0] is True
    assert out == text
    after = text.replace("RUN echo data", 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN echo data', 1)
    assert build(after, tmp_path)[0] is False  # what the fix did before


@pytest.mark.parametrize("reader", ["sed 1q", "sed -e '/5/{p;q}'", "awk '{print; exit}'", "read -r first",
                                    "grep --max-count=1 7"])
def test_pipefail_refuses_readers_that_stop_early(reader, tmp_path):
    """`... | sed 1q`, an awk program that exits, `read` and `grep
    --max-count` stop reading early: the writer dies of SIGPIPE, and under
    pipefail the RUN fails (status 141) where it passed."""
    text = f"FROM debian:12\nRUN seq 1 1000000 | {reader} > /dev/null\n"
    assert_noop(text, "pipefail")
    forced = text.replace("RUN", 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN', 1)
    assert build(text, tmp_path)[0] is True and build(forced, tmp_path)[0] is False


def test_pipefail_readers_that_read_everything_still_fixed():
    text = "FROM debian:12\nRUN seq 1 10 | sed 's/quux/q/' | awk '{print $1}' | grep -v x | while read -r l; do :; done\n"
    assert "pipefail" in fix(text, "pipefail")


def test_pipefail_shell_goes_above_the_runs_ignore_comment():
    """The SHELL was inserted between `# hadolint ignore=...` and its RUN:
    the pragma then covered the SHELL and hadolint reported the RUN again
    (new findings). The SHELL goes above the RUN's comments."""
    text = ("FROM debian:12\n\n# hadolint ignore=DL3008,DL3015\n# dockfix: ignore apt-get-yes\n"
            "RUN apt-get update && apt-get install -y curl | tee /log\n")
    out = fix(text, "pipefail")
    lines = out.splitlines()
    assert lines[2].startswith("SHELL ") and lines[3].startswith("# hadolint ignore=")
    assert lines[-1].startswith("RUN ") and lines[-2].startswith("# dockfix:")


@pytest.mark.parametrize("cmd", ['CMD echo -e "ready\\\\tok" > /tmp/state', "ENTRYPOINT exec prog --dirs=/srv/{a,b}"])
def test_pipefail_checks_shell_form_cmd_and_entrypoint(cmd):
    """A shell-form CMD/ENTRYPOINT after the new SHELL runs under bash at
    run time too (on Debian: instead of dash); the dash/bash checks covered
    only RUNs."""
    text = PIPE + cmd + "\n"
    assert_noop(text, "pipefail")
    reasons = [f.refused for f in findings(text, "pipefail", fixed=True) if f.refused]
    assert reasons and reasons[0].startswith("line 3: ")


@pytest.mark.parametrize("shell", ['["/bin/bash", "--login", "-c"]', '["/bin/bash", "--noprofile", "--norc", "-e", "-c"]',
                                   '["/bin/bash", "--rcfile", "/etc/rc", "-c"]'])
@pytest.mark.parametrize("inherited", [False, True])
def test_pipefail_keeps_bash_long_options_first(shell, inherited, tmp_path):
    """`SHELL ["/bin/bash", "--login", "-c"]` (the conda idiom) became
    `["/bin/bash", "-o", "pipefail", "--login", "-c"]`, which bash rejects
    ("--: invalid option"): every later RUN failed."""
    import json

    text = f"FROM debian:12 AS base\nSHELL {shell}\nRUN echo x | cat\n"
    if inherited:
        text = f"FROM debian:12 AS base\nSHELL {shell}\nFROM base\nRUN echo x | cat\n"
    out = fix(text, "pipefail")
    new = [json.loads(line[6:]) for line in out.splitlines() if line.startswith("SHELL ") and "pipefail" in line]
    assert new
    for args in new:
        (tmp_path / "rc").write_text("")
        args = [a.replace("/etc/rc", str(tmp_path / "rc")) for a in args]
        r = subprocess.run(["bash", *args[1:], "false | true"], capture_output=True, text=True, check=False,
                           env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)})
        assert r.returncode == 1 and "invalid option" not in r.stderr, (args, r.stderr)


# -- merge-run: RUNs that start with the same `set -e...` -------------------

@pytest.mark.parametrize("fail_in", ["none", "first", "second", "third"])
def test_merge_run_joins_runs_sharing_a_set_e_with_a_plain_semicolon(fail_in, tmp_path):
    """`RUN set -eux; a; b` + `RUN set -eux; c; d`: in a subshell left of `&&`
    set -e would be lost; with both starting with the same set, `;` keeps it:
    any failing command of the first part already stops the shell."""
    f = {k: ("false; " if k == fail_in else "") for k in ("first", "second", "third")}
    text = ("FROM debian:12\n"
            f"RUN set -eu; echo a; {f['first']}echo b\n"
            f"RUN set -eu; echo c; {f['second']}echo d\n"
            f"RUN set -eu; echo e; {f['third']}echo g\n")
    out = fix(text, "merge-run")
    assert out.count("RUN ") == 1, out
    assert "&&" not in out  # no subshell, no `&&`: set -e holds all the way
    assert build(out, tmp_path) == build(text, tmp_path)


@pytest.mark.parametrize("runs, joined", [
    # the first RUN ends in an && list: a failing `false` there does not stop a set -e shell
    (["set -e; echo a; false && echo b", "set -e; echo c"], False),
    # a different set, or none: the joined shell would run the next RUN under the first one's options
    (["set -eu; echo a", "set -e; echo $UNSET"], False),
    (["set -eu; echo a", "set -eu; echo c", "echo $UNSET"], "2"),
    # other shell state leaks: a variable, a cd
    (["set -e; X=1; echo a", "set -e; echo ${X:-unset}"], False),
    (["set -e; cd /tmp; echo a", 'set -e; [ "$PWD" = /tmp ] && echo leaked || echo fresh'], False),
])
def test_merge_run_same_set_join_only_when_nothing_else_carries_over(runs, joined, tmp_path):
    text = "FROM debian:12\n" + "".join(f"RUN {r}\n" for r in runs)
    out = fix(text, "merge-run")
    assert build(out, tmp_path) == build(text, tmp_path)
    if joined == "2":
        # the first two join with `;`; the RUN without the set stays out
        assert out.count("RUN ") == 2 and "; \\\n" in out
    elif not joined:
        assert "; \\\n" not in out
