"""Shell state set before a cut: cd-to-workdir (and remove-sudo's split at
`&&`) must not split a RUN after a command that sets state the commands after
the cut use (`let`, assignments, `export`, `declare`, `unset`, ...): the next
RUN starts a fresh shell.  They read one table of state-changing builtins
(dockfix.shell.facts.STATE_BUILTINS)."""

from __future__ import annotations

import pytest

from dockfix.fixing.config import Settings
from dockfix.fixing.engine import check_text, fix_text
from dockfix.syntax.cst import parse

BASH = 'FROM debian:12\nSHELL ["/bin/bash","-c"]\n'


def run(text: str, select: str, options: dict | None = None) -> str:
    res = fix_text(text, None, Settings(select=(select,), unsafe_fixes=True, options=options or {}))
    assert not res.errors, res.errors
    assert not parse(res.output).errors
    return res.output


def refusals(text: str, select: str) -> list[str]:
    return [f.refused for f in check_text(text, None, Settings(select=(select,), unsafe_fixes=True)).remaining
            if f.refused]


def assert_noop(text: str, select: str, why: str) -> None:
    assert run(text, select) == text
    assert any(why in r for r in refusals(text, select)), refusals(text, select)


def assert_fix(text: str, select: str, expected: str) -> None:
    assert run(text, select) == expected


# -- cd-to-workdir: the issue's case and its relatives ------------------------------------------
@pytest.mark.parametrize("setter, shown", [
    ("let N=4", "let"),
    ("N=4", "a variable assignment"),
    ("export N=4", "export"),
    ("declare N=4", "declare"),
    ("typeset N=4", "typeset"),
    ("readonly N=4", "readonly"),
    ("read N < /etc/n", "read"),
    ("unset N", "unset"),
])
def test_no_split_after_a_state_change(setter, shown):
    # `make` depends on the directory: it stays before the cd, so the RUN would be split after it
    text = BASH + f'RUN {setter} && make && cd /src/app && echo "jobs=$N" > n.txt\n'
    assert_noop(text, "cd-to-workdir", f"lose the shell state ({shown}")


@pytest.mark.parametrize("setter", ["N=4", "export N=4", "declare N=4"])
def test_directory_free_assignment_moves_under_the_workdir(setter):
    """An assignment does not depend on the directory: it moves after the
    WORKDIR with `mkdir -p`, in the same RUN as its use (no split)."""
    text = BASH + f'RUN mkdir -p /src/app && {setter} && cd /src/app && echo "jobs=$N" > n.txt\n'
    assert_fix(text, "cd-to-workdir",
               BASH + f'WORKDIR /src/app\nRUN mkdir -p /src/app && {setter} && echo "jobs=$N" > n.txt\nWORKDIR /\n')


def test_issue_case_keeps_n_in_one_shell():
    """`RUN mkdir -p /src/app && let N=4 && cd /src/app && echo "jobs=$N" > n.txt`
    used to become two RUNs, the second with an empty $N."""
    text = BASH + 'RUN mkdir -p /src/app && let N=4 && cd /src/app && echo "jobs=$N" > n.txt\n'
    out = run(text, "cd-to-workdir")
    assert out.count("RUN ") == 1 and "let N=4" in out


def test_split_without_state_change_still_happens():
    text = BASH + 'RUN mkdir -p /src/app && make -C /x && cd /src/app && echo "jobs=4" > n.txt\n'
    assert_fix(text, "cd-to-workdir",
               BASH + "RUN mkdir -p /src/app && make -C /x\nWORKDIR /src/app\nRUN echo \"jobs=4\" > n.txt\nWORKDIR /\n")


def test_let_after_the_cd_is_kept_in_the_rest():
    """Nothing is cut between the let and its use: the fix applies."""
    text = BASH + 'RUN cd /src/app && let N=4 && echo "jobs=$N" > n.txt\n'
    assert_fix(text, "cd-to-workdir",
               BASH + 'WORKDIR /src/app\nRUN let N=4 && echo "jobs=$N" > n.txt\nWORKDIR /\n')


def test_let_before_a_directory_free_rest_is_no_split():
    """The cd is dropped (nothing after it depends on the directory): one RUN, $N kept."""
    text = BASH + "RUN let N=4 && cd /tmp && echo $N > /n.txt\n"
    out = run(text, "cd-to-workdir")
    assert out.count("RUN ") == 1 and "let N=4" in out and "echo $N > /n.txt" in out


# -- remove-sudo: its split at `&&` repeats only `export X=v` / `set -o` ----------------------
def test_remove_sudo_split_refused_after_let():
    text = ("FROM ubuntu:22.04\n"
            "RUN apt-get update && let N=4 && sudo -u app echo $N\n"
            "RUN true\n"
            "USER 1000\n")
    assert_noop(text, "remove-sudo", "changes the shell state")


def test_remove_sudo_split_carries_export():
    text = ("FROM ubuntu:22.04\n"
            "RUN apt-get update && export N=4 && sudo -u app echo $N\n"
            "RUN true\n"
            "USER 1000\n")
    out = run(text, "remove-sudo")
    assert "USER app\nRUN export N=4 && echo $N\n" in out, out


# -- merge-run: a RUN that changes state is put in a subshell before the next one -------------
# (how a join is written, so with merge-run-only-gains off: these joins gain nothing)
MECHANICS = {"merge-run-only-gains": "false"}
@pytest.mark.parametrize("setter", ["let N=4", "N=4", "export N=4", "cd /tmp", "umask 077", "shopt -s dotglob"])
def test_merge_run_wraps_a_run_that_changes_state(setter):
    text = BASH + f"RUN {setter} && echo $N\nRUN echo done > /x\n"
    out = run(text, "merge-run", MECHANICS)
    assert out.startswith(BASH + f"RUN ( {setter} && echo $N ) && \\\n"), out


def test_merge_run_no_subshell_without_state_change():
    text = BASH + "RUN echo a > /a\nRUN echo b > /b\n"
    assert run(text, "merge-run", MECHANICS) == BASH + "RUN echo a > /a && \\\n    echo b > /b\n"
