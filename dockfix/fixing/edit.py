"""Edits, fixes and findings (ruff's diagnostics model, for Dockerfiles)."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.syntax.cst import Instruction


class Applicability(enum.IntEnum):
    """How sure a fix is.  Higher is safer; ordering is meaningful."""

    DISPLAY_ONLY = 0  # shown, never written
    UNSAFE = 1  # written only with --unsafe-fixes
    SAFE = 2  # written by --fix

    @property
    def label(self) -> str:
        return self.name.lower().replace("_", "-")


SAFE = Applicability.SAFE
UNSAFE = Applicability.UNSAFE
DISPLAY_ONLY = Applicability.DISPLAY_ONLY


@dataclass(frozen=True, slots=True, order=True)
class Edit:
    """Replace ``text[start:end]`` with ``content`` (offsets into the file text)."""

    start: int
    end: int
    content: str = ""

    @classmethod
    def insert(cls, at: int, content: str) -> "Edit":
        return cls(at, at, content)

    @classmethod
    def delete(cls, start: int, end: int) -> "Edit":
        return cls(start, end, "")

    @classmethod
    def replace(cls, start: int, end: int, content: str) -> "Edit":
        return cls(start, end, content)

    def overlaps(self, other: "Edit") -> bool:
        if self.start == self.end == other.start == other.end:
            return True  # two insertions at one point: order would be ambiguous
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Fix:
    """Edits to the Dockerfile, and optionally whole new contents for files
    beside it (``files``: (absolute path, new text), e.g. a .dockerignore)."""

    edits: tuple[Edit, ...]
    applicability: Applicability
    message: str = ""
    files: tuple[tuple[str, str], ...] = ()

    def __init__(self, edits: Iterable[Edit], applicability: Applicability = SAFE, message: str = "",
                 files: Iterable[tuple[str, str]] = ()):
        es = tuple(sorted(edits))
        object.__setattr__(self, "edits", es)
        object.__setattr__(self, "applicability", Applicability(applicability))
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "files", tuple(files))

    @classmethod
    def safe(cls, *edits: Edit, message: str = "") -> "Fix":
        return cls(edits, SAFE, message)

    @classmethod
    def unsafe(cls, *edits: Edit, message: str = "") -> "Fix":
        return cls(edits, UNSAFE, message)

    @classmethod
    def display_only(cls, *edits: Edit, message: str = "") -> "Fix":
        return cls(edits, DISPLAY_ONLY, message)

    @property
    def start(self) -> int:
        return min((e.start for e in self.edits), default=0)

    @property
    def end(self) -> int:
        return max((e.end for e in self.edits), default=0)

    def overlaps(self, other: "Fix") -> bool:
        if self.files and other.files and {p for p, _ in self.files} & {p for p, _ in other.files}:
            return True
        return any(a.overlaps(b) for a in self.edits for b in other.edits)

    def is_valid(self) -> bool:
        if not self.edits and not self.files:
            return False
        for a, b in zip(self.edits, self.edits[1:]):
            if a.overlaps(b):
                return False
        return True


@dataclass(slots=True)
class Finding:
    """One problem in one file, perhaps with a fix."""

    name: str  # transform name
    code: str
    message: str
    start: int
    end: int
    line: int = 0
    col: int = 0
    end_line: int = 0
    end_col: int = 0
    fix: Fix | None = None
    refused: str | None = None  # why no fix is offered, when the transform declined
    instruction: "Instruction | None" = field(default=None, repr=False)
    dl_codes: tuple[str, ...] = ()
    extra: dict = field(default_factory=dict)  # transform-specific data (e.g. a build command to run)

    @property
    def applicability(self) -> Applicability | None:
        return self.fix.applicability if self.fix else None


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits back to front."""
    # one pass front to back (linear in the text); equal positions keep the order a back-to-front
    # application gives: of two insertions at one point, the later edit's text comes first
    order = sorted(enumerate(edits), key=lambda t: (t[1].start, t[1].end, -t[0]))
    parts: list[str] = []
    pos = 0
    for _, e in order:
        parts.append(text[pos:e.start])
        parts.append(e.content)
        pos = max(pos, e.end)
    parts.append(text[pos:])
    return "".join(parts)
