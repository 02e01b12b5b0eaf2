"""Generate dockfix/data/debian_recommends.txt from the Debian package data apt has.

    apt-get update && python3 tools/gen_recommends.py [--check]

For each package a build may need but that apt installs only as a
*Recommends* (ca-certificates, libc6-dev, automake, ...; the keys of NEEDED),
it lists every package whose installation brings that recommendation in: the
package recommends it, or depends (Depends/Pre-Depends, transitively, first
alternative, virtual packages through their first provider) on one that does.
Installing such a package with --no-install-recommends leaves the needed one
out.  The data come from `apt-cache dumpavail` of the sources configured on
the machine that runs this (the header of the output names the release and
the date); `--check` regenerates and fails when the shipped file differs.
"""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from collections import defaultdict, deque
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "dockfix" / "data" / "debian_recommends.txt"
# every package with a Recommends: a command-line tool image that runs one may need them at run time
OUT_ANY = OUT.with_name("debian_has_recommends.txt")

# recommended packages a build needs, and why (the transform reads the reasons from the file)
NEEDED = {
    "ca-certificates": "TLS downloads (curl, wget, git over https) fail without the CA bundle",
    "libc6-dev": "a C compile fails without the C library headers (stdio.h)",
    "automake": "autoreconf/autogen.sh need automake",
    "make": "builds run make",
    "gcc": "builds need a C compiler",
    "openssh-client": "git over ssh needs ssh",
    "python3-dev": "pip builds packages from source against the Python headers",
    "build-essential": "pip builds packages from source with a compiler",
    "python3-setuptools": "pip builds packages from source with setuptools",
    "python3-wheel": "pip builds wheels with wheel",
    "python-dev": "pip (Python 2) builds packages from source against the Python headers",
    "python-setuptools": "pip (Python 2) builds packages from source with setuptools",
    "python-wheel": "pip (Python 2) builds wheels with wheel",
    "unzip": "composer unpacks dist archives with unzip (without it, it clones each package with git)",
    "gnupg": "add-apt-repository imports a PPA's signing key with gpg; gpg --recv-keys needs gnupg's dirmngr",
    "dirmngr": "gpg fetches keys from a keyserver through dirmngr",
    # xvfb: "Recommends: xauth"; its xvfb-run calls xauth and exits 3 ("xauth command not found") without it
    "xauth": "xvfb-run calls xauth and exits 3 without it (xauth command not found)",
}

# Recommends of packages that the release this runs on no longer has, so that
# `apt-cache dumpavail` cannot show them; each from the package's stanza in the
# older releases that ship it (Packages files of the Debian/Ubuntu archives).
# Python 2's python-pip (Debian stretch 9.0.1, buster 18.1; Ubuntu xenial 8.1.1,
# bionic 9.0.1): "Recommends: build-essential, python-dev (>= 2.6),
# python-setuptools, python-wheel".
# gnupg of Debian stretch (2.1.18): "Recommends: dirmngr, gnupg-l10n" (buster on: Depends: dirmngr).
OLDER_RELEASES: dict[str, tuple[str, ...]] = {
    "dirmngr": ("gnupg",),
    "build-essential": ("python-pip",),
    "python-dev": ("python-pip",),
    "python-setuptools": ("python-pip",),
    "python-wheel": ("python-pip",),
}

_NAME = re.compile(r"^\s*([a-z0-9][a-z0-9+.-]*)")


def _first(field: str) -> list[str]:
    """The first alternative of each comma-separated relation, without versions/arch."""
    out = []
    for rel in field.split(","):
        alt = rel.split("|")[0]
        m = _NAME.match(alt.split(":")[0] if ":any" in alt else alt)
        if m:
            out.append(m.group(1))
    return out


def read_packages() -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, str]]:
    text = subprocess.run(["apt-cache", "dumpavail"], capture_output=True, text=True, check=True).stdout
    deps: dict[str, list[str]] = {}
    recs: dict[str, list[str]] = {}
    provider: dict[str, str] = {}
    for stanza in text.split("\n\n"):
        fields: dict[str, str] = {}
        key = None
        for line in stanza.splitlines():
            if line[:1] in (" ", "\t") and key:
                fields[key] += " " + line.strip()
            elif ":" in line:
                key, _, value = line.partition(":")
                fields[key] = value.strip()
        name = fields.get("Package")
        if not name or name in deps:
            continue
        deps[name] = _first(fields.get("Pre-Depends", "")) + _first(fields.get("Depends", ""))
        recs[name] = _first(fields.get("Recommends", ""))
        for p in _first(fields.get("Provides", "")):
            provider.setdefault(p, name)
    return deps, recs, provider


def table() -> dict[str, list[str]]:
    deps, recs, provider = read_packages()

    def real(n: str) -> str:
        return n if n in deps else provider.get(n, n)

    rdeps: dict[str, set[str]] = defaultdict(set)
    for name, ds in deps.items():
        for d in ds:
            rdeps[real(d)].add(name)
    out: dict[str, list[str]] = {}
    for needed in NEEDED:
        recommenders = {n for n, rs in recs.items() if needed in {real(r) for r in rs}}
        # a package that depends on the needed one itself gets it anyway
        depending = _up(rdeps, {needed})
        out[needed] = sorted((_up(rdeps, recommenders) - depending) | set(OLDER_RELEASES.get(needed, ())))
    return out


def _up(rdeps: dict[str, set[str]], start: set[str]) -> set[str]:
    """``start`` and every package that depends on one of them, transitively."""
    seen = set(start)
    todo = deque(start)
    while todo:
        for up in rdeps.get(todo.popleft(), ()):
            if up not in seen:
                seen.add(up)
                todo.append(up)
    return seen


def release() -> str:
    info = dict(line.split("=", 1) for line in Path("/etc/os-release").read_text().splitlines() if "=" in line)
    return info.get("PRETTY_NAME", "unknown").strip('"')


def render(tab: dict[str, list[str]], date: str) -> str:
    lines = [f"# source: apt-cache dumpavail on {release()} (main, -updates, -security), {date}",
             "# generated by tools/gen_recommends.py: NEEDED <tab> reason, then the packages that bring it "
             "in only as a Recommends (packages of older releases: its OLDER_RELEASES)", ""]
    for needed, pkgs in tab.items():
        lines.append(f"{needed}\t{NEEDED[needed]}")
        lines.append(" ".join(pkgs))
    return "\n".join(lines) + "\n"


def render_any(date: str) -> str:
    _deps, recs, _provider = read_packages()
    names = sorted(n for n, rs in recs.items() if rs)
    return "\n".join([f"# source: apt-cache dumpavail on {release()} (main, -updates, -security), {date}",
                      "# generated by tools/gen_recommends.py: the packages that have a Recommends", "",
                      " ".join(names)]) + "\n"


def main(argv: list[str]) -> int:
    tab = table()
    if "--check" in argv:
        old = OUT.read_text(encoding="utf-8")
        date = old.splitlines()[0].rsplit(", ", 1)[-1]
        if render(tab, date) != old or render_any(date) != OUT_ANY.read_text(encoding="utf-8"):
            print(f"{OUT} or {OUT_ANY.name} differs from the package data apt has now: regenerate them",
                  file=sys.stderr)
            return 1
        print(f"{OUT}: up to date")
        return 0
    OUT.write_text(render(tab, datetime.date.today().isoformat()), encoding="utf-8")
    OUT_ANY.write_text(render_any(datetime.date.today().isoformat()), encoding="utf-8")
    print(f"wrote {OUT}: " + ", ".join(f"{k} {len(v)}" for k, v in tab.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
