"""The text of ``dockfix explain NAME`` (the command line, and the language server's explanations)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.fixing.registry import Option, Transform


def find_transform(name: str) -> "type[Transform] | None":
    """The transform a name, code, hadolint code or BuildKit check names (None: none or several)."""
    from dockfix.fixing import registry

    t = registry.get(name)
    if t is not None:
        return t
    matches = [c for c in registry.load_all().values() if registry.matches(c, name)]
    return matches[0] if len(matches) == 1 else None


def explain_text(t: "type[Transform]") -> str:
    """Name and code, summary, what it answers, its fix applicability, the explanation and its options."""
    out = [f"{t.name} ({t.code})", t.summary, ""]
    answers = list(t.hadolint) + list(t.buildkit)
    out.append(f"Answers: {', '.join(answers) if answers else '-'}")
    out.append(f"Fix applicability: {t.applicability.label}"
               + ("" if t.default_enabled else " (opt-in: run with --select " + t.name + ")"))
    out += ["", t.explanation.strip()]
    note = t.data_note()
    if note:
        out += ["", f"Data: {note}"]
    if t.options:
        out += ["", options_help(t.options)]
    return "\n".join(out)


def fix_safety(t: "type[Transform]") -> str:
    """The explanation's "Fix safety" paragraph (why a fix is or is not safe), '' when it has none."""
    text = t.explanation.strip()
    low = text.lower()
    at = low.find("fix safety")
    if at < 0:
        return ""
    body = text[at + len("fix safety"):].lstrip(" :*#\n-")
    end = body.find("\n\n")
    return " ".join((body if end < 0 else body[:end]).split())


def options_help(options: "tuple[Option, ...] | list[Option]") -> str:
    """The ``Options:`` section of ``dockfix explain``: name, type, default and help of each."""
    rows = [(o.name, o.type_name, "-" if o.default is None else _toml_value(o.default), o.help) for o in options]
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    w2 = max(len(r[2]) for r in rows)
    out = ["Options (--option NAME=VALUE, or NAME = VALUE in the configuration file):"]
    out += [f"  {n:{w0}}  {ty:{w1}}  default {d:{w2}}  {h}".rstrip() for n, ty, d, h in rows]
    return "\n".join(out)


def _toml_value(v: object) -> str:
    """A default as it would be written in the configuration file."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return f'"{v}"'
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, list):
        return "[" + ", ".join(_toml_value(x) for x in v) + "]"
    return str(v)
