"""`dockfix pr --verify`: the PR body carries the result of building before and after."""

import subprocess

import pytest
from verify_fixture import buildah_root  # noqa: F401 - session fixture

from dockfix.pr import bot


def _git(cwd, *args):
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


@pytest.mark.build
def test_pr_verify_adds_the_build_comparison(tmp_path, buildah_root, monkeypatch, capsys):  # noqa: F811
    monkeypatch.setenv("DOCKFIX_BUILDAH_ROOT", buildah_root)
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    (repo / "Dockerfile").write_text("FROM localhost/debian:bookworm\nMAINTAINER Jane <j@example.com>\nRUN echo built > /built.txt\n")
    _git(repo, "add", "Dockerfile")
    _git(repo, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "init")
    rc = bot.main(["-C", str(repo), "--dry-run", "--verify", "--builder", "buildah", "--select", "maintainer-to-label"])
    out = capsys.readouterr().out
    assert rc == 0, out
    assert "### Verification (`dockfix verify`)" in out
    section = out.split("### Verification", 1)[1]
    assert "`Dockerfile`" in section
    assert "dockfix verify" in section and "buildah" in section
    assert "✅" in section  # built both; only the declared label difference


def test_pr_help_mentions_verify(capsys):
    with pytest.raises(SystemExit):
        bot.main(["--help"])
    assert "--verify" in capsys.readouterr().out
