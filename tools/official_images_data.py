#!/usr/bin/env python3
"""Derive dockfix's compact Docker Official Images dataset.

dockfix ships ``dockfix/data/official_images.dat``: the official repositories,
their current tags (alias groups and architectures) and the date every dropped tag
was last listed.  It is derived from a record of every tag the Official Images
program ever published (``tags.tsv``: repository, tag, first_listed, last_listed,
current, architectures, alias_group), which in turn comes from the full git history
of the ``library/`` manifests of https://github.com/docker-library/official-images.

Refresh (the output is deterministic; commit it with the code that uses it):

    # from a record that is already derived (e.g. ../shared/official-images):
    python tools/official_images_data.py --tsv ../shared/official-images/tags.tsv

    # from a local checkout (full history: `git clone https://github.com/docker-library/official-images`):
    python tools/official_images_data.py --checkout ~/src/official-images

The checkout mode walks ``git log`` of every ``library/<repository>`` file and reads
each version of the manifest (both the RFC 2822 format, ``Tags:``/``SharedTags:``/
``Architectures:``, and the older ``tag: url@commit dir`` line format); a tag's
first/last listed dates are the commit dates of the first and last manifest that
lists it, and a tag is current when the manifest at HEAD lists it.  It writes the
intermediate ``tags.tsv`` too (``--write-tsv PATH``).

Output format (``dockfix/data/official_images.dat``): a UTF-8 header, a blank line, then one
zlib stream per repository, so that dockfix reads the header and inflates only the repositories a
run names.  Header lines (TAB-separated):

    dockfix-official-images 1           format and version
    @date<TAB>2026-08-21                snapshot date: "still rebuilt" means "listed on this date"
    @source<TAB>...                     where it came from
    A<TAB>n<TAB>amd64,arm64v8,...       architecture set number n (referenced by C lines)
    R<TAB>python<TAB>offset<TAB>length  a repository and its stream (offset after the blank line)

A repository's stream:

    C<TAB>n<TAB>3.14 3.14.7 latest      current tags naming the same image (one alias group), set n
    D<TAB>2023-10-02<TAB>3.7 3.7.17<TAB>. -slim   tags dropped on that date, as the cross product
                                        of heads and tails (`.` = empty): 3.7, 3.7-slim, 3.7.17, ...
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import subprocess
import sys
import zlib
from collections import defaultdict
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "..", "dockfix", "data", "official_images.dat")


@dataclass
class Row:
    repository: str
    tag: str
    first_listed: str
    last_listed: str
    current: bool
    architectures: str = ""
    alias_group: str = ""


@dataclass
class Repo:
    current: dict[str, list[str]] = field(default_factory=dict)  # alias group -> tags
    groups_arch: dict[str, str] = field(default_factory=dict)
    dropped: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # date -> tags


def read_tsv(path: str) -> list[Row]:
    rows = []
    with open(path, encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f, delimiter="\t"):
            rows.append(Row(rec["repository"], rec["tag"], rec["first_listed"], rec["last_listed"],
                            rec["current"] == "1", rec.get("architectures") or "", rec.get("alias_group") or ""))
    return rows


def source_of_tsv(path: str) -> str:
    """The provenance line of a tags.tsv, from the README beside it when it names the commit."""
    readme = os.path.join(os.path.dirname(os.path.abspath(path)), "README.md")
    try:
        text = open(readme, encoding="utf-8").read()
    except OSError:
        return "docker-library/official-images library/ manifests, full git history"
    m = re.search(r"up to commit (\w+) \((\d{4}-\d\d-\d\d)\)", text)
    if m:
        return f"docker-library/official-images library/ manifests, full git history up to commit {m.group(1)} ({m.group(2)})"
    return "docker-library/official-images library/ manifests, full git history"


# ---- from a checkout -------------------------------------------------------------------------------

_OLD_LINE = re.compile(r"^([^\s:#][^\s:]*):\s*\S+@\S+")


def parse_manifest(text: str) -> list[tuple[list[str], list[str]]]:
    """(tags, architectures) of every entry of one version of a library/ manifest."""
    entries: list[tuple[list[str], list[str]]] = []
    if re.search(r"(?m)^Tags:", text):
        default_arches = ["amd64"]
        for block in re.split(r"\n\s*\n", text):
            fields: dict[str, str] = {}
            key = None
            for line in block.splitlines():
                if line.startswith("#"):
                    continue
                if line[:1] in (" ", "\t") and key:
                    fields[key] += " " + line.strip()
                    continue
                k, sep, v = line.partition(":")
                if sep:
                    key = k.strip().lower()
                    fields[key] = v.strip()
            if "tags" not in fields:
                if "architectures" in fields:
                    default_arches = _split(fields["architectures"])
                continue
            tags = _split(fields["tags"]) + _split(fields.get("sharedtags", ""))
            arches = _split(fields["architectures"]) if "architectures" in fields else default_arches
            entries.append((tags, arches))
        return entries
    by_target: dict[str, list[str]] = defaultdict(list)
    for line in text.splitlines():
        m = _OLD_LINE.match(line.strip())
        if m:
            by_target[line.split(":", 1)[1].strip()].append(m.group(1))
    return [(tags, ["amd64"]) for tags in by_target.values()]


def _split(v: str) -> list[str]:
    return [t.strip() for t in v.replace(",", " ").split() if t.strip()]


def read_checkout(root: str) -> list[Row]:
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", root, *args], check=True, capture_output=True, text=True).stdout

    rows: list[Row] = []
    names = sorted({line.split("/", 1)[1] for line in git("log", "--all", "--name-only", "--format=", "--", "library/")
                    .splitlines() if line.startswith("library/") and "/" not in line[len("library/"):]})
    head = git("rev-parse", "HEAD").strip()
    for name in names:
        first: dict[str, str] = {}
        last: dict[str, str] = {}
        log = git("log", "--reverse", "--format=%H %cs", "--", f"library/{name}").split("\n")
        for line in filter(None, log):
            commit, date = line.split()
            try:
                text = git("show", f"{commit}:library/{name}")
            except subprocess.CalledProcessError:
                continue  # the file was deleted in this commit
            for tags, _arches in parse_manifest(text):
                for t in tags:
                    first.setdefault(t, date)
                    last[t] = date
        try:
            now = parse_manifest(git("show", f"{head}:library/{name}"))
        except subprocess.CalledProcessError:
            now = []
        snapshot = git("log", "-1", "--format=%cs", head).strip()
        current: dict[str, tuple[str, str]] = {}
        for n, (tags, arches) in enumerate(now, 1):
            for t in tags:
                current.setdefault(t, (",".join(sorted(arches)), str(n)))
        for t in sorted(first):
            arch, group = current.get(t, ("", ""))
            rows.append(Row(name, t, first[t], snapshot if t in current else last[t], t in current, arch, group))
    return rows


def write_tsv(rows: list[Row], path: str) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write("repository\ttag\tfirst_listed\tlast_listed\tcurrent\tarchitectures\talias_group\n")
        for r in rows:
            f.write(f"{r.repository}\t{r.tag}\t{r.first_listed}\t{r.last_listed}\t{int(r.current)}\t"
                    f"{r.architectures}\t{r.alias_group}\n")


# ---- the compact form ------------------------------------------------------------------------------

def _split_tag(tag: str) -> tuple[str, str]:
    """``3.7-slim-buster`` -> (``3.7``, ``-slim-buster``): the part before the first ``-`` and the rest."""
    i = tag.find("-")
    return (tag, "") if i < 0 else (tag[:i], tag[i:])


def _products(tags: list[str]) -> list[str]:
    """The tags as few ``heads<TAB>tails`` lines as their cross products allow
    (``3.7 3.7.17<TAB>. -slim -alpine``: 6 tags); an empty head or tail is written as ``.`` (no tag
    starts with a dot)."""
    by_tail: dict[str, set[str]] = defaultdict(set)
    for t in tags:
        head, tail = _split_tag(t)
        by_tail[tail].add(head)
    by_heads: dict[frozenset[str], list[str]] = defaultdict(list)
    for tail, heads in by_tail.items():
        by_heads[frozenset(heads)].append(tail or ".")
    return [f"{' '.join(sorted(x or '.' for x in h))}\t{' '.join(sorted(ts))}"
            for h, ts in sorted(by_heads.items(), key=lambda kv: sorted(kv[0]))]


# what Docker accepts as a tag: the record also holds a few strings from broken manifest lines
# ("1.1.0rc1 1.1rc1", "-h2") that no FROM can name; they are left out
VALID_TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")


def compact(rows: list[Row], source: str, date: str | None = None) -> bytes:
    date = date or max(r.last_listed for r in rows)
    rows = [r for r in rows if VALID_TAG.match(r.tag)]
    repos: dict[str, Repo] = defaultdict(Repo)
    for r in rows:
        repo = repos[r.repository]
        if r.current:
            group = r.alias_group or f"tag:{r.tag}"
            repo.current.setdefault(group, []).append(r.tag)
            repo.groups_arch.setdefault(group, r.architectures)
        else:
            repo.dropped[r.last_listed].append(r.tag)
    arch_sets = sorted({a for repo in repos.values() for a in repo.groups_arch.values()})
    arch_no = {a: n for n, a in enumerate(arch_sets)}
    blobs: list[tuple[str, bytes]] = []
    for name in sorted(repos):
        repo = repos[name]
        lines = [f"C\t{arch_no[repo.groups_arch[g]]}\t{' '.join(sorted(tags))}"
                 for g, tags in sorted(repo.current.items(), key=lambda kv: sorted(kv[1])[0])]
        for d in sorted(repo.dropped):
            lines += [f"D\t{d}\t{p}" for p in _products(repo.dropped[d])]
        blobs.append((name, zlib.compress(("\n".join(lines) + "\n").encode("utf-8"), 9)))
    header = [
        "dockfix-official-images 1",
        "# Docker Official Images tags, derived by tools/official_images_data.py: do not edit",
        f"@date\t{date}",
        f"@source\t{source}",
    ]
    header += [f"A\t{n}\t{a}" for n, a in enumerate(arch_sets)]
    offset = 0
    for name, blob in blobs:
        header.append(f"R\t{name}\t{offset}\t{len(blob)}")
        offset += len(blob)
    return ("\n".join(header) + "\n\n").encode("utf-8") + b"".join(blob for _, blob in blobs)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    src = p.add_mutually_exclusive_group(required=True)
    src.add_argument("--tsv", help="a derived tags.tsv (repository, tag, first_listed, last_listed, current, ...)")
    src.add_argument("--checkout", help="a local clone of docker-library/official-images with its full history")
    p.add_argument("--write-tsv", help="with --checkout: also write the intermediate tags.tsv here")
    p.add_argument("--out", default=DEFAULT_OUT, help="output file (default: dockfix/data/official_images.dat)")
    a = p.parse_args(argv)
    if a.tsv:
        rows = read_tsv(a.tsv)
        source = source_of_tsv(a.tsv)
    else:
        rows = read_checkout(a.checkout)
        head = subprocess.run(["git", "-C", a.checkout, "log", "-1", "--format=%h (%cs)"], check=True,
                              capture_output=True, text=True).stdout.strip()
        source = f"docker-library/official-images library/ manifests, full git history up to commit {head}"
        if a.write_tsv:
            write_tsv(rows, a.write_tsv)
    with open(a.out, "wb") as f:
        f.write(compact(rows, source))
    kept = sum(1 for r in rows if VALID_TAG.match(r.tag))
    print(f"{a.out}: {kept} tags ({len(rows) - kept} invalid left out), {os.path.getsize(a.out)} bytes",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
