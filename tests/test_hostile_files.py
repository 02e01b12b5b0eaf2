"""Hostile files: FIFOs, devices, huge files, symlinks out of the tree, deep trees, files that
are not Dockerfiles.  None may hang the run, read without bound, write outside the tree,
quote a foreign file's content, or end in a traceback."""

import json
import os

import pytest

from dockfix.app import files
from dockfix.syntax.regular import UnreadableFile, read_regular

SEL = ("--select", "maintainer-to-label")
BAD = b"FROM alpine\nMAINTAINER Jane <j@x>\nRUN true\n"
SECRET = b"root:x:0:0:hunter2-token:/root:/bin/bash\n"


def no_traceback(r) -> None:
    assert b"Traceback" not in r.stderr and b"Traceback" not in r.stdout, r.stderr.decode(errors="replace")


@pytest.mark.parametrize("name", ["Dockerfile", "sub/Dockerfile"])
def test_fifo_named_dockerfile_is_skipped_not_read(tmp_path, run_cli, name):
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(p)
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "Dockerfile").write_bytes(BAD)
    target = name if name == "Dockerfile" else "."
    r = run_cli(*SEL, target, "ok")  # a blocking open of the FIFO would wait for a writer until the timeout
    no_traceback(r)
    assert r.returncode == 2
    assert f"{name}:1:1: error: skipped: a FIFO, not a regular file" in r.stderr.decode()
    assert "maintainer-to-label" in r.stdout.decode()  # the run went on with the other file


def test_fifo_dockerignore_is_bad_input(tmp_path, run_cli):
    (tmp_path / "Dockerfile").write_bytes(b"FROM alpine\nCOPY . /app\n")
    os.mkfifo(tmp_path / ".dockerignore")
    r = run_cli("--select", "dockerignore", "--diff", "Dockerfile")
    no_traceback(r)
    assert r.returncode == 2
    err = r.stderr.decode()
    assert ".dockerignore: skipped: a FIFO, not a regular file" in err
    assert "internal error" not in err
    assert r.stdout == b""  # nothing fixed for a file whose side file cannot be read


def test_unreadable_dockerignore_is_bad_input(tmp_path, run_cli):
    if os.geteuid() == 0:
        pytest.skip("root reads a mode 000 file")
    (tmp_path / "Dockerfile").write_bytes(b"FROM alpine\nCOPY . /app\n")
    ign = tmp_path / ".dockerignore"
    ign.write_bytes(b"*.pem\n")
    ign.chmod(0)
    r = run_cli("--select", "dockerignore", "Dockerfile")
    no_traceback(r)
    assert r.returncode == 2
    assert ".dockerignore: cannot read: Permission denied" in r.stderr.decode()


def test_symlink_to_dev_zero_is_skipped(tmp_path, run_cli):
    os.symlink("/dev/zero", tmp_path / "Dockerfile")
    r = run_cli("--select", "maintainer-to-label", "Dockerfile")
    no_traceback(r)
    assert r.returncode == 2
    # /dev/zero is outside the tree: not even opened
    assert "Dockerfile:1:1: error: skipped: a symlink to a file outside the tree" in r.stderr.decode()


def test_read_regular_refuses_devices_and_large_files(tmp_path):
    with pytest.raises(UnreadableFile, match="a device, not a regular file"):
        read_regular("/dev/zero")
    big = tmp_path / "big"
    big.write_bytes(b"#" * 2048)
    with pytest.raises(UnreadableFile, match="2048 bytes, over the limit of 1024 bytes"):
        read_regular(str(big), limit=1024)
    assert read_regular(str(big), head=10) == b"#" * 10
    assert read_regular(str(big)) == b"#" * 2048


def test_file_over_the_size_limit_is_skipped(tmp_path, run_cli, monkeypatch):
    p = tmp_path / "Dockerfile"
    with open(p, "wb") as f:
        f.write(BAD)
        f.truncate(files.MAX_FILE_SIZE + 1)  # sparse: cheap to make
    r = run_cli(*SEL, "Dockerfile")
    no_traceback(r)
    assert r.returncode == 2
    assert f"over the limit of {files.MAX_FILE_SIZE} bytes" in r.stderr.decode()


@pytest.fixture
def outside(tmp_path):
    """A repository ``repo`` and, outside it, a Dockerfile and a secret file."""
    (tmp_path / "repo").mkdir()
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "Dockerfile").write_bytes(BAD)
    (tmp_path / "elsewhere" / "passwd").write_bytes(SECRET)
    return tmp_path


def test_fix_never_writes_through_a_symlink_leaving_the_tree(outside, run_cli):
    repo = outside / "repo"
    os.symlink("../elsewhere/Dockerfile", repo / "Dockerfile")
    (repo / "app").mkdir()
    os.symlink("../../elsewhere/Dockerfile", repo / "app" / "Dockerfile")
    for args in (("--fix", "."), ("--fix", "Dockerfile"), ("--fix", "app/Dockerfile")):
        r = run_cli(*SEL, *args, cwd=repo)
        no_traceback(r)
        assert r.returncode == 2, args
        assert "skipped: a symlink to a file outside the tree being processed" in r.stderr.decode()
    assert (outside / "elsewhere" / "Dockerfile").read_bytes() == BAD


def test_symlink_inside_the_tree_is_followed(tmp_path, run_cli):
    (tmp_path / "common").mkdir()
    (tmp_path / "common" / "Dockerfile.base").write_bytes(BAD)
    (tmp_path / "app").mkdir()
    os.symlink("../common/Dockerfile.base", tmp_path / "app" / "Dockerfile")
    r = run_cli(*SEL, "--fix", "app/Dockerfile")
    assert r.returncode == 0, r.stderr
    assert b"MAINTAINER" not in (tmp_path / "common" / "Dockerfile.base").read_bytes()
    assert os.path.islink(tmp_path / "app" / "Dockerfile")


def test_side_file_symlink_leaving_the_tree_is_not_written(outside, run_cli):
    repo = outside / "repo"
    (repo / "Dockerfile").write_bytes(b"FROM alpine\nCOPY . /app\n")
    target = outside / "elsewhere" / "ignore"
    target.write_bytes(b"# mine\n")
    os.symlink(str(target), repo / ".dockerignore")
    r = run_cli("--select", "dockerignore", "--fix", ".", cwd=repo)
    no_traceback(r)
    assert target.read_bytes() == b"# mine\n"
    if r.returncode == 2:
        assert "not written: a symlink to a file outside the tree" in r.stderr.decode()


@pytest.mark.parametrize("fmt", ["text", "github", "sarif", "json"])
def test_content_of_a_file_that_is_not_a_dockerfile_is_never_quoted(outside, run_cli, fmt):
    repo = outside / "repo"
    (repo / "notes").write_bytes(SECRET)
    os.symlink("../elsewhere/passwd", repo / "Dockerfile")
    r = run_cli("--format", fmt, "Dockerfile", "notes", cwd=repo)
    no_traceback(r)
    assert r.returncode == 2
    out = r.stdout + r.stderr
    assert b"hunter2" not in out and b"root:x" not in out
    if fmt == "sarif":
        json.loads(r.stdout)


def test_unknown_first_instruction_is_not_quoted_later_ones_are():
    from dockfix.syntax.cst import parse

    assert "root:x" not in parse(SECRET.decode()).errors[0].message
    assert "BOGUS" in parse("FROM a\nBOGUS x\n").errors[0].message


def test_very_deep_directory_tree(tmp_path, run_cli):
    d = tmp_path
    rel = []
    for _ in range(1100):  # deeper than Python's recursion limit
        rel.append("d")
        d = d / "d"
        os.mkdir(d)
    (d / "Dockerfile").write_bytes(BAD)
    try:
        r = run_cli(*SEL, ".")
        no_traceback(r)
        assert r.returncode == 1
        assert r.stdout.decode().startswith("/".join(rel) + "/Dockerfile:2:1:")
    finally:  # shutil.rmtree (pytest's clean-up) recurses: take the tree down from the bottom
        (d / "Dockerfile").unlink()
        while d != tmp_path:
            d.rmdir()
            d = d.parent


@pytest.mark.parametrize("text", [b"", b"\n\n", b"# only a comment\n", b"# syntax=docker/dockerfile:1\n# c\n"])
def test_empty_and_comment_only_files_are_refused_as_buildkit_does(tmp_path, run_cli, text):
    (tmp_path / "Dockerfile").write_bytes(text)
    r = run_cli("Dockerfile")
    no_traceback(r)
    assert r.returncode == 2
    assert "error: file with no instructions" in r.stderr.decode()
    assert "All checks passed" not in r.stdout.decode()


def test_no_all_checks_passed_for_a_file_that_failed_to_parse(tmp_path, run_cli):
    (tmp_path / "Dockerfile").write_bytes(b"FROM a\nBOGUS x\n")
    r = run_cli("Dockerfile")
    assert r.returncode == 2
    assert "All checks passed" not in (r.stdout + r.stderr).decode()


def test_side_file_the_system_refuses_is_bad_input_not_an_internal_error(tmp_path, monkeypatch):
    from dockfix.fixing.config import Settings
    from dockfix.fixing.engine import fix_text, select_transforms

    (tmp_path / ".dockerignore").write_bytes(b"*.pem\n")
    real_open = os.open

    def refuse(path, *a, **kw):
        if str(path).endswith(".dockerignore"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *a, **kw)

    monkeypatch.setattr(os, "open", refuse)
    s = Settings(select=("dockerignore",))
    res = fix_text("FROM alpine\nCOPY . /app\n", str(tmp_path / "Dockerfile"), s, select_transforms(s, None), {})
    assert res.parse_error is not None
    assert res.parse_error.message.endswith(".dockerignore: cannot read: Permission denied")
    assert not res.errors and res.output == res.original
