"""ssh-mount: private clones over SSH get the agent (RUN --mount=type=ssh); key files COPYed in are reported."""

from __future__ import annotations

import dockerfile
import pytest
from fixcase import assert_fix, assert_noop

from dockfix.fixing.config import Settings
from dockfix.fixing.engine import check_text, fix_text

S = Settings(select=("ssh-mount",), unsafe_fixes=True)


def run_flags(text: str) -> list[tuple[tuple[str, ...], str]]:
    return [(c.flags, c.value[0]) for c in dockerfile.parse_string(text) if c.cmd.upper() == "RUN"]


@pytest.mark.parametrize("cmd", [
    "git clone git@github.com:acme/lib.git /src/lib",
    "git clone --depth 1 ssh://git@git.example.com:2222/acme/lib.git",
    "git submodule update --init ssh://git@h/x.git",
    "pip install git+ssh://git@github.com/acme/tools.git",
    "npm install git+ssh://git@github.com:acme/pkg.git",
])
def test_ssh_clone_gets_the_agent_mount(cmd):
    text = f"FROM debian:12\nRUN {cmd}\n"
    out = fix_text(text, None, S).output
    assert run_flags(out) == [(("--mount=type=ssh",), cmd)]
    assert fix_text(out, None, S).output == out
    (f,) = check_text(text, None, S).remaining
    assert "docker build --ssh default" in f.message and f.extra["build_command"].startswith("docker build --ssh")


@pytest.mark.parametrize("cmd", [
    "git clone https://github.com/acme/public.git",
    "echo git@github.com:acme/lib.git",
    "git log git@github.com:acme/lib.git",
    "--mount=type=ssh git clone git@github.com:acme/lib.git",
    "--mount=type=cache,target=/root/.cache --mount=type=ssh,id=gh pip install git+ssh://git@github.com/a/b.git",
])
def test_left_alone(cmd):
    text = f"FROM debian:12\nRUN {cmd}\n"
    assert fix_text(text, None, S).output == text


def test_needs_unsafe_fixes():
    text = "FROM debian:12\nRUN git clone git@github.com:acme/lib.git\n"
    assert fix_text(text, None, Settings(select=("ssh-mount",))).output == text


def test_private_key_copied_in_is_reported_not_removed():
    text = ("FROM debian:12\nCOPY keys/id_ed25519 /root/.ssh/\nADD [\"deploy_key\", \"/k\"]\n"
            "COPY --from=other /id_rsa /x\nCOPY id_rsa.pub /root/.ssh/authorized_keys\n")
    found = check_text(text, None, S).remaining
    assert [(f.line, f.fix) for f in found] == [(2, None), (3, None)]
    assert all("a later rm does not take it out" in f.refused for f in found)
    assert fix_text(text, None, S).output == text


def test_windows_files_are_left_alone():
    text = "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN git clone git@github.com:acme/lib.git\n"
    assert fix_text(text, None, S).output == text


def test_clone_over_ssh_gets_the_agent():
    assert_fix("FROM debian:12\nRUN git clone git@github.com:acme/lib.git /src/lib\n",
               "FROM debian:12\nRUN --mount=type=ssh git clone git@github.com:acme/lib.git /src/lib\n", "ssh-mount")


def test_clone_over_https_is_left_alone():
    assert_noop("FROM debian:12\nRUN git clone https://github.com/acme/public.git\n", "ssh-mount")


@pytest.mark.parametrize("before, why", [
    # git fetches git@github.com: URLs over HTTPS: the agent is never asked
    ('RUN git config --global url."https://github.com/".insteadOf "git@github.com:"', "insteadOf"),
    ('RUN git config --global url."https://${TOKEN}@github.com/".insteadOf git@github.com:', "insteadOf"),
    # a key baked into the image: the clone keeps using it and the mount takes nothing out
    ("COPY ssl/deployment.key /root/.ssh/id_rsa", "private key"),
    ("COPY keys/id_ed25519 /home/app/", "private key"),
    ("COPY ssh/ /root/.ssh/", "private key"),
    ('RUN mkdir -p ~/.ssh && echo "$KEY" > ~/.ssh/id_rsa && chmod 600 ~/.ssh/id_rsa', "private key"),
])
def test_a_mount_that_gains_nothing_is_refused(before, why):
    text = f"FROM alpine:3.20\nARG TOKEN\nARG KEY\n{before}\nRUN git clone git@github.com:org/repo.git /src\n"
    assert_noop(text, "ssh-mount", refused=why)


@pytest.mark.parametrize("before", [
    "COPY known_hosts /root/.ssh/",  # host keys, not a private key
    "COPY id_rsa.pub /root/.ssh/authorized_keys",
    'RUN git config --global url."https://github.com/".insteadOf "git@gitlab.com:"',  # another host
    'RUN git config --global url."git@github.com:".insteadOf "https://github.com/"',  # towards SSH
])
def test_a_mount_that_helps_is_still_added(before):
    text = f"FROM alpine:3.20\n{before}\nRUN git clone git@github.com:org/repo.git /src\n"
    out = fix_text(text, None, S).output
    assert "RUN --mount=type=ssh git clone" in out


def test_a_key_only_in_another_stage_does_not_refuse():
    text = ("FROM alpine:3.20 AS keys\nCOPY id_rsa /root/.ssh/id_rsa\n"
            "FROM alpine:3.20\nRUN git clone git@github.com:org/repo.git /src\n")
    assert "RUN --mount=type=ssh git clone" in fix_text(text, None, S).output
