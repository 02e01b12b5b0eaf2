"""Golden case files: input, a marker line, expected output (black style).

File layout: ``golden/<transform>/<case>.Dockerfile`` or, when a build
context is needed, ``golden/<transform>/<case>/Dockerfile`` beside the
context files.  Optional first lines ``# golden: FLAGS`` give the flags
(``--unsafe-fixes``, ``--select a,b``, ``--option key=value``) and are not
part of the input.  A case with no marker line must come out unchanged.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path

MARKER = b"# ---- output ----"
HEADER = b"# golden:"


@dataclass
class Case:
    path: Path
    transform: str
    header: bytes
    input: bytes
    expected: bytes | None  # None: no marker, must be unchanged
    flags: list[str] = field(default_factory=list)

    @property
    def context(self) -> Path | None:
        return self.path.parent if self.path.name == "Dockerfile" else None


def read_case(path: Path, transform: str) -> Case:
    data = path.read_bytes()
    header = b""
    while data.startswith(HEADER):
        nl = data.find(b"\n")
        line, data = (data, b"") if nl == -1 else (data[: nl + 1], data[nl + 1 :])
        header += line
    flags: list[str] = []
    for line in header.splitlines():
        flags += shlex.split(line[len(HEADER):].decode())
    expected = None
    lines = data.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.rstrip(b"\r\n") == MARKER:
            return Case(path, transform, header, b"".join(lines[:i]), b"".join(lines[i + 1 :]), flags)
    return Case(path, transform, header, data, expected, flags)


def write_case(case: Case, output: bytes) -> None:
    if output == case.input:
        case.path.write_bytes(case.header + case.input)
    else:
        nl = b"\r\n" if case.input.endswith(b"\r\n") else b"\n"
        sep = b"" if case.input.endswith(b"\n") else nl
        case.path.write_bytes(case.header + case.input + sep + MARKER + nl + output)


def all_cases(root: Path) -> list[Case]:
    out = []
    if not root.is_dir():
        return out
    for tdir in sorted(p for p in root.iterdir() if p.is_dir()):
        for p in sorted(tdir.rglob("*")):
            if p.is_file() and (p.suffix == ".Dockerfile" or p.name == "Dockerfile"):
                out.append(read_case(p, tdir.name))
    return out


def settings_for(case: Case):
    from dockfix.fixing.config import Settings

    select = [case.transform]
    unsafe = False
    options: dict = {}
    context = str(case.context) if case.context else None
    it = iter(case.flags)
    for f in it:
        if f == "--unsafe-fixes":
            unsafe = True
        elif f == "--select":
            select = [s for s in next(it).split(",") if s]
        elif f == "--option":
            k, v = next(it).split("=", 1)
            options[k] = v
        elif f == "--context":
            context = str(case.path.parent / next(it))
        else:
            raise ValueError(f"{case.path}: unknown golden flag {f}")
    return Settings(select=tuple(select), unsafe_fixes=unsafe, options=options, context=context)
