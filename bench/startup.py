"""Start-up cost of the Official Images data (pre-commit runs dockfix on one or two files).

    python bench/startup.py                       # this checkout's .venv/bin/dockfix
    python bench/startup.py --dockfix /other/venv/bin/dockfix   # compare another install

Prints, as medians of repeated runs: `dockfix --version` wall time, a one-file report
(every default transform) on a FROM that names an Official Image, `python -X importtime`
of dockfix.app.cli, and, in process, the first load of the data and of one repository.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def wall(cmd: list[str], runs: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of ``cmd``; CPU time is the steadier
    figure on a busy machine."""
    times, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=tempfile.gettempdir())
        times.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(times), statistics.median(cpus)


def importtime(python: str, runs: int) -> float:
    """Median cumulative import time of dockfix.app.cli (seconds)."""
    out = []
    for _ in range(runs):
        # cwd: not this checkout, so that `python -c` imports the install under test
        err = subprocess.run([python, "-X", "importtime", "-c", "import dockfix.app.cli"], capture_output=True,
                             text=True, cwd=tempfile.gettempdir()).stderr
        m = [ln for ln in err.splitlines() if ln.rstrip().endswith("| dockfix.app.cli")]
        if m:
            out.append(int(re.split(r"\s*\|\s*", m[-1])[1]) / 1e6)
    return statistics.median(out) if out else float("nan")


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--dockfix", default=str(ROOT / ".venv" / "bin" / "dockfix"))
    p.add_argument("--runs", type=int, default=15)
    a = p.parse_args()
    python = str(Path(a.dockfix).with_name("python"))
    with tempfile.TemporaryDirectory() as d:
        df = os.path.join(d, "Dockerfile")
        Path(df).write_text("FROM node:18-slim\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"server.js\"]\n")
        for label, cmd in (("dockfix --version", [a.dockfix, "--version"]), ("dockfix Dockerfile", [a.dockfix, df])):
            w, c = wall(cmd, a.runs)
            print(f"{label:24} {w * 1000:7.1f} ms wall, {c * 1000:7.1f} ms CPU")
    print(f"import dockfix.app.cli   {importtime(python, a.runs) * 1000:7.1f} ms")
    code = ("import time; t=time.perf_counter(); from dockfix.semantic import official_images as oi; "
            "t1=time.perf_counter(); d=oi.data(); t2=time.perf_counter(); d.repository('node'); "
            "t3=time.perf_counter(); print(f'{(t1-t)*1e3:.2f} {(t2-t1)*1e3:.2f} {(t3-t2)*1e3:.2f}')")
    r = subprocess.run([python, "-c", code], capture_output=True, text=True, cwd=tempfile.gettempdir())
    if r.returncode == 0:
        imp, load, repo = r.stdout.split()
        print(f"official_images import   {float(imp):7.2f} ms; data() {float(load):.2f} ms; node's tags {float(repo):.2f} ms")
    else:
        print("official_images: not in this install")
    return 0


if __name__ == "__main__":
    sys.exit(main())
