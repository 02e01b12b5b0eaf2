"""secret-to-mount: DL3064,SecretsUsedInArgOrEnv Pass build secrets with RUN --mount=type=secret instead of ARG/ENV."""

from __future__ import annotations

import json

import pytest
from dockfix.transforms.security.secret_to_mount import is_secret_name
from fixcase import assert_fix, assert_noop, refused_of, result


def test_secret_used_in_a_copy_heredoc_is_not_removed():
    # the unquoted heredoc of COPY expands the ARG: removing it empties the token
    text = ("FROM debian:bookworm\nARG NPM_TOKEN\nCOPY <<EOF /root/.npmrc\n//r.example/:_authToken=$NPM_TOKEN\nEOF\n"
            "RUN npm ci\n")
    res = result(text, "secret-to-mount")
    assert res.output == text
    assert any("COPY" in r for r in refused_of(res))


def test_secret_already_mounted_as_a_file_but_read_as_a_variable():
    text = "FROM debian:bookworm\nARG NPM_TOKEN\nRUN --mount=type=secret,id=npm_token echo \"$NPM_TOKEN\" > /x\n"
    res = result(text, "secret-to-mount")
    assert res.output == text
    assert any("already mounts" in r for r in refused_of(res))


def test_secret_already_mounted_as_a_file_and_read_as_a_file_still_fixed():
    text = "FROM debian:bookworm\nARG NPM_TOKEN\nRUN --mount=type=secret,id=npm_token cat /run/secrets/npm_token\n"
    res = result(text, "secret-to-mount")
    assert res.output == "FROM debian:bookworm\nRUN --mount=type=secret,id=npm_token cat /run/secrets/npm_token\n"


def test_secret_export_does_not_reach_past_a_background_job():
    # `X=...; export X && a & b`: the export runs in the background job, b sees no NPM_TOKEN
    text = "FROM debian:bookworm\nARG NPM_TOKEN\nRUN sleep 1 & npm ci\n"
    res = result(text, "secret-to-mount")
    assert res.output == text
    assert any("background" in r for r in refused_of(res))


def test_secret_background_job_with_env_mounts_still_fixed():
    text = "# syntax=docker/dockerfile:1\nFROM debian:bookworm\nARG NPM_TOKEN\nRUN sleep 1 & npm ci\n"
    res = result(text, "secret-to-mount")
    assert "RUN --mount=type=secret,id=npm_token,env=NPM_TOKEN sleep 1 & npm ci" in res.output


def test_secret_file_form_under_an_errexit_shell_keeps_going_without_the_secret():
    # SHELL with -e: `X="$(cat missing)"` would stop the build where the unset ARG did not
    text = 'FROM debian:bookworm\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nARG NPM_TOKEN\nRUN echo "t=$NPM_TOKEN"\n'
    res = result(text, "secret-to-mount")
    assert 'NPM_TOKEN="$(cat /run/secrets/npm_token)" || true; export NPM_TOKEN && echo' in res.output


def test_secret_file_form_default_shell_unchanged():
    text = 'FROM debian:bookworm\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nARG NPM_TOKEN\nRUN echo "t=$NPM_TOKEN"\n'
    res = result(text, "secret-to-mount")
    assert 'NPM_TOKEN="$(cat /run/secrets/npm_token)"; export NPM_TOKEN && echo' in res.output


SECRET_VALUE = "hunter2-super-secret-value"


@pytest.mark.parametrize("name,secret", [
    ("NPM_TOKEN", True), ("DB_PASSWORD", True), ("AWS_SECRET_ACCESS_KEY", True), ("apiKey", True),
    ("GITHUB_TOKEN", True), ("MYSQL_ROOT_PASS", True),
    ("GPG_KEY", False), ("PUBLIC_KEY", False), ("TOKEN_URL", False), ("SSH_KEY_PATH", False),
    ("NODE_VERSION", False), ("USE_GKE_GCLOUD_AUTH_PLUGIN", False), ("KEYRING", False),
])
def test_secret_names(name, secret):
    assert is_secret_name(name) is secret


def test_secret_values_never_printed(tmp_path, run_cli):
    df = tmp_path / "Dockerfile"
    df.write_text(f"FROM alpine\nARG API_TOKEN={SECRET_VALUE}\nENV DB_PASSWORD={SECRET_VALUE}\nRUN echo hi\n")
    for args in (["--select", "secret-to-mount"], ["--select", "secret-to-mount", "--format", "json"],
                 ["--diff", "--unsafe-fixes", "--select", "secret-to-mount"],
                 ["--fix", "--unsafe-fixes", "--select", "secret-to-mount"]):
        r = run_cli(*args, "Dockerfile")
        out = r.stdout.decode() + r.stderr.decode()
        assert "API_TOKEN" in out or args[0] == "--diff"
        assert SECRET_VALUE not in out, args
    # nothing was rewritten: the literal would have moved through the diff
    assert SECRET_VALUE in df.read_text()


def test_fix_names_the_build_command(tmp_path, run_cli):
    df = tmp_path / "Dockerfile"
    df.write_text("# syntax=docker/dockerfile:1\nFROM node:20\nARG NPM_TOKEN\nRUN npm ci\n")
    r = run_cli("--select", "secret-to-mount", "--format", "json", "Dockerfile")
    row = json.loads(r.stdout)[0]
    assert row["applicability"] == "unsafe"
    assert "docker build --secret id=npm_token,env=NPM_TOKEN" in row["message"]
    r = run_cli("--fix", "--unsafe-fixes", "--select", "secret-to-mount", "Dockerfile")
    assert r.returncode == 0
    assert df.read_text() == "# syntax=docker/dockerfile:1\nFROM node:20\nRUN --mount=type=secret,id=npm_token,env=NPM_TOKEN npm ci\n"


def test_secret_file_written_then_deleted_is_reported():
    from dockfix.fixing.config import Settings
    from dockfix.fixing.engine import check_text

    text = ("FROM alpine\nARG DB_PASSWORD\nRUN echo \"$DB_PASSWORD\" > /tmp/pass && ./configure\n"
            "RUN printf 'machine x login y password z' > /root/.netrc\nRUN rm /tmp/pass /root/.netrc\n"
            "RUN echo hi > /etc/motd\nRUN rm /etc/motd\nRUN echo $DB_PASSWORD > /tmp/q && use /tmp/q && rm /tmp/q\n")
    res = check_text(text, None, Settings(select=("secret-to-mount",)))
    msgs = [f.message for f in res.remaining if "still ships" in f.message]
    assert len(msgs) == 2
    assert any("/tmp/pass" in m and "line 5" in m for m in msgs)
    assert any("/root/.netrc" in m for m in msgs)
    assert not any("/etc/motd" in m or "/tmp/q" in m for m in msgs)  # not a secret / removed in the same layer


def test_secret_build_arg_becomes_a_secret_mount():
    assert_fix("FROM node:20\nARG NPM_TOKEN\nRUN npm ci\n",
               'FROM node:20\nRUN --mount=type=secret,id=npm_token NPM_TOKEN="$(cat /run/secrets/npm_token)"; '
               "export NPM_TOKEN && npm ci\n", "secret-to-mount")


def test_build_arg_that_is_no_secret_is_left_alone():
    assert_noop("FROM node:20\nARG NODE_ENV=production\nRUN npm ci\n", "secret-to-mount")
