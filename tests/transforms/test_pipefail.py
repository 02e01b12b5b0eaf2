"""pipefail: Make RUN pipes fail when any command in them fails (SHELL with -o pipefail)."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest
from fixcase import assert_fix, assert_noop, findings, fix, refusals, refused_of, result, run_like_build

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
    assert run_like_build(out, tmp_path)[0] is True
    assert out == text
    after = text.replace("RUN echo data", 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN echo data', 1)
    assert run_like_build(after, tmp_path)[0] is False  # what the fix did before


@pytest.mark.parametrize("reader", ["sed 1q", "sed -e '/5/{p;q}'", "awk '{print; exit}'", "read -r first",
                                    "grep --max-count=1 7"])
def test_pipefail_refuses_readers_that_stop_early(reader, tmp_path):
    """`... | sed 1q`, an awk program that exits, `read` and `grep
    --max-count` stop reading early: the writer dies of SIGPIPE, and under
    pipefail the RUN fails (status 141) where it passed."""
    text = f"FROM debian:12\nRUN seq 1 1000000 | {reader} > /dev/null\n"
    assert_noop(text, "pipefail")
    forced = text.replace("RUN", 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN', 1)
    assert run_like_build(text, tmp_path)[0] is True and run_like_build(forced, tmp_path)[0] is False


def test_pipefail_readers_that_read_everything_still_fixed():
    text = "FROM debian:12\nRUN seq 1 10 | sed 's/quux/q/' | awk '{print $1}' | tr -d x | while read -r l; do :; done\n"
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
    assert lines[-2].startswith("RUN ") and lines[-3].startswith("# dockfix:")
    assert lines[-1] == 'SHELL ["/bin/sh", "-c"]'  # the final image keeps the default shell


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

    text = f"FROM debian:12 AS base\nSHELL {shell}\nRUN ./gen.sh | cat\n"
    if inherited:
        text = f"FROM debian:12 AS base\nSHELL {shell}\nFROM base\nRUN ./gen.sh | cat\n"
    out = fix(text, "pipefail")
    new = [json.loads(line[6:]) for line in out.splitlines() if line.startswith("SHELL ") and "pipefail" in line]
    assert new
    for args in new:
        (tmp_path / "rc").write_text("")
        args = [a.replace("/etc/rc", str(tmp_path / "rc")) for a in args]
        r = subprocess.run(["bash", *args[1:], "false | true"], capture_output=True, text=True, check=False,
                           env={"PATH": os.environ["PATH"], "HOME": str(tmp_path)})
        assert r.returncode == 1 and "invalid option" not in r.stderr, (args, r.stderr)


@pytest.mark.parametrize("base", ["scratch", "busybox:1.36", "example/tool:1", "gcr.io/distroless/base"])
def test_pipefail_never_under_sh(base):
    text = f"FROM {base}\nRUN a | b\n"
    out = result(text, "pipefail", path="Dockerfile").output
    assert out == text
    assert "pipefail" not in out.replace("RUN a | b", "")
    assert any("/bin/sh" in r for r in refusals(text, "pipefail", path="Dockerfile"))


@pytest.mark.parametrize("base", ["debian:12", "ubuntu:22.04", "alpine:3.19", "python:3.12-slim", "centos:7"])
def test_pipefail_never_uses_set_o_pipefail(base):
    text = f"FROM {base}\nRUN curl x | tar x\n"
    out = result(text, "pipefail", path="Dockerfile").output
    assert "set -o pipefail" not in out
    assert re.search(r'SHELL \["/bin/(bash|ash)", "-o", "pipefail", "-c"\]', out)


def test_pipefail_is_not_a_safe_fix():
    text = "FROM debian:12\nRUN curl x | tar x\n"
    assert_noop(text, "pipefail", unsafe=False, path="Dockerfile")


def test_pipefail_refuses_sigpipe_prone_pipes():
    for run in ("dpkg -l | head -1", "cat f | grep -q x"):
        text = f"FROM debian:12\nRUN {run}\n"
        assert_noop(text, "pipefail", path="Dockerfile")
        assert "SIGPIPE" in refusals(text, "pipefail", path="Dockerfile")[0]


@pytest.mark.parametrize("run", ["echo hi | tee /x", "printf 'y\\n' | ./configure", "yes | apt-get install x",
                                 "seq 3 | xargs -n1 echo"])
def test_pipes_that_hide_no_real_failure_are_left_alone(run):
    text = f"FROM debian:12\nRUN {run}\n"
    res = assert_noop(text, "pipefail", path="Dockerfile")
    assert not res.remaining


@pytest.mark.parametrize("run", ["curl -fsSL https://e.com/i.sh | sh", "wget -qO- https://e.com/x.tgz | tar xz",
                                 "make 2>&1 | tee build.log"])
def test_pipes_that_can_hide_a_failure_get_pipefail_and_the_final_image_keeps_sh(run):
    text = f"FROM debian:12\nRUN {run}\nRUN ./other.sh\nCMD [\"x\"]\n"
    out = fix(text, "pipefail", path="Dockerfile")
    assert out == (f'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN {run}\n'
                   f'SHELL ["/bin/sh", "-c"]\nRUN ./other.sh\nCMD ["x"]\n')


def test_restore_in_a_shipped_parent_stage_but_not_in_a_builder():
    text = "FROM debian:12 AS base\nRUN curl -fsSL https://e.com/x | sh\nFROM base\nRUN true\n"
    out = fix(text, "pipefail", path="Dockerfile")
    assert out == ('FROM debian:12 AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'
                   'RUN curl -fsSL https://e.com/x | sh\nSHELL ["/bin/sh", "-c"]\nFROM base\nRUN true\n')
    text = "FROM debian:12 AS b\nRUN curl -fsSL https://e.com/x | sh\nFROM debian:12\nCOPY --from=b /x /x\n"
    out = fix(text, "pipefail", path="Dockerfile")
    assert '/bin/sh", "-c"' not in out and out.count("pipefail") == 1


def test_pipefail_keeps_a_non_bash_shell_of_a_parent_stage():
    text = 'FROM debian:12 AS base\nSHELL ["/bin/zsh", "-c"]\nFROM base\nRUN a | b\n'
    assert_noop(text, "pipefail", path="Dockerfile")
    assert "zsh" in refusals(text, "pipefail", path="Dockerfile")[0]


@pytest.mark.parametrize("cmd, differs", [
    ("echo '#!/bin/sh\\n\"$@\"' > /init.sh", True),  # dash writes two lines, bash one
    ('echo "a\\\\nb"', True),
    ("echo -e 'x'", True),
    ('echo "if [ -f \\"$HOME/x\\" ]" >> f', False),  # the shell removes those backslashes
    ('echo \\"${X}\\"', False),
    ('echo "\\$HOME"', False),
])
def test_pipefail_echo_that_dash_and_bash_run_differently(cmd, differs):
    text = f"FROM debian:12\nRUN curl x | tar x && {cmd}\n"
    out = result(text, "pipefail", path="Dockerfile").output
    assert (out == text) is differs
    if differs:
        assert "echo" in refusals(text, "pipefail", path="Dockerfile")[0]


def test_pipefail_result_does_not_depend_on_the_order_stages_are_fixed():
    # fixed in one go, the child stage gets its own SHELL; fixed after its parent
    # (which then has the SHELL) it must get the same one
    one_go = "FROM debian:12 AS core\nRUN curl -fsSL https://x/a | tar xz\nFROM core\nRUN curl -fsSL https://x/b | tar xz\n"
    out = result(one_go, ["pipefail"], path="Dockerfile").output
    assert out.count('SHELL ["/bin/bash", "-o", "pipefail", "-c"]') == 2
    parent_done = out.replace('FROM core\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n', "FROM core\n")
    assert_fix(parent_done, out, ["pipefail"], path="Dockerfile")


def test_pipefail_leaves_a_pipe_into_a_checksum_check():
    # an empty or short input already fails `sha256sum -c` (review of seed 20261205, 058)
    text = ('FROM debian:12\nRUN curl -fsSLO https://e.com/SUMS && grep " x.tar.xz$" SUMS | sha256sum -c -\n'
            'CMD ["x"]\n')
    assert_noop(text, "pipefail")
    assert "pipefail" in result(text.replace('grep " x.tar.xz$" SUMS | sha256sum -c -', "curl -fsSL https://e.com/x | tee log"),
                                "pipefail").output


def test_pipefail_refuses_a_pipe_through_xargs():
    text = ("FROM debian:12\nRUN cat /tmp/libs | awk '{print $3}' "
            "| xargs -r dpkg-query --search | cut -d: -f1 | sort -u\nCMD [\"x\"]\n")
    res = result(text, "pipefail")
    assert res.output == text
    assert any("xargs" in r for r in refused_of(res))


@pytest.mark.parametrize("pipe", ["find / -name 'log4j*.jar' | xargs rm -f", "grep -l TODO *.py | wc -l",
                                  "ls /opt/*.deb | head -n1"])
def test_pipefail_refuses_pipes_whose_writer_fails_harmlessly(pipe):
    # `find /` exits 1 on /proc in a build container: under pipefail the RUN fails (review of
    # seed 20261206, 008 and 048); the download pipe in the same stage is refused with it
    text = f"FROM ubuntu:22.04\nRUN curl -fsSL https://e.com/x.sh | bash\nRUN {pipe}\nCMD [\"x\"]\n"
    res = result(text, "pipefail")
    assert res.output == text
    assert refused_of(res)


_SUMS = ('RUN curl -fsSL https://e.com/x.tgz -o x.tgz && echo "$SUMS" | grep "$V" | sed "s|$V|x.tgz|" '
         '| sha256sum -c - && tar xzf x.tgz\n')


def test_pipefail_a_grep_into_a_gnu_checksum_check_is_no_harmless_failure():
    # a `grep` that finds nothing leaves `sha256sum -c` (GNU coreutils) no line to check: it fails
    # the RUN today already, so pipefail changes nothing there; the download pipe gets its SHELL
    text = f"FROM ubuntu:22.04\nRUN curl -fsSL https://e.com/i.sh | bash\n{_SUMS}CMD [\"x\"]\n"
    out = result(text, "pipefail").output
    assert 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN curl -fsSL https://e.com/i.sh' in out
    # an awk with an END block may print from nothing: the grep's failure is hidden today
    awk = text.replace('sed "s|$V|x.tgz|"', "awk '{print} END {print \"x\"}'")
    res = result(awk, "pipefail")
    assert res.output == awk and any("`grep`" in r for r in refused_of(res))


def test_pipefail_busybox_checksum_check_accepts_an_empty_list():
    # busybox's `sha256sum -c` exits 0 on an empty list: there the grep's failure is hidden today
    text = f"FROM alpine:3.20\nRUN wget -qO- https://e.com/i.sh | sh\n{_SUMS}CMD [\"x\"]\n"
    res = result(text, "pipefail")
    assert res.output == text
    assert any("`grep`" in r for r in refused_of(res))


def test_pipefail_ignores_pipes_whose_status_nobody_reads():
    # in a command substitution that is an argument of a command (or of export), the pipe's status
    # is dropped: pipefail cannot make its grep fail the build
    for run in ('curl -fsSL https://e.com/i.sh | sh -s -- -b /usr/local/bin "$(curl -s https://e.com/rel | grep tag)"',
                "export V=$(curl -s https://e.com/rel | grep tag | cut -d'\"' -f4) && curl -fsSL https://e.com/$V | tar xz",
                "curl -fsSL https://e.com/x | tar xz && diff <(ls /opt | grep x) /tmp/expected"):
        text = f"FROM debian:12\nRUN {run}\nCMD [\"x\"]\n"
        assert 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]' in result(text, "pipefail").output, run
    # a plain assignment's status is the substitution's: `V=$(... | grep ...) && ...` stops there
    text = ("FROM debian:12\nRUN V=$(curl -s https://e.com/rel | grep tag | cut -f2) && curl -fsSL https://e.com/$V | tar xz\n"
            "CMD [\"x\"]\n")
    res = result(text, "pipefail")
    assert res.output == text
    assert any("`grep`" in r for r in refused_of(res))


def test_pipefail_leaves_a_run_whose_only_pipe_has_its_status_dropped():
    # pipefail cannot change `git checkout "$(... | grep ...)"`: no SHELL for it
    assert_noop('FROM debian:12\nRUN git checkout "$(git tag --list | grep -E \'^v[0-9]\' | sort -V | tail -n 1)"\n'
                'CMD ["x"]\n', "pipefail")
    # an assignment's status is the substitution's: its pipe counts
    assert "pipefail" in result('FROM debian:12\nRUN V="$(curl -fsSL https://e.com/v | tr -d \' \')" && echo "$V" > /v\n'
                                'CMD ["x"]\n', "pipefail").output


def test_pipefail_an_echo_of_a_dockerfile_value_into_grep_q_is_no_sigpipe_risk():
    # `echo "$V"` (an ARG) writes once, whole, before `grep -q` can stop reading: no SIGPIPE
    text = ("FROM debian:12\nARG V=stable\nRUN curl -fsSL https://e.com/x.tgz | tar xz\n"
            "RUN if echo \"${V}\" | grep -qE '^stable'; then echo ok; fi\nCMD [\"x\"]\n")
    assert 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]' in result(text, "pipefail").output
    # a shell variable of unknown size (a whole API answer), or the ARG reassigned before the pipe
    for run in ('R="$(curl -fsSL https://e.com/rel)" && echo "$R" | grep -q v1',
                'V="$(cat /tmp/list)" && echo "$V" | grep -q v1',
                "echo $(cat /tmp/list) | grep -q v1"):
        other = text.replace("if echo \"${V}\" | grep -qE '^stable'; then echo ok; fi", run)
        res = result(other, "pipefail")
        assert res.output == other and any("grep -q" in r for r in refused_of(res)), run
