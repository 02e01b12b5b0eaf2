"""Package-manager transforms: apk-no-cache, pip-no-cache-dir, yum-dnf-yes,
yum-dnf-clean, npm-cache-clean, gem-no-document, wget-progress.

Regression tests for the hazards of issue 9 (a flag next to a cache mount, a
user's command removed, a clean-up that runs where the tool is missing,
busybox wget, Yarn 2+), plus style, idempotence and hadolint agreement."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from dockfix.syntax.cst import parse
from dockfix.semantic.model import model_of

from fixcase import assert_fix, assert_noop, findings, result

MINE = ("apk-no-cache", "pip-no-cache-dir", "yum-dnf-yes", "yum-dnf-clean", "npm-cache-clean", "gem-no-document",
        "wget-progress")


def commands(text):
    """Names of every simple command of every RUN."""
    doc = parse(text)
    out = []
    for ins in doc.instructions:
        v = model_of(doc).shell_view(ins)
        if v is not None:
            out += [c.name for c in v.commands()]
    return out


# -- hazards ---------------------------------------------------------------

def test_no_cache_dir_not_added_next_to_a_pip_cache_mount():
    src = "FROM python:3.12\nRUN --mount=type=cache,target=/root/.cache/pip pip install -r req.txt\n"
    res = result(src, MINE, path="Dockerfile")
    assert res.output == src
    [f] = [f for f in res.remaining if f.name == "pip-no-cache-dir"]
    assert f.refused and "cache" in f.refused


def test_pip_cache_mount_for_another_user_and_cache_dir_env():
    src = ("FROM python:3.12\nENV PIP_CACHE_DIR=/cache\n"
           "RUN --mount=type=cache,target=/cache pip install x\n"
           "RUN --mount=type=cache,target=/home/app/.cache/pip pip install y\n")
    assert_noop(src, MINE, path="Dockerfile")


def test_pip_fixed_when_the_mount_is_something_else():
    src = "FROM python:3.12\nRUN --mount=type=cache,target=/var/cache/apt pip install x\n"
    assert "pip install --no-cache-dir x" in result(src, MINE, path="Dockerfile").output


def test_apk_update_kept_when_a_later_run_needs_the_index():
    src = "FROM alpine:3.19\nRUN apk update && apk add curl\nRUN apk info -a curl\n"
    out = result(src, MINE, path="Dockerfile").output
    assert "apk update && apk add --no-cache curl" in out


def test_apk_never_removes_upgrade_or_user_commands():
    src = ("FROM alpine:3.19\n"
           "RUN apk update && apk upgrade && apk add x && rm -rf /var/cache/apk/* /tmp/build\n"
           "RUN apk update && apk add y && rm -rf /var/cache/apk/*\n")
    out = result(src, MINE, path="Dockerfile").output
    assert commands(out).count("apk") == commands(src).count("apk") - 1  # only the second `apk update`
    assert "apk upgrade" in out and "/tmp/build" in out
    assert "RUN apk add --no-cache y\n" in out


def test_apk_keeps_a_comment_inside_the_chain():
    src = "FROM alpine:3.19\nRUN apk update \\\n# the index\n    && apk add curl\n"
    out = result(src, MINE, path="Dockerfile").output
    assert "# the index" in out and "apk update" in out and "--no-cache" in out


def test_apk_cache_mount_is_refused():
    src = "FROM alpine:3.19\nRUN --mount=type=cache,target=/etc/apk/cache apk add curl\n"
    res = result(src, MINE, path="Dockerfile")
    assert res.output == src and any(f.refused for f in res.remaining)


def test_clean_up_not_appended_where_the_tool_may_be_missing():
    src = ("FROM centos:7\n"
           "RUN if command -v yum; then yum install -y x; fi\n"
           "RUN apt-get install -y x || yum install -y x\n"
           "RUN command -v apt-get && apt-get install -y x; yum install -y y\n"
           "RUN f() { yum install -y x; }; f\n")
    res = result(src, ["yum-dnf-clean"], path="Dockerfile")
    assert res.output == src
    assert len([f for f in res.remaining if f.refused]) == 4


def test_clean_up_keeps_style_crlf_and_escape():
    src = "FROM centos:7\r\nRUN yum -y install \\\r\n        httpd \\\r\n    && echo done\r\n"
    out = result(src, ["yum-dnf-clean"], path="Dockerfile").output
    assert out == src[:-2] + " \\\r\n    && yum clean all\r\n"


def test_clean_up_trailing_and_style_and_comment_at_end():
    src = "FROM centos:7\nRUN yum -y update && \\\n\tyum -y install x && \\\n\tmake # done\n"
    out = result(src, ["yum-dnf-clean"], path="Dockerfile").output
    # a comment ends the line: the clean-up goes before it, never after it
    assert out.endswith("\tmake && yum clean all # done\n")
    src2 = "FROM centos:7\nRUN yum -y update && \\\n\tyum -y install x && \\\n\tmake\n"
    assert result(src2, ["yum-dnf-clean"], path="Dockerfile").output.endswith("\tmake && \\\n\tyum clean all\n")


def test_clean_up_refused_for_background_and_extra_heredoc():
    src = "FROM centos:7\nRUN yum install -y x &\nRUN cat > /f <<EOF && yum install -y x\na\nEOF\n"
    res = result(src, ["yum-dnf-clean"], path="Dockerfile")
    assert res.output == src and len([f for f in res.remaining if f.refused]) == 2


def test_clean_up_per_tool_and_order():
    src = "FROM fedora:40\nRUN dnf clean all && dnf install -y x\nRUN dnf install -y y && rm -rf /var/cache/dnf\n"
    out = result(src, ["yum-dnf-clean"], path="Dockerfile").output
    assert "dnf install -y x && dnf clean all\n" in out
    assert "rm -rf /var/cache/dnf\n" in out and out.count("clean all") == 2


def test_busybox_wget_never_gets_progress():
    for img in ("alpine:3.19", "busybox", "mycompany/base:1", "python:3.12-alpine"):
        out = result(f"FROM {img}\nRUN wget http://x/y\n", ["wget-progress"], path="Dockerfile").output
        assert "--progress" not in out and "wget -q http://x/y" in out
    out = result("FROM debian:12\nRUN wget http://x/y\n", ["wget-progress"], path="Dockerfile").output
    assert "wget --progress=dot:giga http://x/y" in out
    # a stage that installs with apk is busybox-based whatever its name
    out = result("FROM mycompany/base\nRUN apk add --no-cache curl\nRUN wget http://x/y\n", ["wget-progress"], path="Dockerfile").output
    assert "wget -q http://x/y" in out


def test_yarn_berry_is_refused_and_fix_is_unsafe():
    src = "FROM node:20\nRUN yarn install --frozen-lockfile\n"
    assert_noop(src, MINE, unsafe=False, path="Dockerfile")
    assert_fix(src, "FROM node:20\nRUN yarn install --frozen-lockfile && yarn cache clean\n", MINE, path="Dockerfile")
    berry = "FROM node:20\nRUN corepack enable\nRUN yarn install\n"
    res = result(berry, MINE, path="Dockerfile")
    assert res.output == berry and any("Yarn 2+" in (f.refused or "") or "corepack" in (f.refused or "")
                                       for f in res.remaining)


def test_microdnf_yes_is_unsafe_yum_yes_is_safe():
    src = "FROM ubi\nRUN microdnf install x && yum install y\n"
    assert_fix(src, "FROM ubi\nRUN microdnf install x && yum install -y y\n", ["yum-dnf-yes"], unsafe=False, path="Dockerfile")
    assert "microdnf install -y x" in result(src, ["yum-dnf-yes"], path="Dockerfile").output


def test_zypper_gets_global_non_interactive():
    out = result("FROM opensuse/leap\nRUN zypper --gpg-auto-import-keys install x\n", ["yum-dnf-yes"], path="Dockerfile").output
    assert "zypper -n --gpg-auto-import-keys install x" in out


def test_gem_old_ruby_refused():
    res = result("FROM ruby:1.9.3\nRUN gem install bundler\n", ["gem-no-document"], path="Dockerfile")
    assert res.output.endswith("gem install bundler\n") and res.remaining[0].refused


# -- scope -----------------------------------------------------------------

def test_windows_exec_form_and_non_posix_shell_are_skipped():
    srcs = [
        "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN pip install x\n",
        'FROM python:3.12\nRUN ["pip", "install", "x"]\n',
        'FROM python:3.12\nSHELL ["pwsh", "-c"]\nRUN pip install x\n',
    ]
    for src in srcs:
        assert findings(src, MINE, unsafe=False, path="Dockerfile") == []
        assert_noop(src, MINE, path="Dockerfile")


def test_shell_parse_error_is_skipped():
    src = "FROM python:3.12\nRUN pip install x && (\n"
    assert_noop(src, MINE, path="Dockerfile")


def test_flags_inserted_in_onbuild_and_heredoc():
    src = "FROM python:3.12\nONBUILD RUN pip install -r r.txt\nRUN <<EOF\nset -e\npip install x\nEOF\n"
    out = result(src, ["pip-no-cache-dir"], path="Dockerfile").output
    assert out.count("pip install --no-cache-dir") == 2


def test_suppression_comment_is_honoured():
    src = "FROM python:3.12\n# hadolint ignore=DL3042\nRUN pip install x\n"
    assert_noop(src, MINE, path="Dockerfile")


def test_every_original_command_survives_except_the_owned_ones():
    src = ("FROM alpine:3.19\n"
           "RUN apk update && apk add sudo curl && wget http://x && pip install y && gem install z "
           "&& rm -rf /var/cache/apk/*\n")
    out = result(src, MINE, path="Dockerfile").output
    before, after = commands(src), commands(out)
    assert sorted(before) == sorted(after + ["apk", "rm"])
    assert "sudo" in out


def test_bad_input_reports_error_exit_2(run_cli, tmp_path):
    p = tmp_path / "Dockerfile"
    p.write_text("FROM alpine\nRUN apk add x\nRUN <<EOF\napk add y\n")
    r = run_cli("--select", ",".join(MINE), "--fix", p)
    assert r.returncode == 2
    assert b"Traceback" not in r.stderr + r.stdout
    assert b"error:" in r.stderr + r.stdout


# -- hadolint agreement ----------------------------------------------------

HADOLINT_CASES = [
    ("FROM alpine:3.19\nRUN apk update && apk add curl && rm -rf /var/cache/apk/*\nRUN apk --update add git\n", "DL3019"),
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


@pytest.mark.skipif(shutil.which("hadolint") is None, reason="hadolint not installed")
@pytest.mark.parametrize("src,code", HADOLINT_CASES, ids=[c for _, c in HADOLINT_CASES])
def test_fix_removes_the_hadolint_finding(tmp_path, src, code):
    assert code in _hadolint_codes(tmp_path, src)
    out = result(src, MINE, path="Dockerfile").output
    after = _hadolint_codes(tmp_path, out)
    assert code not in after
    # and brings no new finding of another rule
    assert after <= _hadolint_codes(tmp_path, src)


def test_apk_clean_up_kept_next_to_a_one_command_run():
    # dropping `rm` would leave two one-command RUNs side by side (hadolint DL3059)
    src = "FROM alpine:3.19\nRUN apk add --update nginx && rm -rf /var/cache/apk/*\nRUN ln -sf /dev/stdout /x\n"
    out = result(src, ["apk-no-cache"], path="Dockerfile").output
    assert "RUN apk add --no-cache --update nginx && rm -rf /var/cache/apk/*\n" in out
    alone = "FROM alpine:3.19\nRUN apk add --update nginx && rm -rf /var/cache/apk/*\nCOPY a /a\n"
    assert "RUN apk add --no-cache --update nginx\n" in result(alone, ["apk-no-cache"], path="Dockerfile").output


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


@pytest.mark.skipif(shutil.which("hadolint") is None, reason="hadolint not installed")
@pytest.mark.parametrize("src,select", COMBINED_CASES, ids=[str(i) for i in range(len(COMBINED_CASES))])
def test_merge_clean_pipefail_bring_no_new_finding(tmp_path, src, select):
    before = _hadolint_codes(tmp_path, src)
    out = result(src, select.split(","), path="Dockerfile").output
    after = _hadolint_codes(tmp_path, out)
    assert after <= before, (after - before, out)
    assert not after & {"DL3032", "DL3040"}, out


def test_clean_up_after_a_subshell_or_group_but_not_after_an_or():
    ok = ("FROM centos:7\nRUN ( cd /opt && yum install -y make ) && make -C /opt/src\n"
          "RUN { yum install -y git; } || true\n")
    out = result(ok, ["yum-dnf-clean"], path="Dockerfile").output
    assert out.count("&& yum clean all") == 2
    # `a && yum ... || b`: b runs when a failed and yum never did (maybe no yum at all)
    refused = "FROM centos:7\nRUN command -v yum && yum install -y git || echo no yum\n"
    res = result(refused, ["yum-dnf-clean"], path="Dockerfile")
    assert res.output == refused and res.remaining[0].refused


def test_pipefail_result_does_not_depend_on_the_order_stages_are_fixed():
    # fixed in one go, the child stage gets its own SHELL; fixed after its parent
    # (which then has the SHELL) it must get the same one
    one_go = "FROM debian:12 AS core\nRUN curl -fsSL https://x/a | tar xz\nFROM core\nRUN curl -fsSL https://x/b | tar xz\n"
    out = result(one_go, ["pipefail"], path="Dockerfile").output
    assert out.count('SHELL ["/bin/bash", "-o", "pipefail", "-c"]') == 2
    parent_done = out.replace('FROM core\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n', "FROM core\n")
    assert_fix(parent_done, out, ["pipefail"], path="Dockerfile")
