"""merge-run: Merge consecutive RUN instructions into one."""

from __future__ import annotations

import shutil
import subprocess

import dockerfile
import fixcase
import pytest
from fixcase import run_like_build

# The tests of how RUNs are joined (exit status, set -e, state, PATH look-ups)
# join quick RUNs that gain nothing; they run with merge-run-only-gains off.
# The tests of when a join pays (issue 16) below use the default.
LOOSE = {"merge-run-only-gains": "false"}


def _loose(kw: dict) -> dict:
    kw.setdefault("options", LOOSE)
    return kw


def fix(text, select, **kw):
    return fixcase.fix(text, select, **_loose(kw))


def findings(text, select, **kw):
    return fixcase.findings(text, select, **_loose(kw))


def refusals(text, select, **kw):
    return fixcase.refusals(text, select, **_loose(kw))


def assert_fix(text, expected, select, **kw):
    return fixcase.assert_fix(text, expected, select, **_loose(kw))


def assert_noop(text, select, **kw):
    return fixcase.assert_noop(text, select, **_loose(kw))


def same_build(before: str, after: str, tmp_path) -> None:
    assert before != after, "nothing was fixed"
    assert run_like_build(after, tmp_path) == run_like_build(before, tmp_path)


def test_merge_run_keeps_set_e_of_the_first_run(tmp_path):
    """`RUN set -eux; a; b` + `RUN c` was joined as `( set -eux; a; b ) && c`:
    left of `&&` the shell ignores set -e, so a failing `a` no longer failed
    the build (a failed `apt-get install` went unnoticed)."""
    text = "FROM debian:12\nRUN set -eu; false; echo after-false\nRUN echo second\n"
    out = fix(text, "merge-run")
    assert run_like_build(out, tmp_path) == run_like_build(text, tmp_path) == (False, "")
    assert next(f.refused for f in findings(text, "merge-run",
                                            fixed=True) if f.refused).startswith("the RUN before runs under set -e")


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
    assert run_like_build(out, tmp_path) == run_like_build(text, tmp_path)
    assert run_like_build(text, tmp_path)[0] is False


def test_merge_run_keeps_an_err_trap(tmp_path):
    """`trap '...; exit 1' ERR` works like set -e, and left of `&&` bash skips
    it too: `( trap ... ERR; false; echo after ) && next` ran on."""
    text = ('FROM debian:12\nSHELL ["/bin/bash", "-c"]\n'
            "RUN trap 'echo failed; exit 9' ERR; false; echo after-false\nRUN echo second\n")
    out = fix(text, "merge-run")
    assert out == text
    assert run_like_build(text, tmp_path) == (False, "failed\n")


def test_merge_run_set_e_cases_that_stay_merged(tmp_path):
    """Still merged under set -e: a single command, an if with one command per
    branch, a first RUN whose failing commands stay outside the `&&`, and a
    compound command in the last RUN (the command after the final `&&`)."""
    text = ('FROM debian:12\nSHELL ["/bin/bash", "-e", "-c"]\n'
            "RUN echo a; false; echo b\nRUN if true; then echo one; fi\nRUN echo c\n"
            "RUN for x in 1 2; do false; echo $x; done\n")
    out = fix(text, "merge-run")
    assert out.count("RUN ") == 1
    assert run_like_build(out, tmp_path) == run_like_build(text, tmp_path)
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
    assert run_like_build(out, tmp_path) == run_like_build(text, tmp_path) == (False, "")


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
    assert run_like_build(out, tmp_path, ("a/bin", "b/bin")) == run_like_build(text, tmp_path, ("a/bin", "b/bin")) == (True, "old\nnew\n")
    reasons = [f.refused for f in findings(text, "merge-run", fixed=True) if f.refused]
    assert reasons and "`tool`" in reasons[0]


@pytest.mark.parametrize("runs,merged", [
    (["pip3 install --upgrade pip", "pip3 install -r requirements.txt"], False),
    (["python3 -m pip install -U pip setuptools", "pip install x"], True),  # pip not run before: looked up afresh
    (["pip install a", "pip install b"], True),
    (["npm install -g npm@10", "npm ci"], False),
    (["gem update --system", "gem install rails"], False),
    (["mv /tmp/helm /usr/local/bin/helm && helm version", "helm plugin install x"], True),  # installed, then run
    (["install -m 755 a /usr/local/bin/a && npm install", "npm install && install -m 755 b /usr/local/bin/b"], True),  # local npm
])
def test_merge_run_path_lookup_cases(runs, merged):
    text = "FROM ubuntu:22.04\n" + "".join(f"RUN {r}\n" for r in runs)
    assert (fix(text, "merge-run").count("RUN ") == 1) is merged


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
    assert run_like_build(out, tmp_path) == run_like_build(text, tmp_path)


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
    assert run_like_build(out, tmp_path) == run_like_build(text, tmp_path)
    if joined == "2":
        # the first two join with `;`; the RUN without the set stays out
        assert out.count("RUN ") == 2 and "; \\\n" in out
    elif not joined:
        assert "; \\\n" not in out


def runs(text: str) -> list[str]:
    return [c.value[0] for c in dockerfile.parse_string(text) if c.cmd == "RUN"]


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


VARIABLE_CASES = [
    ["X=1; echo $X >> log", 'echo "[$X]" >> log'],
    ["export W=$(nproc)", 'if [ "$(nproc)" -gt 2 ]; then export W=1; fi'],
    ["for i in 1 2; do :; done", 'echo "[$i]" >> log'],
    ["printf -v V x 2>/dev/null; true", 'echo "[${V:-}]" >> log'],
    ["read -r R < /dev/null || true", "echo $R >> log"],
]


@pytest.mark.skipif(SH is None, reason="no sh")
@pytest.mark.parametrize("scripts", MERGE_CASES, ids=[" / ".join(c) for c in MERGE_CASES])
def test_merged_run_behaves_like_separate_runs(scripts, tmp_path):
    text = "FROM debian:12\n" + "".join(f"RUN {s}\n" for s in scripts)
    out = fix(text, "merge-run")
    merged = runs(out)
    assert len(merged) < len(scripts), f"expected a merge:\n{out}"
    assert _execute(scripts, tmp_path, "separate") == _execute(merged, tmp_path, "merged")


@pytest.mark.parametrize("scripts", VARIABLE_CASES, ids=[" / ".join(c) for c in VARIABLE_CASES])
def test_variable_set_in_subshell_then_used_is_not_joined(scripts):
    """Joined, the first RUN would run in `( ... )` and the second would read
    the variable after it: shellcheck reports SC2031 there, so no merge."""
    text = "FROM debian:12\n" + "".join(f"RUN {s}\n" for s in scripts)
    assert_noop(text, "merge-run")
    refused = [f for f in findings(text, "merge-run") if f.refused]
    assert refused and "SC2031" in refused[0].refused


def test_variable_prefix_assignment_does_not_block_a_join():
    text = "FROM debian:12\nRUN cd /srv && X=1 ./build.sh\nRUN echo \"$X\"\n"
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
            "# why\nRUN apt-get clean\n")
    out = fix(text, "merge-run")
    (script,) = runs(out)
    assert "apt-get install -y make" in script and "apt-get clean" in script
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


def test_two_runs_become_one():
    src = "FROM debian:12\nRUN mkdir /a\nRUN touch /a/b\n"
    assert_fix(src, "FROM debian:12\nRUN mkdir /a && \\\n    touch /a/b\n", "merge-run")
    assert_noop(src, "merge-run", unsafe=False)


def test_runs_with_different_flags_stay_apart():
    assert_noop("FROM debian:12\nRUN --mount=type=cache,target=/var/cache/apt apt-get update\nRUN make\n",
                "merge-run", refused="the RUN flags differ")


# -- value judgment (issue 16): merges that pay, separations that are kept --------------------------

def test_builder_stage_runs_are_not_merged_but_the_shipped_stage_ones_are():
    text = ("FROM golang:1.22 AS build\nRUN mkdir /out\nRUN touch /out/x\n"
            "FROM debian:12\nCOPY --from=build /out /out\nRUN mkdir /data\nRUN chmod 700 /data\n")
    out = fix(text, "merge-run")
    assert "RUN mkdir /out\nRUN touch /out/x\n" in out
    assert "RUN mkdir /data && \\\n    chmod 700 /data\n" in out
    assert any("builder stage" in r for r in refusals(text, "merge-run"))


def test_unread_stage_is_no_builder_and_is_merged():
    text = "FROM debian:12 AS tools\nRUN mkdir /a\nRUN touch /a/b\nFROM debian:12\nRUN true\n"
    assert "mkdir /a && \\" in fix(text, "merge-run")


@pytest.mark.parametrize("comment, merged", [
    ("# set up the folder\n", True),
    ("\n# set up the folder\n", False),
    ("\n", True),
    ("# RUN touch /srv/debug\n", False),
    ("#COPY debug.conf /srv/\n", False),
    ("# run the tests first\n", True),  # prose, not an instruction
])
def test_comment_paragraphs_and_commented_out_instructions(comment, merged):
    text = f"FROM debian:12\nRUN mkdir /srv\n{comment}RUN chmod 700 /srv\n"
    assert (len(runs(fix(text, "merge-run"))) == 1) is merged


def test_comment_paragraph_joined_when_the_run_removes_the_lists_left_before():
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y curl\n\n# fetch the tool\n"
            "RUN curl -fsSL https://e.com/x -o /x; rm -rf /var/lib/apt/lists/*\n")
    assert len(runs(fix(text, "merge-run"))) == 1


def test_cache_buster_run_is_kept_apart():
    text = "FROM debian:12\nARG CACHE_BUST\nRUN echo $CACHE_BUST\nRUN touch /x\n"
    assert_noop(text, "merge-run", refused="cache boundary")


@pytest.mark.parametrize("first, second, merged", [
    ("apt-get update && apt-get install -y gcc", "useradd app", False),  # quick follow-up: the cache matters
    ("apt-get update && apt-get install -y gcc", "rm -rf /var/lib/apt/lists/*", True),  # removes: smaller image
    ("apt-get update", "apt-get install -y gcc", True),  # both long: an update must not be cached alone
    ("useradd app", "apt-get update && apt-get install -y gcc", True),  # the quick one comes first
    ("make -C /src", "ln -s /src/bin/app /usr/local/bin/app", False),
])
def test_long_step_and_quick_follow_up(first, second, merged):
    text = f"FROM debian:12\nRUN {first}\nRUN {second}\n"
    assert (len(runs(fix(text, "merge-run"))) == 1) is merged


def test_quick_run_after_a_long_step_is_not_joined_forward_either():
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y gcc\nRUN useradd app\n"
            "RUN apt-get update\nRUN apt-get install -y curl\n")
    out = fix(text, "merge-run")
    assert "RUN useradd app\nRUN apt-get update && \\\n" in out


def test_a_run_that_only_sets_up_an_account_is_kept_apart_from_the_run_before():
    text = ("FROM debian:bookworm\nRUN apt-get update && apt-get install -y --no-install-recommends curl\n"
            "RUN groupadd -r app && useradd -r -m -g app app && chown -R app:app /srv\n")
    assert_noop(text, "merge-run", refused="only sets up an account")
    # two account RUNs, or an ordinary RUN after one, still merge
    text2 = "FROM debian:bookworm\nRUN groupadd -r app\nRUN useradd -r -g app app\n"
    assert_fix(text2, "FROM debian:bookworm\nRUN groupadd -r app && \\\n    useradd -r -g app app\n", "merge-run")


# -- only joins that gain something (issue 16 review: merge-run noise) ----------------------------

@pytest.mark.parametrize("first, second", [
    ("apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*",
     "curl -fsSL https://x.org/s.tgz -o /tmp/s.tgz && tar -xzf /tmp/s.tgz -C /opt"),  # install + download
    ("yum install -y gcc && yum clean all", "make -C /src"),  # install + compile
    ("cd /src && make", "make install"),  # one tool, but only with the first RUN in a `( ... )` subshell
])
def test_two_long_steps_that_gain_nothing_stay_apart(first, second):
    text = f"FROM debian:12\nRUN {first}\nRUN {second}\n"
    assert_noop(text, "merge-run", refused="long build step")


@pytest.mark.parametrize("first, second", [
    ("apt-get install -y a", "apt-get install -y b"),  # a chain of installs with one manager
    ("GOPATH=/tmp/go go get example.com/x", "GOPATH=/tmp/go go install example.com/x"),
    ("apt-get update", "apt-get install -y a"),  # update + install
    ("unzip /download -d /server", "rm /download"),  # removes what the RUN before unpacked from
    ("apt-get install -y a", "apt-get clean"),
])
def test_joins_that_gain_something_are_made(first, second):
    text = f"FROM debian:12\nRUN {first}\nRUN {second}\n"
    out = fix(text, "merge-run")
    assert out.count("RUN ") == 1 and first in out and second in out


def test_a_clean_up_of_what_the_runs_before_did_not_add_stays_apart():
    text = ("FROM debian:12\nRUN composer global require x/y && rm -rf /root/.composer/cache/*\n"
            "RUN apt-get clean -y && apt-get autoremove -y\n")
    assert_noop(text, "merge-run", refused="only cleans up")


# -- issue 16: a join must pay (the default, merge-run-only-gains on) --------------------------------

def _strict_noop(text: str, refused: str) -> None:
    fixcase.assert_noop(text, "merge-run", refused=refused)


def test_a_second_rm_of_lists_the_run_before_removed_is_no_gain():
    """D5: RUN 2's `rm -rf /var/lib/apt/lists/*` removes nothing (RUN 1 already
    did), so an awscli bump must not rebuild the apt install."""
    _strict_noop("FROM ubuntu:22.04\n"
                 "RUN apt-get update && apt-get install -y --no-install-recommends build-essential python3-pip"
                 " && rm -rf /var/lib/apt/lists/*\n"
                 "RUN pip install --no-cache-dir awscli && rm -rf /var/lib/apt/lists/* /tmp/*\n",
                 "removes nothing they added")


def test_an_rm_of_lists_the_run_before_left_pays():
    fixcase.assert_fix(
        "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y python3-pip\n"
        "RUN pip install --no-cache-dir awscli && rm -rf /var/lib/apt/lists/*\n",
        "FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y python3-pip && \\\n"
        "    pip install --no-cache-dir awscli && rm -rf /var/lib/apt/lists/*\n", "merge-run")


def test_yum_installs_are_not_joined_across_a_clean():
    """D4: `A && yum clean all` + `B && yum clean all` joined downloads the
    metadata twice in one RUN for nothing."""
    _strict_noop("FROM centos:7\nRUN yum install -y epel-release && yum clean all\n"
                 "RUN yum install -y jq && yum clean all\n", "package index")


def test_yum_dnf_clean_and_merge_run_never_leave_a_clean_between_installs():
    text = "FROM centos:7\nRUN yum install -y epel-release\nRUN yum install -y jq\n"
    out = fixcase.fix(text, ["yum-dnf-clean", "merge-run"])
    for line in out.splitlines():
        assert not ("clean all" in line and line.rstrip().endswith("\\")), out
    assert out.count("yum clean all") in (1, 2) and out.count("yum install") == 2


def test_yum_installs_sharing_the_metadata_are_joined():
    fixcase.assert_fix("FROM centos:7\nRUN yum install -y epel-release\nRUN yum install -y jq && yum clean all\n",
                       "FROM centos:7\nRUN yum install -y epel-release && \\\n"
                       "    yum install -y jq && yum clean all\n", "merge-run")


@pytest.mark.parametrize("runs", [
    ["a2enmod ssl", "a2enmod rewrite"],
    ["sed -i s/a/b/ /etc/app.conf", "sed -i s/c/d/ /etc/app.conf"],
    ["mkdir -p /data", "chmod 755 /data", "echo ok > /data/flag"],
    ["npm config set registry https://r.example.com", "ln -sf /usr/share/zoneinfo/UTC /etc/localtime"],
])
def test_tiny_config_runs_stay_apart(runs):
    _strict_noop("FROM debian:12\n" + "".join(f"RUN {r}\n" for r in runs), "gains nothing")


def test_tiny_config_runs_are_joined_when_only_gains_is_off():
    fixcase.assert_fix("FROM debian:12\nRUN a2enmod ssl\nRUN a2enmod rewrite\n",
                       "FROM debian:12\nRUN a2enmod ssl && \\\n    a2enmod rewrite\n", "merge-run",
                       options=LOOSE)


@pytest.mark.parametrize("runs", [
    ["apk add --no-cache python3", "apk add --no-cache bash"],  # self-contained installs
    ["apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*",
     "apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*"],
    ["pip install -r requirements.txt", "pip install pytest mock"],  # test deps after the app's
    ["pip --version", "pip install -r requirements.txt"],
    ["shards install", "crystal build --release src/app.cr"],  # steps of unknown length
    ["apk add --no-cache --virtual .b build-base && pip install --no-cache-dir -r requirements.txt && apk del .b",
     "apk add --no-cache rsync"],  # a runtime install after a build RUN
    ["apk add --no-cache openssl=3.5.7-r0",
     "apk add --no-cache --virtual .b build-base && pip install -r requirements.txt && apk del .b"],
    ["ansible-galaxy collection install a.b", "ansible-galaxy collection install c.d"],
])
def test_joins_that_gain_nothing_are_refused(runs):
    text = "FROM alpine:3.20\n" + "".join(f"RUN {r}\n" for r in runs)
    fixcase.assert_noop(text, "merge-run")
    assert fixcase.refusals(text, "merge-run")


@pytest.mark.parametrize("runs", [
    ["apt-get update", "apt-get install -y curl"],  # update + install
    ["apt-get update && apt-get install -y curl", "apt-get install -y git"],  # one set of lists
    ["apk update", "apk add bash"],  # the index the first keeps
    ["apt-get update && apt-get install -y build-essential", "make -C /src && apt-get purge -y build-essential"],
    ["curl -fsSLo /tmp/app.zip https://example.com/app.zip && unzip /tmp/app.zip -d /app", "rm /tmp/app.zip"],
    ["service postgresql start && psql -c 'create database a'",
     "service postgresql start && psql -c 'create user b'"],  # the data files rewritten in every layer
])
def test_joins_that_pay_are_made(runs):
    text = "FROM debian:12\n" + "".join(f"RUN {r}\n" for r in runs)
    assert fixcase.fix(text, "merge-run").count("RUN ") == 1


def test_a_repo_setup_that_fetches_no_index_is_not_joined_to_the_install():
    _strict_noop("FROM fedora:40\nRUN dnf config-manager --set-enabled updates-testing\n"
                 "RUN dnf -y install cadvisor && dnf clean all\n", "gains nothing")


@pytest.mark.parametrize("clean", ["apk cache clean", "rm -rf /var/cache/apk/*"])
def test_a_cache_clean_after_a_no_cache_install_is_no_gain(clean):
    text = f"FROM alpine:3.20\nRUN apk add --no-cache tzdata\nRUN {clean}\n"
    fixcase.assert_noop(text, "merge-run", refused="only cleans up")
    kept = f"FROM alpine:3.20\nRUN apk add tzdata\nRUN {clean}\n"  # the install kept its index: the clean pays
    assert fixcase.fix(kept, "merge-run").count("RUN ") == 1


def test_a_path_only_printed_before_was_not_made_there():
    text = ("FROM debian:12\nRUN echo 'redirect_program /usr/bin/sg -c /etc/sg/sg.conf' >> /etc/squid/squid.conf\n"
            "RUN rm /etc/sg/sg.conf\n")
    fixcase.assert_noop(text, "merge-run", refused="only cleans up")
    made = "FROM debian:12\nRUN cp /tmp/sg.conf /etc/sg/sg.conf && sg -t\nRUN rm /etc/sg/sg.conf\n"
    assert fixcase.fix(made, "merge-run").count("RUN ") == 1


# -- issue 16 review: no clean-up in the middle, no second update -------------------------------------------

_DNF_FIRST_LEFT = ("FROM rockylinux:9\nRUN set -eux && \\\n    dnf install -y openssh-server tar\n\n"
                   "RUN set -eux && \\\n    dnf install -y procps && \\\n    dnf autoremove -y && \\\n    dnf clean all\n"
                   'CMD ["/usr/sbin/sshd", "-D"]\n')


def test_dnf_install_left_uncleaned_is_joined_with_the_clean_once_at_the_end():
    out = fixcase.fix(_DNF_FIRST_LEFT, "merge-run")
    assert out.count("dnf clean all") == 1
    assert out.rstrip().splitlines()[-2].strip() == "dnf clean all"  # the last command of the RUN


def test_dnf_install_after_a_clean_is_not_joined_even_with_an_autoremove():
    # yum-dnf-clean cleans the first RUN up; a join would leave `dnf clean all` in the middle
    res = fixcase.result(_DNF_FIRST_LEFT, "merge-run,yum-dnf-clean")
    assert res.output.count("dnf clean all") == 2
    assert res.output.count("RUN ") == 2
    assert any("middle of the RUN" in r for r in fixcase.refused_of(res))
    cleaned = _DNF_FIRST_LEFT.replace("openssh-server tar\n", "openssh-server tar && \\\n    dnf clean all\n")
    fixcase.assert_noop(cleaned, "merge-run", refused="middle of the RUN")


def test_a_second_apt_get_update_is_not_joined():
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"
            "RUN apt-get update && apt-get install -y git && rm -rf /var/lib/apt/lists/*\n")
    fixcase.assert_noop(text, "merge-run", refused="fetch the lists twice")
    out = fixcase.fix(text, "merge-run,apt-lists-cleanup")
    assert out.count("apt-get update") == 2 and out.count("RUN ") == 2
    assert all(line.count("apt-get update") <= 1 for line in out.splitlines())
