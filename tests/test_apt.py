"""Hazard regressions for the apt family and shell-safety transforms.

Golden cases (golden/apt-*/, golden/pipefail/, golden/remove-sudo/,
golden/useradd-no-log-init/) cover the outputs; these tests pin the
refusal reasons and the invariants the issue lists as hazards.
"""

import re

import pytest

from dockfix.fixing.config import Settings
from dockfix.syntax.cst import parse
from dockfix.fixing.engine import check_text, fix_text

MINE = ("apt-get-yes", "apt-no-install-recommends", "apt-lists-cleanup", "apt-to-apt-get", "pipefail",
        "remove-sudo", "useradd-no-log-init")


def fix(text, *names, unsafe=True):
    res = fix_text(text, "Dockerfile", Settings(select=names or MINE, unsafe_fixes=unsafe))
    assert not res.errors, res.errors
    assert not parse(res.output).errors
    again = fix_text(res.output, "Dockerfile", Settings(select=names or MINE, unsafe_fixes=unsafe))
    assert again.output == res.output, "not idempotent"
    return res


def findings(text, name):
    res = check_text(text, "Dockerfile", Settings(select=(name,), unsafe_fixes=True))
    assert not res.errors, res.errors
    return res.remaining


def refusals(text, name):
    return [f.refused for f in findings(text, name) if f.refused]


# -- apt lists ---------------------------------------------------------------

def test_lists_kept_when_a_later_run_installs_without_update():
    text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n"
    # never a safe fix: the later install would fail
    assert fix(text, "apt-lists-cleanup", unsafe=False).output == text
    # unsafe: the later RUN gets its own update (and then its own clean-up)
    out = fix(text, "apt-lists-cleanup").output
    assert out == ("FROM debian:12\nRUN apt-get update && rm -rf /var/lib/apt/lists/*\n"
                   "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n")


def test_lists_refused_when_the_later_run_cannot_take_an_update():
    for later in ("set -e; apt-get install -y curl", "<<EOF\napt-get install -y curl\nEOF",
                  "--network=none apt-get install -y curl"):
        text = f"FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN {later}\n"
        assert fix(text, "apt-lists-cleanup").output == text
        (reason,) = refusals(text, "apt-lists-cleanup")
        assert "line 3" in reason and "apt-get install" in reason


def test_lists_kept_when_a_child_stage_installs_without_update():
    text = "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y a\nFROM base\nRUN set -x; apt-get install -y b\n"
    assert fix(text, "apt-lists-cleanup").output == text
    assert any("line 4" in r for r in refusals(text, "apt-lists-cleanup"))


def test_lists_removed_when_every_later_install_updates_first():
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y a\n"
            "RUN apt-get update && apt-get install -y b && rm -rf /var/lib/apt/lists/*\n"
            "FROM debian:12\nRUN apt-get install -y c\n")
    out = fix(text, "apt-lists-cleanup").output
    assert out.splitlines()[1].endswith("apt-get install -y a && rm -rf /var/lib/apt/lists/*")
    # only the RUN that ran update gets the clean-up, never every RUN
    assert out.count("rm -rf /var/lib/apt/lists/*") == 2
    assert out.splitlines()[-1] == "RUN apt-get install -y c"


def test_lists_cache_mount_is_left_alone():
    text = "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y a\n"
    assert findings(text, "apt-lists-cleanup") == []


@pytest.mark.parametrize("run, why", [
    ("apt-get update && apt-get install -y a &", "background"),
    ("apt-get update && apt-get install -y a # note", "comment"),
    ("apt-get update && exec apt-get install -y a", "exec"),
])
def test_lists_refused_when_the_run_cannot_be_extended(run, why):
    text = f"FROM debian:12\nRUN {run}\n"
    assert fix(text, "apt-lists-cleanup").output == text
    (reason,) = refusals(text, "apt-lists-cleanup")
    assert why in reason


def test_lists_heredoc_run_refused():
    text = "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y a\nEOF\nRUN echo after\n"
    assert fix(text, "apt-lists-cleanup").output == text
    assert refusals(text, "apt-lists-cleanup")


def test_lists_keep_crlf_indent_and_file_without_final_newline():
    text = "FROM debian:12\r\nRUN apt-get update \\\r\n\t&& apt-get install -y a"
    out = fix(text, "apt-lists-cleanup").output
    assert out == "FROM debian:12\r\nRUN apt-get update \\\r\n\t&& apt-get install -y a \\\r\n\t&& rm -rf /var/lib/apt/lists/*"


def test_lists_later_script_is_unsafe_only():
    text = "FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN ./setup.sh\n"
    assert fix(text, "apt-lists-cleanup", unsafe=False).output == text
    assert "rm -rf /var/lib/apt/lists/*" in fix(text, "apt-lists-cleanup").output


# -- commands the fixes do not own are never removed -------------------------

def _command_words(text):
    return re.findall(r"[A-Za-z][\w.-]*", text)


def test_no_command_is_ever_removed():
    text = ("FROM ubuntu:22.04\n"
            "RUN apt update && apt upgrade -y && apt-get dist-upgrade && apt install -y sudo curl\n"
            "RUN sudo apt-get install -y sudo && echo sudo\n")
    out = fix(text).output
    assert out == (
        "FROM ubuntu:22.04\n"
        "RUN apt-get update && apt-get upgrade --with-new-pkgs -y && apt-get dist-upgrade -y"
        " && apt-get install --no-install-recommends -y sudo curl && rm -rf /var/lib/apt/lists/*\n"
        # the sudo prefix goes; `sudo` the package and the argument stay
        "RUN apt-get update && apt-get install --no-install-recommends -y sudo && echo sudo"
        " && rm -rf /var/lib/apt/lists/*\n")
    words = _command_words(out)
    for w in ("upgrade", "dist-upgrade", "curl", "echo"):
        assert w in words


def test_sudo_kept_for_non_root_user_and_unknown_options():
    # a command without sudo must keep running as app: sudo stays
    text = "FROM ubuntu:22.04\nUSER app\nRUN sudo mkdir /x && make -C /home/app\n"
    assert fix(text, "remove-sudo").output == text
    assert "USER app" in refusals(text, "remove-sudo")[0]
    text = "FROM ubuntu:22.04\nRUN sudo -u bob touch /x\n"
    assert fix(text, "remove-sudo").output == text
    assert "-u" in refusals(text, "remove-sudo")[0]


def test_sudo_unknown_base_image_is_unsafe():
    text = "FROM example/tools:1\nRUN sudo mkdir /x\n"
    assert fix(text, "remove-sudo", unsafe=False).output == text


# -- pipefail ------------------------------------------------------------------

@pytest.mark.parametrize("base", ["scratch", "busybox:1.36", "example/tool:1", "gcr.io/distroless/base"])
def test_pipefail_never_under_sh(base):
    text = f"FROM {base}\nRUN a | b\n"
    out = fix(text, "pipefail").output
    assert out == text
    assert "pipefail" not in out.replace("RUN a | b", "")
    assert any("/bin/sh" in r for r in refusals(text, "pipefail"))


@pytest.mark.parametrize("base", ["debian:12", "ubuntu:22.04", "alpine:3.19", "python:3.12-slim", "centos:7"])
def test_pipefail_never_uses_set_o_pipefail(base):
    text = f"FROM {base}\nRUN curl x | tar x\n"
    out = fix(text, "pipefail").output
    assert "set -o pipefail" not in out
    assert re.search(r'SHELL \["/bin/(bash|ash)", "-o", "pipefail", "-c"\]', out)


def test_pipefail_is_not_a_safe_fix():
    text = "FROM debian:12\nRUN curl x | tar x\n"
    assert fix(text, "pipefail", unsafe=False).output == text


def test_pipefail_refuses_sigpipe_prone_pipes():
    for run in ("yes | apt-get install x", "dpkg -l | head -1", "cat f | grep -q x"):
        text = f"FROM debian:12\nRUN {run}\n"
        assert fix(text, "pipefail").output == text
        assert "SIGPIPE" in refusals(text, "pipefail")[0]


# -- Windows / backtick escape files are never rewritten -----------------------

def test_backtick_escape_files_untouched():
    text = ("# escape=`\nFROM debian:12\nRUN apt update && apt install curl && sudo useradd -u 100000 a `\n"
            "    && curl x | tar x\n")
    assert fix(text).output == text


def test_useradd_only_for_high_or_unknown_uids():
    text = "FROM debian:12\nRUN useradd -u 1000 a && useradd -u 99999 b\n"
    assert fix(text, "useradd-no-log-init").output == text
    text = "FROM debian:12\nRUN useradd -m -u 100000 a\n"
    assert fix(text, "useradd-no-log-init").output == "FROM debian:12\nRUN useradd -l -m -u 100000 a\n"


def test_apt_yes_not_added_when_quiet_level_two():
    text = "FROM debian:12\nRUN apt-get -qq install a && apt-get install -q -q b\n"
    assert findings(text, "apt-get-yes") == []


def test_apt_output_only_commands_are_refused():
    text = "FROM debian:12\nRUN apt list --installed && apt show curl\n"
    assert fix(text, "apt-to-apt-get").output == text
    assert all("only prints" in r for r in refusals(text, "apt-to-apt-get"))


def test_sudo_refused_on_images_known_to_run_as_non_root():
    for base in ("jupyter/base-notebook", "bitnami/python:3.11", "jenkins/jenkins:lts"):
        text = f"FROM {base}\nRUN sudo mkdir /x\n"
        assert fix(text, "remove-sudo").output == text
        assert "non-root" in refusals(text, "remove-sudo")[0]


def test_pipefail_keeps_a_non_bash_shell_of_a_parent_stage():
    text = 'FROM debian:12 AS base\nSHELL ["/bin/zsh", "-c"]\nFROM base\nRUN a | b\n'
    assert fix(text, "pipefail").output == text
    assert "zsh" in refusals(text, "pipefail")[0]


def test_apt_get_yes_at_end_of_file_without_newline():
    text = "FROM debian:12\nRUN apt-get install curl"
    assert fix(text, "apt-get-yes").output == "FROM debian:12\nRUN apt-get install -y curl"
    text = "FROM debian:12\nRUN apt-get upgrade"
    assert fix(text, "apt-get-yes").output == "FROM debian:12\nRUN apt-get upgrade -y"


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
    out = fix(text, "pipefail").output
    assert (out == text) is differs
    if differs:
        assert "echo" in refusals(text, "pipefail")[0]
