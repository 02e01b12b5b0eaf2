"""Reading and writing the files of a run: Dockerfiles, stdin, side files.

Reads take regular files only (``dockfix.syntax.regular``: a FIFO or a device is skipped,
not read; a file over the size limit is skipped), and a symlink is followed only when its
target is inside the tree being processed (``inside``).

Writes go through a temporary file beside the target, written and synced first.  It is
renamed over the target when that keeps everything the target had; when a rename would lose
something (a hard link, an owner this process cannot give the new file) the verified data is
written into the target itself.  Mode bits (setuid/setgid included) are kept; a read-only
target is refused.  The temporary file is removed on every failure, SIGTERM included (the
command line turns SIGTERM into an exception).
"""

from __future__ import annotations

import os
import stat
import sys

from dockfix.syntax.regular import MAX_FILE_SIZE, UnreadableFile, read_regular

__all__ = ["MAX_FILE_SIZE", "NotWritable", "UnreadableFile", "inside", "load_text", "read_input", "tree_of",
           "write_atomic", "write_file"]


class NotWritable(OSError):
    """A file dockfix refuses to write (read-only); the message says why."""


def read_input(path: str) -> bytes:
    """The bytes of a file (a regular file, within the size limit), or of stdin for ``-``."""
    if path == "-":
        stdin = sys.stdin
        if stdin is None:
            raise UnreadableFile("-", "cannot read: standard input is closed")
        try:
            data = stdin.buffer.read(MAX_FILE_SIZE + 1)
        except (OSError, ValueError) as e:
            raise UnreadableFile("-", f"cannot read: {getattr(e, 'strerror', None) or e}") from None
        if len(data) > MAX_FILE_SIZE:
            raise UnreadableFile("-", f"skipped: over the limit of {MAX_FILE_SIZE} bytes")
        return data
    return read_regular(path)


def inside(path: str, tree: str) -> bool:
    """Whether ``path``, symlinks resolved, is ``tree`` or under it (``tree`` resolved too)."""
    real = os.path.realpath(path)
    top = os.path.realpath(tree)
    return real == top or real.startswith(top.rstrip(os.sep) + os.sep)


def tree_of(path: str) -> str:
    """The tree a file named on the command line belongs to: the current directory when the
    file (as named, before symlinks) is under it, else the directory that holds it."""
    here = os.getcwd()
    where = os.path.abspath(path)
    if where.startswith(here.rstrip(os.sep) + os.sep):
        return here
    return os.path.dirname(where)


def _write_via_temp(dest: str, data: bytes, prepare, in_place: bool = False) -> None:
    """Write ``data`` to a temporary file beside ``dest``, let ``prepare(tmp)`` set its mode and
    owner, then rename it over ``dest`` (or, ``in_place``, copy the verified data into ``dest``
    itself); nothing is left behind on failure or interruption."""
    import tempfile

    d = os.path.dirname(os.path.abspath(dest)) or "."
    fd, tmp = tempfile.mkstemp(dir=d, prefix=".dockfix-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        if in_place:
            with open(tmp, "rb") as f:
                if f.read() != data:
                    raise OSError(f"the temporary copy of {dest} does not read back as written")
            with open(dest, "r+b") as f:
                f.write(data)
                f.truncate()
                f.flush()
                os.fsync(f.fileno())
            os.unlink(tmp)
            return
        prepare(tmp)
        os.replace(tmp, dest)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def write_atomic(path: str, data: bytes) -> None:
    """Replace the contents of the existing file ``path`` (symlinks resolved), keeping its mode
    (setuid/setgid included), owner and hard links; NotWritable for a read-only file."""
    real = os.path.realpath(path)
    st = os.stat(real)
    if not stat.S_ISREG(st.st_mode):
        raise NotWritable(f"not a regular file: {path}")
    if not st.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise NotWritable(f"read-only file (mode {stat.S_IMODE(st.st_mode):04o}); not written")
    owner_kept = (st.st_uid, st.st_gid) == (os.geteuid(), os.getegid()) or os.geteuid() == 0
    in_place = st.st_nlink > 1 or not owner_kept

    def keep_mode(tmp: str) -> None:
        try:
            os.chown(tmp, st.st_uid, st.st_gid)  # first: a chown clears the setuid/setgid bits
        except (PermissionError, AttributeError):
            pass
        os.chmod(tmp, stat.S_IMODE(st.st_mode))

    _write_via_temp(real, data, keep_mode, in_place)


def write_file(path: str, data: bytes) -> None:
    """Replace ``path`` (as ``write_atomic``), or create it (and nothing else) when it does not exist."""
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
    from dockfix.fixing.diff import git_quote, label, unified

    if old is None:
        d = unified("", new, path)
        if not d:
            return ""
        lines = d.splitlines(True)
        lines[0] = "--- /dev/null\n"
        return (f"diff --git {git_quote('a/' + label(path))} {git_quote('b/' + label(path))}\nnew file mode 100644\n"
                + "".join(lines))
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
        except UnreadableFile as e:
            report(path, 1, 1, e.reason)
            return None
        except OSError as e:
            report(path, 1, 1, f"cannot read: {e.strerror or e}")
            return None
    if b"\x00" in data[:8192]:
        report(path, 1, 1, "binary file (contains NUL bytes), not a Dockerfile")
        return None
    return decode(data)
