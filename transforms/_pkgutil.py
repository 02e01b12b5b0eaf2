"""Shared helpers for the apt-family and shell-safety transforms.

Not a transform module (the leading ``_`` keeps the registry from loading it
as one).  Legacy: the tool parsers moved to ``dockfix.shell.tools`` and the
edit builders to ``dockfix.fixing.shell_edits`` (re-exported here until the
last importers move); what is left is stage knowledge for ``dockfix.semantic``.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Iterator

from dockfix.fixing.shell_edits import insert_edit  # noqa: F401  (re-export)
from dockfix.shell.tools import (  # noqa: F401  (re-exports)
    APT_NAMES,
    APT_VALUE_OPTS,
    NEEDS_LISTS,
    AptCall,
    Call,
    apt_call,
    calls,
    has_assume_yes,
    is_apt_update,
    option_values,
    unwrap,
)

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.fixing.context import Context
    from dockfix.shell.view import ShellView
    from dockfix.syntax.cst import Instruction


def run_views(ctx: Context) -> Iterator[tuple[Instruction, ShellView]]:
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


