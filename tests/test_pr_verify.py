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


@pytest.mark.build
def test_pr_verify_proposes_only_the_proven_unsafe_fixes(tmp_path, buildah_root, monkeypatch, capsys):  # noqa: F811
    from pathlib import Path

    monkeypatch.setenv("DOCKFIX_BUILDAH_ROOT", buildah_root)
    repo = tmp_path / "repo"
    repo.mkdir()
    _git(repo, "init", "-q", "-b", "main")
    case = Path(__file__).resolve().parent / "verify_cases" / "prove" / "Dockerfile"
    (repo / "Dockerfile").write_text(case.read_text())
    _git(repo, "add", "Dockerfile")
    _git(repo, "-c", "user.name=T", "-c", "user.email=t@example.com", "commit", "-qm", "init")
    rc = bot.main(["-C", str(repo), "--dry-run", "--verify", "--builder", "buildah",
                   "--select", "DL4000,DL3059,DL3002"])
    out = capsys.readouterr().out
    assert rc == 0, out
    summary = out.split("### Summary", 1)[1].split("###", 1)[0]
    assert "`merge-run`" in summary and "`maintainer-to-label`" in summary and "non-root-user" not in summary
    proofs = out.split("### Proven by build and run", 1)[1].split("\n###", 1)[0]
    assert "✅ `merge-run`" in proofs and "runs alike" in proofs
    assert "❌ `non-root-user` withheld" in proofs and "exit code 0 -&gt; 2" in proofs
    assert "unsafe fix not proven by build and run" in out  # in "Found but not fixed"
    assert "dockfix --fix --unsafe-fixes --verify" in out
    section = out.split("### Verification", 1)[1]
    assert "✅" in section and "runs alike" in section
