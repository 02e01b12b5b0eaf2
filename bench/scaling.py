"""Scaling: time and peak memory of ``dockfix --diff --unsafe-fixes`` as inputs grow.

    python bench/scaling.py                  # 2k/8k/32k-line files, 2.5k/10k files
    python bench/scaling.py --lines 2000 8000 --files 0
    python bench/scaling.py --profile 2000   # cProfile of one generated file (top functions)

Generated files repeat a block of ordinary instructions (apt-get, wget, curl,
cd, pip, npm, COPY, ENV/ARG reusing a bounded set of names) in one stage, the
case where a per-RUN rescan of the stage costs the most.  The many-files runs
cycle through the corpus (DOCKFIX_CORPUS, default ../shared/corpus) copied
into a temporary tree.  Each run is a fresh process; peak memory is the
largest resident set of that process and its workers.  The cost should grow
linearly: 8k lines within 6x the time of 2k.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("DOCKFIX_CORPUS", ROOT.parent / "shared" / "corpus")) / "files"

BLOCK = """\
ENV APP_HOME=/opt/app{v} PATH=/opt/app{v}/bin:$PATH
ARG VERSION{v}=1.{i}
WORKDIR /opt/app{v}
RUN apt-get update && apt-get install curl wget git
RUN wget https://example.com/pkg{i}.tar.gz && tar xzf pkg{i}.tar.gz && rm pkg{i}.tar.gz
RUN cd /opt/app{v} && make && make install
COPY requirements{i}.txt /opt/app{v}/
RUN pip install -r /opt/app{v}/requirements{i}.txt
RUN npm install -g yarn{i}
RUN echo "$APP_HOME ${{VERSION{v}}}" > /etc/app{i}.conf
# comment {i}
ENV LANG C.UTF-8
RUN curl -sSL https://example.com/install{i}.sh | sh
"""


def generate(lines: int) -> str:
    out = ["FROM debian:bookworm\n"]
    n, i = 1, 0
    while n < lines - 1:
        b = BLOCK.format(i=i, v=i % 16)
        out.append(b)
        n += b.count("\n")
        i += 1
    out.append('CMD ["/bin/sh"]\n')
    return "".join(out)


def dockfix_cmd() -> list[str]:
    exe = shutil.which("dockfix", path=os.path.dirname(sys.executable))
    return [exe] if exe else [sys.executable, "-m", "dockfix"]


_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=None)\n"
    "dt = time.perf_counter() - t\n"
    "ru = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(dt, ru.ru_utime + ru.ru_stime, ru.ru_maxrss)\n"
)


def measure(args: list[str], cwd: str) -> tuple[float, float, float]:
    """(wall seconds, CPU seconds of the process and its workers, peak MiB) of one dockfix run
    in a fresh process.  CPU time is the figure to compare on a busy machine."""
    r = subprocess.run([sys.executable, "-c", _MEASURE, *dockfix_cmd(), *args], cwd=cwd,
                       capture_output=True, text=True, check=True)
    secs, cpu, kib = r.stdout.split()
    return float(secs), float(cpu), int(kib) / 1024


def many_files(dest: Path, count: int) -> None:
    src = sorted(p for p in CORPUS.rglob("*") if p.is_file())
    if not src:
        raise SystemExit(f"no corpus under {CORPUS}")
    for k in range(count):
        d = dest / f"d{k // 100:03d}" / f"f{k:05d}"
        d.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src[k % len(src)], d / "Dockerfile")


def profile(lines: int, top: int) -> None:
    import cProfile
    import pstats

    from dockfix.fixing.config import Settings
    from dockfix.fixing.engine import fix_text, select_transforms

    text = generate(lines)
    s = Settings(unsafe_fixes=True)
    ts = select_transforms(s, "Dockerfile")
    pr = cProfile.Profile()
    pr.runcall(fix_text, text, "Dockerfile", s, ts, {})
    pstats.Stats(pr).sort_stats("tottime").print_stats(top)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, nargs="*", default=[2000, 8000, 32000])
    ap.add_argument("--files", type=int, nargs="*", default=[2500, 10000])
    ap.add_argument("--profile", type=int, metavar="LINES", help="profile one generated file instead")
    ap.add_argument("--top", type=int, default=30)
    a = ap.parse_args()
    if a.profile:
        profile(a.profile, a.top)
        return
    with tempfile.TemporaryDirectory(prefix="dockfix-scaling-") as tmp:
        base = None
        print(f"{'input':>22} {'wall s':>9} {'CPU s':>9} {'peak MiB':>9} {'CPU x first':>12}")
        for n in a.lines:
            p = Path(tmp) / f"lines{n}.Dockerfile"
            p.write_text(generate(n))
            secs, cpu, mib = measure(["--diff", "--unsafe-fixes", p.name], tmp)
            base = base or cpu
            print(f"{f'{n} lines':>22} {secs:9.2f} {cpu:9.2f} {mib:9.1f} {cpu / base:12.2f}", flush=True)
        for count in a.files:
            if not count:
                continue
            d = Path(tmp) / f"files{count}"
            many_files(d, count)
            secs, cpu, mib = measure(["--diff", "--unsafe-fixes", d.name], tmp)
            print(f"{f'{count} files':>22} {secs:9.2f} {cpu:9.2f} {mib:9.1f} {f'{count / secs:.0f} files/s':>12}",
                  flush=True)
            shutil.rmtree(d)


if __name__ == "__main__":
    main()
