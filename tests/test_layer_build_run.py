"""Build proof for the layer and package fixes (issue 16): the fixed Dockerfile
still builds and its commands still work, with buildah on a minimal Debian
bookworm (``verify_fixture``; no Docker Hub)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from fixcase import fix
from verify_fixture import BASE_IMAGE, buildah_root, debian_mirror  # noqa: F401 - session fixture

LOCAL_CAS = Path("/usr/local/share/ca-certificates")


def build(root: str, text: str, tmp_path: Path) -> tuple[bool, str]:
    """Build ``text`` (a throw-away image); (success, the build's output tail).
    The context holds ``local-cas/``: the CA certificates this machine adds to
    Debian's bundle (a network that inspects TLS needs them in the image too)."""
    ctx = tmp_path / f"ctx{len(list(tmp_path.iterdir()))}"
    ctx.mkdir()
    (ctx / "local-cas").mkdir()
    for crt in LOCAL_CAS.glob("*.crt") if LOCAL_CAS.is_dir() else ():
        (ctx / "local-cas" / crt.name).write_bytes(crt.read_bytes())
    (ctx / "Dockerfile").write_text(text)
    argv = ["buildah", "--root", f"{root}/storage", "--runroot", f"{root}/run", "--storage-driver", "vfs",
            "bud", "--isolation", "chroot", "--pull=false", "--layers", "-f", str(ctx / "Dockerfile"),
            "-t", "localhost/dockfix-layer-test", str(ctx)]
    p = subprocess.run(argv, capture_output=True, text=True, timeout=1500, check=False)
    return p.returncode == 0, (p.stdout + p.stderr)[-1500:]


C_PROGRAM = r"""printf '#include <stdio.h>\nint main(void){return puts("hi") < 0;}\n' > /t.c"""


def test_gcc_compiles_after_apt_no_install_recommends(buildah_root, tmp_path):  # noqa: F811
    text = (f"FROM {BASE_IMAGE}\n"
            "RUN apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*\n"
            f"RUN {C_PROGRAM} && gcc /t.c -o /t && /t\n")
    out = fix(text, "apt-no-install-recommends")
    assert "--no-install-recommends" in out and "libc6-dev" in out
    ok, log = build(buildah_root, out, tmp_path)
    assert ok, log
    # the control: the flag alone (what the fix did before) breaks the compile
    naive = text.replace("install -y gcc", "install --no-install-recommends -y gcc")
    ok, log = build(buildah_root, naive, tmp_path)
    assert not ok and "stdio.h" in log


def test_https_download_after_apt_no_install_recommends(buildah_root, tmp_path):  # noqa: F811
    mirror = debian_mirror()
    if not mirror.startswith("http://deb.debian.org"):
        pytest.skip(f"the Debian mirror {mirror} may not serve https")
    url = mirror.replace("http://", "https://", 1) + "/dists/bookworm/Release"
    text = (f"FROM {BASE_IMAGE}\n"
            "COPY local-cas/ /usr/local/share/ca-certificates/\n"
            "RUN apt-get update && apt-get install -y wget && rm -rf /var/lib/apt/lists/*\n"
            f"RUN wget -q -O /Release {url}\n")
    out = fix(text, "apt-no-install-recommends")
    assert "wget ca-certificates" in out
    ok, log = build(buildah_root, out, tmp_path)
    assert ok, log
    # the control: without ca-certificates the download fails (wget: exit 5, certificate not verified)
    naive = text.replace("install -y wget", "install --no-install-recommends -y wget")
    ok, log = build(buildah_root, naive, tmp_path)
    assert not ok and "exit status 5" in log


def test_ca_certificates_installed_after_the_download_is_kept_before_it(buildah_root, tmp_path):  # noqa: F811
    # review of seed 20261208: a ca-certificates install later in the RUN does not help the download
    mirror = debian_mirror()
    if not mirror.startswith("http://deb.debian.org"):
        pytest.skip(f"the Debian mirror {mirror} may not serve https")
    url = mirror.replace("http://", "https://", 1) + "/dists/bookworm/Release"
    text = (f"FROM {BASE_IMAGE}\n"
            "COPY local-cas/ /usr/local/share/ca-certificates/\n"
            "RUN apt-get update && apt-get install -y wget \\\n"
            f"    && wget -q -O /Release {url} \\\n"
            "    && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*\n")
    out = fix(text, "apt-no-install-recommends")
    assert "-y wget ca-certificates \\\n" in out
    ok, log = build(buildah_root, out, tmp_path)
    assert ok, log
    # the control: the flag alone (what the fix did before) fails the download
    naive = text.replace("install -y wget", "install --no-install-recommends -y wget")
    ok, log = build(buildah_root, naive, tmp_path)
    assert not ok and "exit status 5" in log


def test_cd_to_workdir_split_carries_the_shell_state(buildah_root, tmp_path):  # noqa: F811
    text = (f"FROM {BASE_IMAGE}\nWORKDIR /\n"
            "RUN mkdir -p /src/a && echo hi > /src/a/in\n"
            "RUN set -eu && echo begin > log && cd /src/a && cat in > out && cd /src && cp a/out /done\n"
            'RUN test "$(cat /done)" = hi && test -f /log && test -f /src/a/out && test "$(pwd)" = /\n')
    out = fix(text, "cd-to-workdir")
    assert out.count("RUN set -eu &&") == 3 and "WORKDIR /src/a\n" in out  # split, `set -eu` in every part
    ok, log = build(buildah_root, out, tmp_path)
    assert ok, log
