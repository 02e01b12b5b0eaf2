"""Security transforms: secret detection, masking, and the build command users need."""

import json

import pytest

from dockfix.transforms.secret_to_mount import is_secret_name

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
