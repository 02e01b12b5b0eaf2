"""Transform base class and the self-registering registry."""

from __future__ import annotations

import importlib
import pkgutil
import re
from typing import TYPE_CHECKING, ClassVar, Iterator

from dockfix.fixing.edit import SAFE, Applicability, Edit, Finding, Fix
from dockfix.fixing.options import GLOBAL_OPTIONS, Option, OptionError, index, validate

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.fixing.context import Context

_REGISTRY: dict[str, type["Transform"]] = {}
_LOADED = False
# transform modules that failed to import: module name -> error text
IMPORT_ERRORS: dict[str, str] = {}
_NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class Transform:
    """A fix pass.  Subclasses register themselves by being defined.

    Set the class attributes, then implement ``check`` to yield findings
    (``ctx.finding(...)``) with or without a ``Fix``.  A transform that
    declines to fix something it found should still yield the finding with
    ``refused="reason"``; raising is treated as an internal error and never
    breaks the run.
    """

    name: ClassVar[str] = ""
    code: ClassVar[str] = ""
    summary: ClassVar[str] = ""  # one line
    explanation: ClassVar[str] = ""  # What / Why / Example / Fix safety
    hadolint: ClassVar[tuple[str, ...]] = ()  # DL/SC codes answered
    buildkit: ClassVar[tuple[str, ...]] = ()  # BuildKit check names answered
    applicability: ClassVar[Applicability] = SAFE  # the usual applicability of its fixes
    # the highest applicability any of its fixes can have (the engine holds it to that): a
    # transform whose fixes are never safe runs in a safe-only run's last round alone, the one
    # whose findings are reported, since no earlier round could apply its fixes
    max_applicability: ClassVar[Applicability] = SAFE
    default_enabled: ClassVar[bool] = True  # False: runs only when selected
    # its fixes only make the shipped image smaller (caches, package lists): in a builder stage,
    # whose layers only COPY --from reads, they gain nothing, so the engine offers none there
    shipped_stages_only: ClassVar[bool] = False
    needs_network: ClassVar[bool] = False
    links: ClassVar[tuple[str, ...]] = ()  # documentation URLs for PR texts
    # among overlapping fixes of the same applicability in one round, a lower
    # order wins (the others are retried on the next round's text)
    order: ClassVar[int] = 0
    # the options it reads (``--option NAME=VALUE`` or the config file), besides GLOBAL_OPTIONS
    options: ClassVar[tuple[Option, ...]] = ()

    def __init_subclass__(cls, register: bool = True, **kw):
        super().__init_subclass__(**kw)
        if not cls.name or not register:  # abstract helper base, or a test's own transform
            return
        if not _NAME_RE.match(cls.name):
            raise ValueError(f"transform name must be kebab-case: {cls.name!r}")
        for o in cls.options:
            if not isinstance(o, Option) or not _NAME_RE.match(o.name):
                raise ValueError(f"{cls.name}: options must be Option(...) with kebab-case names: {o!r}")
        other = _REGISTRY.get(cls.name)
        if other is not None and other.__qualname__ != cls.__qualname__:
            raise ValueError(f"duplicate transform name {cls.name!r}")
        for t in _REGISTRY.values():
            if t.code == cls.code and t.name != cls.name:
                raise ValueError(f"duplicate transform code {cls.code!r} ({t.name}, {cls.name})")
        _REGISTRY[cls.name] = cls

    def check(self, ctx: "Context") -> Iterator[Finding]:  # pragma: no cover - abstract
        raise NotImplementedError

    @classmethod
    def data_note(cls) -> str:
        """The shipped data it reads and that data's date (``dockfix explain``'s Data line), if any."""
        return ""

    # convenience for subclasses
    @classmethod
    def describe(cls) -> dict:
        return {
            "name": cls.name,
            "code": cls.code,
            "summary": cls.summary,
            "applicability": cls.applicability.label,
            "max_applicability": cls.max_applicability.label,
            "default_enabled": cls.default_enabled,
            "hadolint": list(cls.hadolint),
            "buildkit": list(cls.buildkit),
            "options": [{"name": o.name, "type": o.type_name, "default": o.default, "help": o.help}
                        for o in cls.options],
        }

    @classmethod
    def option_named(cls, name: str) -> Option:
        """The declaration of option ``name`` (the transform's own, else a global one); KeyError if undeclared."""
        for o in cls.options:
            if o.name == name:
                return o
        for o in GLOBAL_OPTIONS:
            if o.name == name:
                return o
        raise KeyError(f"{cls.name or cls.__name__} reads option {name!r} without declaring it")


def load_all() -> dict[str, type[Transform]]:
    """Import every module of ``dockfix.transforms`` once; return the registry."""
    global _LOADED
    if not _LOADED:
        pkg = importlib.import_module("dockfix.transforms")
        infos = pkgutil.walk_packages(pkg.__path__, prefix="dockfix.transforms.")
        for info in sorted(infos, key=lambda i: i.name):
            leaf = info.name.rpartition(".")[2]
            if info.ispkg or leaf.startswith("_"):
                continue
            try:
                importlib.import_module(info.name)
            except Exception as e:  # one broken module must not take the others down
                IMPORT_ERRORS[info.name.removeprefix("dockfix.transforms.")] = f"{type(e).__name__}: {e}"
        _LOADED = True
    return dict(sorted(_REGISTRY.items(), key=lambda kv: (kv[1].code, kv[0])))


def known_options() -> dict[str, Option]:
    """Every option a run may set: the global ones and each loaded transform's."""
    declared = list(GLOBAL_OPTIONS)
    for t in load_all().values():
        declared.extend(t.options)
    return index(declared)


def validate_options(values: dict) -> None:
    """OptionError for the first unknown option or value of the wrong type in ``values``."""
    validate(known_options(), values)


def get(name: str) -> type[Transform] | None:
    reg = load_all()
    if name in reg:
        return reg[name]
    for t in reg.values():
        if t.code.lower() == name.lower():
            return t
    return None


def matches(t: type[Transform], selector: str) -> bool:
    """A selector names a transform by name, code, hadolint code or BuildKit check, or ALL."""
    s = selector.strip()
    if not s:
        return False
    if s.upper() == "ALL":
        return True
    low = s.lower()
    return (
        low == t.name
        or low == t.code.lower()
        or any(low == c.lower() for c in t.hadolint)
        or any(low == c.lower() for c in t.buildkit)
    )


__all__ = ["Transform", "Finding", "Fix", "Edit", "Option", "OptionError", "load_all", "get", "matches",
           "known_options", "validate_options"]
