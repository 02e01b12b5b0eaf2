"""The fix engine: run transforms, apply non-overlapping fixes, loop to a fixed point.

Every round re-parses the text, so a transform always sees the file as it
is now.  A round whose output does not parse, or whose untouched
instructions moved or changed, is not kept: its fixes are retried one at a
time and the ones that break the file are dropped and reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from dockfix.fixing import registry
from dockfix.fixing.config import Settings, option_bool
from dockfix.fixing.context import Context, read_side_file
from dockfix.fixing.edit import DISPLAY_ONLY, SAFE, UNSAFE, Applicability, Edit, Finding, Fix, apply_edits
from dockfix.syntax.cst import Dockerfile, ParseError, parse
from dockfix.syntax.regular import UnreadableFile
from dockfix.syntax.text import generated_header

MAX_ROUNDS = 12
# BuildKit reads a Dockerfile with a bufio.Scanner of 64 KiB: a longer line is a parse error
# ("dockerfile line greater than max allowed size of 65535")
MAX_LINE_BYTES = 65535


def longest_line(text: str) -> tuple[int, int]:
    """(line number, length in UTF-8 bytes without the line feed) of the longest line of ``text``
    (in bytes; only lines that could pass the limit are encoded)."""
    best = (1, 0)
    for n, line in enumerate(text.split("\n"), 1):
        size = len(line) if len(line) * 4 <= MAX_LINE_BYTES or line.isascii() else len(line.encode("utf-8", "surrogateescape"))
        if size > best[1]:
            best = (n, size)
    return best

SUPPRESS_RE = re.compile(r"#\s*dockfix:\s*ignore(?:\s*=\s*([\w\-, ]+))?\s*$", re.I)
_SUPPRESS_RE = SUPPRESS_RE
_HADOLINT_RE = re.compile(r"#\s*hadolint\s+ignore\s*=\s*([\w, ]+)", re.I)
_HADOLINT_GLOBAL_RE = re.compile(r"#\s*hadolint\s+global\s+ignore\s*=\s*([\w, ]+)", re.I)


@dataclass
class FileResult:
    path: str | None
    original: str
    output: str
    applied: list[Finding] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # internal errors (fix dropped, transform crashed)
    notes: list[str] = field(default_factory=list)
    parse_error: ParseError | None = None
    rounds: int = 0
    side_files: dict = field(default_factory=dict)  # path -> new text of files beside the Dockerfile
    side_originals: dict = field(default_factory=dict)  # path -> text before (None: new file)
    doc: Dockerfile | None = field(default=None, repr=False)  # check_text: the parsed text

    @property
    def changed(self) -> bool:
        return self.output != self.original


def select_transforms(settings: Settings, path: str | None = None) -> list[registry.Transform]:
    reg = registry.load_all()
    out = []
    file_ignores = settings.ignores_for(path)
    for cls in reg.values():
        if settings.select is None:
            on = cls.default_enabled
        else:
            on = any(registry.matches(cls, s) for s in settings.select)
            # ALL selects the default set; opt-in transforms must be named
            if on and not cls.default_enabled and not any(s.upper() != "ALL" and registry.matches(cls, s) for s in settings.select):
                on = False
        if not on and any(registry.matches(cls, s) and s.upper() != "ALL" for s in settings.extend_select):
            on = True
        if on and any(registry.matches(cls, s) for s in settings.ignore + file_ignores):
            on = False
        if on:
            out.append(cls())
    return out


def _suppressed(f: Finding, cls_codes: tuple[str, ...], global_ignores: set[str]) -> bool:
    return suppressed_by(f, cls_codes, global_ignores) is not None


def suppressed_by(f: Finding, cls_codes: tuple[str, ...], global_ignores: set[str]) -> str | None:
    """What suppresses ``f``: ``"global"`` (a hadolint global ignore), the text of the
    ``# dockfix: ignore`` or ``# hadolint ignore=`` comment of its instruction, or None."""
    if f.name in global_ignores or any(c.upper() in global_ignores for c in cls_codes):
        return "global"
    ins = f.instruction
    if ins is None:
        return None
    while ins.parent is not None:
        ins = ins.parent
    for c in ins.comments:
        m = SUPPRESS_RE.match(c)
        if m:
            names = m.group(1)
            if names is None:
                return c
            wanted = {n.strip().lower() for n in names.split(",") if n.strip()}
            if f.name in wanted or f.code.lower() in wanted:
                return c
        m = _HADOLINT_RE.match(c)
        if m:
            codes = {x.strip().upper() for x in m.group(1).split(",")}
            if codes & {c.upper() for c in cls_codes}:
                return c
    return None


def _global_ignores(doc: Dockerfile) -> set[str]:
    out: set[str] = set()
    text = doc.text
    if "global" not in text:
        return out
    for m in _HADOLINT_GLOBAL_RE.finditer(text):
        out.update(x.strip().upper() for x in m.group(1).split(","))
    return out


class _Consulted(dict):
    """Side files changed by earlier fixes (path -> text) that notes every
    path looked up in it, so that a run spread over processes can tell
    whether a file's result depended on what earlier files wrote
    (``dockfix.app.runner``)."""

    def __init__(self, data: dict, reads: set):
        super().__init__(data)
        self.reads = reads

    def __contains__(self, key: object) -> bool:
        self.reads.add(key)
        return dict.__contains__(self, key)

    def __getitem__(self, key: str) -> str:
        self.reads.add(key)
        return dict.__getitem__(self, key)

    def get(self, key: str, default: object = None) -> object:
        self.reads.add(key)
        return dict.get(self, key, default)


def _pending(shared: dict | None) -> dict | None:
    """A copy of the side files earlier files changed (``shared["pending_files"]``);
    when ``shared["side_reads"]`` is a set, every path looked up is added to it."""
    if shared is None:
        return None
    base = shared.get("pending_files")
    reads = shared.get("side_reads")
    if reads is not None:
        return _Consulted(base or {}, reads)
    return base


def collect(doc: Dockerfile, path: str | None, settings: Settings, transforms: list[registry.Transform],
            shared: dict | None = None, errors: list[str] | None = None, notes: list[str] | None = None,
            pending: dict | None = None, suppressed: list | None = None) -> list[Finding]:
    """Run the transforms over a parsed file; suppressed findings are dropped
    (and, when ``suppressed`` is a list, added to it with what suppressed them)."""
    if pending is None and shared is not None:
        pending = _pending(shared)
    ctx = Context(doc, path, settings, shared, pending)
    findings: list[Finding] = []
    gi = _global_ignores(doc)
    for t in transforms:
        try:
            for f in t.check(ctx):
                why = suppressed_by(f, t.hadolint, gi)
                if why is not None:
                    if suppressed is not None:
                        suppressed.append((f, why))
                    continue
                if f.fix is not None and not f.fix.is_valid():
                    if errors is not None:
                        errors.append(f"{t.name}: produced an invalid fix (overlapping or empty edits); dropped")
                    f.fix = None
                if f.fix is not None and f.fix.applicability > t.max_applicability:
                    # held to its declared ceiling: the engine may have skipped it in earlier rounds
                    if errors is not None:
                        errors.append(f"{t.name}: produced a {f.fix.applicability.label} fix above its declared "
                                      f"{t.max_applicability.label}; treated as {t.max_applicability.label}")
                    f.fix = Fix(f.fix.edits, t.max_applicability, f.fix.message, f.fix.files)
                findings.append(f)
        except UnreadableFile:
            raise  # bad input (a side file that cannot be read), not a transform bug
        except Exception as e:  # a transform bug must not stop the run
            if errors is not None:
                errors.append(f"{t.name}: internal error: {type(e).__name__}: {e}")
    if notes is not None:
        notes.extend(ctx.notes)
    findings.sort(key=lambda f: (f.start, f.code))
    return findings


def threshold(settings: Settings) -> Applicability:
    return UNSAFE if settings.unsafe_fixes else SAFE


def choose(findings: Iterable[Finding], minimum: Applicability) -> list[Finding]:
    """Non-overlapping fixes at or above ``minimum``: safer fixes first (an
    unsafe restructuring never blocks a safe fix it overlaps; it is retried on
    the next round's text), then by the transform's ``order``, then earliest
    first."""
    chosen: list[Finding] = []
    cands = [f for f in findings if f.fix is not None and f.fix.applicability >= minimum and f.fix.applicability > DISPLAY_ONLY]
    def order(f: Finding) -> int:
        t = registry._REGISTRY.get(f.name)
        return getattr(t, "order", 0) if t is not None else 0

    cands.sort(key=lambda f: (-_fix(f).applicability, order(f), _fix(f).start, _fix(f).end))
    taken = _Taken()
    for f in cands:
        if not taken.overlaps(_fix(f)):
            taken.add(_fix(f))
            chosen.append(f)
    return chosen


class _Taken:
    """The edits of the fixes chosen so far, sorted, so that a candidate is checked against its
    neighbours only (``Edit.overlaps`` against all of them, without the quadratic scan).

    Chosen edits never overlap, so sorted by (start, end) their ends are sorted too: the
    only chosen edit a candidate can overlap first is the first one ending after its start."""

    def __init__(self) -> None:
        self.keys: list[tuple[int, int]] = []
        self.ends: list[int] = []
        self.points: set[int] = set()  # insertions (two at one point overlap)
        self.files: set[str] = set()

    def overlaps(self, fix: Fix) -> bool:
        import bisect

        if fix.files and self.files & {p for p, _ in fix.files}:
            return True
        for e in fix.edits:
            if e.start == e.end and e.start in self.points:
                return True
            j = bisect.bisect_right(self.ends, e.start)
            if j < len(self.keys) and self.keys[j][0] < e.end:
                return True
        return False

    def add(self, fix: Fix) -> None:
        import bisect

        for e in fix.edits:
            k = bisect.bisect_right(self.keys, (e.start, e.end))
            self.keys.insert(k, (e.start, e.end))
            self.ends.insert(k, e.end)
            if e.start == e.end:
                self.points.add(e.start)
        self.files.update(p for p, _ in fix.files)


def _fix(f: Finding) -> Fix:
    """The fix of a finding the engine chose (only findings with a fix are chosen)."""
    if f.fix is None:
        raise ValueError(f"{f.name}: finding without a fix")
    return f.fix


class _Edits:
    """Edits indexed for the per-instruction questions of ``structure_ok`` (each a bisection)."""

    def __init__(self, edits: list[Edit]) -> None:
        by_start = sorted(edits, key=lambda e: (e.start, e.end))
        self.starts = [e.start for e in by_start]
        self.max_end: list[int] = []  # the largest end among the edits up to each one (by start)
        m = -1
        for e in by_start:
            m = max(m, e.end)
            self.max_end.append(m)
        self.points = sorted({e.start for e in edits if e.start == e.end})
        by_end = sorted(edits, key=lambda e: e.end)
        self.ends = [e.end for e in by_end]
        self.delta: list[int] = [0]  # the length change of the edits up to each one (by end)
        for e in by_end:
            self.delta.append(self.delta[-1] + len(e.content) - (e.end - e.start))

    def touches(self, ins, old_text: str) -> bool:
        import bisect

        k = bisect.bisect_left(self.starts, ins.end)  # edits starting before the instruction ends
        if k and self.max_end[k - 1] > ins.leading_start:
            return True
        j = bisect.bisect_right(self.points, ins.start)  # an insertion inside it
        if j < len(self.points) and self.points[j] < ins.end:
            return True
        # an insertion at the end of a last line without a newline extends that line
        j = bisect.bisect_left(self.points, ins.end)
        return (j < len(self.points) and self.points[j] == ins.end and ins.end > ins.start
                and old_text[ins.end - 1] != "\n")

    def shift(self, pos: int) -> int:
        """Where an untouched offset moves to (insertions at ``pos`` go before it)."""
        import bisect

        return pos + self.delta[bisect.bisect_right(self.ends, pos)]


def structure_ok(old: Dockerfile, new: Dockerfile, edits: list[Edit]) -> str | None:
    """None if ``new`` is a sound result of ``edits`` on ``old``; else why not."""
    if new.errors and not old.errors:
        err = new.errors[0]
        return f"output does not parse: line {err.line}: {err.message}"
    if new.escape != old.escape:
        return "the escape directive changed"
    longest = longest_line(new.text)
    if longest[1] > MAX_LINE_BYTES and longest[1] > longest_line(old.text)[1]:
        return (f"line {longest[0]} would be {longest[1]} bytes long, over BuildKit's limit of {MAX_LINE_BYTES} "
                "(the build would fail to parse it)")
    by_start = {ins.start: ins for ins in new.instructions}
    index = _Edits(edits)
    for ins in old.instructions:
        if index.touches(ins, old.text):
            continue
        ns = index.shift(ins.start)
        n = by_start.get(ns)
        if n is None or n.end - n.start != ins.end - ins.start or n.cmd != ins.cmd:
            return f"the untouched {ins.cmd} on line {ins.line} changed or disappeared"
    return None


def fix_text(text: str, path: str | None, settings: Settings, transforms: list[registry.Transform] | None = None,
             shared: dict | None = None, minimum: Applicability | None = None,
             accept: "Callable[[Finding, str], bool] | None" = None, unfixable_too: bool = True) -> FileResult:
    """Apply fixes to a fixed point.  Never returns text that fails to parse.

    With ``unfixable_too`` False, transforms none of whose fixes reach ``minimum`` are not run
    at all (the output is the same; ``remaining`` lacks their findings): for callers that show
    the fixed text only (``--diff --quiet``, ``--check``).

    ``accept(finding, text)``, when given, is asked about every fix the
    engine would apply (``text`` is the text its offsets refer to); fixes it
    declines are left in ``remaining`` (used by ``dockfix -i``).  A file beside
    the Dockerfile that exists but cannot be read is bad input: ``parse_error``
    says so and nothing is fixed.
    """
    try:
        return _fix_text(text, path, settings, transforms, shared, minimum, accept, unfixable_too)
    except UnreadableFile as e:
        return _unreadable(text, path, e)


def _unreadable(text: str, path: str | None, e: UnreadableFile) -> FileResult:
    result = FileResult(path, text, text)
    result.parse_error = ParseError(f"{e.path}: {e.reason}", 1, 1)
    return result


def _fix_text(text: str, path: str | None, settings: Settings, transforms: list[registry.Transform] | None,
              shared: dict | None, minimum: Applicability | None,
              accept: "Callable[[Finding, str], bool] | None", unfixable_too: bool = True) -> FileResult:
    if transforms is None:
        transforms = select_transforms(settings, path)
    if minimum is None:
        minimum = threshold(settings)
    result = FileResult(path, text, text)
    doc = parse(text, path)
    if doc.errors:
        result.parse_error = doc.errors[0]
        return result
    if _generated_note(text, settings, result):
        return result
    current = text
    dropped: set = set()
    pending = _pending(shared)
    pending = {} if pending is None else pending if isinstance(pending, _Consulted) else dict(pending)
    # transforms none of whose fixes reach ``minimum`` cannot change the text: they run once, in
    # the last round (the one with nothing left to apply), whose findings are the ones reported
    last_only = [t for t in transforms if t.max_applicability < minimum] if unfixable_too else []
    each_round = [t for t in transforms if t.max_applicability >= minimum]
    for rnd in range(MAX_ROUNDS):
        errs: list[str] = []
        notes: list[str] = []
        findings = collect(doc, path, settings, each_round, shared, errs, notes, pending)
        chosen = choose([f for f in findings if f.fix is None or (_key(f, current) not in dropped
                                                                  and (accept is None or accept(f, current)))], minimum)
        if rnd == 0:
            result.notes.extend(notes)
        if not chosen and last_only:
            late_notes: list[str] = []
            findings = sorted(findings + collect(doc, path, settings, last_only, shared, errs, late_notes, pending),
                              key=lambda f: (f.start, f.code))
            result.notes.extend(late_notes)
        for e in errs:
            if e not in result.errors:
                result.errors.append(e)
        if not chosen:
            result.remaining = findings
            result.rounds = rnd
            result.output = current
            if shared is not None and result.side_files:
                shared.setdefault("pending_files", {}).update(result.side_files)
            return result
        edits = [e for f in chosen for e in _fix(f).edits]
        new_text = apply_edits(current, edits)
        new_doc = parse(new_text, path)
        problem = _problem(doc, new_doc, current, new_text, edits, chosen, pending)
        if problem is not None:
            # retry one fix at a time, keep those that are sound alone
            kept = []
            for f in chosen:
                t2 = apply_edits(current, _fix(f).edits)
                d2 = parse(t2, path)
                p2 = _problem(doc, d2, current, t2, list(_fix(f).edits), [f], pending)
                if p2 is None:
                    kept.append(f)
                else:
                    dropped.add(_key(f, current))
                    if p2 != "no change":
                        result.errors.append(f"{f.name}: fix on line {f.line} dropped: {p2}")
                    else:
                        result.errors.append(f"{f.name}: fix on line {f.line} changes nothing; dropped")
            if not kept:
                continue
            kept_edits = [e for f in kept[:1] for e in _fix(f).edits]
            new_text = apply_edits(current, kept_edits)
            new_doc = parse(new_text, path)
            chosen = kept[:1]
        result.applied.extend(chosen)
        for f in chosen:
            for fp, content in _fix(f).files:
                if fp not in result.side_originals:
                    result.side_originals[fp] = pending[fp] if fp in pending else read_side_file(fp)
                pending[fp] = content
                result.side_files[fp] = content
        current = new_text
        doc = new_doc
    # did not converge
    result.errors.append(f"fixes did not converge after {MAX_ROUNDS} rounds; file left unchanged")
    result.output = text
    result.applied = []
    result.side_files = {}
    result.side_originals = {}
    doc = parse(text, path)
    result.remaining = collect(doc, path, settings, transforms, shared)
    return result


def _generated_note(text: str, settings: Settings, result: FileResult) -> bool:
    """A generated file (its header says so) is reported with one note and not
    edited, unless the option ``edit-generated`` is on; True when it is."""
    if option_bool(settings.options.get("edit-generated", False)):
        return False
    header = generated_header(text)
    if header is None:
        return False
    result.notes.append(f"generated file ({header!r}): not edited; fix the template it is generated from "
                        "(or --option edit-generated=true)")
    return True


def _problem(doc: Dockerfile, new_doc: Dockerfile, old_text: str, new_text: str, edits: list[Edit],
             fixes: list[Finding], pending: dict) -> str | None:
    """Why a round's result cannot be kept (None: it can)."""
    if new_text != old_text:
        return structure_ok(doc, new_doc, edits)
    for f in fixes:
        for fp, content in _fix(f).files:
            current = pending[fp] if fp in pending else read_side_file(fp)
            if content != current:
                return None
    return "no change"


def _key(f: Finding, text: str) -> tuple:
    """Identity of a fix that survives offsets shifting between rounds."""
    edits = _fix(f).edits if f.fix else ()
    files = _fix(f).files if f.fix else ()
    return (f.name, tuple((text[e.start : e.end], e.content) for e in edits), files)


def check_text(text: str, path: str | None, settings: Settings, transforms: list[registry.Transform] | None = None,
               shared: dict | None = None, suppressed: list | None = None) -> FileResult:
    """Findings only (nothing applied); ``suppressed``, when a list, gets the suppressed
    findings with what suppressed them (``collect``)."""
    if transforms is None:
        transforms = select_transforms(settings, path)
    result = FileResult(path, text, text)
    doc = parse(text, path)
    if doc.errors:
        result.parse_error = doc.errors[0]
        return result
    if _generated_note(text, settings, result):
        return result
    errs: list[str] = []
    result.doc = doc
    try:
        result.remaining = collect(doc, path, settings, transforms, shared, errs, result.notes, suppressed=suppressed)
    except UnreadableFile as e:
        return _unreadable(text, path, e)
    result.errors.extend(errs)
    return result
