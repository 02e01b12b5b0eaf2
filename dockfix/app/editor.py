"""What the language server knows about one editor buffer, without the protocol: the editor's
settings (ruff's names), the settings of a document (its nearest configuration file, re-read when
it changes), the analysis of the buffer's text (findings, unused suppressions, bad input) and the
fixed text of fix-all.  The engine calls are the command line's (``runner.file_settings`` and
``runner.run_engine``); ``dockfix.app.lsp`` turns the results into LSP messages.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dockfix.app.runner import file_settings, run_engine
from dockfix.fixing.config import ConfigError, ConfigFinder, Settings, override
from dockfix.fixing.selection import overrides

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.fixing.edit import Finding
    from dockfix.fixing.engine import FileResult
    from dockfix.fixing.suppressions import Unused
    from dockfix.syntax.cst import Dockerfile

PREFERENCES = ("editorFirst", "filesystemFirst", "editorOnly")
REGISTRY_MODES = ("cache", "off")
CONFIG_NAMES = (".dockfix.toml", "pyproject.toml")


# -- positions ----------------------------------------------------------------------------------
_BREAK = re.compile(r"\r\n|\r|\n")


class Positions:
    """Offsets in a text <-> LSP positions: lines end at ``\\n``, ``\\r\\n`` or ``\\r`` (the
    protocol's rule), characters are counted in the negotiated encoding (utf-16 by default)."""

    def __init__(self, text: str, encoding: str = "utf-16"):
        self.text = text
        self.encoding = encoding
        self.starts = [0] + [m.end() for m in _BREAK.finditer(text)]

    def _units(self, s: str) -> int:
        if self.encoding == "utf-32" or s.isascii():
            return len(s)
        if self.encoding == "utf-8":
            return len(s.encode("utf-8", "surrogatepass"))
        return len(s.encode("utf-16-le", "surrogatepass")) // 2

    def position(self, offset: int) -> tuple[int, int]:
        """(line, character), both 0-based."""
        offset = max(0, min(offset, len(self.text)))
        k = bisect.bisect_right(self.starts, offset) - 1
        return k, self._units(self.text[self.starts[k]:offset])

    def offset(self, line: int, character: int) -> int:
        """The offset of a position (clamped to its line, as the protocol asks)."""
        if line >= len(self.starts):
            return len(self.text)
        start = self.starts[max(0, line)]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.text)
        while end > start and self.text[end - 1] in "\r\n":
            end -= 1
        if self.encoding == "utf-32" or self.text[start:end].isascii():
            return min(start + max(0, character), end)
        units = 0
        for i in range(start, end):
            if units >= character:
                return i
            units += self._units(self.text[i])
        return end

    def span(self, start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]]:
        """A finding's range, without the line break its span ends with."""
        while end > start and self.text[end - 1:end] in ("\n", "\r"):
            end -= 1
        return self.position(start), self.position(end)


# -- the editor's settings ----------------------------------------------------------------------
@dataclass(frozen=True)
class EditorSettings:
    """The settings an editor sends (ruff's names where they mean the same)."""

    configuration: str | None = None  # a configuration file used instead of the nearest one (--config)
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] | None = None
    unsafe_fixes: bool | None = None  # None: as the configuration says
    fix_all: bool = True  # offer source.fixAll.dockfix
    configuration_preference: str = "editorFirst"
    options: tuple[tuple[str, Any], ...] = ()  # transform options, as --option / the config file
    registry: str = "cache"  # pin-digest and friends: "cache" (never the network) or "off"
    lint_delay_ms: int = 15  # debounce of changes


_KEYS = {"configuration": "configuration", "select": "select", "extendSelect": "extend_select",
         "ignore": "ignore", "unsafeFixes": "unsafe_fixes", "fixAll": "fix_all",
         "configurationPreference": "configuration_preference", "options": "options",
         "registry": "registry", "lintDelay": "lint_delay_ms"}


def unwrap(raw: Any) -> dict:
    """The dockfix settings in what a client sends: ``{"settings": {...}}`` (ruff's initialization
    options), ``{"dockfix": {...}}`` (a configuration section) or the settings themselves."""
    while isinstance(raw, dict) and len(raw) == 1 and next(iter(raw)) in ("settings", "dockfix"):
        raw = next(iter(raw.values()))
    return raw if isinstance(raw, dict) else {}


def _names(value: Any) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        raise ValueError("a list of transform names")
    return tuple(str(v).strip() for v in value if str(v).strip())


def parse_editor_settings(raw: Any, root: str | None = None) -> tuple[EditorSettings, list[str]]:
    """The settings, and what was wrong with them (each wrong value is left at its default)."""
    from dockfix.fixing import registry

    raw = unwrap(raw)
    kw: dict[str, Any] = {}
    problems: list[str] = []
    reg = registry.load_all().values()
    for key, value in raw.items():
        attr = _KEYS.get(key)
        if attr is None or value is None:
            continue
        try:
            kw[attr] = _setting(attr, value, root)
        except ValueError as e:
            problems.append(f"setting {key}: expected {e}, got {value!r}")
            kw.pop(attr, None)
            continue
        if attr in ("select", "extend_select", "ignore"):
            bad = [s for s in kw[attr] if not any(registry.matches(t, s) for t in reg)]
            if bad:
                problems.append(f"setting {key}: unknown transform {', '.join(map(repr, bad))} (see dockfix --list)")
                kw[attr] = tuple(s for s in kw[attr] if s not in bad)
    if "options" in kw:
        try:
            registry.validate_options(dict(kw["options"]))
        except registry.OptionError as e:
            problems.append(f"setting options: {e}")
            del kw["options"]
    return EditorSettings(**kw), problems


def _setting(attr: str, value: Any, root: str | None) -> Any:
    if attr in ("select", "extend_select", "ignore"):
        return _names(value)
    if attr in ("unsafe_fixes", "fix_all"):
        if not isinstance(value, bool):
            raise ValueError("true or false")
        return value
    if attr == "configuration":
        if not isinstance(value, str):
            raise ValueError("the path of a configuration file")
        path = os.path.expanduser(value)
        return os.path.join(root, path) if root and not os.path.isabs(path) else path
    if attr == "configuration_preference":
        if value not in PREFERENCES:
            raise ValueError(" or ".join(PREFERENCES))
        return value
    if attr == "registry":
        if value not in REGISTRY_MODES:
            raise ValueError(" or ".join(REGISTRY_MODES))
        return value
    if attr == "lint_delay_ms":
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 5000:
            raise ValueError("milliseconds (0 to 5000)")
        return value
    if not isinstance(value, dict):
        raise ValueError("a table of option = value")
    return tuple(sorted(value.items()))


# -- the settings of a document -------------------------------------------------------------------
class DocumentSettings:
    """The settings of each document: the nearest ``.dockfix.toml`` / ``pyproject.toml`` (or the
    ``configuration`` setting's file), combined with the editor's settings as
    ``configurationPreference`` says.  A configuration file that appears, changes or goes away is
    noticed on the next look-up (the files that could apply are checked, a few stat calls)."""

    def __init__(self, editor: EditorSettings):
        self.editor = editor
        self.finder = ConfigFinder(editor.configuration)
        self.seen: dict[str, int | None] = {}  # configuration file candidates -> mtime when read

    def stamp(self, path: str | None) -> tuple:
        """The state of the configuration files that could apply to ``path``."""
        candidates = [self.editor.configuration] if self.editor.configuration else _candidates(path)
        return tuple(_mtime(c) for c in candidates)

    def for_document(self, path: str | None) -> Settings:
        """ConfigError for a bad configuration file."""
        if self.editor.configuration_preference == "editorOnly":
            return self._editor_over(Settings(), path)
        self._refresh(path)
        base = file_settings(self.finder, path, {})
        if self.editor.configuration_preference == "filesystemFirst" and base.config_path is not None:
            return self._always(base)
        return self._editor_over(base, path)

    def _refresh(self, path: str | None) -> None:
        candidates = [self.editor.configuration] if self.editor.configuration else _candidates(path)
        changed = False
        for c in candidates:
            m = _mtime(c)
            if c in self.seen and self.seen[c] != m:
                changed = True
            self.seen[c] = m
        if changed:
            self.finder = ConfigFinder(self.editor.configuration)

    def _editor_over(self, base: Settings, path: str | None) -> Settings:
        e = self.editor
        cli = overrides(e.select, e.extend_select, e.ignore, e.unsafe_fixes, dict(e.options) or None)
        return self._always(override(base, **cli))

    def _always(self, s: Settings) -> Settings:
        """What the server sets whatever the configuration: image look-ups never reach the
        network (only the cache), or are off altogether."""
        s = override(s, options={"offline": True})
        if self.editor.registry == "off":
            from dockfix.fixing import registry

            net = tuple(t.name for t in registry.load_all().values() if t.needs_network)
            s = override(s, ignore=tuple(s.ignore) + net)
        return s


def _candidates(path: str | None) -> list[str]:
    d = os.path.dirname(os.path.abspath(path)) if path else os.getcwd()
    out: list[str] = []
    while True:
        out.extend(os.path.join(d, n) for n in CONFIG_NAMES)
        parent = os.path.dirname(d)
        if parent == d:
            return out
        d = parent


def _mtime(p: str) -> int | None:
    try:
        return os.stat(p).st_mtime_ns
    except OSError:
        return None


def is_config_file(path: str | None) -> bool:
    return bool(path) and os.path.basename(path or "") in CONFIG_NAMES


# -- the analysis of a buffer -----------------------------------------------------------------
@dataclass
class Problem:
    """Bad input: an error at a place in the buffer (a parse error, a bad configuration file)."""

    message: str
    offset: int = 0
    related: tuple[str, int, int] | None = None  # (file, line, col) 1-based: where the cause is


@dataclass
class Analysis:
    """One version of one buffer, checked."""

    path: str | None
    text: str
    settings: Settings | None = None
    findings: list["Finding"] = field(default_factory=list)
    unused: list["Unused"] = field(default_factory=list)
    problem: Problem | None = None
    errors: list[str] = field(default_factory=list)  # internal errors (a transform crashed)
    notes: list[str] = field(default_factory=list)
    doc: "Dockerfile | None" = None
    fixed: dict = field(default_factory=dict)  # unsafe (bool) -> FileResult of fix-all

    @property
    def unsafe_allowed(self) -> bool:
        return bool(self.settings and self.settings.unsafe_fixes)

    def fix_all(self, unsafe: bool | None = None) -> "FileResult | None":
        """The buffer fixed to a fixed point exactly as ``dockfix --fix`` (``unsafe`` None: as the
        settings say), cached; None when the buffer has bad input."""
        if self.settings is None or self.problem is not None:
            return None
        s = self.settings if unsafe is None else override(self.settings, unsafe_fixes=unsafe)
        key = s.unsafe_fixes
        if key not in self.fixed:
            self.fixed[key] = run_engine(self.text, self.path, s, "fix", {})
        res = self.fixed[key]
        return None if res.parse_error is not None else res


def prepare(text: str, path: str | None, settings: DocumentSettings) -> Analysis:
    """An analysis with the document's settings only (what fix-all needs), or its configuration problem."""
    out = Analysis(path, text)
    try:
        out.settings = settings.for_document(path)
    except ConfigError as e:
        out.problem = Problem(f"configuration {e.path}:{e.line}:{e.col}: {e.message}", 0, (e.path, e.line, e.col))
    return out


def analyse(text: str, path: str | None, settings: DocumentSettings) -> Analysis:
    """Findings of a buffer's text with the settings of its file (nothing is read but the
    configuration files and the files beside it that transforms read, such as .dockerignore)."""
    from dockfix.fixing import registry
    from dockfix.fixing.engine import select_transforms
    from dockfix.fixing.suppressions import unused
    from dockfix.syntax.cst import parse

    out = prepare(text, path, settings)
    if out.settings is None:
        return out
    suppressed: list = []
    res = run_engine(text, path, out.settings, "report", {}, suppressed=suppressed)
    if res.parse_error is not None:
        err = res.parse_error
        starts = Positions(text, "utf-32").starts
        line = min(max(0, err.line - 1), len(starts) - 1)
        out.problem = Problem(err.message, min(len(text), starts[line] + max(0, err.col - 1)))
        return out
    out.findings, out.errors, out.notes = res.remaining, res.errors, res.notes
    out.doc = res.doc if res.doc is not None else parse(text, path)
    if "dockfix" in text:
        out.unused = unused(out.doc, select_transforms(out.settings, path), suppressed, registry.load_all().values())
    return out


def fixable(f: "Finding", unsafe_allowed: bool) -> bool:
    """A quick fix is offered: a safe fix, or an unsafe one when the settings allow unsafe fixes."""
    from dockfix.fixing.edit import SAFE, UNSAFE

    if f.fix is None:
        return False
    return f.fix.applicability == SAFE or (f.fix.applicability == UNSAFE and unsafe_allowed)


def fix_is_sound(a: Analysis, f: "Finding") -> bool:
    """Applied alone, the fix leaves a file that parses and untouched instructions in place (the
    engine's own test for a round)."""
    from dockfix.fixing.edit import apply_edits
    from dockfix.fixing.engine import structure_ok
    from dockfix.syntax.cst import parse

    if f.fix is None or a.doc is None:
        return False
    if not f.fix.edits:
        return True
    new = apply_edits(a.text, f.fix.edits)
    return new != a.text and structure_ok(a.doc, parse(new, a.path), list(f.fix.edits)) is None


def middle_edit(old: str, new: str) -> tuple[int, int, str]:
    """One replacement that turns ``old`` into ``new``: (start, end, text) of the part that differs."""
    n = min(len(old), len(new))
    a = 0
    while a < n and old[a] == new[a]:
        a += 1
    b = 0
    while b < n - a and old[len(old) - 1 - b] == new[len(new) - 1 - b]:
        b += 1
    if 0 < a < len(old) and old[a - 1] == "\r" and old[a] == "\n":
        a -= 1  # never between the two characters of a CRLF
    end = len(old) - b
    if 0 < end < len(old) and old[end - 1] == "\r" and old[end] == "\n":
        b -= 1
    return a, len(old) - b, new[a:len(new) - b]
