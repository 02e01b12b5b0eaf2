"""Tool parsers for fetching and unpacking files: tar, curl/wget, sha*sum.

Pure shell vocabulary: each function reads the words of one simple command
(or of the commands of one pipeline) and knows nothing of the Dockerfile
around the RUN.  Used by the add-tarball-to-curl and curl-tarball-to-add
transforms.
"""

from __future__ import annotations

import posixpath
import re
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.shell.view import ShellWord, SimpleCommand

# a file name ADD extracts (and `tar -x` reads); COMPRESSED: the ones tar must decompress
TARBALL = re.compile(r"\.(tar\.(gz|xz|bz2|zst|lz|lzma)|tgz|txz|tbz2?|tzst|tar)$", re.I)
COMPRESSED = re.compile(r"\.(tar\.(gz|xz|bz2|zst|lz|lzma)|tgz|txz|tbz2?|tzst)$", re.I)

TarWordKind = Literal["sep", "eq", "attached", "complex"]


class TarFile(NamedTuple):
    """The archive word of a tar command.

    kind: ``sep`` (``-f FILE``, ``--file FILE``: ``word`` is FILE), ``eq``
    (``--file=FILE``: ``word`` is the whole option), ``attached`` (``-fFILE``)
    or ``complex`` (old-style bundled options whose values come in order).
    """

    kind: TarWordKind
    word: "ShellWord"
    extract: bool


def tar_file_word(cmd: "SimpleCommand") -> TarFile | None:
    """The archive a tar command reads, or None (not tar, or no ``-f``)."""
    argv = cmd.argv
    if not argv or posixpath.basename(argv[0].value or "") not in ("tar", "bsdtar", "gtar"):
        return None
    extract = False
    i = 1
    while i < len(argv):
        w = argv[i]
        t = w.value
        if t is None:
            i += 1
            continue
        if t.startswith("--"):
            if t in ("--extract", "--get"):
                extract = True
            if t == "--file" and i + 1 < len(argv):
                return TarFile("sep", argv[i + 1], extract or tar_extracts(argv))
            if t.startswith("--file="):
                return TarFile("eq", w, extract or tar_extracts(argv))
        elif t.startswith("-") or i == 1:
            cluster = t.lstrip("-")
            if "x" in cluster:
                extract = True
            if "f" in cluster:
                pos = cluster.index("f")
                if pos != len(cluster) - 1:
                    return TarFile("attached", w, extract)
                # old-style bundled options take their values in order: only f wanting one is simple
                if not t.startswith("-") and any(c in cluster[:pos] for c in "CbLNTVgKX"):
                    return TarFile("complex", w, extract)
                if i + 1 < len(argv):
                    return TarFile("sep", argv[i + 1], extract or tar_extracts(argv))
        i += 1
    return None


def tar_extracts(argv: "list[ShellWord]") -> bool:
    """Some word of the tar command asks for extraction (``-x``, ``--extract``)."""
    for w in argv[1:]:
        t = w.value or ""
        if t in ("--extract", "--get") or (re.match(r"^-?[A-Za-z]+$", t) and "x" in t.lstrip("-") and not t.startswith("--")):
            return True
    return False


def tar_names_compression(argv: "list[ShellWord]") -> bool:
    """The tar command says how the archive is compressed (needed when reading a pipe)."""
    for i, w in enumerate(argv[1:], 1):
        t = w.value or ""
        if t in ("--gzip", "--gunzip", "--ungzip", "--xz", "--bzip2", "--zstd", "--lzma", "--lzip", "--lzop") or \
                t.startswith(("--use-compress-program", "-I")):
            return True
        if (t.startswith("-") and not t.startswith("--")) or (i == 1 and re.fullmatch(r"[A-Za-z]+", t)):
            if any(c in t.lstrip("-") for c in "zJjZ"):
                return True
    return False


# -- curl / wget saving one URL to a file --------------------------------------------------------
_CURL_OK = re.compile(r"^-(-fail|-silent|-show-error|-location|[fsSL]+)$")
_WGET_OK = re.compile(r"^-(q|-quiet|nv|-no-verbose|-progress=\S+)$")
_CURL_VALUE = {"-H", "--header", "-u", "--user", "-x", "--proxy", "-A", "--user-agent", "-e", "--referer", "-b",
               "--cookie", "-c", "--cookie-jar", "-d", "--data", "-T", "-w", "--write-out", "--retry", "--retry-delay",
               "--retry-max-time", "--connect-timeout", "-m", "--max-time", "--cacert", "--cert", "-E", "-K", "--config",
               "-r", "--range", "-X", "--request", "--proto"}
_WGET_VALUE = {"--header", "--user", "--password", "-e", "--tries", "-t", "-T", "--timeout", "-U", "--user-agent",
               "--ca-certificate", "--certificate", "--post-data"}
# options with a value that do not change what is fetched
_HARMLESS_VALUE = {"--retry", "--retry-delay", "--retry-max-time", "--connect-timeout", "-m", "--max-time", "-w",
                   "--write-out", "--tries", "-t", "-T", "--timeout", "--proto"}


class SavedDownload(NamedTuple):
    """``curl -o OUT URL`` / ``wget -O OUT URL``; ``bad``: the first option
    that changes the request (headers, auth, proxy...), else None."""

    url: "ShellWord"
    out: "ShellWord"
    bad: str | None


def _is_output_option(name: str, t: str) -> bool:
    if name == "curl":
        return t in ("-o", "--output") or re.fullmatch(r"-[fsSL]*o", t) is not None
    return t in ("-O", "--output-document") or re.fullmatch(r"-q?O", t) is not None


def saved_download(cmd: "SimpleCommand") -> SavedDownload | None:
    """The URL and output file of a curl/wget command saving one URL, or None."""
    argv = cmd.argv
    name = argv[0].value
    if name not in ("curl", "wget"):
        return None
    url = out = None
    bad: str | None = None
    i = 1
    while i < len(argv):
        w = argv[i]
        t = w.value if w.value is not None else w.text
        if _is_output_option(name, t):
            if i + 1 >= len(argv):
                return None
            out = argv[i + 1]
            i += 2
            continue
        if t.startswith("-"):
            takes = _CURL_VALUE if name == "curl" else _WGET_VALUE
            if t in takes:
                if t not in _HARMLESS_VALUE:
                    bad = bad or t
                i += 2
                continue
            if not (_CURL_OK if name == "curl" else _WGET_OK).match(t):
                bad = bad or t
        else:
            if url is not None:
                return None
            url = w
        i += 1
    if url is None or out is None:
        return None
    return SavedDownload(url, out, bad)


# -- `echo "<sha256>  FILE" | sha256sum -c -` ------------------------------------------------------
_SUM_LINE = re.compile(r"^([0-9a-fA-F]{64}|\$[A-Za-z_][A-Za-z0-9_]*|\$\{[A-Za-z_][A-Za-z0-9_]*\})[ \t]+\*?(\S+)$")
_CHECK_ARGS = (["-c", "-"], ["-c"], ["--check", "-"], ["--check"], ["-c", "--strict", "-"], ["--strict", "-c", "-"])


def sha256_check(cmds: "list[SimpleCommand]", target: str) -> str | None:
    """The digest (lower-case hex, or a ``$VAR`` reference) of an
    ``echo "<digest>  TARGET" | sha256sum -c -`` pipeline's commands, or None."""
    if len(cmds) != 2 or cmds[0].name not in ("echo", "printf") or cmds[1].name != "sha256sum":
        return None
    if [w.value for w in cmds[1].argv[1:]] not in _CHECK_ARGS:
        return None
    args = cmds[0].argv[1:]
    if len(args) != 1:
        return None
    text = args[0].text
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
        text = text[1:-1]
    m = _SUM_LINE.match(text.strip())
    if m is None:
        return None
    if m.group(2) != target:
        return None
    h = m.group(1)
    return h if h.startswith("$") else h.lower()
