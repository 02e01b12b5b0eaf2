"""Role facts of an image (dockfix.semantic.roles): each role with its evidence,
accounts, the running user, written paths, the privilege facts non-root-user
refuses on, and the ``unknown`` cases."""

from __future__ import annotations

import pytest

from dockfix.semantic import roles as R
from dockfix.semantic.model import model_of
from dockfix.syntax.cst import parse


def facts(text: str, context: str | None = None, path: str | None = None) -> R.Roles:
    return R.role_of(model_of(parse(text, path)), context)


def reasons(r: R.Roles, role: str) -> list[str]:
    return [e.reason for e in r.roles.get(role, ())]


# -- roles ------------------------------------------------------------------------

def test_service_from_expose_and_server_command():
    r = facts('FROM python:3.12-slim\nRUN pip install flask\nCOPY app.py /app/\nEXPOSE 8000\n'
              'CMD ["gunicorn", "-b", "0.0.0.0:8000", "app:app"]\n')
    assert r.role == R.SERVICE
    lines = {e.line for e in r.evidence}
    assert lines == {4, 5}
    assert any("gunicorn" in x for x in reasons(r, R.SERVICE))


def test_service_from_base_image_command_when_the_file_sets_none():
    r = facts("FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n")
    assert r.role == R.SERVICE
    assert r.evidence[0].line == 0 and r.evidence[0].text == "nginx:1.27"
    assert R.BASE not in r.roles  # no CMD here does not make it a base image


def test_healthcheck_is_service_evidence_but_healthcheck_none_is_not():
    assert facts('FROM alpine\nHEALTHCHECK CMD wget -q localhost\nCMD ["./app"]\n').role == R.SERVICE
    assert facts('FROM alpine\nHEALTHCHECK NONE\nCMD ["./app"]\n').role == R.UNKNOWN


def test_command_line_tool_with_bind_mount_usage_and_data_workdir():
    r = facts('FROM alpine:3.19\nRUN apk add --no-cache jq\nWORKDIR /data\n'
              '# docker run --rm -v "$PWD":/data me/jq .x in.json\nENTRYPOINT ["jq"]\nCMD ["--help"]\n')
    assert r.role == R.TOOL
    got = {(e.line, e.reason.split(":")[0]) for e in r.evidence}
    assert (5, "ENTRYPOINT runs jq") in got
    assert (6, "CMD gives default options to the ENTRYPOINT (--help)") in got
    assert any(e.line == 3 and "WORKDIR /data" in e.reason for e in r.evidence)
    assert any(e.line == 4 and "mounts the user's directory" in e.reason for e in r.evidence)


def test_entrypoint_without_service_evidence_is_a_tool():
    # an ENTRYPOINT program with nothing that shows a service is taken for a command-line tool
    # (refused by non-root-user: such images are run on bind mounts); services have evidence
    r = facts('FROM alpine\nCOPY app /app\nENTRYPOINT ["/app"]\n')
    assert reasons(r, R.TOOL) and r.role == R.TOOL
    assert facts('FROM alpine\nCOPY app /app\nEXPOSE 8080\nENTRYPOINT ["/app"]\n').role == R.SERVICE
    assert facts('FROM alpine\nCOPY app /app\nENTRYPOINT ["/app"]\nCMD ["--port", "8080"]\n').role == R.SERVICE


def test_data_workdir_with_copied_sources_is_no_tool_evidence():
    r = facts('FROM alpine\nWORKDIR /data\nCOPY . .\nCMD ["./run"]\n')
    assert R.TOOL not in r.roles


def test_base_image_from_onbuild_and_comment():
    r = facts("# This is the base image for all our services\nFROM debian:bookworm\n"
              "RUN apt-get update && apt-get install -y ca-certificates\nONBUILD COPY . /app\n")
    assert r.role == R.BASE
    got = {e.line: e.reason for e in r.evidence}
    assert got[4].startswith("ONBUILD")
    assert "comment" in got[1]
    assert r.onbuild and r.onbuild[0].line == 4


def test_base_image_from_generated_header_wins_over_a_command():
    r = facts("#\n# NOTE: THIS DOCKERFILE IS GENERATED VIA \"apply-templates.sh\"\n#\n# PLEASE DO NOT EDIT IT DIRECTLY.\n"
              "#\nFROM debian:bookworm-slim\nRUN apt-get update\nEXPOSE 5432\nCMD [\"postgres\"]\n")
    assert r.role == R.BASE
    assert [e.line for e in r.roles[R.BASE]] == [2]  # one header line is enough evidence


def test_a_docker_template_parent_image_comment_is_not_base_evidence():
    r = facts("# Use an official Python runtime as a parent image\nFROM python:3.12\nCOPY . /app\n"
              "EXPOSE 80\nCMD [\"python\", \"app.py\"]\n")
    assert r.role == R.SERVICE
    assert R.BASE not in r.roles


def test_no_command_alone_is_weak_base_evidence():
    r = facts("FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl\n")
    assert r.role == R.BASE
    assert [e.reason for e in r.evidence] == [R._NO_START]
    # weak: any other role decides first
    r = facts("FROM ubuntu:24.04\nRUN apt-get install -y tcpdump\n")
    assert r.role == R.PRIVILEGED


def test_base_image_from_a_sibling_dockerfile(tmp_path):
    (tmp_path / "mybase").mkdir()
    (tmp_path / "svc").mkdir()
    base = tmp_path / "mybase" / "Dockerfile"
    base.write_text("FROM debian:bookworm\nRUN apt-get update\nCMD [\"bash\"]\n")
    (tmp_path / "svc" / "Dockerfile").write_text("FROM example/mybase:1.0\nCMD [\"./svc\"]\n")
    r = facts(base.read_text(), path=str(base))
    assert r.role == R.BASE
    ev = r.roles[R.BASE][0]
    assert ev.line == 0 and ev.text.endswith("FROM example/mybase:1.0")
    # a sibling built FROM something else is no evidence
    (tmp_path / "svc" / "Dockerfile").write_text("FROM debian:bookworm\n")
    assert R.BASE not in facts(base.read_text(), path=str(base)).roles


def test_build_environment_from_toolchain_and_shell_command():
    r = facts('FROM ubuntu:22.04\nRUN apt-get update && apt-get install -y build-essential cmake\nCMD ["bash"]\n')
    assert r.role == R.BUILD_ENV
    assert "installs build-essential: a compiler toolchain or headers to build with" in reasons(r, R.BUILD_ENV)
    assert any(e.line == 3 and "shell" in e.reason for e in r.evidence)


def test_toolchain_with_a_program_to_run_is_not_a_build_environment():
    r = facts('FROM golang:1.22\nRUN apt-get install -y gcc\nCOPY . .\nRUN go build -o /app\nCMD ["/app"]\n')
    assert reasons(r, R.BUILD_ENV)
    assert r.role == R.UNKNOWN


@pytest.mark.parametrize("text, why", [
    ("FROM debian\nRUN apt-get install -y openvpn\nCMD [\"openvpn\", \"/etc/vpn.conf\"]\n", "installs openvpn"),
    ("FROM alpine\nRUN apk add wireguard-tools\nCMD [\"./up\"]\n", "installs wireguard-tools"),
    ("FROM alpine\nENTRYPOINT [\"sh\", \"-c\", \"mount -t nfs srv:/x /mnt && exec app\"]\n", "runs mount"),
    ("FROM alpine\nVOLUME /var/run/docker.sock\nCMD [\"./bot\"]\n", "docker.sock"),
    ("FROM alpine\n# docker run --privileged me/x\nCMD [\"./x\"]\n", "--privileged"),
    ("FROM alpine\n# needs --device /dev/net/tun\nCMD [\"./x\"]\n", "--device /dev/net/tun"),
    ("FROM ubuntu\nRUN apt-get install -y bpftrace\n", "installs bpftrace"),
])
def test_privileged_tool(text, why):
    r = facts(text)
    assert r.role == R.PRIVILEGED
    assert any(why in e.reason for e in r.evidence), r.evidence


def test_privileged_command_in_the_entrypoint_script(tmp_path):
    (tmp_path / "entrypoint.sh").write_text("#!/bin/sh\niptables -A INPUT -j DROP\nexec app\n")
    r = facts('FROM alpine\nCOPY entrypoint.sh /\nENTRYPOINT ["/entrypoint.sh"]\n', context=str(tmp_path))
    assert r.role == R.PRIVILEGED
    assert r.evidence[0] == R.Evidence(0, "entrypoint.sh", "the entrypoint script runs iptables, which needs capabilities")
    assert r.entry_script is not None and r.entry_script[0] == "entrypoint.sh"


def test_dev_null_is_not_a_device():
    r = facts('FROM alpine\nCMD ["sh", "-c", "app > /dev/null 2>&1"]\n')
    assert R.PRIVILEGED not in r.roles


def test_unknown_when_nothing_decides():
    r = facts('FROM python:3.12\nCOPY x.py /x.py\nCMD ["python", "/x.py"]\n')
    assert r.role == R.UNKNOWN
    assert r.roles == {} and r.evidence == ()


def test_no_stage_is_unknown_everywhere():
    r = facts("# only a comment\n")
    assert r.role == R.UNKNOWN
    assert r.running_user == R.RunningUser(None, None, None, None)
    assert r.accounts == [] and r.written_paths == []


def test_facts_are_computed_once_per_document():
    doc = parse('FROM alpine\nCMD ["./x"]\n')
    m = model_of(doc)
    assert R.role_of(m) is R.role_of(m)
    assert R.role_of(m, "/tmp") is not R.role_of(m)  # the entrypoint script depends on the context


# -- running user ---------------------------------------------------------------------

def test_running_user_is_the_last_user_of_the_chain():
    r = facts("FROM alpine AS base\nUSER 1000\nFROM base\nCOPY x /x\n")
    ru = r.running_user
    assert (ru.value, ru.nonroot) == ("1000", True)
    assert ru.instruction is not None and ru.instruction.line == 2
    assert ru.evidence is not None and ru.evidence.line == 2


def test_running_user_root_and_variable():
    assert facts("FROM alpine\nUSER app\nUSER root\n").running_user.nonroot is False
    r = facts("FROM mcr.microsoft.com/dotnet/aspnet:8.0-jammy-chiseled\nUSER $APP_UID\n")
    assert r.running_user.nonroot is True and "variable" in r.running_user.evidence.reason


def test_running_user_from_base_image_knowledge_and_unknown():
    r = facts('FROM gcr.io/distroless/static:nonroot\nCOPY app /app\nENTRYPOINT ["/app"]\n')
    assert (r.running_user.value, r.running_user.nonroot) == (None, True)
    assert r.running_user.evidence.text == "gcr.io/distroless/static:nonroot"
    # no USER and an image we know nothing about: unknown, not "root"
    r = facts("FROM example/thing:1\n")
    assert r.running_user.nonroot is None and r.running_user.evidence is None


def test_earlier_nonroot_user_before_a_switch_back_to_root():
    r = facts("FROM alpine\nUSER app\nRUN id\nUSER root\n")
    assert r.earlier_nonroot_user == "app"
    assert facts("FROM alpine\nUSER root\n").earlier_nonroot_user is None


# -- accounts ------------------------------------------------------------------------

@pytest.mark.parametrize("image, install, account", [
    ("debian:bookworm", "apt-get install -y nginx", "www-data"),
    ("alpine:3.19", "apk add nginx", "nginx"),
    ("debian:bookworm", "apt-get install -y freeradius", "freerad"),
    ("alpine:3.19", "apk add freeradius", "radius"),
    ("rockylinux:9", "dnf install -y freeradius", "radiusd"),
    ("debian:bookworm", "apt-get install -y --no-install-recommends redis-server=5:7.0.15-1", "redis"),
    ("ubuntu:22.04", "apt-get install -y postgresql-14", "postgres"),
    ("debian:bookworm", "apt-get install -y php8.2-fpm", "www-data"),
    ("debian:bookworm", "apt-get install -y mariadb-server", "mysql"),
])
def test_accounts_that_packages_create(image, install, account):
    r = facts(f"FROM {image}\nRUN {install}\n")
    acc = [a for a in r.accounts if a.source == "package"]
    assert [a.name for a in acc] == [account]
    assert acc[0].evidence.line == 2


def test_debian_www_data_has_its_fixed_uid():
    (acc,) = facts("FROM debian\nRUN apt-get install -y apache2\n").package_accounts
    assert (acc.name, acc.uid) == ("www-data", 33)


def test_a_package_that_creates_no_account():
    assert facts("FROM debian\nRUN apt-get install -y curl jq\n").package_accounts == []


def test_accounts_created_by_useradd_and_adduser():
    r = facts("FROM debian\nARG UID=1500\nRUN groupadd app && useradd -u ${UID} -g app -m app\n"
              "RUN adduser --system --disabled-password worker\n")
    got = [(a.name, a.uid, a.source) for a in r.created_accounts]
    assert got == [("app", 1500, "useradd"), ("worker", None, "useradd")]
    assert r.makes_accounts is not None and r.makes_accounts.line == 3


def test_account_the_base_image_ships():
    r = facts("FROM node:20\nCOPY . /app\n")
    assert r.shipped_account == R.Account("node", 1000, "base image", r.shipped_account.evidence, "node", 1000)
    assert r.accounts[0].name == "node"
    assert facts("FROM example/thing\n").shipped_account is None


def test_uid_of_prefers_the_file_then_the_base_image():
    doc = parse("FROM node:20\nRUN useradd -u 2000 bob\n")
    assert R.uid_of(doc, doc.stages[-1], "bob") == 2000
    assert R.uid_of(doc, doc.stages[-1], "node") == 1000
    assert R.uid_of(doc, doc.stages[-1], "nobody") is None


# -- written paths -------------------------------------------------------------------

def test_written_paths_with_their_evidence():
    r = facts("FROM debian\nRUN apt-get install -y redis-server\nVOLUME /srv/data\nWORKDIR /srv/app\n"
              "RUN touch db.sqlite3 && python manage.py migrate\nCMD sh -c 'app >> /var/log/app.log 2>&1'\n")
    got = {w.path: [e.reason for e in w.evidence] for w in r.written_paths}
    assert got["/srv/app"][0].startswith("WORKDIR")
    assert any("database" in x for x in got["/srv/app"])  # manage.py migrate
    assert got["/srv/data"] == ["VOLUME: data the container writes"]
    assert "a RUN creates db.sqlite3 in the WORKDIR at build time, owned by root" in got["/srv/app/db.sqlite3"]
    assert got["/var/log/app.log"] == ["the start command writes /var/log/app.log"]
    assert got["/var/lib/redis"] == ["redis-server keeps its state in /var/lib/redis"]
    assert r.workdir == "/srv/app" and r.volumes == ["/srv/data"]


def test_written_paths_of_a_base_image_server():
    r = facts("FROM postgres:16\nCOPY init.sql /docker-entrypoint-initdb.d/\n")
    assert [w.path for w in r.written_paths] == ["/var/lib/postgresql"]


def test_files_created_after_a_cd_are_not_read_as_workdir_files():
    r = facts("FROM debian\nWORKDIR /app\nRUN cd /tmp && touch x\n")
    assert [w.path for w in r.written_paths] == ["/app"]


def test_unknown_workdir_is_none():
    r = facts("FROM debian\nWORKDIR $DIR\n")
    assert r.workdir is None and r.written_paths == []


# -- privilege facts (what non-root-user refuses on) -----------------------------

def test_privilege_facts_with_evidence(tmp_path):
    r = facts('FROM debian\nRUN apt-get install -y gosu\nEXPOSE 80\nCMD ["gosu", "app", "./run"]\n')
    assert r.start_drops_privileges == R.Evidence(4, 'CMD ["gosu", "app", "./run"]',
                                                  "the entrypoint drops privileges itself (gosu)")
    assert r.installs_privilege_dropper is not None and r.installs_privilege_dropper.line == 2
    assert r.low_port_without_capability is not None and r.low_port_without_capability.text == "80"
    assert [e.line for e in r.privilege_drops] == [4, 2]


def test_low_port_with_setcap_is_no_refusal():
    r = facts("FROM debian\nRUN setcap cap_net_bind_service=+ep /app\nEXPOSE 443\nCMD [\"/app\"]\n")
    assert r.low_port is not None and r.grants_bind_capability is not None
    assert r.low_port_without_capability is None


def test_root_needs():
    r = facts('FROM debian\nRUN chmod 700 /start.sh\nCMD ["/start.sh"]\n')
    assert r.start_file_owner_only is not None and r.start_file_owner_only.line == 2
    r = facts('FROM debian\nCMD ["sh", "-c", "chown -R app /data && exec app"]\n')
    assert r.start_needs_root is not None and "chown" in r.start_needs_root.reason
    r = facts("FROM nginx\n")
    assert r.base_runs_root_daemon is not None and r.root_needs == [r.base_runs_root_daemon]


# -- issue 15 facts -----------------------------------------------------------------

def test_root_home_use_with_evidence():
    r = facts("FROM debian\nRUN pip install --user x\n")
    assert r.root_home_use is not None and r.root_home_use.line == 2 and "--user" in r.root_home_use.reason
    r = facts("FROM debian\nENV PATH=/root/.local/bin:$PATH\n")
    assert r.root_home_use is not None and r.root_home_use.line == 2
    r = facts("FROM debian\nRUN echo 'alias ll=ls' >> ~/.bashrc\n")
    assert r.root_home_use is not None and ".bashrc" in r.root_home_use.reason
    assert facts("FROM debian\nRUN pip install x && echo hi > /tmp/.bashrc\nENV ROOTDIR=/srv/root\n").root_home_use is None


def test_build_state_database_and_state_directories():
    r = facts("FROM debian\nWORKDIR /srv\nRUN python3 init.py app.db\nRUN mkdir -p /var/log/app /opt/x /tmp/y\n")
    got = {w.path: w.evidence[0].reason for w in r.build_state}
    assert "database" in got["/srv"]
    assert "/var/log/app" in got and "/opt/x" not in got and "/tmp/y" not in got
    # installing the sqlite3 package creates no database
    assert facts("FROM debian\nWORKDIR /srv\nRUN apt-get install -y sqlite3\n").build_state == []


def test_running_user_from_sudo_in_a_non_official_base_image():
    r = facts("FROM example/opam:fedora\nRUN sudo dnf install -y x\n")
    assert r.running_user.nonroot and r.running_user.evidence.line == 2
    assert facts("FROM ubuntu:22.04\nRUN sudo apt-get install -y x\n").running_user.nonroot is None
    assert facts("FROM example/x\nRUN sudo -u app make\n").running_user.nonroot is None


def test_privileged_evidence_from_a_label_run_line():
    r = facts("FROM centos\nLABEL INSTALL='docker run --rm --privileged -v /:/host IMAGE /install'\nCMD [\"x\"]\n")
    assert r.role == R.PRIVILEGED and r.evidence[0].line == 2


def test_dev_containers_and_known_tools():
    r = facts('FROM mcr.microsoft.com/devcontainers/python:3.12\nCMD ["sleep", "infinity"]\n')
    assert r.role == R.BUILD_ENV
    r = facts('FROM alpine\nRUN apk add git\nENTRYPOINT ["git"]\n')
    assert r.role == R.TOOL
    assert facts('FROM alpine\nENTRYPOINT ["gitea"]\n').role != R.SERVICE  # no evidence of one


def test_a_language_prompt_as_the_command_is_a_base_image():
    r = facts('FROM buildpack-deps:bookworm\nRUN useradd -u 1000 node\nCMD ["node"]\n')
    assert r.role == R.BASE and "prompt" in r.evidence[0].reason
    assert facts('FROM debian\nCOPY a.js /\nCMD ["node", "/a.js"]\n').role == R.UNKNOWN


def test_a_shell_command_is_an_environment_whatever_it_exposes():
    r = facts('FROM node:20\nEXPOSE 8080\nCMD ["bash"]\n')
    assert r.role == R.BUILD_ENV
    assert facts('FROM node:20\nEXPOSE 8080\nCMD ["node", "server.js"]\n').role == R.SERVICE


def test_rails_app_state_dirs():
    r = facts('FROM ruby\nWORKDIR /app\nRUN bundle exec rails assets:precompile\nCMD ["rails", "server"]\n')
    assert [w.path for w in r.app_state_dirs] == ["/app/tmp", "/app/log", "/app/storage"]
    assert facts('FROM ruby\nWORKDIR /app\nCMD ["ruby", "x.rb"]\n').app_state_dirs == []
