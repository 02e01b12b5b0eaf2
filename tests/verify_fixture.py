"""Session fixture for the ``dockfix verify`` tests: a small Debian base image.

``debootstrap --variant=minbase bookworm`` from the Debian mirror this
machine's apt uses, imported into a separate buildah storage (vfs driver,
no daemon) and tagged ``localhost/debian:bookworm``.  The root file system
tarball and the storage are cached in ``$DOCKFIX_TEST_CACHE`` (default
``~/.cache/dockfix-tests``), so only the first run pays for debootstrap.
Docker Hub is never contacted.
"""

from __future__ import annotations

import fcntl
import glob
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

BASE_IMAGE = "localhost/debian:bookworm"
CACHE = Path(os.environ.get("DOCKFIX_TEST_CACHE", Path.home() / ".cache" / "dockfix-tests"))
STORAGE_ROOT = CACHE / "buildah"
ROOTFS_TAR = CACHE / "bookworm-minbase.tar"


def debian_mirror() -> str:
    """The first plain Debian archive URI in apt's sources (not security, not third party)."""
    texts = []
    for f in ["/etc/apt/sources.list", *sorted(glob.glob("/etc/apt/sources.list.d/*"))]:
        try:
            texts.append(Path(f).read_text(errors="replace"))
        except OSError:
            pass
    for text in texts:
        for m in re.finditer(r"(?:^deb\s+(?:\[[^\]]*\]\s+)?|^URIs:\s*)(\S+)", text, re.M):
            uri = m.group(1).rstrip("/")
            if uri.endswith("/debian") and "security" not in uri:
                return uri
    return "http://deb.debian.org/debian"


def _run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, **kw)


def _buildah(*args):
    return ["buildah", "--root", str(STORAGE_ROOT / "storage"), "--runroot", str(STORAGE_ROOT / "run"),
            "--storage-driver", "vfs", *args]


def _make_rootfs() -> None:
    work = CACHE / "rootfs.tmp"
    shutil.rmtree(work, ignore_errors=True)
    p = _run(["debootstrap", "--variant=minbase", "bookworm", str(work), debian_mirror()], timeout=1200)
    if p.returncode != 0:
        shutil.rmtree(work, ignore_errors=True)
        pytest.skip(f"debootstrap failed: {(p.stdout + p.stderr)[-800:]}")
    # like Debian's official image: no package lists or apt caches in the base
    for pattern in ("var/lib/apt/lists/*", "var/cache/apt/*.bin", "var/cache/apt/archives/*.deb", "var/log/*.log",
                    "var/log/apt/*"):
        for f in glob.glob(str(work / pattern)):
            if os.path.isfile(f) or os.path.islink(f):
                os.unlink(f)
    tmp = ROOTFS_TAR.with_suffix(".partial")
    p = _run(["tar", "--numeric-owner", "-C", str(work), "-cf", str(tmp), "."], timeout=600)
    shutil.rmtree(work, ignore_errors=True)
    if p.returncode != 0:
        pytest.skip(f"tar of the root file system failed: {p.stderr[-500:]}")
    os.replace(tmp, ROOTFS_TAR)


def _import_image() -> None:
    p = _run(_buildah("from", "scratch"), timeout=300)
    assert p.returncode == 0, p.stderr
    ctr = p.stdout.strip()
    try:
        for args in (("add", ctr, str(ROOTFS_TAR), "/"),
                     ("config", "--cmd", "bash", "--env",
                      "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", ctr),
                     ("commit", "--format", "docker", ctr, BASE_IMAGE)):
            p = _run(_buildah(*args), timeout=900)
            assert p.returncode == 0, f"buildah {args[0]}: {p.stderr}"
    finally:
        _run(_buildah("rm", ctr), timeout=300)


@pytest.fixture(scope="session")
def buildah_root() -> str:
    """The buildah storage root holding ``localhost/debian:bookworm``."""
    if shutil.which("buildah") is None:
        pytest.skip("buildah is not installed (tools/test.sh installs it)")
    CACHE.mkdir(parents=True, exist_ok=True)
    with open(CACHE / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another test run may be building it
        if _run(_buildah("inspect", "--type", "image", BASE_IMAGE), timeout=300).returncode != 0:
            if not ROOTFS_TAR.exists():
                if shutil.which("debootstrap") is None:
                    pytest.skip("debootstrap is not installed (tools/test.sh installs it)")
                _make_rootfs()
            _import_image()
    return str(STORAGE_ROOT)
