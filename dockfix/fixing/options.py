"""Typed options: what ``--option NAME=VALUE`` and the configuration file may set.

A transform declares its options as a class attribute
(``options = (Option("user-uid", int, 10001, "..."),)``); options that belong to
no transform (the image registry and pinning settings) are in ``GLOBAL_OPTIONS``.
``Settings.options`` keeps the values as given (strings from the command line,
TOML values from a file); ``validate`` checks them at startup and ``Option.read``
turns one into its declared type.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off")
_TYPE_NAMES = {bool: "bool", int: "int", float: "number", str: "str", list: "list"}


class OptionError(ValueError):
    """An option that is unknown or has a value of the wrong type (a usage error)."""

    def __init__(self, name: str, message: str):
        super().__init__(message)
        self.name = name
        self.message = message


@dataclass(frozen=True)
class Option:
    """One option: its name (kebab-case), type (bool, int, float, str or list), default and help."""

    name: str
    type: type = str
    default: Any = None
    help: str = ""

    @property
    def type_name(self) -> str:
        return _TYPE_NAMES.get(self.type, self.type.__name__)

    def read(self, value: Any) -> Any:
        """``value`` (a string from ``--option`` or a TOML value) as this option's type;
        the default when it is None; OptionError when it does not fit."""
        if value is None:
            return list(self.default) if isinstance(self.default, list) else self.default
        conv = _CONVERTERS[self.type]
        out = conv(value)
        if out is _BAD:
            raise OptionError(self.name, f"option '{self.name}' takes {_EXPECTS[self.type]}, got {value!r}")
        return out


_BAD = object()


def _to_bool(v: Any) -> Any:
    if isinstance(v, bool):
        return v
    if isinstance(v, str):
        s = v.strip().lower()
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
    return _BAD


def _to_int(v: Any) -> Any:
    if isinstance(v, bool):
        return _BAD
    if isinstance(v, int):
        return v
    if isinstance(v, str):
        try:
            return int(v.strip())
        except ValueError:
            return _BAD
    return _BAD


def _to_float(v: Any) -> Any:
    if isinstance(v, bool):
        return _BAD
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str):
        try:
            return float(v.strip())
        except ValueError:
            return _BAD
    return _BAD


def _to_str(v: Any) -> Any:
    return v if isinstance(v, str) else _BAD


def _to_list(v: Any) -> Any:
    if isinstance(v, str):
        return [x.strip() for x in v.split(",") if x.strip()]
    if isinstance(v, (list, tuple)) and all(isinstance(x, str) for x in v):
        return [x.strip() for x in v if x.strip()]
    return _BAD


_CONVERTERS = {bool: _to_bool, int: _to_int, float: _to_float, str: _to_str, list: _to_list}
_EXPECTS = {
    bool: "true or false",
    int: "a whole number",
    float: "a number",
    str: "a string",
    list: "a list of strings (or a comma-separated string)",
}

# options read outside any transform: by the image registry client (dockfix.oci.client.Resolver)
# and by more than one transform (pin, offline), set by --pin/--offline/--refresh-pins/--insecure-registry
GLOBAL_OPTIONS: tuple[Option, ...] = (
    Option("pin", bool, False, "also pin base images to digests (--pin)"),
    Option("offline", bool, False, "image lookups use only the cache (--offline)"),
    Option("refresh-pins", bool, False, "re-resolve existing tag@digest pins (--refresh-pins)"),
    Option("insecure-registries", list, [], "registries reached over plain HTTP (--insecure-registry)"),
    Option("registry-mirrors", list, [], "mirrors tried first for docker.io"),
    Option("pin-cache", bool, True, "keep resolved digests in the disk cache"),
    Option("pin-ttl", float, 6 * 3600.0, "seconds a cached digest stays fresh"),
    Option("pin-timeout", float, 10.0, "seconds to wait for a registry request"),
    Option("pin-retries", int, 3, "retries of a failed registry request"),
    Option("pin-max-retry-after", float, 60.0, "longest Retry-After (seconds) honoured"),
    Option("pin-concurrency", int, 8, "registry requests in parallel"),
)


def index(declared: Iterable[Option]) -> dict[str, Option]:
    """Options by name (the first declaration of a name wins)."""
    out: dict[str, Option] = {}
    for o in declared:
        out.setdefault(o.name, o)
    return out


def check_value(known: Mapping[str, Option], name: str, value: Any) -> None:
    """OptionError when ``name`` is not a known option or ``value`` is not of its type."""
    opt = known.get(name)
    if opt is None:
        close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else " (see dockfix explain NAME for a transform's options)"
        raise OptionError(name, f"unknown option '{name}'{hint}")
    opt.read(value)


def validate(known: Mapping[str, Option], values: Mapping[str, Any]) -> None:
    """Check every option of ``values`` (raises OptionError on the first bad one)."""
    for name, value in values.items():
        check_value(known, name, value)


__all__ = ["Option", "OptionError", "GLOBAL_OPTIONS", "index", "check_value", "validate"]
