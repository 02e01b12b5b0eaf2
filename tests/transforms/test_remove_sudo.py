"""Issue-9 mechanical bars: behaviour of remove-sudo for `sudo -u USER` on a root build."""

from __future__ import annotations

import shutil
import subprocess

import dockerfile
import pytest
from fixcase import assert_fix, assert_noop, fix, refusals, refused_of, result


@pytest.mark.parametrize("run", [
    "[ -w /usr/local/lib ] || sudo chown -R app /usr/local/lib",
    "[[ -O /opt/app ]] || sudo chown app /opt/app",
    "cd ~ && sudo tar xf /tmp/app.tar",
    "cd $HOME && sudo tar xf /tmp/app.tar",
    'sudo mkdir -p "${HOME}/.cache"',
])
def test_sudo_block_refused_when_a_command_depends_on_the_user(run):
    text = f"FROM ubuntu:22.04\nRUN useradd -m app\nUSER app\nRUN {run}\nCMD [\"app\"]\n"
    assert_noop(text, "remove-sudo", path="Dockerfile")
    assert refusals(text, "remove-sudo", path="Dockerfile")


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


def test_sudo_refused_on_images_known_to_run_as_non_root():
    for base in ("jupyter/base-notebook", "bitnami/python:3.11", "jenkins/jenkins:lts"):
        text = f"FROM {base}\nRUN sudo mkdir /x\n"
        assert_noop(text, "remove-sudo", path="Dockerfile")
        assert "non-root" in refusals(text, "remove-sudo", path="Dockerfile")[0]


def _cmds(text: str) -> list[tuple[str, str]]:
    out = []
    for c in dockerfile.parse_string(text):
        if c.cmd.upper() in ("RUN", "USER"):
            out.append((c.cmd.upper(), " ".join(c.value)))
    return out


HADOLINT = shutil.which("hadolint")


def test_sudo_u_runs_under_user_and_root_comes_back():
    src = ("FROM ubuntu:22.04\n"
           "RUN sudo -u app git clone https://example.com/r.git /home/app/r\n"
           "RUN make -C /home/app/r install\n"
           "USER 1001\n")
    out = fix(src, "remove-sudo")
    assert _cmds(out) == [
        ("USER", "app"),
        ("RUN", "git clone https://example.com/r.git /home/app/r"),
        ("USER", "0"),
        ("RUN", "make -C /home/app/r install"),
        ("USER", "1001"),
    ]
    # not applied without --unsafe-fixes
    assert_noop(src, "remove-sudo", unsafe=False)


def test_restore_that_would_be_the_last_user_is_refused():
    src = "FROM ubuntu:22.04\nRUN sudo -u app make\nCMD [\"make\"]\n"
    assert_noop(src, "remove-sudo")
    assert any("DL3002" in r for r in refusals(src, "remove-sudo"))
    # the same in a stage another stage is built FROM
    src2 = "FROM ubuntu:22.04 AS base\nRUN sudo -u app make\nFROM base\nRUN ls\n"
    assert_noop(src2, "remove-sudo")


def test_no_restore_when_nothing_after_depends_on_the_user():
    src = ("FROM debian:12 AS build\nRUN sudo -u app make\nLABEL x=y\n"
           "FROM debian:12\nCOPY --from=build /out /out\nUSER 1000\n")
    out = fix(src, "remove-sudo")
    assert _cmds(out)[:2] == [("USER", "app"), ("RUN", "make")]
    assert "USER 0" not in out


def test_later_user_instruction_ends_the_block_without_restore():
    src = "FROM debian:12\nRUN sudo -u app make\nENV A=1\nUSER app\nRUN make test\n"
    out = fix(src, "remove-sudo")
    assert "USER 0" not in out
    assert _cmds(out) == [("USER", "app"), ("RUN", "make"), ("USER", "app"), ("RUN", "make test")]


def test_split_keeps_comments_out_of_the_joined_lines_and_repeats_export():
    src = ("FROM debian:12\n"
           "RUN export DEBIAN_FRONTEND=noninteractive \\\n"
           "    && sudo -u app npm install -g yarn \\\n"
           "    # needed by scripts\n"
           "    && apt-get install -y curl \\\n"
           "    && rm -rf /var/lib/apt/lists/*\n"
           "USER app\n")
    out = fix(src, "remove-sudo")
    assert _cmds(out) == [
        ("USER", "app"),
        ("RUN", "export DEBIAN_FRONTEND=noninteractive     && npm install -g yarn"),
        ("USER", "0"),
        ("RUN", "export DEBIAN_FRONTEND=noninteractive && apt-get install -y curl     && rm -rf /var/lib/apt/lists/*"),
        ("USER", "app"),
    ]
    assert "# needed by scripts" in out


def test_split_with_root_part_first_and_crlf():
    src = ("FROM debian:12\r\nRUN apt-get install -y git && sudo -u app git clone https://e.com/r /home/app/r\r\n"
           "COPY . /src\r\nUSER app\r\n")
    out = fix(src, "remove-sudo")
    assert "\n" not in out.replace("\r\n", "")
    assert _cmds(out) == [
        ("RUN", "apt-get install -y git"),
        ("USER", "app"),
        ("RUN", "git clone https://e.com/r /home/app/r"),
        ("USER", "0"),
        ("USER", "app"),
    ]


def test_consecutive_runs_share_one_block():
    src = "FROM debian:12\nRUN sudo -u app make\nRUN sudo -u app make install\nRUN ls\nUSER app\n"
    out = fix(src, "remove-sudo")
    assert _cmds(out) == [("USER", "app"), ("RUN", "make"), ("RUN", "make install"), ("USER", "0"),
                          ("RUN", "ls"), ("USER", "app")]


@pytest.mark.parametrize("run, reason", [
    ("sudo -iu app make", "login"),
    ("sudo -u app -g staff make", "-g"),
    ("sudo -u app make && sudo -u bob make", "sudo -u bob"),
    ("apt-get update && sudo -u app make && apt-get install -y x", "before and after"),
    ("cd /src && apt-get install -y x && sudo -u app make", "changes the shell state"),
    ("sudo -u app make > /var/log/b.log && apt-get install -y x", "redirect"),
    ("U=app && sudo -u \"$U\" make", "$U"),
    ("sudo -u${APP} make", "not modelled"),
    ("sudo -u app make || apt-get install -y x", "same `&&` part"),
])
def test_refusals(run, reason):
    src = f"FROM debian:12\nARG APP=app\nRUN {run}\nUSER 1000\n"
    assert_noop(src, "remove-sudo")
    refused = refusals(src, "remove-sudo")
    assert refused and any(reason in r for r in refused), refused


def test_env_home_and_unknown_base_are_refused():
    src = "FROM debian:12\nENV HOME=/root\nRUN sudo -u app make\nUSER app\n"
    assert_noop(src, "remove-sudo")
    src = "FROM example.com/img:1\nRUN sudo -u app make\nUSER app\n"
    assert_noop(src, "remove-sudo")
    # a root-only command without sudo in the stage proves the image runs as root
    src = "FROM example.com/img:1\nRUN sudo -u app make\nRUN apt-get update\nUSER app\n"
    assert "USER app\nRUN make\nUSER 0\n" in fix(src, "remove-sudo")


def test_variable_user_from_an_arg():
    src = "FROM debian:12\nARG USERNAME=dev\nRUN sudo -u ${USERNAME} make\nRUN ls\nUSER 1000\n"
    assert "USER ${USERNAME}\nRUN make\nUSER 0\n" in fix(src, "remove-sudo")


def test_sudo_before_a_merge_is_fixed_first():
    """merge-run would fold `RUN sudo ...` into the RUNs before it, where it can no longer be run as root
    alone: remove-sudo's fix wins the round."""
    src = ("FROM ubuntu:22.04\nRUN useradd -m bap\nUSER bap\nRUN opam init\nRUN opam update\n"
           "RUN sudo pip install bap\nENTRYPOINT [\"opam\"]\n")
    out = fix(src, "remove-sudo,merge-run")
    assert "sudo" not in out
    assert _cmds(out)[-3:] == [("USER", "0"), ("RUN", "pip install bap"), ("USER", "bap")]


@pytest.mark.skipif(HADOLINT is None, reason="hadolint not installed")
def test_hadolint_sees_no_sudo_and_no_root_last_user(tmp_path):
    src = ("FROM ubuntu:22.04\nARG USERNAME=dev\n"
           "RUN apt-get update && apt-get install -y --no-install-recommends git=1:2.34.1-1ubuntu1 "
           "&& rm -rf /var/lib/apt/lists/*\n"
           "RUN sudo -u ${USERNAME} make\n"
           "RUN apt-get update && apt-get install -y --no-install-recommends curl=7.81.0-1 "
           "&& rm -rf /var/lib/apt/lists/* && sudo -u ${USERNAME} make install\n"
           "COPY . /src\nUSER 1000\n")
    out = fix(src, "remove-sudo")
    p = tmp_path / "Dockerfile"
    p.write_text(out)
    res = subprocess.run([HADOLINT, "--no-fail", str(p)], check=False, capture_output=True, text=True)
    codes = res.stdout
    assert "DL3004" not in codes and "DL3002" not in codes, codes


@pytest.mark.parametrize("base, create, user, written", [
    ("node:20", "", "node", "1000"),                                   # the user node images ship
    ("ubuntu:22.04", "useradd -u 2001 -m app && ", "app", "2001"),     # an account made with a fixed uid
    ("ubuntu:22.04", "useradd -m app && ", "app", "app"),              # uid chosen at build time: the name
])
def test_sudo_u_user_written_by_uid_when_known(base, create, user, written):
    src = (f"FROM {base}\nRUN {create}apt-get update\nRUN sudo -u {user} npm install -g x\n"
           "RUN apt-get install -y y\nUSER 3000\nCMD [\"x\"]\n")
    out = fix(src, "remove-sudo")
    assert ("USER", written) in _cmds(out)
    assert ("RUN", "npm install -g x") in _cmds(out)


def test_sudo_removed_on_a_root_build():
    assert_fix("FROM debian:12\nRUN sudo apt-get install -y curl\n", "FROM debian:12\nRUN apt-get install -y curl\n",
               "remove-sudo", unsafe=False)


def test_remove_sudo_refuses_on_a_third_party_base_that_may_run_as_another_user():
    # ocaml/opam ends with USER opam: without sudo, dnf/chown fail (review of seed 20261205, 003)
    text = ("FROM ocaml/opam:debian-12-ocaml-4.14\nRUN sudo apt-get install -y libev-dev\n"
            "COPY . /src\nRUN sudo chown -R opam: /src && make -C /src\n")
    res = result(text, "remove-sudo", unsafe=True)
    assert res.output == text
    assert any("not known to run as root" in r for r in refused_of(res))
    # a step of the stage that only root can run (apt-get install without sudo) proves root
    proven = text.replace("RUN sudo apt-get install -y libev-dev\n",
                          "RUN apt-get update && apt-get install -y libev-dev\nRUN sudo apt-get install -y jq\n")
    assert "RUN apt-get install -y jq" in result(proven, "remove-sudo", unsafe=True).output
