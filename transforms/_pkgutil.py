"""Shared helpers for the apt-family and shell-safety transforms.

Not a transform module (the leading ``_`` keeps the registry from loading it
as one).  Everything here works on ``dockfix.shell.view`` views and the CST.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Iterator

from dockfix.shell.view import ShellWord, SimpleCommand

# apt-get / apt options that take a separate value word
APT_VALUE_OPTS = {"-o", "-c", "-t", "-a", "--option", "--config-file", "--target-release",
                  "--default-release", "--host-architecture"}
APT_NAMES = {"apt-get", "apt"}


def run_views(ctx) -> Iterator[tuple[object, object]]:
    """(instruction, shell view) for every RUN (and ONBUILD RUN) with a
    usable POSIX shell view.  Exec form, Windows files, non-POSIX SHELLs and
    scripts tree-sitter cannot parse are skipped."""
    for ins, _target, view in ctx.model.shell_runs():
        yield ins, view


def base(name: str | None) -> str | None:
    """``/usr/bin/apt-get`` -> ``apt-get``."""
    if name is None:
        return None
    return os.path.basename(name) if "/" in name else name


@dataclass
class Call:
    """A command after wrapper words (``sudo``, ``env A=b``) are skipped."""

    cmd: SimpleCommand
    index: int  # index in cmd.argv of the real command name
    name: str | None

    @property
    def word(self) -> ShellWord:
        return self.cmd.argv[self.index]

    @property
    def args(self) -> list[ShellWord]:
        return self.cmd.argv[self.index + 1:]


def unwrap(cmd: SimpleCommand) -> Call | None:
    """Skip ``sudo`` (plain, ``-E``, ``-n``), ``env`` with assignments only,
    ``command`` and ``exec``; None when the name is not a literal."""
    argv = cmd.argv
    i = 0
    while i < len(argv):
        name = base(argv[i].value)
        if name is None:
            return None
        if name == "sudo":
            i += 1
            while i < len(argv) and argv[i].value in ("-E", "-n", "--preserve-env", "--non-interactive", "--"):
                i += 1
            continue
        if name == "env":
            i += 1
            while i < len(argv) and argv[i].value is not None and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=.*", argv[i].value, re.S):
                i += 1
            continue
        if name in ("command", "exec") and i + 1 < len(argv) and not (argv[i + 1].value or "-").startswith("-"):
            i += 1
            continue
        return Call(cmd, i, name)
    return None


def calls(view) -> list[Call]:
    out = []
    for c in view.commands():
        u = unwrap(c)
        if u is not None:
            out.append(u)
    return out


@dataclass
class AptCall:
    call: Call
    tool: str  # "apt-get" or "apt"
    sub: str | None  # subcommand, None if unknown
    sub_word: ShellWord | None
    options: list[ShellWord]  # every option word (before and after the subcommand)
    operands: list[ShellWord]  # non-option words after the subcommand


def apt_call(call: Call) -> AptCall | None:
    """Parse an ``apt-get``/``apt`` command line (None for other commands)."""
    if call.name not in APT_NAMES:
        return None
    sub = None
    sub_word = None
    options: list[ShellWord] = []
    operands: list[ShellWord] = []
    args = call.args
    i = 0
    unknown = False
    while i < len(args):
        w = args[i]
        v = w.value
        if v is None:
            if sub is None:
                unknown = True  # an expansion before the subcommand: could be anything
                break
            operands.append(w)
            i += 1
            continue
        if v == "--" and sub is None:
            unknown = True  # apt's `--` ends its options: a flag added after the subcommand would be a package
            break
        if v.startswith("-") and v != "-":
            options.append(w)
            if v in APT_VALUE_OPTS and i + 1 < len(args):
                options.append(args[i + 1])
                i += 1
            i += 1
            continue
        if sub is None:
            sub, sub_word = v, w
        else:
            operands.append(w)
        i += 1
    if unknown:
        return AptCall(call, call.name, None, None, options, operands)
    return AptCall(call, call.name, sub, sub_word, options, operands)


def option_values(ac: AptCall) -> list[str]:
    return [w.value for w in ac.options if w.value is not None]


def has_assume_yes(ac: AptCall) -> bool:
    """-y, --yes, --assume-yes, a short cluster with y, or quiet level 2
    (``-qq``, ``-q -q``, ``-q=2``), which implies -y."""
    q = 0
    for v in option_values(ac):
        if v in ("--yes", "--assume-yes") or v.startswith(("--yes=", "--assume-yes=")):
            return True
        if v == "-q=2":
            return True
        if re.fullmatch(r"-[A-Za-z]+", v) and v[1] not in "octa":
            if "y" in v:
                return True
            q += v.count("q")
    return q >= 2


def is_apt_update(ac: AptCall) -> bool:
    return ac.sub == "update"


# apt-get work that reads the package lists
NEEDS_LISTS = {"install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "source", "download",
               "reinstall", "satisfy", "changelog", "check", "policy", "show", "search", "showsrc",
               "depends", "rdepends", "madison", "list"}


def insertion_after(view, node) -> int:
    """File offset just after a node (end of its span)."""
    return view.file_span(node)[1]


# registry/namespace prefixes under which the official images are mirrored
_MIRROR = (r"^(?:docker\.io/|index\.docker\.io/|public\.ecr\.aws/docker/library/|mirror\.gcr\.io/|"
           r"(?:arm32v[5-7]|arm64v8|amd64|i386|ppc64le|s390x|riscv64)/)?(?:library/)?")
_DEBIAN_RHEL = (r"debian|ubuntu|centos|fedora|rockylinux|almalinux|amazonlinux|oraclelinux|archlinux|"
                r"opensuse/leap|opensuse/tumbleweed|buildpack-deps|python|node|golang|ruby|php|perl|rust|gcc|"
                r"openjdk|eclipse-temurin|amazoncorretto|maven|nvidia/cuda|ros|kalilinux/kali-rolling|"
                r"public\.ecr\.aws/ubuntu/ubuntu|public\.ecr\.aws/amazonlinux/amazonlinux|pytorch/pytorch|"
                r"tensorflow/tensorflow|continuumio/miniconda3|continuumio/anaconda3")
ROOT_IMAGES = re.compile(
    _MIRROR + r"(" + _DEBIAN_RHEL + r"|alpine|busybox|gradle|clojure|haskell|erlang|elixir|julia|r-base|swift|"
    r"mono|dart)(?::|@|$)",
    re.I,
)

BASH_IMAGES = re.compile(
    _MIRROR + r"(" + _DEBIAN_RHEL + r"|redhat/ubi\d+(?:-minimal)?|registry\.access\.redhat\.com/ubi\d+(?:/ubi(?:-minimal)?)?|"
    r"mcr\.microsoft\.com/(?:vscode/)?devcontainers/[\w.-]+|mcr\.microsoft\.com/dotnet/(?:sdk|aspnet|runtime))(?::|@|$)",
    re.I,
)


def insert_edit(doc, pos: int, content: str):
    """An insertion at ``pos``.  At the very end of a file without a final
    newline it replaces the last character instead, so the engine sees the
    instruction as touched (an insertion exactly at an instruction's end
    counts as outside it)."""
    from dockfix.fixing.edit import Edit

    if pos > 0 and pos >= len(doc.text.rstrip("\r\n")) and not doc.text.endswith("\n"):
        return Edit(pos - 1, pos, doc.text[pos - 1] + content)
    return Edit.insert(pos, content)
