"""Image hygiene left on the corpus after ``--fix --unsafe-fixes``: this checkout
against a baseline revision, as figures (not a test).

    python bench/hygiene.py [--baseline-rev REV] [--corpus DIR] [--no-hadolint] [--show KIND]

Every corpus file is copied to a temporary tree and fixed there by each dockfix
(the baseline runs from a temporary ``git worktree`` with its own venv, kept in
``$TMPDIR/dockfix-hygiene-<rev>`` for the next run). The fixed files are then
counted by this checkout's parser, on the *shipped* stages (the final stage and
the stages it is built FROM; builder stages' layers are thrown away), per RUN:

- apt-recommends: ``apt-get/apt install`` without ``--no-install-recommends``
- apt-lists:      a RUN with ``apt(-get) update`` whose lists are not removed in
                  that RUN (``rm -rf /var/lib/apt/lists``, ``apt-get dist-clean``)
- pip-cache:      ``pip install`` without ``--no-cache-dir`` (nor PIP_NO_CACHE_DIR, nor
                  a RUN that removes pip's cache after the install: ``rm -r ~/.cache/pip``, /root/.cache,
                  $HOME/.cache: the layer then carries no cache)
- apk-cache:      ``apk add`` without ``--no-cache`` (nor a removed /var/cache/apk)
- yum-clean:      ``yum/dnf install`` without ``clean all`` / a removed cache
- pipefail:       a download (curl/wget) piped into another command without
                  pipefail (SHELL or ``set -o pipefail``), per pipe
- pipe-any:       any pipe without pipefail (hadolint's DL4006 rule), per pipe

The counter reads the RUN's text with regular expressions, independent of
dockfix's shell facts. hadolint (``.venv/bin/hadolint``) is an independent second
counter over all stages: DL3009 DL3015 DL3042 DL3019 DL4006.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dockfix.semantic.model import model_of  # noqa: E402
from dockfix.syntax.cst import Instruction, parse  # noqa: E402

KINDS = ("apt-recommends", "apt-lists", "pip-cache", "apk-cache", "yum-clean", "pipefail", "pipe-any")
HADOLINT = ("DL3009", "DL3015", "DL3042", "DL3019", "DL4006")

_SEP = re.compile(r"&&|\|\||;|\n|(?<![|>])\|(?!\|)")
_APT_INSTALL = re.compile(r"\b(?:apt-get|apt)\b(?:\s+-\S+)*(?:\s+-o\s+\S+)*\s+install\b")
_APT_UPDATE = re.compile(r"\b(?:apt-get|apt)\b(?:\s+-\S+)*\s+update\b")
_NO_RECOMMENDS = re.compile(r"--no-install-recommends|Install-Recommends=(?:false|0|no)", re.I)
_LISTS_GONE = re.compile(r"rm\s+(?:-\S+\s+)*[^&;|\n]*/var/lib/apt/lists|apt-get\s+dist-clean")
_PIP_INSTALL = re.compile(r"\b(?:pip[0-9.]*|python[0-9.]*\s+-m\s+pip)\s+(?:-\S+\s+)*install\b")
_PIP_GONE = re.compile(r"rm\s+(?:-\S+\s+)*[^&;|\n]*(?:~|/root|\$HOME|\$\{HOME\})/\.cache(?:/pip)?(?:/\*?)?(?=[\s;&|)]|$)")
_APK_ADD = re.compile(r"\bapk\s+(?:-\S+\s+)*add\b")
_APK_GONE = re.compile(r"rm\s+[^&;|\n]*/var/cache/apk")
_YUM_INSTALL = re.compile(r"\b(?:yum|dnf|microdnf)\s+(?:-\S+\s+)*(?:install|groupinstall|update|upgrade)\b")
_YUM_GONE = re.compile(r"\b(?:yum|dnf|microdnf)\s+(?:-\S+\s+)*clean\s+all|rm\s+[^&;|\n]*/var/cache/(?:yum|dnf)")
_DOWNLOAD_PIPE = re.compile(r"(?:^|(?<=[\s;&|(]))(?:curl|wget)\s[^|&;\n]*(?<!\|)\|(?!\|)")
_ANY_PIPE = re.compile(r"(?<![|>])\|(?![|])")
_PIPEFAIL = re.compile(r"pipefail")


def script_of(ins: Instruction) -> str:
    """A RUN's shell script with continuations joined and comment lines dropped."""
    if ins.json:
        return " ".join(ins.json_values or ())
    text = ins.text[ins.args_start - ins.start:] if ins.args_start >= ins.start else ins.args
    esc = "`" if ins.doc.escape == "`" else "\\"
    lines = [ln for ln in text.splitlines(keepends=True) if not ln.lstrip().startswith("#")]
    return re.sub(re.escape(esc) + r"[ \t]*\r?\n", " ", "".join(lines))


def segments(script: str) -> list[str]:
    return [s for s in _SEP.split(script) if s.strip()]


def count_run(script: str, env_pip_off: bool, pipefail_shell: bool) -> Counter[str]:
    c: Counter[str] = Counter()
    segs = segments(script)
    for s in segs:
        if _APT_INSTALL.search(s) and not _NO_RECOMMENDS.search(s):
            c["apt-recommends"] += 1
        if _PIP_INSTALL.search(s) and "--no-cache-dir" not in s and not env_pip_off \
                and not _PIP_GONE.search(script, max(script.find(s), 0)):
            c["pip-cache"] += 1
        if _APK_ADD.search(s) and "--no-cache" not in s and not _APK_GONE.search(script):
            c["apk-cache"] += 1
    if any(_APT_UPDATE.search(s) for s in segs) and not _LISTS_GONE.search(script):
        c["apt-lists"] += 1
    if any(_YUM_INSTALL.search(s) for s in segs) and not _YUM_GONE.search(script):
        c["yum-clean"] += 1
    if not pipefail_shell and not _PIPEFAIL.search(script):
        # counted per pipe, not per RUN: joining two piped RUNs hides no pipe
        c["pipefail"] += len(_DOWNLOAD_PIPE.findall(script))
        c["pipe-any"] += len(_ANY_PIPE.findall(script.replace("||", "")))
    return c


def count_file(path: Path, all_stages: bool = False) -> Counter[str]:
    """The figures of one (fixed) Dockerfile's shipped stages (or all its stages)."""
    try:
        doc = parse(path.read_bytes())
    except Exception:
        return Counter({"unparsed": 1})
    if doc.is_windows:
        return Counter()
    model = model_of(doc)
    total: Counter[str] = Counter()
    for st in doc.stages:
        if not all_stages and not model.ships(st):
            continue
        env_pip_off = False
        for ins in (i for s in reversed(model.chain(st)) for i in s.instructions):
            if ins.cmd in ("ENV", "ARG") and re.search(r"PIP_NO_CACHE_DIR\s*[= ]\s*\S", ins.args):
                env_pip_off = True
            if ins.cmd != "RUN" or ins.stage is not st:
                continue  # an ancestor's RUN is counted with that (shipped) stage
            shell = " ".join(model.shell_of(ins))
            total += count_run(script_of(ins), env_pip_off, "pipefail" in shell)
    return total


def count_tree(tree: Path, files: Iterable[str], all_stages: bool = False) -> tuple[Counter[str], dict[str, Counter[str]]]:
    total: Counter[str] = Counter()
    per: dict[str, Counter[str]] = {}
    for rel in files:
        c = count_file(tree / rel, all_stages)
        per[rel] = c
        total += c
    return total, per


def hadolint_counts(tree: Path, files: list[str]) -> Counter[str] | None:
    exe = ROOT / ".venv" / "bin" / "hadolint"
    if not exe.exists():
        found = shutil.which("hadolint")
        if not found:
            return None
        exe = Path(found)
    out: Counter[str] = Counter()
    for i in range(0, len(files), 200):
        batch = [str(tree / f) for f in files[i:i + 200]]
        r = subprocess.run([str(exe), "--no-fail", "-f", "json", *batch], capture_output=True, text=True)
        try:
            rows = json.loads(r.stdout or "[]")
        except json.JSONDecodeError:
            continue
        for row in rows:
            if row.get("code") in HADOLINT:
                out[row["code"]] += 1
    return out


def cached_hadolint(tree: Path, files: list[str], cache: Path) -> Counter[str] | None:
    if cache.exists():
        return Counter(json.loads(cache.read_text()))
    out = hadolint_counts(tree, files)
    if out is not None:
        cache.write_text(json.dumps(dict(out)))
    return out


def fix_tree(corpus: Path, files: list[str], dockfix: list[str], dest: Path, extra: list[str]) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    for rel in files:
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(corpus / rel, dest / rel)
    for i in range(0, len(files), 300):
        subprocess.run([*dockfix, "--fix", "--unsafe-fixes", "-q", *extra, *files[i:i + 300]], cwd=dest,
                       capture_output=True)


def baseline_dockfix(rev: str, work: Path) -> list[str]:
    """A dockfix of ``rev``: a git worktree with its own venv under ``work``."""
    wt = work / "src"
    if not (wt / ".git").exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(wt), rev], cwd=ROOT, check=True, capture_output=True)
    py = wt / ".venv" / "bin" / "python"
    if not py.exists():
        subprocess.run([sys.executable, "-m", "venv", str(wt / ".venv")], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "-e", str(wt)], check=True, capture_output=True)
    return [str(py), "-m", "dockfix"]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline-rev", default="1b639b7")
    ap.add_argument("--corpus", default=str(Path("/work/shared/corpus/files")))
    ap.add_argument("--no-hadolint", action="store_true")
    ap.add_argument("--skip-generated", action="store_true",
                    help="leave generated files unfixed as dockfix does by default (the baseline edited them, "
                         "so by default this checkout runs with --option edit-generated=true to compare like with like)")
    ap.add_argument("--show", default="", help="list the files where KIND went up (baseline -> now)")
    args = ap.parse_args()
    corpus = Path(args.corpus)
    files = sorted(str(p.relative_to(corpus)) for p in corpus.rglob("*") if p.is_file())
    if not files:
        print(f"no files under {corpus}")
        return 1
    rev = subprocess.run(["git", "rev-parse", "--short", args.baseline_rev], cwd=ROOT, capture_output=True,
                         text=True, check=True).stdout.strip()
    base_work = Path(tempfile.gettempdir()) / f"dockfix-hygiene-{rev}"
    base_work.mkdir(exist_ok=True)
    base_tree = base_work / "fixed"
    if not (base_work / "done").exists():
        fix_tree(corpus, files, baseline_dockfix(rev, base_work), base_tree, [])
        (base_work / "done").write_text(rev)
    with tempfile.TemporaryDirectory(prefix="dockfix-hygiene-now-") as tmp:
        now_tree = Path(tmp) / "fixed"
        extra = [] if args.skip_generated else ["--option", "edit-generated=true"]
        fix_tree(corpus, files, [str(ROOT / ".venv" / "bin" / "python"), "-m", "dockfix"], now_tree, extra)
        orig, _ = count_tree(corpus, files)
        base, base_per = count_tree(base_tree, files)
        now, now_per = count_tree(now_tree, files)
        every = [count_tree(t, files, all_stages=True)[0] for t in (corpus, base_tree, now_tree)]
        hl = None if args.no_hadolint else [cached_hadolint(corpus, files, base_work / "hl-unfixed.json"),
                                            cached_hadolint(base_tree, files, base_work / "hl-base.json"),
                                            hadolint_counts(now_tree, files)]
    print(f"files {len(files)}; shipped stages; counted after --fix --unsafe-fixes")
    print(f"{'figure':<16}{'unfixed':>9}{'base ' + rev:>14}{'now':>7}")
    for k in KINDS:
        mark = "  WORSE" if now[k] > base[k] else ""
        print(f"{k:<16}{orig[k]:>9}{base[k]:>14}{now[k]:>7}{mark}")
    print("all stages (builder stages too), own counter:")
    for k in KINDS:
        o, b, n = (e[k] for e in every)
        print(f"{k:<16}{o:>9}{b:>14}{n:>7}{'  WORSE' if n > b else ''}")
    if hl is not None and all(h is not None for h in hl):
        print("hadolint, all stages:")
        for code in HADOLINT:
            o, b, n = (h[code] for h in hl if h is not None)
            mark = "  WORSE" if n > b else ""
            print(f"{code:<16}{o:>9}{b:>14}{n:>7}{mark}")
    if args.show:
        for rel in files:
            b, n = base_per[rel][args.show], now_per[rel][args.show]
            if n != b:
                print(f"  {args.show} {b} -> {n}  {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
