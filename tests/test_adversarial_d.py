"""Adversarial inputs for non-root-user, copy-order-for-cache, add-tarball-to-curl,
multi-stage, secret-to-mount, ssh-mount, dockerignore and base-image: each test
is a bug found by attacking the transform with idioms of real Dockerfiles."""

from __future__ import annotations



from fixcase import refused_of, result


# -- copy-order-for-cache ---------------------------------------------------

def _ctx(tmp_path, dockerfile_text, files):
    for name, body in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(body)
    df = tmp_path / "Dockerfile"
    df.write_text(dockerfile_text)
    return df


def test_copy_order_rm_in_destination_is_not_moved_before_the_copy(tmp_path):
    # the rm ran after `COPY . /app`; moved before it, the COPY brings tests/ back
    text = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\n"
            "RUN pip install -r requirements.txt && rm -rf /app/tests\nCMD [\"python\", \"app.py\"]\n")
    df = _ctx(tmp_path, text, {"requirements.txt": "flask\n", "tests/t.py": "", "app.py": ""})
    res = result(text, "copy-order-for-cache", context=tmp_path, path=str(df))
    assert res.output == text
    assert any("rm" in r for r in refused_of(res))


def test_copy_order_rm_elsewhere_still_fixed(tmp_path):
    text = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\n"
            "RUN pip install -r requirements.txt && rm -rf /root/.cache 2>/dev/null\nCMD [\"python\", \"app.py\"]\n")
    df = _ctx(tmp_path, text, {"requirements.txt": "flask\n", "app.py": ""})
    res = result(text, "copy-order-for-cache", context=tmp_path, path=str(df))
    assert "COPY requirements.txt /app/\nRUN pip install" in res.output


def test_copy_order_redirect_into_destination_is_not_moved(tmp_path):
    # settings.env written after the COPY would be overwritten by the moved COPY
    text = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\n"
            "RUN pip install -r requirements.txt; echo DEBUG=0 > settings.env\n")
    df = _ctx(tmp_path, text, {"requirements.txt": "flask\n", "settings.env": "DEBUG=1\n"})
    res = result(text, "copy-order-for-cache", context=tmp_path, path=str(df))
    assert res.output == text
    assert any("settings.env" in r for r in refused_of(res))


def test_copy_order_git_reading_the_source_is_not_moved(tmp_path):
    text = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\n"
            "RUN pip install -r requirements.txt && git rev-parse HEAD\n")
    df = _ctx(tmp_path, text, {"requirements.txt": "flask\n"})
    res = result(text, "copy-order-for-cache", context=tmp_path, path=str(df))
    assert res.output == text
    assert any("git rev-parse" in r for r in refused_of(res))


def test_copy_order_requirements_with_local_find_links(tmp_path):
    # `--find-links wheels` inside requirements.txt needs the wheels/ folder of the source
    text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nRUN pip install -r requirements.txt\n"
    df = _ctx(tmp_path, text, {"requirements.txt": "--find-links wheels\nmypkg==1.0\n", "wheels/x": ""})
    res = result(text, "copy-order-for-cache", context=tmp_path, path=str(df))
    assert res.output == text
    assert any("local folder" in r for r in refused_of(res))


def test_copy_order_requirements_with_a_relative_wheel_path(tmp_path):
    text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nRUN pip install -r requirements.txt\n"
    df = _ctx(tmp_path, text, {"requirements.txt": "flask\nwheels/mypkg-1.0-py3-none-any.whl\n"})
    res = result(text, "copy-order-for-cache", context=tmp_path, path=str(df))
    assert res.output == text
    assert any("local path" in r for r in refused_of(res))


def test_copy_order_requirements_with_urls_still_fixed(tmp_path):
    text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\nRUN pip install -r requirements.txt\n"
    df = _ctx(tmp_path, text, {"requirements.txt": "--find-links https://x.example/w/\n"
                               "pkg @ https://x.example/p-1.0.tar.gz\nflask; python_version >= '3.8'\n"})
    res = result(text, "copy-order-for-cache", context=tmp_path, path=str(df))
    assert "COPY requirements.txt /app/\nRUN pip install" in res.output


# -- secret-to-mount ----------------------------------------------------------

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


# -- non-root-user ---------------------------------------------------------------

def test_non_root_user_refuses_a_start_command_that_runs_chown():
    # the CMD fixes ownership as root before starting the app: as uid 10001 chown fails
    text = ('FROM debian:bookworm\nRUN echo hi\nSTOPSIGNAL SIGTERM\n'
            'CMD ["sh", "-c", "chown -R app /data && exec /app/run"]\n')
    res = result(text, "non-root-user")
    assert res.output == text
    assert any("chown" in r for r in refused_of(res))


def test_non_root_user_start_command_without_root_tools_still_fixed():
    text = 'FROM debian:bookworm\nRUN echo hi\nCMD ["sh", "-c", "exec /app/run --owner app"]\n'
    res = result(text, "non-root-user")
    assert "USER 10001:10001\nCMD" in res.output


# -- add-tarball-to-curl -----------------------------------------------------------

_CURL = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\n"


def test_add_tarball_archive_read_by_a_later_heredoc_run():
    text = (_CURL + "ADD https://example.com/x.tar.gz /opt/\nRUN tar -xzf /opt/x.tar.gz -C /opt\n"
            "RUN <<EOF\nsha256sum /opt/x.tar.gz > /sums\nEOF\n")
    res = result(text, "add-tarball-to-curl")
    assert res.output == text
    assert any("used again" in r for r in refused_of(res))


def test_add_tarball_archive_matched_by_a_later_glob():
    # `ls /opt/*.tar.gz` found the kept archive; without it the RUN fails
    text = _CURL + "ADD https://example.com/x.tar.gz /opt/\nRUN tar -xzf /opt/x.tar.gz -C /opt\nRUN ls /opt/*.tar.gz\n"
    res = result(text, "add-tarball-to-curl")
    assert res.output == text
    assert any("glob" in r for r in refused_of(res))


def test_add_tarball_unrelated_later_glob_still_fixed():
    text = _CURL + "ADD https://example.com/x.tar.gz /opt/\nRUN tar -xzf /opt/x.tar.gz -C /opt\nRUN mv /opt/x/* /srv/\n"
    res = result(text, "add-tarball-to-curl")
    assert 'curl -fsSL "https://example.com/x.tar.gz" | tar -xzf - -C /opt\nRUN mv' in res.output


# -- dockerignore ------------------------------------------------------------------

def _ignore_written(res):
    return {p.rsplit("/", 1)[-1]: t for p, t in res.side_files.items()} if res.side_files else {}


def test_dockerignore_keeps_a_bind_mounted_source(tmp_path):
    # RUN --mount=type=bind,source=.git reads .git from the context: ignoring it breaks the mount
    text = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
            "RUN --mount=type=bind,source=.git,target=/app/.git git describe --tags > VERSION\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / "__pycache__").mkdir()
    df = _ctx(tmp_path, text, {"app.py": ""})
    res = result(text, "dockerignore", context=tmp_path, path=str(df))
    written = _ignore_written(res).get(".dockerignore", "")
    assert "__pycache__" in written
    assert ".git\n" not in written


def test_dockerignore_keeps_node_modules_nothing_installs(tmp_path):
    # a vendored node_modules is the app's only copy when no RUN installs one
    text = 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n'
    (tmp_path / "node_modules" / "express").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    df = _ctx(tmp_path, text, {"server.js": ""})
    res = result(text, "dockerignore", context=tmp_path, path=str(df))
    written = _ignore_written(res).get(".dockerignore", "")
    assert ".git" in written
    assert "node_modules" not in written


def test_dockerignore_excludes_node_modules_the_build_installs(tmp_path):
    text = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN yarn --frozen-lockfile\nCMD ["node", "server.js"]\n'
    (tmp_path / "node_modules" / "express").mkdir(parents=True)
    df = _ctx(tmp_path, text, {"server.js": ""})
    res = result(text, "dockerignore", context=tmp_path, path=str(df))
    assert "**/node_modules" in _ignore_written(res).get(".dockerignore", "")


# -- base-image ------------------------------------------------------------------------

def test_base_image_slim_not_applied_when_healthcheck_uses_curl():
    # python:3.12-slim has no curl: the container would never become healthy
    text = ('FROM python:3.12\nCOPY app.py /app/\nHEALTHCHECK CMD curl -f http://localhost:8000/ || exit 1\n'
            'CMD ["python", "/app/app.py"]\n')
    res = result(text, "base-image")
    assert res.output == text


def test_base_image_alpine_not_applied_when_cmd_runs_bash():
    text = 'FROM nginx:1.25\nCOPY site /usr/share/nginx/html\nCMD ["bash", "-c", "exec nginx -g \'daemon off;\'"]\n'
    res = result(text, "base-image")
    assert res.output == text


def test_base_image_slim_still_applied_for_a_plain_cmd():
    text = 'FROM python:3.12\nCOPY app.py /app/\nCMD ["python", "-m", "make_app", "--file=x"]\n'
    res = result(text, "base-image")
    assert res.output.startswith("FROM python:3.12-slim\n")


# -- multi-stage -------------------------------------------------------------------------

def test_multi_stage_runtime_stage_keeps_the_args_its_lines_use():
    # ENV APP_VERSION=$VERSION and EXPOSE $PORT in the new stage need the stage's ARGs
    text = ("FROM golang:1.22\nARG PORT=8080\nARG VERSION=dev\nENV APP_VERSION=$VERSION\nWORKDIR /src\nCOPY . .\n"
            "RUN CGO_ENABLED=0 go build -o /bin/app ./cmd/app\nEXPOSE $PORT\nLABEL version=$VERSION\nCMD [\"/bin/app\"]\n")
    res = result(text, "multi-stage")
    runtime = res.output.split("FROM gcr.io/distroless/static-debian12\n", 1)[1]
    assert runtime.startswith("ARG PORT=8080\nARG VERSION=dev\nENV APP_VERSION=$VERSION\n")


def test_multi_stage_refuses_when_cmd_names_a_source_file():
    text = ("FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /bin/app ./cmd/app\n"
            "USER 1000\nCMD [\"/bin/app\", \"--templates=/src/templates\"]\n")
    res = result(text, "multi-stage")
    assert res.output == text
    assert any("/src/templates" in r for r in refused_of(res))


def test_non_root_user_refuses_a_start_command_under_root_home():
    # /root is 0700 in Debian/Alpine/Fedora images: uid 10001 cannot run /root/run.sh
    text = 'FROM debian:bookworm\nCOPY run.sh /root/run.sh\nENTRYPOINT ["/root/run.sh"]\n'
    res = result(text, "non-root-user")
    assert res.output == text
    assert any("/root" in r for r in refused_of(res))


def test_non_root_user_refuses_a_start_script_only_root_may_run():
    text = 'FROM debian:bookworm\nCOPY start.sh /app/start.sh\nRUN chmod 750 /app/start.sh\nCMD ["/app/start.sh"]\n'
    res = result(text, "non-root-user")
    assert res.output == text
    assert any("chmod 750" in r for r in refused_of(res))


def test_non_root_user_chmod_of_files_the_command_does_not_use_still_fixed():
    text = ('FROM debian:bookworm\nCOPY start.sh /app/start.sh\nRUN chmod 755 /app/start.sh && chmod 700 /opt/tool.sh\n'
            'CMD ["/app/start.sh"]\n')
    res = result(text, "non-root-user")
    assert "USER 10001:10001\nCMD" in res.output


def test_non_root_user_refuses_an_entrypoint_script_that_chowns(tmp_path):
    text = 'FROM debian:bookworm\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\n'
    df = _ctx(tmp_path, text, {"docker-entrypoint.sh": "#!/bin/sh\nset -e\n# own the data\nchown -R app /data\nexec \"$@\"\n"})
    res = result(text, "non-root-user", context=tmp_path, path=str(df))
    assert res.output == text
    assert any("chown" in r for r in refused_of(res))


def test_copy_order_symlink_to_a_source_file_still_fixed(tmp_path):
    # the link points into /app; the COPY moved after it fills in the target
    text = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . /app\n"
            "RUN pip install -r requirements.txt && ln -s /app/bin/tool /usr/local/bin/tool\n")
    df = _ctx(tmp_path, text, {"requirements.txt": "flask\n"})
    res = result(text, "copy-order-for-cache", context=tmp_path, path=str(df))
    assert "COPY requirements.txt /app/\nRUN pip install" in res.output


def test_secret_file_form_under_an_errexit_shell_keeps_going_without_the_secret():
    # SHELL with -e: `X="$(cat missing)"` would stop the build where the unset ARG did not
    text = 'FROM debian:bookworm\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\nARG NPM_TOKEN\nRUN echo "t=$NPM_TOKEN"\n'
    res = result(text, "secret-to-mount")
    assert 'NPM_TOKEN="$(cat /run/secrets/npm_token)" || true; export NPM_TOKEN && echo' in res.output


def test_secret_file_form_default_shell_unchanged():
    text = 'FROM debian:bookworm\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nARG NPM_TOKEN\nRUN echo "t=$NPM_TOKEN"\n'
    res = result(text, "secret-to-mount")
    assert 'NPM_TOKEN="$(cat /run/secrets/npm_token)"; export NPM_TOKEN && echo' in res.output


def test_multi_stage_refuses_a_healthcheck_tool_the_runtime_image_lacks():
    # golang:1.22 has curl, debian:bookworm-slim has not: the container would never be healthy
    text = ("FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /bin/app ./cmd/app\n"
            "HEALTHCHECK CMD curl -f http://localhost:8080/ || exit 1\nCMD [\"/bin/app\"]\n")
    res = result(text, "multi-stage")
    assert res.output == text
    assert any("curl" in r for r in refused_of(res))


def test_copy_order_pnpm_workspace_needs_the_packages(tmp_path):
    # pnpm workspaces are declared in pnpm-workspace.yaml, not in package.json
    text = "FROM node:20\nWORKDIR /app\nCOPY . .\nRUN pnpm install --frozen-lockfile --ignore-scripts\n"
    df = _ctx(tmp_path, text, {"package.json": '{"name": "root"}', "pnpm-lock.yaml": "",
                               "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
                               "packages/a/package.json": '{"name": "a"}'})
    res = result(text, "copy-order-for-cache", context=tmp_path, path=str(df))
    assert res.output == text
    assert any("pnpm-workspace.yaml" in r for r in refused_of(res))


def test_dockerignore_does_not_override_the_users_negation(tmp_path):
    # `.env.*` appended after `!.env.example` would exclude .env.example again (last line wins)
    text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
    (tmp_path / ".git").mkdir()
    df = _ctx(tmp_path, text, {".env.example": "A=1\n", ".env.local": "A=2\n", ".dockerignore": "!.env.example\nDockerfile\n"})
    res = result(text, "dockerignore", context=tmp_path, path=str(df))
    written = _ignore_written(res).get(".dockerignore", "")
    assert ".git" in written.splitlines()
    assert ".env.*" not in written.splitlines()
