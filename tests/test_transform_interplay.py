"""Several transforms on one file: they run together, in any order, and agree with hadolint."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import dockerfile
import pytest
from fixcase import PACKAGE_MANAGERS, assert_noop, command_names, findings, fix, result

from dockfix.fixing.config import Settings
from dockfix.fixing.engine import fix_text


@pytest.mark.parametrize("name, first", [("yum-dnf-clean", "yum install -y httpd"), ("npm-cache-clean", "yarn install")])
def test_cleanup_not_appended_to_a_heredoc_terminator(name, first):
    base = "centos:7" if name == "yum-dnf-clean" else "node:20"
    text = f"FROM {base}\nRUN <<EOT\n{first}\ncat > /etc/foo <<EOF\nhello\nEOF\nEOT\n"
    out = fix(text, name, path="Dockerfile")
    for line in out.splitlines():
        assert not line.startswith("EOF") or line == "EOF"
    body = out.split("RUN <<EOT\n", 1)[1].rsplit("EOT\n", 1)[0]
    assert subprocess.run(["bash", "-n"], input=body, text=True, capture_output=True).returncode == 0


def test_apt_flags_never_added_after_a_double_dash():
    # after `--` apt-get reads `-y` and `--no-install-recommends` as package names
    text = "FROM debian:12\nRUN apt-get -- install x && apt -- install y\n"
    for name in ("apt-get-yes", "apt-no-install-recommends", "apt-to-apt-get"):
        assert_noop(text, name, path="Dockerfile")
    text = "FROM centos:7\nRUN yum -- install x\n"
    assert_noop(text, "yum-dnf-yes", path="Dockerfile")


APT_FAMILY = ("apt-get-yes", "apt-no-install-recommends", "apt-lists-cleanup", "apt-to-apt-get", "pipefail",
              "remove-sudo", "useradd-no-log-init")


def _command_words(text):
    return re.findall(r"[A-Za-z][\w.-]*", text)


def test_no_command_is_ever_removed():
    text = ("FROM ubuntu:22.04\n"
            "RUN apt update && apt upgrade -y && apt-get dist-upgrade && apt install -y sudo curl\n"
            "RUN sudo apt-get install -y sudo && echo sudo\n")
    out = result(text, APT_FAMILY, path="Dockerfile").output
    assert out == (
        "FROM ubuntu:22.04\n"
        "RUN apt-get update && apt-get upgrade --with-new-pkgs -y && apt-get dist-upgrade -y"
        " && apt-get install --no-install-recommends -y sudo curl ca-certificates && rm -rf /var/lib/apt/lists/*\n"
        # the sudo prefix goes; `sudo` the package and the argument stay
        "RUN apt-get update && apt-get install --no-install-recommends -y sudo && echo sudo"
        " && rm -rf /var/lib/apt/lists/*\n")
    words = _command_words(out)
    for w in ("upgrade", "dist-upgrade", "curl", "echo"):
        assert w in words


def test_backtick_escape_files_untouched():
    text = ("# escape=`\nFROM debian:12\nRUN apt update && apt install curl && sudo useradd -u 100000 a `\n"
            "    && curl x | tar x\n")
    assert_noop(text, APT_FAMILY, path="Dockerfile")


HADOLINT_CASES = [
    # (a RUN that removes the cache itself and keeps that removal gets no --no-cache: it gains nothing)
    ("FROM alpine:3.19\nRUN apk update && apk add curl\nRUN apk --update add git\n", "DL3019"),
    ("FROM alpine:3.19\nRUN apk update && apk add curl && rm -rf /var/cache/apk/*\nCOPY a /a\n", "DL3019"),
    ("FROM python:3.12\nRUN pip install x && python3 -m pip install y\nRUN pip3 install -r r.txt\n", "DL3042"),
    ("FROM centos:7\nRUN yum install httpd\nRUN yum groupinstall x\n", "DL3030"),
    ("FROM centos:7\nRUN yum install -y httpd \\\n    && echo ok\n", "DL3032"),
    ("FROM fedora:40\nRUN dnf install x\nRUN microdnf install y\n", "DL3038"),
    ("FROM fedora:40\nRUN dnf install -y x\nRUN microdnf install -y y && echo\n", "DL3040"),
    ("FROM opensuse/leap\nRUN zypper install x\nRUN zypper rm y\n", "DL3034"),
    ("FROM opensuse/leap\nRUN zypper -n install x\n", "DL3036"),
    ("FROM node:20\nRUN yarn install && yarn build\n", "DL3060"),
    ("FROM debian:12\nRUN wget http://x/a && wget -O /a http://x/b\n", "DL3047"),
    ("FROM alpine:3.19\nRUN wget http://x/a\n", "DL3047"),
]


def _hadolint_codes(tmp_path, text):
    p = tmp_path / "Dockerfile"
    p.write_text(text)
    r = subprocess.run(["hadolint", "--no-fail", "-f", "json", str(p)], capture_output=True, text=True)
    return {x["code"] for x in json.loads(r.stdout or "[]")}


# merge-run / pipefail together with the clean-up: the outputs must not bring
# a finding hadolint (or its shellcheck) did not report on the input
COMBINED_CASES = [
    # an `rm -rf` joined before a yum/dnf install counts as hadolint's clean-up
    ("FROM amazonlinux:2\nRUN curl -o /tmp/a.zip https://x/a.zip && unzip /tmp/a.zip -d /opt && rm -rf /tmp/a.zip\n"
     "RUN yum install -y python3\nRUN pip3 install --no-cache-dir awscli\n", "merge-run,yum-dnf-clean,yum-dnf-yes"),
    ("FROM fedora:40\nRUN rm -rf /etc/yum.repos.d/old.repo\nRUN dnf install -y git\nRUN microdnf install -y jq\n",
     "merge-run,yum-dnf-clean,yum-dnf-yes"),
    # a variable set in a RUN that merge-run would wrap in ( ... ), then used (SC2031)
    ("FROM debian:12\nRUN export WORKERS=$(nproc)\nRUN if [ \"$WORKERS\" -gt 2 ]; then echo many; fi\n", "merge-run"),
    ("FROM debian:12\nRUN export NPM_TOKEN=x && npm ci\nRUN export NPM_TOKEN=x && npm run build\n", "merge-run"),
    # `find -exec ... \;` at the end of a joined RUN (SC2067 when the `;` is lost)
    ("FROM debian:12\nRUN find /srv -type f -exec chmod g+rw {} \\;\nRUN chown -R www-data /srv\n", "merge-run"),
    # echo -e on Alpine: an ash SHELL makes shellcheck report it (SC3036)
    ("FROM node:20-alpine\nRUN echo -e \"\\n[i] tools\" && curl -fsSL https://x/t.tgz | tar -xz\n", "pipefail"),
    ("FROM alpine:3.20\nRUN echo -n 'tools ' && wget -qO- https://x/t.tgz | tar -xz\n", "pipefail"),
]


def test_windows_exec_form_and_non_posix_shell_are_skipped():
    srcs = [
        "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN pip install x\n",
        'FROM python:3.12\nRUN ["pip", "install", "x"]\n',
        'FROM python:3.12\nSHELL ["pwsh", "-c"]\nRUN pip install x\n',
    ]
    for src in srcs:
        assert findings(src, PACKAGE_MANAGERS, unsafe=False, path="Dockerfile") == []
        assert_noop(src, PACKAGE_MANAGERS, path="Dockerfile")


def test_shell_parse_error_is_skipped():
    src = "FROM python:3.12\nRUN pip install x && (\n"
    assert_noop(src, PACKAGE_MANAGERS, path="Dockerfile")


def test_suppression_comment_is_honoured():
    src = "FROM python:3.12\n# hadolint ignore=DL3042\nRUN pip install x\n"
    assert_noop(src, PACKAGE_MANAGERS, path="Dockerfile")


def test_every_original_command_survives_except_the_owned_ones():
    src = ("FROM alpine:3.19\n"
           "RUN apk update && apk add sudo curl && wget http://x && pip install y && gem install z "
           "&& rm -rf /var/cache/apk/*\n")
    out = result(src, PACKAGE_MANAGERS, path="Dockerfile").output
    before, after = command_names(src), command_names(out)
    assert sorted(before) == sorted(after + ["apk", "rm"])
    assert "sudo" in out


def test_bad_input_reports_error_exit_2(run_cli, tmp_path):
    p = tmp_path / "Dockerfile"
    p.write_text("FROM alpine\nRUN apk add x\nRUN <<EOF\napk add y\n")
    r = run_cli("--select", ",".join(PACKAGE_MANAGERS), "--fix", p)
    assert r.returncode == 2
    assert b"Traceback" not in r.stderr + r.stdout
    assert b"error:" in r.stderr + r.stdout


@pytest.mark.skipif(shutil.which("hadolint") is None, reason="hadolint not installed")
@pytest.mark.parametrize("src,code", HADOLINT_CASES, ids=[c for _, c in HADOLINT_CASES])
def test_fix_removes_the_hadolint_finding(tmp_path, src, code):
    assert code in _hadolint_codes(tmp_path, src)
    out = result(src, PACKAGE_MANAGERS, path="Dockerfile").output
    after = _hadolint_codes(tmp_path, out)
    assert code not in after
    # and brings no new finding of another rule
    assert after <= _hadolint_codes(tmp_path, src)


@pytest.mark.skipif(shutil.which("hadolint") is None, reason="hadolint not installed")
@pytest.mark.parametrize("src,select", COMBINED_CASES, ids=[str(i) for i in range(len(COMBINED_CASES))])
def test_merge_clean_pipefail_bring_no_new_finding(tmp_path, src, select):
    before = _hadolint_codes(tmp_path, src)
    out = result(src, select.split(","), path="Dockerfile").output
    after = _hadolint_codes(tmp_path, out)
    assert after <= before, (after - before, out)
    assert not after & {"DL3032", "DL3040"}, out


def runs(text: str) -> list[str]:
    return [c.value[0] for c in dockerfile.parse_string(text) if c.cmd == "RUN"]


def test_bad_input_is_an_error_not_a_traceback(run_cli, tmp_path):
    p = tmp_path / "Dockerfile"
    p.write_text("FROM alpine\nRUN <<EOF\necho unterminated\n")
    r = run_cli("--fix", "--unsafe-fixes", "--select", "merge-run,cd-to-workdir,add-to-copy,exec-form,"
                "env-key-value,keyword-case", p)
    assert r.returncode == 2
    assert b"error:" in r.stderr + r.stdout and b"Traceback" not in r.stderr


def test_merge_and_cd_to_workdir_together_never_interleave():
    # regression: a WORKDIR inserted before a RUN that merge-run joined in the
    # same round left `( cmd ) && \` lines outside any RUN
    text = ("FROM debian:12\nRUN pip install awscli\n# Install Packer\n"
            "RUN cd /tmp && wget -q https://example.com/p.zip\nRUN cd /tmp && unzip p.zip -d /usr/bin/\n"
            "RUN packer version\nEXPOSE 22\n")
    out = fix(text, "merge-run,cd-to-workdir,keyword-case")
    from dockfix.syntax.cst import KNOWN_COMMANDS

    assert all(c.cmd.upper() in KNOWN_COMMANDS for c in dockerfile.parse_string(out))
    joined = " ".join(runs(out))
    for cmd in ("pip install awscli", "wget -q", "unzip p.zip", "packer version"):
        assert cmd in joined


def test_bad_input_is_reported_not_raised(run_cli, tmp_path):
    p = tmp_path / "Dockerfile"
    p.write_text("FROM debian:12\nENV A\n")
    r = run_cli("--select", "non-root-user,copy-order-for-cache,add-tarball-to-curl,multi-stage", "--diff", p)
    assert r.returncode == 2
    assert b"Traceback" not in r.stderr + r.stdout
    assert b"Dockerfile:2:1: error:" in r.stderr + r.stdout


@pytest.mark.parametrize("select,text,expect", [
    ("non-root-user", 'FROM debian:12\nEXPOSE 8080\nCMD ["/srv/run", "--port", "8080"]\nRUN apt-get update && apt-get install -y jq',
     "\nUSER 10001:10001"),
    ("multi-stage", "FROM python:3.11-slim\nWORKDIR /srv\nRUN apt-get install -y gcc && pip install uwsgi",
     "COPY --from=build /srv /srv"),
])
def test_no_final_newline(select, text, expect):
    """A file whose last line has no newline: the new lines follow it, the style is kept."""
    settings = Settings(select=(select,), unsafe_fixes=True)
    res = fix_text(text, None, settings)
    assert not res.errors and res.changed
    assert text.splitlines()[-1] + "\n" in res.output
    assert res.output.endswith(expect) and not res.output.endswith("\n")
    assert fix_text(res.output, None, settings).output == res.output


def test_both_directions_selected_converge():
    text = ("FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"
            "RUN curl -fsSLo /tmp/x.tgz https://example.com/x.tgz && echo \"" + "b" * 64 +
            "  /tmp/x.tgz\" | sha256sum -c - && tar -xzf /tmp/x.tgz -C /opt && rm /tmp/x.tgz\n")
    settings = Settings(select=("curl-tarball-to-add", "add-tarball-to-curl"), unsafe_fixes=True)
    res = fix_text(text, None, settings)
    assert not res.errors and "ADD --checksum=sha256:" + "b" * 64 in res.output
    assert fix_text(res.output, None, settings).output == res.output
