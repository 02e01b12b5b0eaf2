"""Security transforms: secret detection, masking, and the build command users need."""

import json

import pytest

from dockfix.transforms.security.secret_to_mount import is_secret_name

from fixcase import result

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


# -- dockerignore ------------------------------------------------------------------

def _ctx(tmp_path, files, dockerfile="FROM node:20\nWORKDIR /app\nCOPY . .\nRUN npm ci\n"):
    for rel in files:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x\n")
    (tmp_path / "Dockerfile").write_text(dockerfile)
    return tmp_path


def test_dockerignore_created_with_what_exists(tmp_path):
    _ctx(tmp_path, [".git/HEAD", ".env", "node_modules/a/index.js", "src/app.js", "certs/server.pem"])
    res = result((tmp_path / "Dockerfile").read_text(), "dockerignore", path=str(tmp_path / "Dockerfile"), checks=False)
    assert res.output == res.original  # the Dockerfile itself is untouched
    path = str(tmp_path / ".dockerignore")
    assert res.side_originals == {path: None}
    lines = res.side_files[path].splitlines()
    assert lines[0].startswith("#")
    assert set(lines[1:]) == {".git", ".env", "**/*.pem", "**/node_modules", "Dockerfile"}
    assert not res.errors
    # not written without --unsafe-fixes
    assert result((tmp_path / "Dockerfile").read_text(), "dockerignore", unsafe=False, path=str(tmp_path / "Dockerfile"), checks=False).side_files == {}


def test_dockerignore_appends_missing_only_and_keeps_lines(tmp_path):
    _ctx(tmp_path, [".git/HEAD", ".env", "node_modules/a.js"])
    (tmp_path / ".dockerignore").write_text("# mine\n.git\n!keep.me")
    res = result((tmp_path / "Dockerfile").read_text(), "dockerignore", path=str(tmp_path / "Dockerfile"), checks=False)
    new = res.side_files[str(tmp_path / ".dockerignore")]
    assert new.startswith("# mine\n.git\n!keep.me\n")
    assert new.splitlines()[3:] == [".env", "**/node_modules", "Dockerfile"]


def test_dockerignore_never_excludes_what_a_copy_names(tmp_path):
    _ctx(tmp_path, [".env", "node_modules/a.js"], "FROM node:20\nCOPY .env /app/.env\nCOPY . /app\n")
    res = result((tmp_path / "Dockerfile").read_text(), "dockerignore", path=str(tmp_path / "Dockerfile"), checks=False)
    new = res.side_files[str(tmp_path / ".dockerignore")]
    assert ".env" not in new.splitlines()
    assert "**/node_modules" in new.splitlines()


def test_dockerignore_noop_cases(tmp_path):
    # no whole-context copy
    _ctx(tmp_path, [".env"], "FROM alpine\nCOPY app.py /app/\n")
    assert result((tmp_path / "Dockerfile").read_text(), "dockerignore", path=str(tmp_path / "Dockerfile"), checks=False).side_files == {}
    # everything already excluded
    _ctx(tmp_path, [".env"], "FROM alpine\nCOPY . /app\n")
    (tmp_path / ".dockerignore").write_text(".env\nDockerfile\n")
    res = result((tmp_path / "Dockerfile").read_text(), "dockerignore", path=str(tmp_path / "Dockerfile"), checks=False)
    assert res.side_files == {} and res.remaining == []


def test_dockerignore_reports_secret_files_it_does_not_own(tmp_path):
    _ctx(tmp_path, [".npmrc", "config/.netrc"], "FROM node:20\nCOPY . .\n")
    (tmp_path / ".dockerignore").write_text("Dockerfile\n")
    res = result((tmp_path / "Dockerfile").read_text(), "dockerignore", path=str(tmp_path / "Dockerfile"), checks=False)
    msgs = [f.message for f in res.remaining]
    assert any(".npmrc looks like a credential" in m for m in msgs)
    assert any("config/.netrc looks like a credential" in m for m in msgs)


def test_dockerignore_shared_between_dockerfiles_of_one_run(tmp_path):
    _ctx(tmp_path, [".env"], "FROM alpine\nCOPY . /app\n")
    (tmp_path / "Dockerfile.dev").write_text("FROM alpine\nCOPY . /app\n")
    shared: dict = {}
    first = result((tmp_path / "Dockerfile").read_text(), "dockerignore", path=str(tmp_path / "Dockerfile"), shared=shared, checks=False)
    assert first.side_files
    from dockfix.fixing.config import Settings
    from dockfix.fixing.engine import fix_text

    dev = tmp_path / "Dockerfile.dev"
    second = fix_text(dev.read_text(), str(dev), Settings(select=("dockerignore",), unsafe_fixes=True), shared=shared)
    # the second file only adds its own name; .env is already pending
    assert second.side_files[str(tmp_path / ".dockerignore")].splitlines()[-1] == "Dockerfile.dev"


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
