"""Lossless concrete syntax tree for Dockerfiles.

The tree is built over the *text* of a file, decoded as UTF-8 with
``surrogateescape`` so that every byte sequence round-trips exactly:
``parse(data).to_bytes() == data`` for any input.  All offsets in this module
are indices into that text (for ASCII files they are byte offsets).

The line structure follows BuildKit's parser (``frontend/dockerfile/parser``):
parser directives, continuation lines (with comment and blank lines inside
them skipped), heredocs on RUN/COPY/ADD (and ONBUILD of those), and the
per-instruction argument forms (JSON/exec form, key=value pairs, flags).

Every instruction owns the comment and blank lines that precede it
(LibCST style), so moving or deleting an instruction carries its comments.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from dataclasses import dataclass, field
from typing import Iterator

__all__ = [
    "ParseError",
    "Dockerfile",
    "Instruction",
    "Flag",
    "Heredoc",
    "Word",
    "Directive",
    "parse",
    "decode",
    "encode",
]

# Go's unicode.IsSpace, which BuildKit uses to trim and split.
_SPACE = " \t\n\v\f\r\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
_WS_RE = re.compile(r"[\t\v\f\r ]+")  # BuildKit's reWhitespace
_DIRECTIVE_RE = re.compile(r"^#[ \t]*([a-zA-Z][a-zA-Z0-9]*)[ \t]*=[ \t]*(.+?)[ \t]*$")
_HEREDOC_RE = re.compile(r"^(\d*)<<(-?)([^<]*)$")
_ALLOWED_DIRECTIVES = {"syntax", "escape", "check"}
HEREDOC_COMMANDS = {"RUN", "COPY", "ADD"}

KNOWN_COMMANDS = {
    "ADD", "ARG", "CMD", "COPY", "ENTRYPOINT", "ENV", "EXPOSE", "FROM",
    "HEALTHCHECK", "LABEL", "MAINTAINER", "ONBUILD", "RUN", "SHELL",
    "STOPSIGNAL", "USER", "VOLUME", "WORKDIR",
}


def decode(data: bytes) -> str:
    """Bytes to text, losslessly (invalid UTF-8 becomes lone surrogates)."""
    return data.decode("utf-8", "surrogateescape")


def encode(text: str) -> bytes:
    return text.encode("utf-8", "surrogateescape")


class ParseError(Exception):
    """A Dockerfile BuildKit would refuse.  ``line``/``col`` are 1-based."""

    def __init__(self, message: str, line: int = 1, col: int = 1):
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col

    def __str__(self) -> str:  # pragma: no cover - trivial
        return f"{self.line}:{self.col}: {self.message}"


@dataclass(slots=True)
class Word:
    """A word of an instruction's arguments with its span in the file.

    ``text`` is the word as written (quotes kept, like BuildKit's parseWords);
    ``value`` has quotes and escapes removed.
    """

    text: str
    start: int
    end: int
    value: str = ""


@dataclass(slots=True)
class Flag:
    """``--name=value`` before an instruction's arguments."""

    name: str
    value: str | None  # None for a bare ``--flag``
    raw: str  # as written
    start: int
    end: int


@dataclass(slots=True)
class Heredoc:
    name: str
    chomp: bool  # ``<<-``: leading tabs are stripped
    expand: bool  # False when the delimiter was quoted
    fd: int
    marker: Word  # the ``<<EOF`` word on the instruction line
    body_start: int  # first byte of the content
    body_end: int  # end of the content (start of the terminator line)
    end: int  # end of the terminator line, including its newline
    content: str


@dataclass(slots=True)
class Directive:
    name: str
    value: str
    start: int  # line start
    end: int  # line end, newline included
    value_start: int
    value_end: int


@dataclass(slots=True)
class Line:
    """A physical line: ``start`` .. ``end`` is the content, ``nl_end`` includes the newline."""

    start: int
    end: int
    nl_end: int


class Logical:
    """Joined text of an instruction with a map back to file offsets."""

    __slots__ = ("text", "_lstarts", "_fstarts")

    def __init__(self, segments: list[tuple[int, int]], source: str):
        parts = []
        lstarts = []
        fstarts = []
        pos = 0
        for fs, fe in segments:
            if fe <= fs:
                continue
            lstarts.append(pos)
            fstarts.append(fs)
            parts.append(source[fs:fe])
            pos += fe - fs
        self.text = "".join(parts)
        self._lstarts = lstarts
        self._fstarts = fstarts

    def to_file(self, i: int) -> int:
        """File offset of logical offset ``i`` (a start position)."""
        if not self._lstarts:
            return 0
        k = bisect.bisect_right(self._lstarts, i) - 1
        if k < 0:
            k = 0
        return self._fstarts[k] + (i - self._lstarts[k])

    def to_file_end(self, i: int) -> int:
        """File offset just after logical offset ``i - 1`` (an end position)."""
        if i <= 0:
            return self.to_file(0)
        return self.to_file(i - 1) + 1

    def span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            f = self.to_file(start)
            return f, f
        return self.to_file(start), self.to_file_end(end)

    def segments(self, start: int, end: int) -> list[tuple[int, int]]:
        """File ranges that make up the logical range ``start``..``end``."""
        out = []
        ls = self._lstarts
        for k, l0 in enumerate(ls):
            l1 = ls[k + 1] if k + 1 < len(ls) else len(self.text)
            a, b = max(start, l0), min(end, l1)
            if a < b:
                f = self._fstarts[k]
                out.append((f + a - l0, f + b - l0))
        return out

    def is_contiguous(self, start: int, end: int) -> bool:
        """True when the logical range maps to one unbroken run of file text."""
        if end <= start:
            return True
        a = bisect.bisect_right(self._lstarts, start) - 1
        b = bisect.bisect_right(self._lstarts, end - 1) - 1
        return a == b


@dataclass(eq=False)
class Instruction:
    """One instruction, from its first line to the end of its last heredoc."""

    doc: "Dockerfile" = field(repr=False)
    index: int
    start: int  # start of the first line (leading whitespace included)
    end: int  # end of the last line / heredoc terminator, newline included
    leading_start: int  # start of the comments and blank lines it owns
    line: int  # 1-based line of the keyword
    end_line: int  # 1-based last line (heredoc terminators included)
    keyword: Word
    cmd: str  # upper-cased keyword
    logical: Logical = field(repr=False)
    flags: list[Flag]
    args_offset: int  # logical offset where the arguments (after flags) start
    args: str  # arguments after flags, stripped (BuildKit's ``rest``)
    json: bool
    json_values: list[str] | None
    heredocs: list[Heredoc]
    comments: list[str]  # text of the comment lines it owns (``#`` kept)
    lines: list[Line] = field(repr=False)
    sub: "Instruction | None" = None  # ONBUILD's instruction
    parent: "Instruction | None" = field(default=None, repr=False)
    stage: "Stage | None" = field(default=None, repr=False)
    error: str | None = None  # what BuildKit would reject, if anything

    # -- text -------------------------------------------------------------
    @property
    def text(self) -> str:
        """Source text of the instruction (without the leading comments)."""
        return self.doc.text[self.start : self.end]

    @property
    def full_text(self) -> str:
        """Source text including the comments and blank lines it owns."""
        return self.doc.text[self.leading_start : self.end]

    @property
    def line_text(self) -> str:
        """The joined logical line, as BuildKit sees it (``original``)."""
        return self.logical.text

    @property
    def header_end(self) -> int:
        """End of the instruction's own lines (before any heredoc body)."""
        return self.lines[-1].nl_end

    @property
    def args_start(self) -> int:
        """File offset of the first argument character (after flags)."""
        lt = self.logical.text
        i = self.args_offset
        while i < len(lt) and lt[i] in _SPACE:
            i += 1
        return self.logical.to_file(i)

    @property
    def args_end(self) -> int:
        lt = self.logical.text
        j = len(lt)
        while j > self.args_offset and lt[j - 1] in _SPACE:
            j -= 1
        return self.logical.to_file_end(j)

    @property
    def is_multiline(self) -> bool:
        return len(self.lines) > 1

    def span_of(self, lstart: int, lend: int) -> tuple[int, int]:
        """File span of a range of the logical line."""
        return self.logical.span(lstart, lend)

    def flag(self, name: str) -> Flag | None:
        for f in self.flags:
            if f.name == name:
                return f
        return None

    def flags_named(self, name: str) -> list[Flag]:
        return [f for f in self.flags if f.name == name]

    # -- argument views ---------------------------------------------------
    def words(self) -> list[Word]:
        """Arguments split like BuildKit's parseWords, quotes kept in ``text``."""
        lt = self.logical.text
        base = self.args_offset
        out = []
        for text, s, e in split_words(lt[base:], self.doc.escape):
            fs, fe = self.logical.span(base + s, base + e)
            out.append(Word(text, fs, fe, unquote(text, self.doc.escape)))
        return out

    def plain_words(self) -> list[Word]:
        """Arguments split on whitespace only (FROM, EXPOSE, COPY/ADD shell form)."""
        lt = self.logical.text
        base = self.args_offset
        out = []
        for m in re.finditer(r"[^\t\v\f\r ]+", lt[base:]):
            s, e = m.span()
            fs, fe = self.logical.span(base + s, base + e)
            out.append(Word(m.group(), fs, fe, m.group()))
        return out

    def values(self) -> tuple[str, ...]:
        """The argument list as BuildKit's parser returns it (its ``value``)."""
        return _values(self)

    def __hash__(self) -> int:
        return id(self)


@dataclass(eq=False)
class Stage:
    index: int
    from_: Instruction
    image: str | None  # as written (may contain variables)
    image_word: Word | None
    name: str | None  # alias after AS, lower-cased
    name_word: Word | None
    platform: str | None
    instructions: list[Instruction] = field(default_factory=list)

    @property
    def start_line(self) -> int:
        return self.from_.line

    def __hash__(self) -> int:
        return id(self)


class Dockerfile:
    """A parsed Dockerfile.  ``str(doc)`` is the exact text it was built from."""

    def __init__(self, text: str, path: str | None = None):
        self.text = text
        self.path = path
        self.bom = text.startswith("\ufeff")
        self.directives: list[Directive] = []
        self.escape = "\\"
        self.instructions: list[Instruction] = []
        self.trailing_start = 0  # comments/blank lines after the last instruction
        self.stages: list[Stage] = []
        self.global_args: list[Instruction] = []
        self.errors: list[ParseError] = []
        self._line_starts: list[int] | None = None
        self._windows: bool | None = None  # is_windows, once asked (the document does not change)
        self._stage_names: dict[str, Stage] | None = None  # stage_named's index, once asked
        _Parser(self).run()
        _build_model(self)

    # -- output -----------------------------------------------------------
    def __str__(self) -> str:
        return self.text

    def to_bytes(self) -> bytes:
        return encode(self.text)

    # -- positions --------------------------------------------------------
    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a text offset."""
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            i = find("\n")
            while i != -1:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        k = bisect.bisect_right(self._line_starts, offset) - 1
        return k + 1, offset - self._line_starts[k] + 1

    @property
    def newline(self) -> str:
        """The file's dominant line ending (counted once)."""
        known = self.__dict__.get("_newline")
        if known is None:
            crlf = self.text.count("\r\n")
            known = self.__dict__["_newline"] = "\r\n" if crlf and crlf * 2 >= self.text.count("\n") else "\n"
        return known

    @property
    def is_windows(self) -> bool:
        """Backtick escape, a Windows base image, or a cmd/PowerShell SHELL."""
        if self._windows is None:
            self._windows = self._find_windows()
        return self._windows

    def _find_windows(self) -> bool:
        if self.escape == "`":
            return True
        for st in self.stages:
            if st.image and _WINDOWS_IMAGE.search(st.image):
                return True
        for ins in self.instructions:
            if ins.cmd == "SHELL" and ins.json_values and _WINDOWS_SHELL.search(ins.json_values[0]):
                return True
        return False

    def directive(self, name: str) -> Directive | None:
        for d in self.directives:
            if d.name == name:
                return d
        return None

    def iter_all(self) -> Iterator[Instruction]:
        """Instructions, with ONBUILD's inner instruction after its parent."""
        for ins in self.instructions:
            yield ins
            if ins.sub is not None:
                yield ins.sub

    def stage_of(self, ins: Instruction) -> Stage | None:
        return ins.stage

    def stage_named(self, name: str) -> Stage | None:
        name = name.lower()
        if self._stage_names is None:
            index: dict[str, Stage] = {}
            for st in self.stages:
                if st.name is not None:
                    index.setdefault(st.name, st)
            self._stage_names = index
        hit = self._stage_names.get(name)
        if hit is not None:
            return hit
        if name.isdigit():
            i = int(name)
            if i < len(self.stages):
                return self.stages[i]
        return None


_WINDOWS_IMAGE = re.compile(r"(?i)(windows|servercore|nanoserver|mcr\.microsoft\.com/windows)")
_WINDOWS_SHELL = re.compile(r"(?i)(cmd(\.exe)?$|powershell|pwsh)")


# ---------------------------------------------------------------------------
# word splitting (BuildKit parseWords / extractBuilderFlags semantics)
# ---------------------------------------------------------------------------

def split_words(rest: str, escape: str = "\\") -> list[tuple[str, int, int]]:
    """BuildKit's parseWords: quotes and escapes kept, spans returned."""
    words: list[tuple[str, int, int]] = []
    n = len(rest)
    i = 0
    while i < n:
        ch = rest[i]
        if ch in _SPACE:
            i += 1
            continue
        start = i
        quote = None
        while i < n:
            ch = rest[i]
            if quote is None:
                if ch in _SPACE:
                    break
                if ch == "'" or ch == '"':
                    quote = ch
                    i += 1
                    continue
                if ch == escape:
                    i += 2 if i + 1 < n else 1
                    continue
                i += 1
            else:
                if ch == quote:
                    quote = None
                    i += 1
                    continue
                if ch == escape and quote != "'":
                    i += 2 if i + 1 < n else 1
                    continue
                i += 1
        text = rest[start:i]
        # BuildKit drops an escape token at the very end of the input.
        if i == n and text.endswith(escape) and not text.endswith(escape * 2):
            text_kept = text[:-1]
            if text_kept:
                words.append((text_kept, start, i - 1))
            continue
        words.append((text, start, i))
    return words


def unquote(text: str, escape: str = "\\") -> str:
    """Remove quotes and escapes from a word (no variable expansion)."""
    if "'" not in text and '"' not in text and escape not in text:
        return text
    out = []
    quote = None
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if quote is None:
            if ch in "'\"":
                quote = ch
            elif ch == escape and i + 1 < n:
                i += 1
                out.append(text[i])
            else:
                out.append(ch)
        elif ch == quote:
            quote = None
        elif ch == escape and quote == '"' and i + 1 < n and text[i + 1] in '"\\$`' + escape:
            i += 1
            out.append(text[i])
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _extract_flags(line: str, base: int) -> tuple[int, list[tuple[str, int, int]]]:
    """BuildKit's extractBuilderFlags.  Returns (offset of the rest, flags).

    Each flag is (unquoted text, start, end) relative to ``line``'s origin
    ``base``.
    """
    flags: list[tuple[str, int, int]] = []
    n = len(line)
    pos = 0
    while True:
        while pos < n and line[pos] in _SPACE:
            pos += 1
        if pos >= n:
            return n, flags
        if not (line[pos] == "-" and pos + 1 < n and line[pos + 1] == "-"):
            return pos, flags
        start = pos
        word = []
        quote = None
        blank_ok = False
        while pos < n:
            ch = line[pos]
            if quote is None:
                if ch in _SPACE:
                    break
                if ch in "'\"":
                    quote = ch
                    blank_ok = True
                    pos += 1
                    continue
                if ch == "\\":
                    if pos + 1 == n:
                        pos += 1
                        continue
                    pos += 1
                    ch = line[pos]
                word.append(ch)
                pos += 1
            else:
                if ch == quote:
                    quote = None
                    pos += 1
                    continue
                if ch == "\\":
                    if pos + 1 == n:
                        quote = None
                        pos += 1
                        continue
                    pos += 1
                    ch = line[pos]
                word.append(ch)
                pos += 1
        w = "".join(word)
        if w == "--":
            # "--" ends the flags; the rest starts at the following space
            return pos, flags
        if blank_ok or w:
            flags.append((w, base + start, base + pos))


# ---------------------------------------------------------------------------
# the line parser
# ---------------------------------------------------------------------------

def _is_comment(s: str) -> bool:
    return s.lstrip(_SPACE).startswith("#")


class _Parser:
    def __init__(self, doc: Dockerfile):
        self.doc = doc
        text = doc.text
        lines: list[Line] = []
        pos = 0
        n = len(text)
        find = text.find
        while pos < n:
            j = find("\n", pos)
            if j == -1:
                e = n
                nl = n
            else:
                nl = j + 1
                e = j
            # BuildKit trims every trailing \r and \n
            while e > pos and text[e - 1] == "\r":
                e -= 1
            lines.append(Line(pos, e, nl))
            pos = nl
        self.lines = lines
        self.escape = "\\"
        self.cont_re = re.compile(r"(?:^|(?<=[^\\]))\\[ \t]*$")

    def set_escape(self, value: str, lineno: int, col: int) -> None:
        if value not in ("\\", "`"):
            raise ParseError(f"invalid escape token '{value}' does not match ` or \\", lineno, col)
        self.escape = value
        self.doc.escape = value
        e = re.escape(value)
        # BuildKit: the escape token ends a line as a continuation only when it
        # is not itself escaped (``\\`` at the end of a line is a literal).
        self.cont_re = re.compile(r"(?:^|(?<=[^" + e + r"]))" + e + r"[ \t]*$")

    def run(self) -> None:
        doc = self.doc
        text = doc.text
        lines = self.lines
        nlines = len(lines)
        i = 0
        directives_done = False
        seen: set[str] = set()
        pending_start: int | None = None  # owned trivia start
        pending_comments: list[str] = []
        try:
            while i < nlines:
                ln = lines[i]
                start = ln.start
                cstart = start + 1 if (i == 0 and doc.bom) else start
                raw = text[cstart : ln.end]
                stripped = raw.lstrip(_SPACE)
                if not directives_done:
                    m = _DIRECTIVE_RE.match(stripped)
                    name = m.group(1).lower() if m else None
                    if m and name in _ALLOWED_DIRECTIVES:
                        if name in seen:
                            raise ParseError(f"only one {name} parser directive can be used", i + 1, 1)
                        seen.add(name)
                        off = cstart + (len(raw) - len(stripped))
                        vs = off + m.start(2)
                        doc.directives.append(Directive(name, m.group(2), ln.start, ln.nl_end, vs, off + m.end(2)))
                        if name == "escape":
                            self.set_escape(m.group(2), i + 1, m.start(2) + 1)
                        i += 1
                        continue
                    directives_done = True
                if pending_start is None:
                    pending_start = ln.start
                if stripped == "" or stripped.startswith("#"):
                    if stripped.startswith("#"):
                        pending_comments.append(stripped)
                    i += 1
                    continue
                i = self.instruction(i, cstart + (len(raw) - len(stripped)), pending_start, pending_comments)
                pending_start = None
                pending_comments = []
        except ParseError as e:
            doc.errors.append(e)
            doc.trailing_start = doc.instructions[-1].end if doc.instructions else (lines[0].start if lines else 0)
            return
        doc.trailing_start = pending_start if pending_start is not None else len(text)

    def instruction(self, i: int, first: int, leading_start: int, comments: list[str]) -> int:
        """Parse the instruction starting on line ``i`` at offset ``first``."""
        doc = self.doc
        text = doc.text
        lines = self.lines
        nlines = len(lines)
        cont_re = self.cont_re
        segments: list[tuple[int, int]] = []
        used: list[Line] = []
        ln = lines[i]
        seg_start = first
        content = text[seg_start : ln.end]
        m = cont_re.search(content)
        used.append(ln)
        i += 1
        if m is None:
            segments.append((seg_start, ln.end))
        else:
            segments.append((seg_start, seg_start + m.start()))
            while i < nlines:
                ln = lines[i]
                raw = text[ln.start : ln.end]
                i += 1
                if _is_comment(raw):
                    used.append(ln)
                    continue
                if raw.strip(_SPACE) == "":
                    used.append(ln)
                    continue
                used.append(ln)
                m = cont_re.search(raw)
                if m is None:
                    segments.append((ln.start, ln.end))
                    break
                segments.append((ln.start, ln.start + m.start()))
        logical = Logical(segments, text)
        line_no = self._line_no(used[0])
        ins = _make_instruction(doc, logical, 0, first, leading_start, line_no, used, comments)
        end = used[-1].nl_end
        # heredocs
        target = ins.sub if ins.sub is not None else ins
        if target.cmd in HEREDOC_COMMANDS and not target.json and "<<" in logical.text:
            docs = _heredoc_words(logical.text, target)
            hds = []
            for name, chomp, expand, fd, word in docs:
                body_start = end
                terminated = False
                while i < nlines:
                    ln = lines[i]
                    i += 1
                    cand = text[ln.start : ln.end]
                    if chomp:
                        cand = cand.lstrip("\t")
                    if cand == name:
                        terminated = True
                        hds.append(Heredoc(name, chomp, expand, fd, word, body_start, ln.start, ln.nl_end, text[body_start : ln.start]))
                        end = ln.nl_end
                        break
                    end = ln.nl_end
                if not terminated:
                    raise ParseError("unterminated heredoc", line_no, 1)
            target.heredocs = hds
            if target is not ins:
                ins.heredocs = hds
        ins.end = end
        ins.end_line = i  # 1-based number of the last consumed line
        ins.index = len(doc.instructions)
        doc.instructions.append(ins)
        return i

    def _line_no(self, ln: Line) -> int:
        return self._index_of(ln) + 1

    def _index_of(self, ln: Line) -> int:
        lo, hi = 0, len(self.lines)
        starts = self.lines
        while lo < hi:
            mid = (lo + hi) // 2
            if starts[mid].start < ln.start:
                lo = mid + 1
            else:
                hi = mid
        return lo


def _heredoc_words(line: str, ins: Instruction) -> list[tuple[str, bool, bool, int, Word]]:
    """Heredoc markers of a joined line (BuildKit's heredocsFromLine)."""
    out = []
    for text, s, e in _shell_words(line):
        m = _HEREDOC_RE.match(text)
        if not m:
            continue
        rest = m.group(3)
        if not rest:
            continue
        # must be a single word once quotes are processed
        if any(c in _SPACE for c in unquote(rest)) and not ("'" in rest or '"' in rest):
            continue
        name = unquote(rest)
        expand = not ("'" in rest or '"' in rest)
        fs, fe = ins.logical.span(s, e)
        out.append((name, m.group(2) == "-", expand, int(m.group(1) or 0), Word(text, fs, fe, text)))
    return out


def _shell_words(line: str) -> list[tuple[str, int, int]]:
    """Split like BuildKit's shell lexer with raw quotes and raw escapes."""
    words = []
    n = len(line)
    i = 0
    while i < n:
        if line[i] in " \t\r\n":
            i += 1
            continue
        start = i
        quote = None
        while i < n:
            ch = line[i]
            if quote is None:
                if ch in " \t\r\n":
                    break
                if ch in "'\"":
                    quote = ch
                elif ch == "\\":
                    i += 1
                elif ch == "$" and i + 1 < n and line[i + 1] == "{":
                    depth = 0
                    while i < n:
                        if line[i] == "{":
                            depth += 1
                        elif line[i] == "}":
                            depth -= 1
                            if depth == 0:
                                break
                        i += 1
            elif ch == quote:
                quote = None
            elif ch == "\\" and quote == '"':
                i += 1
            i += 1
        words.append((line[start:i], start, min(i, n)))
    return words


def _make_instruction(doc: Dockerfile, logical: Logical, off: int, first: int, leading_start: int,
                      line_no: int, used: list[Line], comments: list[str], parent: Instruction | None = None) -> Instruction:
    """Split a logical line (from ``off``) into keyword, flags and arguments."""
    lt = logical.text
    n = len(lt)
    p = off
    while p < n and lt[p] in _SPACE:
        p += 1
    k = p
    while k < n and lt[k] not in " \t\v\f\r":
        k += 1
    kw_text = lt[p:k]
    ks, ke = logical.span(p, k)
    keyword = Word(kw_text, ks, ke, kw_text)
    cmd = kw_text.upper()
    # whitespace after the keyword
    q = k
    while q < n and lt[q] in " \t\v\f\r":
        q += 1
    flags: list[Flag] = []
    rest_off = q
    if cmd != "ONBUILD" and q < n:
        rel, raw_flags = _extract_flags(lt[q:], q)
        for ftext, fs, fe in raw_flags:
            body = ftext[2:]
            if "=" in body:
                name, value = body.split("=", 1)
            else:
                name, value = body, None
            a, b = logical.span(fs, fe)
            flags.append(Flag(name.lower(), value, lt[fs:fe], a, b))
        rest_off = q + rel
    rest = lt[rest_off:].strip(_SPACE)
    ins = Instruction(
        doc=doc, index=-1, start=first, end=used[-1].nl_end, leading_start=leading_start,
        line=line_no, end_line=line_no + len(used) - 1, keyword=keyword, cmd=cmd, logical=logical,
        flags=flags, args_offset=rest_off, args=rest, json=False, json_values=None, heredocs=[],
        comments=list(comments), lines=used, parent=parent,
    )
    if cmd == "ONBUILD":
        if rest:
            ins.sub = _make_instruction(doc, logical, rest_off, logical.to_file(rest_off), logical.to_file(rest_off),
                                        line_no, used, [], parent=ins)
            ins.sub.index = -1
        return ins
    if cmd in _JSON_COMMANDS or (cmd == "HEALTHCHECK"):
        js_text = rest
        if cmd == "HEALTHCHECK":
            parts = rest.split(None, 1)
            js_text = parts[1] if len(parts) > 1 else ""
        vals = _parse_json(js_text)
        if vals is _NOT_STRINGS:
            ins.error = "dockerfile: only string arrays are allowed in JSON form"
            doc.errors.append(ParseError(ins.error, line_no, 1))
        elif vals is not None:
            ins.json = True
            ins.json_values = vals
    return ins


_JSON_COMMANDS = {"ADD", "COPY", "VOLUME", "CMD", "ENTRYPOINT", "RUN", "SHELL"}
_NOT_STRINGS = object()
_JSON = json.JSONDecoder()


def _parse_json(rest: str):
    rest = rest.lstrip(_SPACE)
    if not rest.startswith("["):
        return None
    try:
        # BuildKit decodes the first JSON value and ignores what follows it
        data, _ = _JSON.raw_decode(rest)
    except ValueError:
        return None
    if not isinstance(data, list):
        return None
    if not all(isinstance(x, str) for x in data):
        return _NOT_STRINGS
    return data


def _values(ins: Instruction) -> tuple[str, ...]:
    """Reproduce BuildKit's argument node list for the instruction."""
    if ins.sub is not None:
        return _values(ins.sub)
    cmd = ins.cmd
    rest = ins.args
    esc = ins.doc.escape
    if not rest:
        return () if cmd in KNOWN_COMMANDS else ("",)
    if ins.json and cmd != "HEALTHCHECK":
        return tuple(ins.json_values or ())
    if cmd in ("RUN", "CMD", "ENTRYPOINT", "SHELL"):
        return (rest,) if rest else ()
    if cmd in ("ADD", "COPY", "VOLUME", "FROM", "EXPOSE"):
        return tuple(_WS_RE.split(rest)) if rest else ()
    if cmd in ("MAINTAINER", "STOPSIGNAL", "USER", "WORKDIR"):
        return (rest,)
    if cmd == "ARG":
        return tuple(w for w, _, _ in split_words(rest, esc))
    if cmd in ("ENV", "LABEL"):
        return tuple(x for pair in env_pairs(rest, esc) for x in pair)
    if cmd == "HEALTHCHECK":
        parts = re.split(r"[" + _SPACE + "]+", rest, maxsplit=1)
        if not rest:
            return ()
        typ = parts[0]
        tail = parts[1] if len(parts) > 1 else ""
        if ins.json:
            return (typ, *(ins.json_values or ()))
        return (typ, tail) if tail else (typ,)
    if cmd in KNOWN_COMMANDS:
        return (rest,)
    return ("",)


def env_pairs(rest: str, escape: str = "\\") -> list[tuple[str, str]]:
    """ENV/LABEL key/value pairs as BuildKit reads them (values keep quotes).

    Raises ``ValueError`` for forms BuildKit rejects.
    """
    return list(_env_pairs(rest, escape))


@functools.lru_cache(maxsize=4096)
def _env_pairs(rest: str, escape: str) -> tuple[tuple[str, str], ...]:
    """:func:`env_pairs`, kept per text: the model, the variables and several
    transforms read the same ENV and LABEL lines on every round."""
    words = [w for w, _, _ in split_words(rest, escape)]
    if not words:
        return ()
    if "=" not in words[0]:
        parts = _WS_RE.split(rest, maxsplit=1)
        if len(parts) < 2:
            raise ValueError("must have two arguments")
        return ((parts[0], parts[1]),)
    out = []
    for w in words:
        if "=" not in w:
            raise ValueError(f"Syntax error - can't find = in {w!r}. Must be of the form: name=value")
        k, v = w.split("=", 1)
        out.append((k, v))
    return tuple(out)


# ---------------------------------------------------------------------------
# model: stages, ARG scoping
# ---------------------------------------------------------------------------

def _instruction_error(ins: Instruction) -> str | None:
    """What BuildKit's instruction parser rejects (beyond the line parser)."""
    t = ins.sub if ins.sub is not None else ins
    if ins.cmd == "ONBUILD":
        if ins.sub is None:
            return "ONBUILD requires at least one argument"
        if t.cmd in ("ONBUILD", "FROM", "MAINTAINER"):
            return f"{t.cmd} isn't allowed as an ONBUILD trigger"
    if t.cmd not in KNOWN_COMMANDS:
        if ins.index == 0:
            # nothing before it says this is a Dockerfile: the word may be the first line of any file
            # (a password file, a token a symlink points to), so it is not repeated in the output
            return "unknown instruction: the first instruction is not a Dockerfile instruction (not a Dockerfile?)"
        return f"unknown instruction: {t.keyword.text}"
    if t.cmd == "FROM":
        n = len(t.plain_words())
        if n not in (1, 3) or (n == 3 and t.plain_words()[1].text.lower() != "as"):
            return "FROM requires either one or three arguments (image [AS name])"
    return None


def _build_model(doc: Dockerfile) -> None:
    if not doc.instructions and not doc.errors:
        # BuildKit refuses an empty or comment-only Dockerfile (reported at its last line)
        doc.errors.append(ParseError("file with no instructions", max(1, doc.text.count("\n")), 1))
    stage: Stage | None = None
    for ins in doc.instructions:
        cmd = ins.cmd
        if ins.error is None:
            err = _instruction_error(ins)
            if err is not None:
                ins.error = err
                doc.errors.append(ParseError(err, ins.line, ins.keyword.start - ins.start + 1))
        if cmd not in ("FROM", "ARG") and not doc.stages and ins.error is None and not any(
                e.message.startswith("no build stage") for e in doc.errors):
            doc.errors.append(ParseError("no build stage in current context (the first instruction must be FROM, "
                                         "after optional ARGs)", ins.line, 1))
        if cmd in ("ENV", "LABEL") and ins.error is None:
            try:
                env_pairs(ins.args, doc.escape)
            except ValueError as e:
                if ins.args or cmd == "ENV":
                    ins.error = f"{cmd} {e}"
                    doc.errors.append(ParseError(ins.error, ins.line, 1))
        if cmd == "FROM":
            words = ins.plain_words()
            image_word = words[0] if words else None
            name_word = None
            if len(words) >= 3 and words[1].text.lower() == "as":
                name_word = words[2]
            plat = ins.flag("platform")
            stage = Stage(
                index=len(doc.stages), from_=ins, image=image_word.text if image_word else None,
                image_word=image_word, name=name_word.text.lower() if name_word else None,
                name_word=name_word, platform=plat.value if plat else None,
            )
            doc.stages.append(stage)
        if stage is None:
            if cmd == "ARG":
                doc.global_args.append(ins)
            ins.stage = None
        else:
            stage.instructions.append(ins)
            ins.stage = stage
        if ins.sub is not None:
            ins.sub.stage = ins.stage


def parse_files(paths) -> Iterator[tuple[str, "Dockerfile"]]:
    """(path, tree) of each file that can be read and parses without errors
    (for look-ups across the files of a run; each file's own run reports the rest)."""
    for p in paths:
        try:
            with open(p, "rb") as f:
                doc = parse(decode(f.read()), p)
        except (OSError, ValueError):
            continue
        if not doc.errors:
            yield p, doc


def parse(data: bytes | str, path: str | None = None) -> Dockerfile:
    """Parse bytes (or already-decoded text) into a lossless ``Dockerfile``.

    Never raises for syntax problems: they are collected in ``doc.errors``.
    """
    text = decode(data) if isinstance(data, (bytes, bytearray)) else data
    return Dockerfile(text, path)
