"""dockerignore: Keep .git, secrets, caches and local dependencies out of a whole-context COPY."""

from __future__ import annotations

import pytest
from fixcase import result, write_context


def _ignore_written(res):
    return {p.rsplit("/", 1)[-1]: t for p, t in res.side_files.items()} if res.side_files else {}


def test_dockerignore_keeps_a_bind_mounted_source(tmp_path):
    # RUN --mount=type=bind,source=.git reads .git from the context: ignoring it breaks the mount
    text = ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
            "RUN --mount=type=bind,source=.git,target=/app/.git git describe --tags > VERSION\n")
    (tmp_path / ".git").mkdir()
    (tmp_path / "__pycache__").mkdir()
    df = write_context(tmp_path, text, {"app.py": ""})
    res = result(text, "dockerignore", context=tmp_path, path=str(df))
    written = _ignore_written(res).get(".dockerignore", "")
    assert "__pycache__" in written
    assert ".git\n" not in written


def test_dockerignore_keeps_node_modules_nothing_installs(tmp_path):
    # a vendored node_modules is the app's only copy when no RUN installs one
    text = 'FROM node:20\nWORKDIR /app\nCOPY . .\nCMD ["node", "server.js"]\n'
    (tmp_path / "node_modules" / "express").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    df = write_context(tmp_path, text, {"server.js": ""})
    res = result(text, "dockerignore", context=tmp_path, path=str(df))
    written = _ignore_written(res).get(".dockerignore", "")
    assert ".git" in written
    assert "node_modules" not in written


def test_dockerignore_excludes_node_modules_the_build_installs(tmp_path):
    text = 'FROM node:20\nWORKDIR /app\nCOPY . .\nRUN yarn --frozen-lockfile\nCMD ["node", "server.js"]\n'
    (tmp_path / "node_modules" / "express").mkdir(parents=True)
    df = write_context(tmp_path, text, {"server.js": ""})
    res = result(text, "dockerignore", context=tmp_path, path=str(df))
    assert "**/node_modules" in _ignore_written(res).get(".dockerignore", "")


def test_dockerignore_does_not_override_the_users_negation(tmp_path):
    # `.env.*` appended after `!.env.example` would exclude .env.example again (last line wins)
    text = "FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\n"
    (tmp_path / ".git").mkdir()
    df = write_context(tmp_path, text, {".env.example": "A=1\n", ".env.local": "A=2\n", ".dockerignore": "!.env.example\nDockerfile\n"})
    res = result(text, "dockerignore", context=tmp_path, path=str(df))
    written = _ignore_written(res).get(".dockerignore", "")
    assert ".git" in written.splitlines()
    assert ".env.*" not in written.splitlines()


def _ctx_security(tmp_path, files, dockerfile="FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n"):
    for rel in files:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x\n")
    (tmp_path / "Dockerfile").write_text(dockerfile)
    return tmp_path


def test_dockerignore_created_with_what_exists(tmp_path):
    _ctx_security(tmp_path, [".git/HEAD", ".env", "node_modules/a/index.js", "src/app.js", "certs/server.pem"])
    res = result((tmp_path / "Dockerfile").read_text(), "dockerignore", path=str(tmp_path / "Dockerfile"), checks=False)
    assert res.output == res.original  # the Dockerfile itself is untouched
    path = str(tmp_path / ".dockerignore")
    assert res.side_originals == {path: None}
    lines = res.side_files[path].splitlines()
    assert lines[0].startswith("#")
    assert set(lines[1:]) == {".git", ".env", "**/*.pem", "**/node_modules", "Dockerfile"}
    assert not res.errors
    # not written without --unsafe-fixes
    assert result((tmp_path / "Dockerfile").read_text(), "dockerignore", unsafe=False,
                  path=str(tmp_path / "Dockerfile"), checks=False).side_files == {}


def test_dockerignore_appends_missing_only_and_keeps_lines(tmp_path):
    _ctx_security(tmp_path, [".git/HEAD", ".env", "node_modules/a.js"])
    (tmp_path / ".dockerignore").write_text("# mine\n.git\n!keep.me")
    res = result((tmp_path / "Dockerfile").read_text(), "dockerignore", path=str(tmp_path / "Dockerfile"), checks=False)
    new = res.side_files[str(tmp_path / ".dockerignore")]
    assert new.startswith("# mine\n.git\n!keep.me\n")
    assert new.splitlines()[3:] == [".env", "**/node_modules", "Dockerfile"]


def test_dockerignore_never_excludes_what_a_copy_names(tmp_path):
    _ctx_security(tmp_path, [".env", "node_modules/a.js"], "FROM node:20\nCOPY .env /app/.env\nCOPY . /app\n")
    res = result((tmp_path / "Dockerfile").read_text(), "dockerignore", path=str(tmp_path / "Dockerfile"), checks=False)
    new = res.side_files[str(tmp_path / ".dockerignore")]
    assert ".env" not in new.splitlines()
    assert "**/node_modules" in new.splitlines()


def test_dockerignore_noop_cases(tmp_path):
    # no whole-context copy
    _ctx_security(tmp_path, [".env"], "FROM alpine\nCOPY app.py /app/\n")
    assert result((tmp_path / "Dockerfile").read_text(), "dockerignore", path=str(tmp_path / "Dockerfile"),
                  checks=False).side_files == {}
    # everything already excluded
    _ctx_security(tmp_path, [".env"], "FROM alpine\nCOPY . /app\n")
    (tmp_path / ".dockerignore").write_text(".env\nDockerfile\n")
    res = result((tmp_path / "Dockerfile").read_text(), "dockerignore", path=str(tmp_path / "Dockerfile"), checks=False)
    assert res.side_files == {} and res.remaining == []


def test_dockerignore_reports_secret_files_it_does_not_own(tmp_path):
    _ctx_security(tmp_path, [".npmrc", "config/.netrc"], "FROM node:20\nCOPY . .\n")
    (tmp_path / ".dockerignore").write_text("Dockerfile\n")
    res = result((tmp_path / "Dockerfile").read_text(), "dockerignore", path=str(tmp_path / "Dockerfile"), checks=False)
    msgs = [f.message for f in res.remaining]
    assert any(".npmrc looks like a credential" in m for m in msgs)
    assert any("config/.netrc looks like a credential" in m for m in msgs)


def test_dockerignore_per_dockerfile_where_a_folder_holds_several(tmp_path):
    _ctx_security(tmp_path, [".env"], "FROM alpine\nCOPY . /app\n")
    (tmp_path / "Dockerfile.dev").write_text("FROM alpine\nCOPY . /app\n")
    shared: dict = {}
    first = result((tmp_path / "Dockerfile").read_text(), "dockerignore", path=str(tmp_path / "Dockerfile"),
                   shared=shared, checks=False)
    assert list(first.side_files) == [str(tmp_path / "Dockerfile.dockerignore")]
    assert first.side_files[str(tmp_path / "Dockerfile.dockerignore")].splitlines()[1:] == [".env", "Dockerfile"]
    from dockfix.fixing.config import Settings
    from dockfix.fixing.engine import fix_text

    dev = tmp_path / "Dockerfile.dev"
    second = fix_text(dev.read_text(), str(dev), Settings(select=("dockerignore",), unsafe_fixes=True), shared=shared)
    assert second.side_files[str(tmp_path / "Dockerfile.dev.dockerignore")].splitlines()[1:] == [
        ".env", "Dockerfile.dev"]


def test_dockerignore_shared_file_extended_when_it_exists(tmp_path):
    _ctx_security(tmp_path, [".env"], "FROM alpine\nCOPY . /app\n")
    (tmp_path / "Dockerfile.dev").write_text("FROM alpine\nCOPY . /app\n")
    (tmp_path / ".dockerignore").write_text("*.log\n")
    res = result((tmp_path / "Dockerfile").read_text(), "dockerignore", path=str(tmp_path / "Dockerfile"),
                 checks=False)
    assert list(res.side_files) == [str(tmp_path / ".dockerignore")]


@pytest.mark.parametrize("files", [["src/app.py"], ["docker-compose.yml", "src/app.py"]])
def test_no_dockerignore_for_the_dockerfile_or_compose_files_alone(tmp_path, files):
    _ctx_security(tmp_path, files, "FROM python:3.12\nCOPY . /app\n")
    res = result((tmp_path / "Dockerfile").read_text(), "dockerignore", path=str(tmp_path / "Dockerfile"),
                 checks=False)
    assert res.side_files == {} and not res.remaining


@pytest.mark.parametrize("run, excluded", [("RUN mvn -q package", True), ("RUN echo no build", False)])
def test_build_output_excluded_only_when_the_image_builds_it(tmp_path, run, excluded):
    _ctx_security(tmp_path, ["target/app.jar", "pom.xml", ".git/HEAD"], f"FROM maven:3\nCOPY . /app\n{run}\n")
    res = result((tmp_path / "Dockerfile").read_text(), "dockerignore", path=str(tmp_path / "Dockerfile"),
                 checks=False)
    lines = res.side_files[str(tmp_path / ".dockerignore")].splitlines()
    assert ("target" in lines) is excluded and ".git" in lines
