"""Fixes applied only when proven: ``dockfix --fix --unsafe-fixes --verify``.

The safe fixes are applied as ``--fix`` applies them.  Each unsafe transform
is then tried in turn, on top of the safe fixes and the unsafe ones already
proven: the result is built and run (``verify_paths(..., run=True)``) against
the original, and the transform is kept only when both build, nothing
unexpected differs between the images and the program runs like the
original.  The others are dropped, with the reason.

Cost: the original is built and run once (its build result and its runs are
reused across the candidates); every candidate is one build with the
builder's layer cache (the instructions before the first changed one are
cache hits) and one run, so at most one build per unsafe transform.

``prove_file(...)`` returns a dict (JSON-ready); ``fix_main(...)`` is what
``dockfix --fix --verify`` runs (dispatched by name from the CLI).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from typing import Callable

from dockfix.verify.command import VerifyError, _read_text, _settings_for, find_builder, verify_paths


def _names(findings) -> list[str]:
    return list(dict.fromkeys(f.name for f in findings))


def _is_safe(f) -> bool:
    from dockfix.fixing.edit import SAFE

    return f.fix is not None and f.fix.applicability >= SAFE


def _reason(r: dict) -> str:
    """Why a candidate was not proven, in one paragraph."""
    st = r.get("status")
    if st == "fixed-fails":
        tail = ((r.get("after") or {}).get("log_tail") or "").strip().splitlines()[-3:]
        return "the fixed file does not build: " + " / ".join(tail)
    if st == "error":
        return f"not verified: {r.get('summary')}"
    parts = []
    unexpected = r.get("unexpected") or []
    if unexpected:
        from dockfix.verify.command import _describe

        shown = "; ".join(_describe(d) for d in unexpected[:3])
        more = f" (and {len(unexpected) - 3} more)" if len(unexpected) > 3 else ""
        parts.append(f"{len(unexpected)} unexpected difference{'s' if len(unexpected) != 1 else ''}: {shown}{more}")
    for p in (r.get("run") or {}).get("problems", []):
        lines = p.splitlines()
        parts.append(lines[0] + (f" [{lines[-1].strip()}]" if len(lines) > 1 else ""))
    return "; ".join(parts) or str(r.get("summary"))


def prove_file(path: str, *, context: str | None = None, builder: str | None = None, storage_root: str | None = None,
               select=None, extend_select=None, ignore=None, config: str | None = None, options: dict | None = None,
               run_for: float = 5, smoke: list[str] | tuple[str, ...] = (), timeout: float | None = 1800,
               keep: bool = False, unsafe_fixes: bool | None = True, settings=None,
               log: Callable[[str], None] | None = None) -> dict:
    """The safe fixes of ``path`` and the unsafe transforms proven by build and run.

    Returns ``path``, ``status`` (fixed, unchanged, original-fails, error), ``output``
    (the text to write), ``safe`` (transforms whose safe fixes apply), ``kept``
    (``name``, ``fixes``, ``how``), ``dropped`` (``name``, ``reason``), ``builds`` (how
    many candidates were built) and ``summary``.  ``unsafe_fixes`` None: as the
    configuration says; False: only the safe fixes (nothing is built).  ``settings``:
    use these (``dockfix.fixing.config.Settings``) instead of reading the configuration.
    """
    say = log or (lambda m: None)
    out: dict = {"path": path, "status": "error", "output": None, "safe": [], "kept": [], "dropped": [],
                 "builds": 0, "summary": ""}
    try:
        _prove(path, out, context, builder, storage_root, select, extend_select, ignore, config, options,
               run_for, tuple(smoke), timeout, keep, unsafe_fixes, settings, say)
    except VerifyError as e:
        out.update(status="error", error=e.render(), summary=e.message)
    return out


def _prove(path, out, context, builder, storage_root, select, extend_select, ignore, config, options, run_for,
           smoke, timeout, keep, unsafe_fixes, settings, say) -> None:
    from dockfix.fixing.config import ConfigError
    from dockfix.fixing.engine import fix_text

    text = _read_text(path)
    out["original"] = text
    if settings is None:
        try:
            settings = _settings_for(path, select, extend_select, ignore, unsafe_fixes, config, context, options)
        except ConfigError as e:
            raise VerifyError(e.message, e.path, e.line, e.col) from None
    full = fix_text(text, path, settings)
    if full.parse_error is not None:
        raise VerifyError(full.parse_error.message, path, full.parse_error.line, full.parse_error.col)
    unsafe = _names(f for f in full.applied if not _is_safe(f))
    safe = fix_text(text, path, settings, accept=lambda f, t: _is_safe(f))
    out["safe"] = _names(safe.applied)
    out["output"] = safe.output
    out["status"] = "fixed" if safe.changed else "unchanged"
    if not unsafe:
        out["summary"] = ("no unsafe fix applies: nothing to prove" if settings.unsafe_fixes
                          else "unsafe fixes are not enabled (--unsafe-fixes): nothing to prove")
        return
    kept: list[str] = []
    current = safe
    builds: dict = {}
    tmp = tempfile.mkdtemp(prefix="dockfix-prove-")
    images: list[str] = []
    try:
        for name in unsafe:
            allowed = set(kept) | {name}
            cand = fix_text(text, path, settings, accept=lambda f, t: _is_safe(f) or f.name in allowed)
            mine = [f for f in cand.applied if f.name == name]
            if not mine or cand.output == current.output:
                out["dropped"].append({"name": name, "reason": "no change on top of the fixes kept so far"})
                continue
            cand_file = os.path.join(tmp, f"{len(images)}-{name}.Dockerfile")
            with open(cand_file, "w", encoding="utf-8", errors="surrogateescape") as f:
                f.write(cand.output)
            ign = path + ".dockerignore"
            if os.path.isfile(ign):
                shutil.copyfile(ign, cand_file + ".dockerignore")
            say(f"proving {name} ({len(mine)} fix{'es' if len(mine) != 1 else ''}): building and running ...")
            r = verify_paths(path, cand_file, context=context, builder=builder, storage_root=storage_root,
                             expect=_names(cand.applied), keep=True, timeout=timeout, run=True, run_for=run_for,
                             smoke=smoke, builds=builds, config=config, log=None)
            out["builds"] += 1
            images += r.get("images") or []
            if r["status"] == "original-fails":
                for rest in unsafe[unsafe.index(name):]:
                    out["dropped"].append({"name": rest, "reason": "the original does not build here: nothing to "
                                                                   "prove it against"})
                out["status"] = "original-fails" if not safe.changed else out["status"]
                break
            if r["status"] == "verified":
                kept.append(name)
                current = cand
                out["kept"].append({"name": name, "fixes": len(mine), "how": r["summary"]})
                say(f"kept {name}: {r['summary']}")
            else:
                out["dropped"].append({"name": name, "reason": _reason(r)})
                say(f"dropped {name}: {_reason(r)}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if not keep:
            _remove_images(images, builder, storage_root)
        else:
            out["images"] = list(dict.fromkeys(images))
    out["output"] = current.output
    if current.changed:
        out["status"] = "fixed"
    out["summary"] = (f"{len(out['kept'])} unsafe transform{'s' if len(out['kept']) != 1 else ''} proven and kept, "
                      f"{len(out['dropped'])} dropped")


def _remove_images(tags: list[str], builder: str | None, storage_root: str | None) -> None:
    if not tags:
        return
    try:
        b = find_builder(builder, storage_root)
    except VerifyError:
        return
    for t in dict.fromkeys(tags):
        b.remove(t)


# ---------------------------------------------------------------- dockfix --fix --verify


def text_lines(r: dict, display: str) -> list[str]:
    if r["status"] == "error":
        return [r.get("error") or f"{display}:1:1: error: {r['summary']}"]
    lines = []
    if r["safe"]:
        lines.append(f"{display}: safe fixes applied: {', '.join(r['safe'])}")
    for k in r["kept"]:
        lines.append(f"{display}: kept {k['name']} ({k['fixes']} fix{'es' if k['fixes'] != 1 else ''}), proven: {k['how']}")
    for d in r["dropped"]:
        lines.append(f"{display}: dropped {d['name']}: {d['reason']}")
    if not r["safe"] and not r["kept"] and not r["dropped"]:
        lines.append(f"{display}: nothing to fix")
    return lines


def fix_main(paths: list[str], *, select=None, extend_select=None, ignore=None, unsafe_fixes: bool | None = None,
             config: str | None = None,
             options: dict | None = None, context: str | None = None, builder: str | None = None,
             run_for: float = 5, smoke: list[str] | tuple[str, ...] = (), fmt: str = "text", quiet: bool = False,
             write: Callable[[str, bytes], None] | None = None) -> int:
    """``dockfix --fix --verify PATH...``: write each file with its safe fixes and its proven
    unsafe ones.  Exit 0 when nothing was dropped, 1 when a fix was dropped, 2 on bad input."""
    def say(msg: str) -> None:
        if not quiet and fmt == "text":
            sys.stderr.write(f"dockfix --verify: {msg}\n")
            sys.stderr.flush()

    write = write or _write
    results, status = [], 0
    for p in paths:
        if p == "-":
            sys.stderr.write("-:1:1: error: --verify needs a file on disk (the build context is its folder)\n")
            status = 2
            continue
        r = prove_file(p, context=context, builder=builder, select=select, extend_select=extend_select, ignore=ignore,
                       config=config, options=options, run_for=run_for, smoke=smoke, unsafe_fixes=unsafe_fixes, log=say)
        if r["status"] != "error" and not r["kept"] and not r["dropped"] and not quiet and fmt == "text":
            say(f"{p}: {r['summary']}")
        if r["status"] == "error":
            sys.stderr.write((r.get("error") or r["summary"]) + "\n")
            status = 2
        elif r["output"] is not None and r["output"] != r.get("original"):
            try:
                write(p, r["output"].encode("utf-8", "surrogateescape"))
            except OSError as e:
                sys.stderr.write(f"{p}:1:1: error: cannot write: {e.strerror or e}\n")
                status = 2
        if r["dropped"] and status == 0:
            status = 1
        results.append(r)
        if fmt == "text" and not quiet:
            for line in text_lines(r, p):
                sys.stdout.write(line + "\n")
    if fmt == "json":
        rows = [{k: v for k, v in r.items() if k not in ("output", "original")} for r in results]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
    elif not quiet:
        kept = sum(len(r["kept"]) for r in results)
        dropped = sum(len(r["dropped"]) for r in results)
        sys.stdout.write(f"Proved {kept} unsafe transform{'s' if kept != 1 else ''} by build and run and kept them; "
                         f"dropped {dropped}.\n")
    return status


def _write(path: str, data: bytes) -> None:
    from dockfix.app.files import write_atomic

    write_atomic(path, data)

