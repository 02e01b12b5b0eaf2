"""Adversarial regressions for the package-manager, sudo, useradd and ADD
transforms: each test is an input that once produced a build-breaking,
meaning-changing or corrupted output."""

import subprocess

import pytest


from fixcase import assert_fix, assert_noop, fix, refusals


# -- apt-lists-cleanup: a later RUN that needs the lists ----------------------

@pytest.mark.parametrize("later", [
    "$APT install curl",               # the command name is a variable
    "${APT_GET} install -y curl",
])
def test_lists_kept_when_a_later_command_name_is_a_variable(later):
    text = f'FROM debian:12\nARG APT="apt-get -y"\nRUN apt-get update && apt-get install -y a\nRUN {later}\n'
    # never a safe fix: the later install would find no lists
    assert_noop(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile")
    assert_noop(text, "apt-lists-cleanup", path="Dockerfile")
    assert any("line 4" in r for r in refusals(text, "apt-lists-cleanup", path="Dockerfile"))


@pytest.mark.parametrize("later", [
    "xargs apt-get install -y < /pkgs.txt",
    "eatmydata apt-get install -y curl",
    "timeout 600 apt-get -y install curl",
])
def test_lists_wrapped_later_install_gets_its_own_update(later):
    text = f"FROM debian:12\nRUN apt-get update && apt-get install -y a\nRUN {later}\n"
    assert_noop(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile")
    out = fix(text, "apt-lists-cleanup", path="Dockerfile")
    last = out.splitlines()[2]
    # either the later RUN updates first, or nothing is removed
    assert last.startswith("RUN apt-get update && ") or "rm -rf" not in out.splitlines()[1]


def test_lists_conditional_update_in_a_later_run_does_not_count():
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y a\n"
            'RUN if [ -n "$X" ]; then apt-get update; fi && apt-get install -y b\n')
    assert fix(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile").splitlines()[1] == "RUN apt-get update && apt-get install -y a"


def test_lists_no_update_prefix_for_a_run_under_a_non_root_user():
    # `apt-get download` works as app with the lists; an added `apt-get update` fails (permission denied)
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y git\nUSER app\n"
            "RUN apt-get download hello\n")
    assert_noop(text, "apt-lists-cleanup", path="Dockerfile")
    assert any("USER app" in r for r in refusals(text, "apt-lists-cleanup", path="Dockerfile"))


# -- apk-no-cache: the `apk update` another apk command needs -----------------

def test_apk_update_kept_when_the_same_run_adds_in_a_string():
    text = 'FROM alpine:3.19\nRUN apk update && apk add curl && sh -c "apk add git"\n'
    out = fix(text, "apk-no-cache", path="Dockerfile")
    assert out.startswith("FROM alpine:3.19\nRUN apk update && apk add --no-cache curl")


@pytest.mark.parametrize("later", ['sh -c "apk add git"', "xargs apk add < /pkgs", "$APK add git",
                                   "./install-deps.sh"])
def test_apk_update_kept_when_a_later_run_may_add_without_index(later):
    text = f"FROM alpine:3.19\nRUN apk update && apk add curl && echo a && echo b\nRUN {later}\n"
    out = fix(text, "apk-no-cache", path="Dockerfile")
    assert out.splitlines()[1] == "RUN apk update && apk add --no-cache curl && echo a && echo b"


def test_apk_conditional_update_in_a_later_run_does_not_count():
    text = ("FROM alpine:3.19\nRUN apk update && apk add curl && echo a && echo b\n"
            "RUN if [ -n \"$X\" ]; then apk update; fi; apk add git\n")
    assert fix(text, "apk-no-cache", path="Dockerfile").splitlines()[1].startswith("RUN apk update && ")


# -- pip-no-cache-dir: a cache directory that is a cache mount -----------------

@pytest.mark.parametrize("run", [
    "--mount=type=cache,target=/cache,id=pip pip install --cache-dir=/cache -r req.txt",
    "--mount=type=cache,target=/cache pip install --cache-dir /cache/wheels -r req.txt",
    "--mount=type=cache,target=/cache PIP_CACHE_DIR=/cache pip install -r req.txt",
])
def test_pip_no_flag_next_to_a_cache_dir_mount(run):
    text = f"FROM python:3.12\nRUN {run}\n"
    assert_noop(text, "pip-no-cache-dir", path="Dockerfile")
    assert refusals(text, "pip-no-cache-dir", path="Dockerfile")


def test_pip_no_flag_when_xdg_cache_home_is_a_cache_mount():
    text = "FROM python:3.12\nENV XDG_CACHE_HOME=/xdg\nRUN --mount=type=cache,target=/xdg pip install -r req.txt\n"
    assert_noop(text, "pip-no-cache-dir", path="Dockerfile")


def test_pip_cache_dir_elsewhere_still_fixed():
    text = "FROM python:3.12\nRUN --mount=type=cache,target=/other pip install --cache-dir=/c x\n"
    assert "--no-cache-dir" in fix(text, "pip-no-cache-dir", path="Dockerfile")


# -- clean-up appended after a nested shell heredoc ----------------------------

@pytest.mark.parametrize("name, first", [("yum-dnf-clean", "yum install -y httpd"), ("npm-cache-clean", "yarn install")])
def test_cleanup_not_appended_to_a_heredoc_terminator(name, first):
    base = "centos:7" if name == "yum-dnf-clean" else "node:20"
    text = f"FROM {base}\nRUN <<EOT\n{first}\ncat > /etc/foo <<EOF\nhello\nEOF\nEOT\n"
    out = fix(text, name, path="Dockerfile")
    for line in out.splitlines():
        assert not line.startswith("EOF") or line == "EOF"
    body = out.split("RUN <<EOT\n", 1)[1].rsplit("EOT\n", 1)[0]
    assert subprocess.run(["bash", "-n"], input=body, text=True, capture_output=True).returncode == 0


# -- npm-cache-clean: the yarn cache is a cache mount --------------------------

@pytest.mark.parametrize("text", [
    "FROM node:20\nENV YARN_CACHE_FOLDER=/yc\nRUN --mount=type=cache,target=/yc yarn install\n",
    "FROM node:20\nRUN --mount=type=cache,target=/cache yarn install --cache-folder /cache\n",
    "FROM node:20\nRUN --mount=type=cache,target=/cache YARN_CACHE_FOLDER=/cache yarn install\n",
])
def test_yarn_cache_mount_elsewhere_is_not_cleaned(text):
    assert_noop(text, "npm-cache-clean", path="Dockerfile")


# -- remove-sudo: commands that read the user, under USER root -----------------

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


def test_lists_update_and_install_in_one_branch_need_no_prefix():
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y a\n"
            "RUN if [ \"$X\" = true ]; then \\\n    apt-get update \\\n    && apt-get install -y b \\\n;fi\n")
    out = fix(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile")
    assert out.splitlines()[1] == "RUN apt-get update && apt-get install -y a && rm -rf /var/lib/apt/lists/*"
    assert "RUN if" in out


def test_lists_command_named_by_a_known_non_apt_variable_is_fine():
    text = ("FROM debian:12\nARG PIP=pip3\nRUN apt-get update && apt-get install -y python3-pip\n"
            "RUN ${PIP} install requests\n")
    out = fix(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile")
    assert out.splitlines()[2].endswith("&& rm -rf /var/lib/apt/lists/*")


# -- add-to-copy: names that can hold a tar archive ---------------------------

def test_add_alpine_apk_package_is_not_a_safe_copy():
    # an Alpine .apk is a gzip'd tar: ADD unpacks it (by content), COPY would not
    text = "FROM alpine:3.19\nWORKDIR /tmp\nADD pkg.apk /tmp/\nRUN apk add --allow-untrusted /tmp/pkg.apk\n"
    assert_noop(text, "add-to-copy", unsafe=False, path="Dockerfile")


@pytest.mark.parametrize("head", ["FROM ubuntu:22.04\nUSER app\n", "FROM cimg/base:2024.01\n"])
def test_lists_removed_through_sudo_when_the_update_ran_through_sudo(head):
    # as a non-root user a bare `rm -rf /var/lib/apt/lists/*` fails: Permission denied
    text = head + "RUN sudo apt-get update && sudo -E apt-get install -y git\n"
    out = fix(text, "apt-lists-cleanup", path="Dockerfile")
    assert out == head + "RUN sudo apt-get update && sudo -E apt-get install -y git && sudo rm -rf /var/lib/apt/lists/*\n"


def test_lists_update_prefix_through_sudo_for_a_sudo_install():
    text = ("FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y sudo\nUSER app\n"
            "RUN sudo apt-get install -y git\n")
    out = fix(text, "apt-lists-cleanup", path="Dockerfile")
    assert out.splitlines()[3].startswith("RUN sudo apt-get update && sudo apt-get install -y git")


def test_lists_a_stage_that_may_be_built_from_this_one_counts():
    # a stage whose FROM names this one only with a --build-arg
    text = ("ARG V\nFROM debian:12 AS base-prod\nRUN apt-get update && apt-get install -y a\nFROM base-${V}\n"
            "RUN apt-get install -y b\n")
    assert_noop(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile")
    assert fix(text, "apt-lists-cleanup", path="Dockerfile").splitlines()[-1].startswith("RUN apt-get update && apt-get install -y b")


@pytest.mark.parametrize("text", [
    # the lists taken out of the stage by a mount or a COPY
    "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y a\nFROM debian:12\n"
    "RUN --mount=type=bind,from=base,source=/var/lib/apt/lists,target=/var/lib/apt/lists apt-get install -y b\n",
    "FROM debian:12 AS base\nRUN apt-get update && apt-get install -y a\nFROM debian:12\n"
    "COPY --from=base /var/lib/apt/lists /var/lib/apt/lists\nRUN apt-get install -y b\n",
])
def test_lists_kept_for_stages_that_may_use_them(text):
    out = fix(text, "apt-lists-cleanup", path="Dockerfile")
    assert "RUN apt-get update && apt-get install -y a\n" in out
    assert "apt-get install -y a && rm" not in out


def test_lists_removed_when_an_unknown_from_cannot_name_the_stage():
    text = ("ARG REGISTRY\nFROM debian:12 AS base\nRUN apt-get update && apt-get install -y a\n"
            "FROM ${REGISTRY}/tools:1\nRUN apt-get install -y b\n")
    assert "apt-get install -y a && rm -rf /var/lib/apt/lists/*" in fix(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile")


def test_apt_flags_never_added_after_a_double_dash():
    # after `--` apt-get reads `-y` and `--no-install-recommends` as package names
    text = "FROM debian:12\nRUN apt-get -- install x && apt -- install y\n"
    for name in ("apt-get-yes", "apt-no-install-recommends", "apt-to-apt-get"):
        assert_noop(text, name, path="Dockerfile")
    text = "FROM centos:7\nRUN yum -- install x\n"
    assert_noop(text, "yum-dnf-yes", path="Dockerfile")


def test_lists_tool_under_a_variable_folder_is_not_apt():
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"
            "RUN $HOME/.poetry/bin/poetry install\n")
    assert "&& rm -rf /var/lib/apt/lists/*" in fix(text, "apt-lists-cleanup", unsafe=False, path="Dockerfile")


def test_apk_update_kept_in_an_onbuild_trigger():
    # the child image's own RUNs (unknown here) may `apk add` with the index the trigger leaves
    text = "FROM alpine:3.19\nONBUILD RUN apk update && apk add curl && echo a && echo b\n"
    assert_fix(text, "FROM alpine:3.19\nONBUILD RUN apk update && apk add --no-cache curl && echo a && echo b\n", "apk-no-cache", path="Dockerfile")


def test_yum_clean_not_added_to_a_dnf_cache_mount():
    # on EL8+ yum is dnf: `yum clean all` would empty the /var/cache/dnf cache mount every build
    text = "FROM rockylinux:9\nRUN --mount=type=cache,target=/var/cache/dnf yum install -y httpd\n"
    assert_noop(text, "yum-dnf-clean", path="Dockerfile")
