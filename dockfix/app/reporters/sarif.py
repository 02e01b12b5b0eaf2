"""``--format sarif``: a SARIF 2.1.0 log (GitHub code scanning)."""

from __future__ import annotations

import os

from dockfix.app.reporters.lines import Lines

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"


def artifact_uri(path: str) -> str:
    """A relative URI for paths under the current directory, else a file: URI."""
    from urllib.parse import quote

    from dockfix.fixing.diff import label

    if path == "-":
        return "stdin"
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        if rel.startswith(".."):
            from pathlib import Path

            return Path(path).as_uri()
        path = rel
    return quote(label(path), safe="/")


def sarif_rule(t) -> dict:
    tags = ["dockerfile", *t.hadolint, *t.buildkit]
    rule = {
        "id": t.code,
        "name": t.name,
        "shortDescription": {"text": t.summary},
        "fullDescription": {"text": t.summary},
        "help": {"text": t.explanation.strip() or t.summary, "markdown": t.explanation.strip() or t.summary},
        "defaultConfiguration": {"level": "warning", "enabled": bool(t.default_enabled)},
        "properties": {"tags": tags, "precision": "high", "applicability": t.applicability.label},
    }
    if t.links:
        rule["helpUri"] = t.links[0]
    return rule


def _region(lines: Lines, start: int, end: int) -> dict:
    sl, sc, el, ec = lines.region(start, end)
    return {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec}


def _edit_region(lines: Lines, start: int, end: int) -> dict:
    (sl, sc), (el, ec) = lines.pos(start), lines.pos(end)
    return {"startLine": sl, "startColumn": sc, "endLine": el, "endColumn": ec}


def sarif_log(items, problems=(), fixes: bool = True) -> dict:
    """``items``: (display path, text, [findings located in text]);
    ``problems``: (path, line, col, message) of bad input."""
    from dockfix import __version__
    from dockfix.fixing import registry

    reg = registry.load_all()
    rules = [sarif_rule(t) for t in reg.values()]
    index = {t.name: i for i, t in enumerate(reg.values())}
    results: list[dict] = []
    for path, text, findings in items:
        lines = Lines(text)
        uri = artifact_uri(path)
        results.extend(_result(f, lines, uri, index.get(f.name), fixes) for f in findings)
    notes = [_notification(*p) for p in problems]
    run = {
        "tool": {"driver": {
            "name": "dockfix",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": rules,
        }},
        "columnKind": "unicodeCodePoints",
        "results": results,
        "invocations": [{"executionSuccessful": not problems, "toolExecutionNotifications": notes}],
    }
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _result(f, lines: Lines, uri: str, rule_index: int | None, fixes: bool) -> dict:
    """One finding as a SARIF result (with its fix, when ``fixes`` and it has edits)."""
    msg = f.message + (f" (not fixed: {f.refused})" if f.refused else "")
    r: dict = {
        "ruleId": f.code,
        "level": "warning",
        "message": {"text": msg},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": uri},
            "region": _region(lines, f.start, f.end),
        }}],
        "properties": {"name": f.name, "applicability": f.fix.applicability.label if f.fix else None},
    }
    if rule_index is not None:
        r["ruleIndex"] = rule_index
    if fixes and f.fix is not None and f.fix.edits:
        r["fixes"] = [_fix(f, lines, uri)]
    return r


def _fix(f, lines: Lines, uri: str) -> dict:
    desc = f.fix.message or f"{f.name} fix"
    if f.fix.applicability.label != "safe":
        desc += f" ({f.fix.applicability.label})"
    return {
        "description": {"text": desc},
        "artifactChanges": [{
            "artifactLocation": {"uri": uri},
            "replacements": [{
                "deletedRegion": _edit_region(lines, e.start, e.end),
                **({"insertedContent": {"text": e.content}} if e.content else {}),
            } for e in f.fix.edits],
        }],
    }


def _notification(path: str, line: int, col: int, msg: str) -> dict:
    """Bad input as a tool execution notification."""
    return {
        "level": "error",
        "message": {"text": msg},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(path)},
            "region": {"startLine": max(1, line), "startColumn": max(1, col)},
        }}],
    }
