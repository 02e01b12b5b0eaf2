"""Where dockfix's time goes: exclusive time per phase over a corpus sample.

    python bench/phases.py                    # the bench/speed.py sample, --diff, one process
    python bench/phases.py --unsafe-fixes     # with unsafe fixes
    python bench/phases.py --cprofile 25      # also the top 25 functions by own time

Runs ``dockfix.app.runner.process`` for every file in this process and
charges every moment of CPU time to exactly one phase (the innermost one running):

- ``parse``: the Dockerfile parser (``dockfix.syntax.cst.parse``), every round;
- ``shell parse``: building a RUN's shell view (tree-sitter and the offset map);
- ``shell commands``: a view's simple-command list (built once per view);
- ``transform <name>``: a transform's ``check`` (minus the phases above it calls);
- ``engine``: everything else per file (fix selection, applying edits, the
  structure check, suppression comments, configuration, reading the file).

Start-up (imports, loading the transforms) is timed separately.
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import pstats
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

import speed  # bench/speed.py: the same sample


class Phases:
    """Exclusive CPU time per phase, with a stack of phases in progress."""

    def __init__(self) -> None:
        self.total: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._stack: list[str] = []
        self._since = time.process_time()

    def _charge(self) -> None:
        now = time.process_time()
        if self._stack:
            top = self._stack[-1]
            self.total[top] = self.total.get(top, 0.0) + now - self._since
        self._since = now

    def enter(self, name: str) -> None:
        self._charge()
        self._stack.append(name)
        self.calls[name] = self.calls.get(name, 0) + 1

    def leave(self) -> None:
        self._charge()
        self._stack.pop()

    def wrap(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def timed(*a: Any, **k: Any) -> Any:
            self.enter(name)
            try:
                return fn(*a, **k)
            finally:
                self.leave()
        return timed

    def wrap_gen(self, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        """A ``check`` (a generator or a function returning a list): its time
        is charged while it is being iterated, too."""
        phases = self

        @functools.wraps(fn)
        def timed(*a: Any, **k: Any) -> Iterator[Any]:
            phases.enter(name)
            try:
                it = iter(fn(*a, **k))
            finally:
                phases.leave()
            while True:
                phases.enter(name)
                try:
                    item = next(it)
                except StopIteration:
                    return
                finally:
                    phases.leave()
                yield item
        return timed


def instrument(ph: Phases) -> None:
    from dockfix.fixing import engine, registry
    from dockfix.shell import view

    engine.parse = ph.wrap("parse", engine.parse)
    view.ShellView.__init__ = ph.wrap("shell parse", view.ShellView.__init__)
    view.ShellView.commands = ph.wrap("shell commands", view.ShellView.commands)
    for cls in registry.load_all().values():
        cls.check = ph.wrap_gen(f"transform {cls.name}", cls.check)


def report(ph: Phases, cpu: float, wall: float, n: int, startup: float, top: int) -> None:
    """Phases as CPU seconds and as shares of the run's CPU time."""
    per = sorted(ph.total.items(), key=lambda kv: -kv[1])
    print(f"{n} files: {cpu:.2f} s CPU ({n / cpu:.1f} files/s), {wall:.2f} s wall, one process; "
          f"start-up {startup * 1000:.0f} ms")
    wall = cpu
    groups = {"parse": 0.0, "shell parse": 0.0, "shell commands": 0.0, "transforms": 0.0, "engine": 0.0}
    for name, t in per:
        groups["transforms" if name.startswith("transform ") else name] = \
            groups.get("transforms" if name.startswith("transform ") else name, 0.0) + t
    print("\nby phase (exclusive):")
    for name, t in sorted(groups.items(), key=lambda kv: -kv[1]):
        print(f"  {name:40s} {t:7.2f} s {100 * t / wall:5.1f} %")
    print(f"\ntop {top} phases:")
    for name, t in per[:top]:
        print(f"  {name:40s} {t:7.2f} s {100 * t / wall:5.1f} %  ({ph.calls.get(name, 0)} calls)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=600)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--all", action="store_true")
    ap.add_argument("--unsafe-fixes", action="store_true")
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--cprofile", type=int, default=0, metavar="N", help="also print the top N functions (own time)")
    a = ap.parse_args()
    t0 = time.perf_counter()
    from dockfix.app import runner
    from dockfix.fixing import registry

    registry.load_all()
    startup = time.perf_counter() - t0
    ph = Phases()
    instrument(ph)
    fs = speed.files(None if a.all else a.limit, a.seed)
    cli = {"unsafe_fixes": True} if a.unsafe_fixes else {}
    jobs = [runner.Job(f, f, "diff", None, cli) for f in fs]
    prof = cProfile.Profile() if a.cprofile else None
    t = time.perf_counter()
    cpu = time.process_time()
    ph.enter("engine")
    if prof:
        prof.enable()
    for j in jobs:
        runner.process(j)
    if prof:
        prof.disable()
    ph.leave()
    wall = time.perf_counter() - t
    report(ph, time.process_time() - cpu, wall, len(fs), startup, a.top)
    if prof:
        print()
        pstats.Stats(prof).sort_stats("tottime").print_stats(a.cprofile)


if __name__ == "__main__":
    main()
