"""Build-and-run proof for the structural fixes (issue 15): each fixture is built with buildah
from the debootstrapped Debian base (``verify_fixture.py``) and run, before and after
``dockfix --unsafe-fixes``; where the fix used to break the image, the old output is built
too and must fail the way it did.  ``pytest -m build`` (slow: each build copies layers).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from fixcase import write_context
from verify_fixture import BASE_IMAGE, _buildah, buildah_root  # noqa: F401 - session fixture

from dockfix.fixing.config import Settings
from dockfix.fixing.engine import fix_text

pytestmark = pytest.mark.build


def _build(ctx: Path, text: str, tag: str) -> tuple[bool, str]:
    df = ctx / f"{tag}.Dockerfile"
    df.write_text(text)
    p = subprocess.run(_buildah("bud", "--isolation", "chroot", "--layers", "--format", "docker", "-f", str(df),
                                "-t", f"localhost/i15-{tag}", str(ctx)), capture_output=True, text=True, timeout=1200)
    return p.returncode == 0, p.stdout + p.stderr


def _run(tag: str) -> tuple[int, str]:
    """Run the image's ENTRYPOINT + CMD as its configured USER (and WORKDIR)."""
    cfg = json.loads(subprocess.run(_buildah("inspect", "--type", "image", f"localhost/i15-{tag}"),
                                    capture_output=True, text=True, check=True).stdout)
    conf = cfg.get("Docker", {}).get("config", {}) or cfg["OCIv1"]["config"]
    argv = (conf.get("Entrypoint") or []) + (conf.get("Cmd") or [])
    ctr = subprocess.run(_buildah("from", f"localhost/i15-{tag}"), capture_output=True, text=True,
                         check=True).stdout.strip()
    try:
        p = subprocess.run(_buildah("run", "--isolation", "chroot", ctr, "--", *argv), capture_output=True, text=True,
                           timeout=300)
        return p.returncode, p.stdout + p.stderr
    finally:
        subprocess.run(_buildah("rm", ctr), capture_output=True, timeout=300)


def _fix(df: Path, ctx: Path) -> str:
    s = Settings(select=("non-root-user",), unsafe_fixes=True, context=str(ctx))
    return fix_text(df.read_text(), str(df), s).output


_APT = "RUN apt-get update && apt-get install -y --no-install-recommends {} && rm -rf /var/lib/apt/lists/*\n"


def test_a_service_writing_build_time_state_runs_after_the_fix(buildah_root, tmp_path):
    text = (f"FROM {BASE_IMAGE}\n" + _APT.format("python3") + "WORKDIR /srv\nCOPY init.py app.py ./\n"
            "RUN python3 init.py data.db\nEXPOSE 8000\nCMD [\"python3\", \"app.py\"]\n")
    df = write_context(tmp_path, text, {
        "init.py": "import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\nc.execute('create table hits (n)')\n"
                   "c.commit()\n",
        "app.py": "import sqlite3\nc = sqlite3.connect('data.db')\nc.execute('insert into hits values (1)')\n"
                  "c.commit()\nprint('hits', c.execute('select count(*) from hits').fetchone()[0])\n"})
    assert _build(tmp_path, text, "state-before")[0]
    assert _run("state-before") == (0, "hits 1\n")
    fixed = _fix(df, tmp_path)
    assert "USER 10001:10001" in fixed and "chown -R 10001:10001 /srv" in fixed
    ok, log = _build(tmp_path, fixed, "state-after")
    assert ok, log[-2000:]
    assert _run("state-after") == (0, "hits 1\n")
    # the fix as it was (the WORKDIR alone given to the user): the database stays root's
    old = fixed.replace("chown -R 10001:10001 /srv", "chown 10001:10001 /srv")
    assert _build(tmp_path, old, "state-old")[0]
    rc, out = _run("state-old")
    assert rc != 0 and "readonly database" in out


def test_a_program_writing_home_runs_after_the_fix(buildah_root, tmp_path):
    text = (f"FROM {BASE_IMAGE}\n" + _APT.format("git") +
            'CMD ["sh", "-c", "git config --global user.name dockfix && git config --global --get user.name"]\n')
    df = write_context(tmp_path, text, {})
    assert _build(tmp_path, text, "home-before")[0]
    assert _run("home-before") == (0, "dockfix\n")
    fixed = _fix(df, tmp_path)
    assert "useradd --no-log-init -r -m -u 10001" in fixed and "USER 10001:10001" in fixed
    ok, log = _build(tmp_path, fixed, "home-after")
    assert ok, log[-2000:]
    assert _run("home-after") == (0, "dockfix\n")
    # without a home (useradd -r alone), git cannot write ~/.gitconfig
    old = fixed.replace("useradd --no-log-init -r -m ", "useradd --no-log-init -r ")
    assert _build(tmp_path, old, "home-old")[0]
    rc, out = _run("home-old")
    assert rc != 0 and "could not lock config file" in out


def test_a_base_image_is_left_root_and_its_child_builds(buildah_root, tmp_path):
    base = f"FROM {BASE_IMAGE}\n" + _APT.format("ca-certificates")
    (tmp_path / "mybase").mkdir()
    df = write_context(tmp_path / "mybase", base, {})
    assert _fix(df, tmp_path / "mybase") == base  # refused: a base image
    child = "FROM localhost/i15-base\nRUN apt-get update && apt-get install -y --no-install-recommends jq\n" \
            'CMD ["jq", "--version"]\n'
    assert _build(tmp_path / "mybase", base, "base")[0]
    ok, log = _build(tmp_path, child, "child")
    assert ok, log[-2000:]
    rc, out = _run("child")
    assert rc == 0 and out.startswith("jq-")
    # the old fix (a USER in the base image): the child's apt-get fails
    old = base + "RUN groupadd -r -g 10001 app && useradd --no-log-init -r -u 10001 -g app app\nUSER 10001:10001\n"
    assert _build(tmp_path / "mybase", old, "base")[0]
    ok, log = _build(tmp_path, child.replace("i15-base", "i15-base"), "child-old")
    assert not ok and "Permission denied" in log
