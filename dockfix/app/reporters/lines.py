"""Offsets in a text as 1-based lines and columns (json, sarif and github formats)."""

from __future__ import annotations

import bisect


class Lines:
    """Offset -> (line, column), both 1-based, columns in code points."""

    def __init__(self, text: str):
        self.text = text
        starts = [0]
        i = text.find("\n")
        while i != -1:
            starts.append(i + 1)
            i = text.find("\n", i + 1)
        self.starts = starts

    def pos(self, offset: int) -> tuple[int, int]:
        k = bisect.bisect_right(self.starts, offset) - 1
        return k + 1, offset - self.starts[k] + 1

    def region(self, start: int, end: int) -> tuple[int, int, int, int]:
        """A finding's region without the line break(s) its span ends with."""
        while end > start and self.text[end - 1 : end] in ("\n", "\r"):
            end -= 1
        sl, sc = self.pos(start)
        el, ec = self.pos(end)
        return sl, sc, el, ec
