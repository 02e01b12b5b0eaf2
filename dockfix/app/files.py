"""Reading and writing the files of a run: Dockerfiles, stdin, side files.

Writes are atomic (a temporary file beside the target, renamed over it) and
keep the target's mode and owner.
"""

from __future__ import annotations

import os
import sys


def read_input(path: str) -> bytes:
    """The bytes of a file, or of stdin for ``-``."""
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as f:
        return f.read()


def _write_via_temp(dest: str, data: bytes, prepare) -> None:
    """Write ``data`` to a temporary file beside ``dest``, let ``prepare(tmp)``
    set its mode/owner, then rename it over ``dest``; nothing is left behind on failure."""
    import tempfile

    d = os.path.dirname(os.path.abspath(dest)) or "."
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".dockfix-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        prepare(tmp)
        os.replace(tmp, dest)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_atomic(path: str, data: bytes) -> None:
    """Write via a temporary file in the same directory and rename; keep the mode."""
    import stat

    real = os.path.realpath(path)
    st = os.stat(real)

    def keep_mode(tmp: str) -> None:
        os.chmod(tmp, stat.S_IMODE(st.st_mode))
        try:
            os.chown(tmp, st.st_uid, st.st_gid)
        except (PermissionError, AttributeError):
            pass

    _write_via_temp(real, data, keep_mode)


def write_file(path: str, data: bytes) -> None:
    """Atomically replace ``path``, or create it (and nothing else) when it does not exist."""
    if os.path.exists(path):
        write_atomic(path, data)
        return

    def default_mode(tmp: str) -> None:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(tmp, 0o666 & ~mask)

    _write_via_temp(path, data, default_mode)


def side_file_diff(path: str, old: str | None, new: str) -> str:
    """The diff of a file beside the Dockerfile (``old`` None: a new file)."""
    from dockfix.fixing.diff import label, unified

    if old is None:
        d = unified("", new, path)
        if not d:
            return ""
        lines = d.splitlines(True)
        lines[0] = "--- /dev/null\n"
        return f"diff --git a/{label(path)} b/{label(path)}\nnew file mode 100644\n" + "".join(lines)
    return unified(old, new, path)


def load_text(path: str, data: bytes | None, report) -> str | None:
    """Decode a file's bytes, or report why it cannot be processed."""
    from dockfix.syntax.cst import decode

    if data is None:
        try:
            data = read_input(path)
        except IsADirectoryError:
            report(path, 1, 1, "is a directory")
            return None
        except OSError as e:
            report(path, 1, 1, f"cannot read: {e.strerror or e}")
            return None
    if b"\x00" in data[:8192]:
        report(path, 1, 1, "binary file (contains NUL bytes), not a Dockerfile")
        return None
    return decode(data)
