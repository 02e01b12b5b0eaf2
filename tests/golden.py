"""Golden case files: input, a marker line, expected output (black style).

File layout: ``golden/<transform>/<case>.Dockerfile`` or, when a build
context is needed, ``golden/<transform>/<case>/Dockerfile`` beside the
context files.  Optional first lines ``# golden: FLAGS`` give the flags
(``--unsafe-fixes``, ``--select a,b``, ``--option key=value``) and are not
part of the input.  A case with no marker line must come out unchanged.

After the flags come the findings dockfix reports on the input (check mode,
with the case's flags), one ``# finding: LINE:COL: NAME MESSAGE`` line each,
followed by `` (not fixed: REASON)`` for a refusal and `` [safe]``,
`` [unsafe]`` or `` [display-only]`` for a finding with a fix; ``# findings:
none`` when there is none.  They are not part of the input either.

Regenerate the expected outputs and findings (then review the diff):

    python tests/golden.py --update [TRANSFORM...]

(or ``pytest tests/test_golden.py --update-golden``, or DOCKFIX_UPDATE_GOLDEN=1).
"""

from __future__ import annotations

import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dockfix.fixing.config import Settings
    from dockfix.fixing.edit import Finding

MARKER = b"# ---- output ----"
HEADER = b"# golden:"
FINDING = b"# finding:"
NO_FINDINGS = b"# findings: none"


@dataclass
class Case:
    path: Path
    transform: str
    header: bytes
    input: bytes
    expected: bytes | None  # None: no marker, must be unchanged
    flags: list[str] = field(default_factory=list)
    findings: list[str] | None = None  # None: the case has no findings lines yet

    @property
    def context(self) -> Path | None:
        return self.path.parent if self.path.name == "Dockerfile" else None


def _take_lines(data: bytes, *prefixes: bytes) -> tuple[list[bytes], bytes]:
    """The leading lines of ``data`` that start with one of ``prefixes``, and the rest."""
    taken = []
    while data.startswith(prefixes):
        nl = data.find(b"\n")
        line, data = (data, b"") if nl == -1 else (data[: nl + 1], data[nl + 1 :])
        taken.append(line)
    return taken, data


def read_case(path: Path, transform: str) -> Case:
    heads, data = _take_lines(path.read_bytes(), HEADER)
    header = b"".join(heads)
    found, data = _take_lines(data, FINDING, NO_FINDINGS)
    findings = None
    if found:
        findings = [f.rstrip(b"\r\n")[len(FINDING):].strip().decode() for f in found
                    if f.startswith(FINDING)]
    flags: list[str] = []
    for line in header.splitlines():
        flags += shlex.split(line[len(HEADER):].decode())
    lines = data.splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.rstrip(b"\r\n") == MARKER:
            return Case(path, transform, header, b"".join(lines[:i]), b"".join(lines[i + 1 :]), flags, findings)
    return Case(path, transform, header, data, None, flags, findings)


def write_case(case: Case, output: bytes, findings: list[str]) -> None:
    nl = b"\r\n" if b"\r\n" in case.input.split(b"\n", 1)[0] + b"\n" or case.input.endswith(b"\r\n") else b"\n"
    head = case.header + b"".join(FINDING + b" " + f.encode() + nl for f in findings) if findings \
        else case.header + NO_FINDINGS + nl
    if output == case.input:
        case.path.write_bytes(head + case.input)
    else:
        sep = b"" if case.input.endswith(b"\n") else nl
        case.path.write_bytes(head + case.input + sep + MARKER + nl + output)


def describe(f: Finding) -> str:
    """One finding as a golden line: where, which transform, the message, why
    it is not fixed or how safe its fix is."""
    text = f"{f.line}:{f.col}: {f.name} {f.message}"
    if f.refused:
        text += f" (not fixed: {f.refused})"
    if f.fix is not None:
        text += f" [{f.fix.applicability.label}]"
    return text.replace("\r", "\\r").replace("\n", "\\n")


def findings_of(case: Case) -> list[str]:
    """What dockfix reports on the case's input with the case's flags."""
    import os

    from dockfix.fixing.engine import check_text
    from dockfix.syntax.cst import decode

    res = check_text(decode(case.input), str(case.path), settings_for(case), shared={})
    out = [describe(f) for f in sorted(res.remaining, key=lambda f: (f.start, f.name, f.end))]
    # paths in messages: relative to the case folder, wherever the checkout and pytest run
    folders = {os.path.dirname(os.path.abspath(case.path))}
    if case.context is not None:
        folders.add(os.path.abspath(case.context))
    for where in sorted(folders, key=len, reverse=True):
        for prefix in (os.path.relpath(where) + os.sep, where + os.sep):
            out = [line.replace(prefix, "") for line in out]
        out = [line.replace(where, ".") for line in out]
    return out


def all_cases(root: Path) -> list[Case]:
    out: list[Case] = []
    if not root.is_dir():
        return out
    for tdir in sorted(p for p in root.iterdir() if p.is_dir()):
        for p in sorted(tdir.rglob("*")):
            if p.is_file() and (p.suffix == ".Dockerfile" or p.name == "Dockerfile"):
                out.append(read_case(p, tdir.name))
    return out


def settings_for(case: Case) -> Settings:
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


def update(root: Path, transforms: list[str]) -> int:
    """Rewrite the expected output, side files and findings of the cases."""
    import os

    from dockfix.fixing.engine import fix_text
    from dockfix.syntax.cst import decode, encode

    n = 0
    for case in all_cases(root):
        if transforms and case.transform not in transforms:
            continue
        res = fix_text(decode(case.input), str(case.path), settings_for(case), shared={})
        if res.parse_error is not None or res.errors:
            raise SystemExit(f"{case.path}: {res.parse_error or res.errors}")
        for side, content in sorted(res.side_files.items()):
            (case.path.parent / ("expected" + os.path.basename(side))).write_bytes(encode(content))
        write_case(case, encode(res.output), findings_of(case))
        n += 1
    return n


def main(argv: list[str]) -> int:
    if not argv or argv[0] != "--update":
        print("usage: python tests/golden.py --update [TRANSFORM...]", file=sys.stderr)
        return 2
    root = Path(__file__).resolve().parent.parent / "golden"
    print(f"updated {update(root, argv[1:])} golden cases")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
