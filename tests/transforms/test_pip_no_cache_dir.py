"""pip-no-cache-dir: Do not keep pip's download cache in the image: pip install --no-cache-dir."""

from __future__ import annotations

import pytest
from fixcase import PACKAGE_MANAGERS, assert_fix, assert_noop, fix, refusals, refused_of, result


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


def test_no_cache_dir_not_added_next_to_a_pip_cache_mount():
    src = "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r req.txt\n"
    res = result(src, PACKAGE_MANAGERS, path="Dockerfile")
    assert res.output == src
    [f] = [f for f in res.remaining if f.name == "pip-no-cache-dir"]
    assert f.refused and "cache" in f.refused


def test_pip_cache_mount_for_another_user_and_cache_dir_env():
    src = ("FROM python:3.12\nENV PIP_CACHE_DIR=/cache\n"
           "RUN --mount=type=cache,target=/cache pip install x\n"
           "RUN --mount=type=cache,target=/home/app/.cache/pip pip install y\n")
    assert_noop(src, PACKAGE_MANAGERS, path="Dockerfile")


def test_pip_fixed_when_the_mount_is_something_else():
    src = "FROM python:3.12\nRUN --mount=type=cache,target=/var/cache/apt pip install x\n"
    assert "pip install --no-cache-dir x" in result(src, PACKAGE_MANAGERS, path="Dockerfile").output


def test_flags_inserted_in_onbuild_and_heredoc():
    src = "FROM python:3.12\nONBUILD RUN pip install -r r.txt\nRUN <<EOF\nset -e\npip install x\nEOF\n"
    out = result(src, ["pip-no-cache-dir"], path="Dockerfile").output
    assert out.count("pip install --no-cache-dir") == 2


def test_pip_install_gets_no_cache_dir():
    assert_fix("FROM python:3.12\nRUN pip install flask\n", "FROM python:3.12\nRUN pip install --no-cache-dir flask\n",
               "pip-no-cache-dir", unsafe=False)


@pytest.mark.parametrize("image", ["ubuntu:15.10", "ubuntu:15.04", "ubuntu:vivid", "ubuntu:14.04", "ubuntu:trusty-20191217",
                                   "public.ecr.aws/ubuntu/ubuntu:14.04", "${BASE}"])
def test_ubuntu_releases_whose_packaged_pip_predates_the_option_are_refused(image):
    # review of seed 20261203: ubuntu:15.10's python-pip is 1.5.6, which has no --no-cache-dir
    # (an unsafe fix then; the review of seed 20261206 found it broke a build: refused now)
    # the release comes from the stage's family (through FROM ${BASE}), not from the FROM line's text
    text = f"ARG BASE=ubuntu:wily\nFROM {image}\nRUN apt-get update && apt-get install -y python-pip\nRUN pip install flask\n"
    res = result(text, "pip-no-cache-dir")
    assert res.output == text and [f.fix for f in res.remaining] == [None]
    assert any("older than 6.0" in r for r in refused_of(res))


@pytest.mark.parametrize("image", ["ubuntu:16.04", "ubuntu:xenial", "nvidia/cuda:12.4.1-runtime-ubuntu22.04", "ubuntu:latest"])
def test_ubuntu_16_04_pip_gets_the_safe_fix(image):
    text = f"FROM {image}\nRUN apt-get update && apt-get install -y python-pip\nRUN pip install flask\n"
    assert_fix(text, text.replace("pip install flask", "pip install --no-cache-dir flask"), "pip-no-cache-dir")


def test_pip_no_cache_dir_leaves_a_run_that_removes_the_cache_itself():
    text = "FROM python:3.12\nRUN pip install flask && rm -rf ~/.cache/pip\n"
    assert_noop(text, "pip-no-cache-dir")
    assert_noop("FROM python:3.12\nRUN pip install flask && rm -rf /root/.cache\n", "pip-no-cache-dir")
    # a removal before the install, or not recursive, does not count
    assert "--no-cache-dir" in result("FROM python:3.12\nRUN rm -rf ~/.cache/pip && pip install flask\n",
                                      "pip-no-cache-dir").output
    assert "--no-cache-dir" in result("FROM python:3.12\nRUN pip install flask && rm -f ~/.cache/pip/x\n",
                                      "pip-no-cache-dir").output


def test_pip_no_cache_dir_refuses_an_old_packaged_pip_unless_upgraded():
    # trusty's python3-pip 1.5.4 has no --no-cache-dir (review of seed 20261206, 050)
    text = ("FROM ubuntu:14.04\nRUN apt-get update && apt-get install -y python3-pip\n"
            "RUN pip3 install six\n")
    res = result(text, "pip-no-cache-dir")
    assert res.output == text
    assert any("older than 6.0" in r for r in refused_of(res))
    upgraded = text.replace("RUN pip3 install six", "RUN pip3 install -U pip && pip3 install six")
    assert "pip3 install --no-cache-dir six" in result(upgraded, "pip-no-cache-dir", unsafe=False).output
    staged = ("FROM ubuntu:14.04 AS base\nRUN curl -fsSL https://bootstrap.pypa.io/get-pip.py | python3\n"
              "FROM base\nRUN pip install six\n")
    assert "--no-cache-dir" in result(staged, "pip-no-cache-dir", unsafe=False).output


_CONDA = ("FROM ubuntu:14.04\nRUN apt-get update && apt-get install -y python-pip wget\n"
          "ENV PATH=/opt/conda/bin:$PATH\n"
          "RUN wget -q https://repo.anaconda.com/miniconda/{installer} && bash {installer} -b -p /opt/conda\n"
          "RUN pip install six\n")


@pytest.mark.parametrize("installer", ["Miniconda2-latest-Linux-x86_64.sh", "Miniconda3-py39_4.12.0-Linux-x86_64.sh",
                                       "Anaconda3-2021.05-Linux-x86_64.sh", "Miniforge3-Linux-x86_64.sh"])
def test_a_conda_pip_first_in_path_on_an_old_release_gets_the_fix(installer):
    # conda 4 and later ships pip 8 and later: the pip that runs is conda's, not trusty's 1.5.4
    text = _CONDA.format(installer=installer)
    assert_fix(text, text.replace("pip install six", "pip install --no-cache-dir six"), "pip-no-cache-dir")
    # named by its path, without PATH
    named = text.replace("ENV PATH=/opt/conda/bin:$PATH\n", "").replace("RUN pip install", "RUN /opt/conda/bin/pip install")
    assert "/opt/conda/bin/pip install --no-cache-dir six" in result(named, "pip-no-cache-dir").output


@pytest.mark.parametrize("text", [
    # Miniconda 3.x (2014) may carry a pip 1.5
    _CONDA.format(installer="Miniconda-3.5.5-Linux-x86_64.sh"),
    # conda installed, but the system's bin directory comes first: trusty's pip runs
    _CONDA.format(installer="Miniconda3-latest-Linux-x86_64.sh").replace("/opt/conda/bin:$PATH", "$PATH:/opt/conda/bin"),
    # conda's PATH without a conda installed before the pip command
    "".join(ln for ln in _CONDA.format(installer="x").splitlines(keepends=True) if "wget -q" not in ln),
    # a pip named by a path outside conda
    _CONDA.format(installer="Miniconda3-latest-Linux-x86_64.sh").replace("RUN pip install", "RUN /usr/bin/pip install"),
])
def test_an_old_packaged_pip_beside_conda_is_still_refused(text):
    res = result(text, "pip-no-cache-dir")
    assert res.output == text
    assert any("older than 6.0" in r for r in refused_of(res))


def test_centos_6_pip_from_epel_has_the_option():
    # EPEL 6's last python-pip is 7.1.0-1.el6 (pip 6.0 added --no-cache-dir)
    text = "FROM centos:6\nRUN yum install -y epel-release && yum install -y python-pip\nRUN pip install six\n"
    assert_fix(text, text.replace("pip install six", "pip install --no-cache-dir six"), "pip-no-cache-dir")


@pytest.mark.parametrize("text", [
    "FROM centos:7\nRUN yum install -y rh-python34-python-pip\nRUN /opt/rh/rh-python34/root/usr/bin/pip install six\n",
    "FROM centos:7\nRUN yum install -y rh-python34-python-pip\nENV PATH=/opt/rh/rh-python34/root/usr/bin:$PATH\n"
    "RUN pip install six\n",
])
def test_the_rh_python34_collection_pip_is_refused(text):
    # Software Collections' rh-python34 packages pip 1.5.6: no --no-cache-dir
    res = result(text, "pip-no-cache-dir")
    assert res.output == text
    assert any("older than 6.0" in r for r in refused_of(res))
    upgraded = text.replace("yum install -y rh-python34-python-pip", "yum install -y rh-python34-python-pip && "
                            "/opt/rh/rh-python34/root/usr/bin/pip install -U pip")
    assert "--no-cache-dir six" in result(upgraded, "pip-no-cache-dir").output
