"""Reading files that may be hostile: only regular files, never blocking on a FIFO, with a size limit.

Every file dockfix reads (a Dockerfile, a file of the build context, a configuration file) goes
through ``read_regular``, so that a FIFO named ``Dockerfile`` or ``.dockerignore`` cannot hang a
run and a symlink to ``/dev/zero`` cannot fill the memory.  It sits in the bottom layer because
the semantic layer and the transforms read build-context files too.
"""

from __future__ import annotations

import os

# the largest file dockfix reads (a Dockerfile or a file beside it); BuildKit's own limits are of the
# same order (a line of at most 64 KiB; the whole Dockerfile is sent to the builder in one message)
MAX_FILE_SIZE = 16 * 1024 * 1024


class UnreadableFile(OSError):
    """A file that is there but cannot be read as text: not a regular file (a FIFO, a device, a
    socket), too large, or refused by the system; ``reason`` says which, for the user."""

    def __init__(self, path: str, reason: str):
        super().__init__(reason)
        self.path = path
        self.reason = reason


def read_regular(path: str, limit: int = MAX_FILE_SIZE, head: int | None = None) -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), read without blocking on a
    FIFO and without reading a device or a file over ``limit`` bytes: those raise UnreadableFile,
    as does a file the system refuses.  FileNotFoundError, NotADirectoryError and
    IsADirectoryError pass through.  ``head``: only the first ``head`` bytes, whatever the size."""
    import stat

    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        raise
    except OSError as e:
        raise UnreadableFile(path, f"cannot read: {e.strerror or e}") from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(st.st_mode):
            kind = ("a FIFO" if stat.S_ISFIFO(st.st_mode) else "a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
                    else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a regular file")
            raise UnreadableFile(path, f"skipped: {kind}, not a regular file")
        if head is not None:
            limit = head
        elif st.st_size > limit:
            raise UnreadableFile(path, f"skipped: {st.st_size} bytes, over the limit of {limit} bytes")
        chunks = []
        size = 0
        while True:
            try:
                chunk = os.read(fd, 1 << 20)
            except OSError as e:
                raise UnreadableFile(path, f"cannot read: {e.strerror or e}") from None
            if not chunk:
                break
            size += len(chunk)
            if size > limit:  # it grew while being read
                if head is not None:
                    chunks.append(chunk)
                    return b"".join(chunks)[:head]
                raise UnreadableFile(path, f"skipped: over the limit of {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)
