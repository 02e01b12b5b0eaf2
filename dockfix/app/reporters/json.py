"""``--format json``: one object per finding."""

from __future__ import annotations

from dockfix.app.reporters.lines import Lines


def _transform(name: str):
    from dockfix.fixing import registry

    return registry.load_all().get(name)


# ---------------------------------------------------------------- json

def finding_json(path: str, f, text: str | None = None, applied: bool | None = None, lines: Lines | None = None) -> dict:
    """One finding as a JSON object.  ``text`` is the text the offsets refer to
    (edits then also get 1-based line/column positions)."""
    t = _transform(f.name)
    d = {
        "path": path,
        "line": f.line,
        "column": f.col,
        "end_line": f.end_line,
        "end_column": f.end_col,
        "name": f.name,
        "code": f.code,
        "dl_codes": list(f.dl_codes),
        "buildkit": list(t.buildkit) if t else [],
        "message": f.message,
        "applicability": f.fix.applicability.label if f.fix else None,
        "refused": f.refused,
        "fix": None,
    }
    if applied is not None:
        d["applied"] = applied
    if f.fix is not None:
        if lines is None and text is not None:
            lines = Lines(text)
        edits = []
        for e in f.fix.edits:
            ed = {"start": e.start, "end": e.end, "content": e.content}
            if lines is not None:
                (ed["start_line"], ed["start_column"]), (ed["end_line"], ed["end_column"]) = lines.pos(e.start), lines.pos(e.end)
            edits.append(ed)
        d["fix"] = {"message": f.fix.message, "applicability": f.fix.applicability.label, "edits": edits}
        files = getattr(f.fix, "files", ())
        if files:  # whole new contents of files beside the Dockerfile
            d["fix"]["files"] = [{"path": p, "content": c} for p, c in files]
    return d
