"""``--fix`` on files that need care: special mode bits, another owner, hard links, read-only
files, a SIGTERM in the middle; and the run itself: SIGTERM stops the workers, ``-j`` is
capped at the CPU count."""

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time

import pytest

from dockfix.app import files

SEL = ("--select", "maintainer-to-label")
BAD = b"FROM alpine\nMAINTAINER Jane <j@x>\nRUN true\n"


@pytest.mark.parametrize("mode", [0o4755, 0o2775, 0o6750, 0o1644, 0o600])
def test_fix_keeps_special_mode_bits(tmp_path, run_cli, mode):
    p = tmp_path / "Dockerfile"
    p.write_bytes(BAD)
    os.chmod(p, mode)
    r = run_cli(*SEL, "--fix", "Dockerfile")
    assert r.returncode == 0, r.stderr
    assert b"MAINTAINER" not in p.read_bytes()
    assert stat.S_IMODE(p.stat().st_mode) == mode


def test_fix_keeps_hard_links(tmp_path, run_cli):
    p = tmp_path / "Dockerfile"
    p.write_bytes(BAD)
    os.link(p, tmp_path / "Dockerfile.copy")
    ino = p.stat().st_ino
    r = run_cli(*SEL, "--fix", "Dockerfile")
    assert r.returncode == 0, r.stderr
    assert p.stat().st_ino == ino and p.stat().st_nlink == 2
    assert (tmp_path / "Dockerfile.copy").read_bytes() == p.read_bytes()
    assert b"MAINTAINER" not in p.read_bytes()
    assert [n for n in os.listdir(tmp_path) if n.endswith(".tmp")] == []


def test_fix_keeps_the_owner_when_root_writes(tmp_path, run_cli):
    if os.geteuid() != 0:
        pytest.skip("needs root to give the file another owner")
    p = tmp_path / "Dockerfile"
    p.write_bytes(BAD)
    os.chown(p, 12345, 23456)
    os.chmod(p, 0o4755)
    assert run_cli(*SEL, "--fix", "Dockerfile").returncode == 0
    st = p.stat()
    assert (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (12345, 23456, 0o4755)


def test_fix_keeps_the_owner_when_another_user_writes(tmp_path, monkeypatch):
    """Without the right to give the new file the old owner, the data goes into the file itself."""
    p = tmp_path / "Dockerfile"
    p.write_bytes(BAD)
    ino = p.stat().st_ino
    owner = p.stat().st_uid
    monkeypatch.setattr(os, "geteuid", lambda: owner + 1)  # this process is not the owner (nor root)
    monkeypatch.setattr(os, "chown", lambda *a: (_ for _ in ()).throw(PermissionError(1, "Operation not permitted")))
    files.write_atomic(str(p), b"FROM alpine\n")
    assert p.read_bytes() == b"FROM alpine\n"
    assert p.stat().st_ino == ino and p.stat().st_uid == owner  # same file, same owner
    assert [n for n in os.listdir(tmp_path) if n.endswith(".tmp")] == []


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555])
def test_read_only_file_is_refused_not_rewritten(tmp_path, run_cli, mode):
    p = tmp_path / "Dockerfile"
    p.write_bytes(BAD)
    os.chmod(p, mode)
    r = run_cli(*SEL, "--fix", "Dockerfile")
    assert r.returncode == 2
    err = r.stderr.decode()
    assert f"Dockerfile:1:1: error: not fixed: read-only file (mode {mode:04o}); not written" in err
    assert p.read_bytes() == BAD and stat.S_IMODE(p.stat().st_mode) == mode
    assert "Fixed 1" not in r.stdout.decode() and "Fixed 0 findings in 0 of 1 file" in r.stdout.decode()


def test_fixed_is_not_claimed_when_the_write_failed(tmp_path, run_cli):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "Dockerfile").write_bytes(BAD)
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "Dockerfile").write_bytes(BAD)
    os.chmod(tmp_path / "b" / "Dockerfile", 0o444)
    r = run_cli(*SEL, "--fix", ".")
    assert r.returncode == 2
    assert "Fixed 1 finding in 1 of 2 files" in r.stdout.decode()


_SIGTERM_IN_WRITE = textwrap.dedent("""
    import os, signal, sys
    from dockfix.app import cli, files
    signal.signal(signal.SIGTERM, cli._on_sigterm)
    real = os.fsync
    def fsync(fd):
        real(fd)
        os.kill(os.getpid(), signal.SIGTERM)  # the temporary file is written, the rename not done
    os.fsync = fsync
    try:
        files.write_atomic(sys.argv[1], b"FROM alpine\\n")
    except cli.Terminated:
        sys.exit(143)
""")


def test_sigterm_during_a_write_leaves_no_temporary_file(tmp_path):
    p = tmp_path / "Dockerfile"
    p.write_bytes(BAD)
    r = subprocess.run([sys.executable, "-c", _SIGTERM_IN_WRITE, str(p)], capture_output=True, timeout=60)
    assert r.returncode == 143, r.stderr
    assert sorted(os.listdir(tmp_path)) == ["Dockerfile"]
    assert p.read_bytes() == BAD


def _children(pid: int) -> set[int]:
    out = set()
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != "Z":
                out.add(int(d))
    return out


@pytest.mark.skipif(not os.path.isdir("/proc") or (os.cpu_count() or 1) < 2, reason="needs /proc and 2 CPUs")
def test_sigterm_to_the_main_process_stops_its_workers(tmp_path):
    from test_hostile_engine import long_file  # a file that takes a while

    for k in range(8):
        (tmp_path / f"d{k}").mkdir()
        (tmp_path / f"d{k}" / "Dockerfile").write_text(long_file(1500))
    proc = subprocess.Popen([sys.executable, "-m", "dockfix", "-j", "2", "."], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 60
    workers: set[int] = set()
    while time.time() < deadline and len(workers) < 2:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert workers, "no worker started"
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143 and b"Traceback" not in err, err
    deadline = time.time() + 10
    while time.time() < deadline and any(os.path.exists(f"/proc/{w}") and _alive(w) for w in workers):
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers)


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_jobs_are_capped_at_the_cpu_count(tmp_path, monkeypatch):
    from dockfix.app import cli, runner

    seen = {}

    def fake_run(jobs, workers, started=None):
        seen["workers"] = workers
        return iter(())

    monkeypatch.setattr(runner, "run", fake_run)
    monkeypatch.setattr(runner, "default_jobs", lambda: 2)
    for k in range(5):
        (tmp_path / f"Dockerfile.{k}").write_bytes(BAD)
    monkeypatch.chdir(tmp_path)
    cli.main(["-j", "1000", "-q", "."])
    assert seen["workers"] == 2
    cli.main(["-j", "1", "-q", "."])
    assert seen["workers"] == 1


def test_an_interrupted_pool_drops_only_its_managers_invalid_state_error():
    """Python 3.11's manager thread raises InvalidStateError on a cancelled future once the
    workers are stopped (CI saw the traceback after SIGTERM); that one error is not printed,
    other threads' errors and other errors still are."""
    code = """
import threading
from concurrent.futures import InvalidStateError
from dockfix.app.runner import _quiet_manager

def boom(exc):
    def f():
        raise exc("x")
    return f

class Pool:
    _executor_manager_thread = threading.Thread(target=boom(InvalidStateError))

_quiet_manager(Pool())
for t in [Pool._executor_manager_thread, threading.Thread(target=boom(InvalidStateError)),
          threading.Thread(target=boom(ValueError))]:
    t.start()
    t.join()
"""
    err = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stderr
    assert err.count("Traceback") == 2 and "ValueError" in err and "InvalidStateError" in err, err
