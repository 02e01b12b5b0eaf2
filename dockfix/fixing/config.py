"""Configuration: ``[tool.dockfix]`` in pyproject.toml or ``.dockfix.toml``.

The nearest configuration file to a Dockerfile wins (no merging across
files); command-line flags win over the file.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from dockfix.syntax.regular import UnreadableFile, read_regular

KNOWN_KEYS = {"select", "extend-select", "ignore", "unsafe-fixes", "per-file-ignores", "context"}


class ConfigError(Exception):
    def __init__(self, path: str, message: str, line: int = 1, col: int = 1):
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line
        self.col = col


@dataclass(frozen=True)
class Settings:
    select: tuple[str, ...] | None = None  # None: the default set
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    unsafe_fixes: bool = False
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    context: str | None = None
    options: dict = field(default_factory=dict, hash=False, compare=False)  # transform options
    config_path: str | None = None
    config_dir: str | None = None

    def ignores_for(self, path: str | None) -> tuple[str, ...]:
        if not path or not self.per_file_ignores:
            return ()
        out: list[str] = []
        rel = path
        if self.config_dir:
            try:
                rel = os.path.relpath(os.path.abspath(path), self.config_dir)
            except ValueError:
                rel = path
        rel = rel.replace(os.sep, "/")
        for pattern, names in self.per_file_ignores:
            if fnmatch.fnmatch(rel, pattern) or fnmatch.fnmatch(os.path.basename(rel), pattern):
                out.extend(names)
        return tuple(out)


def _names(value, path: str, key: str, table: str | None = None) -> tuple[str, ...]:
    """Transform names (or codes, DL codes, ALL) of ``key``; ConfigError at the key for a value
    that is not a list of names or names no transform answers to (``table``: the key is in
    that table, as the globs of per-file-ignores are)."""
    from dockfix.fixing import registry

    if isinstance(value, str):
        value = [v for v in value.split(",")]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        line, col = key_position(path, key, table)
        raise ConfigError(path, f"'{key}' must be a list of transform names", line, col)
    names = tuple(v.strip() for v in value if v.strip())
    transforms = list(registry.load_all().values())
    for n in names:
        if not any(registry.matches(t, n) for t in transforms):
            line, col = key_position(path, key, table)
            where = f"per-file-ignores '{key}'" if table else f"'{key}'"
            raise ConfigError(path, f"unknown transform {n!r} in {where} (see dockfix --list)", line, col)
    return names


def settings_from_table(table: dict, path: str) -> Settings:
    kw: dict = {"config_path": path, "config_dir": os.path.dirname(os.path.abspath(path))}
    options = {}
    raw: dict[str, str] = {}  # option name -> the key as written
    for key, value in table.items():
        k = key.replace("_", "-")
        if k == "select":
            kw["select"] = _names(value, path, key)
        elif k == "extend-select":
            kw["extend_select"] = _names(value, path, key)
        elif k == "ignore":
            kw["ignore"] = _names(value, path, key)
        elif k == "unsafe-fixes":
            if not isinstance(value, bool):
                raise ConfigError(path, "'unsafe-fixes' must be true or false")
            kw["unsafe_fixes"] = value
        elif k == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(path, "'per-file-ignores' must be a table of glob = [names]")
            kw["per_file_ignores"] = tuple((g, _names(v, path, g, key)) for g, v in value.items())
        elif k == "context":
            if not isinstance(value, str):
                raise ConfigError(path, "'context' must be a path")
            kw["context"] = os.path.join(kw["config_dir"], value)
        else:
            options[k] = value
            raw[k] = key
    _check_options(options, raw, path)
    kw["options"] = options
    return Settings(**kw)


def _check_options(options: dict, raw: dict[str, str], path: str) -> None:
    """ConfigError (at the key's line when it can be found) for an unknown option or a wrong type."""
    from dockfix.fixing.registry import OptionError, validate_options

    try:
        validate_options(options)
    except OptionError as e:
        line, col = key_position(path, raw.get(e.name, e.name))
        raise ConfigError(path, e.message, line, col) from None


_HEADER_RE = re.compile(r"^\s*\[\[?\s*([^\]]*?)\s*\]")


def key_position(path: str, key: str, table: str | None = None) -> tuple[int, int]:
    """Line and column (1-based) where ``key`` of the dockfix table is set in the file at ``path``:
    ``key = ...`` in ``[tool.dockfix]`` (or at the top of a ``.dockfix.toml``), or a
    ``[tool.dockfix.key]`` / ``[key]`` table header; ``table``: the key is in that sub-table
    (``[tool.dockfix.table]``); (1, 1) when it cannot be found."""
    try:
        lines = read_regular(path).decode("utf-8", "replace").splitlines()
    except OSError:
        return 1, 1
    pyproject = os.path.basename(path) == "pyproject.toml"
    tables: tuple[str, ...] = ("tool.dockfix",) if pyproject else ("", "tool.dockfix")
    if table:
        tables = tuple(f"{t}.{table}" if t else table for t in tables)
    quoted = rf"(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')"
    assign = re.compile(rf"^(\s*){quoted}\s*[=.]")
    section = ""
    for n, text in enumerate(lines, 1):
        h = _HEADER_RE.match(text)
        if h:
            section = re.sub(r"\s*\.\s*", ".", h.group(1)).replace('"', "").replace("'", "")
            for t in tables:
                if section == (f"{t}.{key}" if t else key) or section.startswith(f"{t}.{key}." if t else f"{key}."):
                    return n, text.index(key) + 1 if key in text else 1
            continue
        m = assign.match(text)
        if m and section in tables:
            return n, len(m.group(1)) + 1
    return 1, 1


def _load_toml(path: str) -> dict:
    """The TOML document at ``path``; ConfigError (with the place) for a file that cannot be
    read (not a regular file, too large), is not UTF-8, nests too deeply or is not TOML."""
    import tomllib

    try:
        data = read_regular(path)
    except UnreadableFile as e:
        raise ConfigError(path, e.reason) from None
    except OSError as e:
        raise ConfigError(path, f"cannot read: {e.strerror or e}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        raise ConfigError(path, f"invalid TOML: not UTF-8 (byte 0x{data[e.start]:02x})", line, col) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        line = getattr(e, "lineno", 1) or 1
        col = getattr(e, "colno", 1) or 1
        raise ConfigError(path, f"invalid TOML: {e.args[0] if e.args else e}", line, col) from None
    except RecursionError:
        raise ConfigError(path, "invalid TOML: arrays or tables nested too deeply") from None


class ConfigFinder:
    """Finds and caches the nearest configuration per directory."""

    def __init__(self, explicit: str | None = None):
        self._cache: dict[str, Settings] = {}
        self.explicit = explicit
        self._explicit_settings: Settings | None = None

    def for_file(self, path: str | None) -> Settings:
        if self.explicit:
            if self._explicit_settings is None:
                self._explicit_settings = self._read(self.explicit) or Settings(config_path=self.explicit)
            return self._explicit_settings
        start = os.path.dirname(os.path.abspath(path)) if path else os.getcwd()
        return self._for_dir(start)

    def _for_dir(self, d: str) -> Settings:
        """The settings of the nearest configuration at or above ``d`` (a loop upwards, not a
        recursion: a tree of any depth)."""
        visited: list[str] = []
        found = None
        while True:
            if d in self._cache:
                found = self._cache[d]
                break
            visited.append(d)
            for name in (".dockfix.toml", "pyproject.toml"):
                p = os.path.join(d, name)
                if os.path.exists(p) and not os.path.isdir(p):  # a FIFO is read (and refused), not ignored
                    found = self._read(p)
                    if found is not None:
                        break
            if found is not None:
                break
            parent = os.path.dirname(d)
            if parent == d:
                found = Settings()
                break
            d = parent
        for v in visited:
            self._cache[v] = found
        return found

    def _read(self, p: str) -> Settings | None:
        data = _load_toml(p)
        table = data.get("tool", {}).get("dockfix") if isinstance(data.get("tool"), dict) else None
        if table is None and os.path.basename(p) != "pyproject.toml":
            # .dockfix.toml: keys at the top level (or under [tool.dockfix])
            table = {k: v for k, v in data.items() if k != "tool"}
        if table is None:
            return None
        if not isinstance(table, dict):
            raise ConfigError(p, "[tool.dockfix] must be a table")
        return settings_from_table(table, p)


def override(s: Settings, **cli) -> Settings:
    """Apply command-line values (None means: not given)."""
    changes = {k: v for k, v in cli.items() if v is not None}
    if "options" in changes:
        merged = dict(s.options)
        merged.update(changes["options"])
        changes["options"] = merged
    return replace(s, **changes)


def option_bool(v) -> bool:
    """A transform option as a flag: ``true``/``1``/``yes``/``on`` (from
    ``--option k=v``) or a TOML boolean."""
    if isinstance(v, bool):
        return v
    return v is not None and str(v).strip().lower() in ("1", "true", "yes", "on")


def option_list(v) -> list[str]:
    """A transform option as a list: comma-separated (from ``--option``) or a TOML list."""
    if v is None or v is False:
        return []
    if isinstance(v, str):
        return [x.strip() for x in v.split(",") if x.strip()]
    if isinstance(v, (list, tuple)):
        return [str(x).strip() for x in v if str(x).strip()]
    return []


def find_repo_root(start: str) -> Path | None:
    p = Path(start).resolve()
    for d in (p, *p.parents):
        if (d / ".git").exists():
            return d
    return None
