"""Hazard regressions for the apt family and shell-safety transforms.

Golden cases (golden/apt-*/, golden/pipefail/, golden/remove-sudo/,
golden/useradd-no-log-init/) cover the outputs; these tests pin the
refusal reasons and the invariants the issue lists as hazards.
"""

import re

import pytest


from fixcase import assert_fix, assert_noop, findings, refusals, result

MINE = ("apt-get-yes", "apt-no-install-recommends", "apt-lists-cleanup", "apt-to-apt-get", "pipefail",
        "remove-sudo", "useradd-no-log-init")


# -- apt lists ---------------------------------------------------------------

def test_lists_kept_when_a_later_run_installs_without_update():
    text = "FROM debian:12\nRUN apt-get update\nRUN apt-get install -y curl\n"
    # never a safe fix: the later install would fail
    assert_noop(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile")
    # unsafe: the later RUN gets its own update (and then its own clean-up)
    out = result(text, "apt-lists-cleanup", path="Dockerfile").output
    assert out == ("FROM debian:12\nRUN apt-get update && rm -rf /var/lib/apt/lists/*\n"
                   "RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n")


def test_lists_refused_when_the_later_run_cannot_take_an_update():
    for later in ("set -e; apt-get install -y curl", "<<EOF\napt-get install -y curl\nEOF",
                  "--network=none apt-get install -y curl"):
        text = f"FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN {later}\n"
        assert_noop(text, "apt-lists-cleanup", path="Dockerfile")
        (reason,) = refusals(text, "apt-lists-cleanup", path="Dockerfile")
        assert "line 3" in reason and "apt-get install" in reason


def test_lists_kept_when_a_child_stage_installs_without_update():
    text = "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y a\nFROM base\nRUN set -x; apt-get install -y b\n"
    assert_noop(text, "apt-lists-cleanup", path="Dockerfile")
    assert any("line 4" in r for r in refusals(text, "apt-lists-cleanup", path="Dockerfile"))


def test_lists_removed_when_every_later_install_updates_first():
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y a\n"
            "RUN apt-get update && apt-get install -y b && rm -rf /var/lib/apt/lists/*\n"
            "FROM debian:12\nRUN apt-get install -y c\n")
    out = result(text, "apt-lists-cleanup", path="Dockerfile").output
    assert out.splitlines()[1].endswith("apt-get install -y a && rm -rf /var/lib/apt/lists/*")
    # only the RUN that ran update gets the clean-up, never every RUN
    assert out.count("rm -rf /var/lib/apt/lists/*") == 2
    assert out.splitlines()[-1] == "RUN apt-get install -y c"


def test_lists_cache_mount_is_left_alone():
    text = "FROM debian:12\nRUN --mount=type=cache,target=/var/lib/apt/lists apt-get update && apt-get install -y a\n"
    assert findings(text, "apt-lists-cleanup", path="Dockerfile") == []


@pytest.mark.parametrize("run, why", [
    ("apt-get update && apt-get install -y a &", "background"),
    ("apt-get update && apt-get install -y a # note", "comment"),
    ("apt-get update && exec apt-get install -y a", "exec"),
])
def test_lists_refused_when_the_run_cannot_be_extended(run, why):
    text = f"FROM debian:12\nRUN {run}\n"
    assert_noop(text, "apt-lists-cleanup", path="Dockerfile")
    (reason,) = refusals(text, "apt-lists-cleanup", path="Dockerfile")
    assert why in reason


def test_lists_heredoc_run_refused():
    text = "FROM debian:12\nRUN <<EOF\napt-get update\napt-get install -y a\nEOF\nRUN echo after\n"
    assert_noop(text, "apt-lists-cleanup", path="Dockerfile")
    assert refusals(text, "apt-lists-cleanup", path="Dockerfile")


def test_lists_keep_crlf_indent_and_file_without_final_newline():
    text = "FROM debian:12\r\nRUN apt-get update \\\r\n\t&& apt-get install -y a"
    out = result(text, "apt-lists-cleanup", path="Dockerfile").output
    assert out == "FROM debian:12\r\nRUN apt-get update \\\r\n\t&& apt-get install -y a \\\r\n\t&& rm -rf /var/lib/apt/lists/*"


def test_lists_later_script_is_unsafe_only():
    text = "FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN ./setup.sh\n"
    assert_noop(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile")
    assert "rm -rf /var/lib/apt/lists/*" in result(text, "apt-lists-cleanup", path="Dockerfile").output


# -- commands the fixes do not own are never removed -------------------------

def _command_words(text):
    return re.findall(r"[A-Za-z][\w.-]*", text)


def test_no_command_is_ever_removed():
    text = ("FROM ubuntu:22.04\n"
            "RUN apt update && apt upgrade -y && apt-get dist-upgrade && apt install -y sudo curl\n"
            "RUN sudo apt-get install -y sudo && echo sudo\n")
    out = result(text, MINE, path="Dockerfile").output
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
    assert_noop(text, "remove-sudo", path="Dockerfile")
    assert "USER app" in refusals(text, "remove-sudo", path="Dockerfile")[0]
    text = "FROM ubuntu:22.04\nRUN sudo -u bob touch /x\n"
    assert_noop(text, "remove-sudo", path="Dockerfile")
    assert "-u" in refusals(text, "remove-sudo", path="Dockerfile")[0]


def test_sudo_unknown_base_image_is_unsafe():
    text = "FROM example/tools:1\nRUN sudo mkdir /x\n"
    assert_noop(text, "remove-sudo", unsafe=False, path="Dockerfile")


# -- pipefail ------------------------------------------------------------------

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
    for run in ("yes | apt-get install x", "dpkg -l | head -1", "cat f | grep -q x"):
        text = f"FROM debian:12\nRUN {run}\n"
        assert_noop(text, "pipefail", path="Dockerfile")
        assert "SIGPIPE" in refusals(text, "pipefail", path="Dockerfile")[0]


# -- Windows / backtick escape files are never rewritten -----------------------

def test_backtick_escape_files_untouched():
    text = ("# escape=`\nFROM debian:12\nRUN apt update && apt install curl && sudo useradd -u 100000 a `\n"
            "    && curl x | tar x\n")
    assert_noop(text, MINE, path="Dockerfile")


def test_useradd_only_for_high_or_unknown_uids():
    text = "FROM debian:12\nRUN useradd -u 1000 a && useradd -u 99999 b\n"
    assert_noop(text, "useradd-no-log-init", path="Dockerfile")
    text = "FROM debian:12\nRUN useradd -m -u 100000 a\n"
    assert_fix(text, "FROM debian:12\nRUN useradd -l -m -u 100000 a\n", "useradd-no-log-init", path="Dockerfile")


def test_apt_yes_not_added_when_quiet_level_two():
    text = "FROM debian:12\nRUN apt-get -qq install a && apt-get install -q -q b\n"
    assert findings(text, "apt-get-yes", path="Dockerfile") == []


def test_apt_output_only_commands_are_refused():
    text = "FROM debian:12\nRUN apt list --installed && apt show curl\n"
    assert_noop(text, "apt-to-apt-get", path="Dockerfile")
    assert all("only prints" in r for r in refusals(text, "apt-to-apt-get", path="Dockerfile"))


def test_sudo_refused_on_images_known_to_run_as_non_root():
    for base in ("jupyter/base-notebook", "bitnami/python:3.11", "jenkins/jenkins:lts"):
        text = f"FROM {base}\nRUN sudo mkdir /x\n"
        assert_noop(text, "remove-sudo", path="Dockerfile")
        assert "non-root" in refusals(text, "remove-sudo", path="Dockerfile")[0]


def test_pipefail_keeps_a_non_bash_shell_of_a_parent_stage():
    text = 'FROM debian:12 AS base\nSHELL ["/bin/zsh", "-c"]\nFROM base\nRUN a | b\n'
    assert_noop(text, "pipefail", path="Dockerfile")
    assert "zsh" in refusals(text, "pipefail", path="Dockerfile")[0]


def test_apt_get_yes_at_end_of_file_without_newline():
    text = "FROM debian:12\nRUN apt-get install curl"
    assert_fix(text, "FROM debian:12\nRUN apt-get install -y curl", "apt-get-yes", path="Dockerfile")
    text = "FROM debian:12\nRUN apt-get upgrade"
    assert_fix(text, "FROM debian:12\nRUN apt-get upgrade -y", "apt-get-yes", path="Dockerfile")


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
