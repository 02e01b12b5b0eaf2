"""Per-file work, in this process or spread over worker processes.

A ``Job`` is plain data (paths and settings as given on the command line),
an ``Outcome`` is plain data too (texts, findings without their tree), so
both cross process boundaries with pickle.  Results come back in the order
of the jobs whatever the number of workers, so the output of a run does not
depend on ``--jobs``.  Writing files and printing stay with the caller.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Iterator

# per-process caches (a worker builds its own)
_FINDERS: dict = {}
_SHARED: dict = {}


@dataclass
class Job:
    path: str  # as found ("-" for stdin)
    display: str  # as shown (the --stdin-filename for "-")
    mode: str  # report, diff, check or fix
    config: str | None = None  # --config
    cli: dict = field(default_factory=dict)  # command-line settings for config.override
    findings_too: bool = False  # diff/check with a machine format: also the findings of the original
    # False: only the fixed text matters (a quiet --diff or --check): transforms that cannot fix
    # anything at the run's threshold are not run, their findings would not be shown
    unfixable_too: bool = True
    data: bytes | None = None  # the bytes of "-", read by the caller


@dataclass
class Outcome:
    path: str
    display: str
    problems: list = field(default_factory=list)  # (path, line, col, message): bad input
    read: bool = False  # the file was read and decoded (counts as processed)
    text: str | None = None  # the original text
    output: str | None = None  # after the fixes (== text in report mode)
    applied: list = field(default_factory=list)
    remaining: list = field(default_factory=list)  # located in ``output``
    findings: list | None = None  # findings_too: located in ``text``
    errors: list = field(default_factory=list)  # internal errors
    notes: list = field(default_factory=list)
    parse_error: bool = False
    minimum: int = 2  # the applicability threshold for this file
    side_files: dict = field(default_factory=dict)  # absolute path -> new text (files beside the Dockerfile)
    side_originals: dict = field(default_factory=dict)  # absolute path -> text before (None: new file)
    side_reads: list = field(default_factory=list)  # side files looked up among those earlier fixes changed

    @property
    def changed(self) -> bool:
        return self.output is not None and self.output != self.text

    @property
    def changes_anything(self) -> bool:
        return self.changed or bool(self.side_files)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _finder(config: str | None):
    f = _FINDERS.get(config)
    if f is None:
        from dockfix.fixing.config import ConfigFinder

        f = _FINDERS[config] = ConfigFinder(config)
    return f


def file_settings(finder, path: str | None, cli: dict):
    """The settings of one file, as every front end reads them: the nearest configuration file
    (or the finder's explicit one), with what the command line or the editor sets over it
    (``config.override`` keywords).  ConfigError for a bad configuration file."""
    from dockfix.fixing.config import override

    return override(finder.for_file(path), **cli)


def run_engine(text: str, path: str | None, settings, mode: str, shared: dict | None, suppressed: list | None = None,
               unfixable_too: bool = True):
    """The engine on one text: findings only (``mode`` report) or fixed to a fixed point
    (diff, check, fix), with the transforms ``settings`` select for ``path`` (without those that
    cannot fix anything at the threshold, when ``unfixable_too`` is False)."""
    from dockfix.fixing.engine import check_text, fix_text, select_transforms

    transforms = select_transforms(settings, path)
    if mode == "report":
        return check_text(text, path, settings, transforms, shared, suppressed=suppressed)
    return fix_text(text, path, settings, transforms, shared, unfixable_too=unfixable_too)


def process(job: Job) -> Outcome:
    """Check or fix one file; nothing is written."""
    from dockfix.app.files import load_text
    from dockfix.fixing.config import ConfigError
    from dockfix.fixing.engine import check_text, select_transforms, threshold

    out = Outcome(job.path, job.display)

    def report(path: str, line: int, col: int, msg: str) -> None:
        out.problems.append((path, line, col, msg))

    try:
        settings = file_settings(_finder(job.config), None if job.path == "-" else job.path, job.cli)
    except ConfigError as e:
        report(e.path, e.line, e.col, e.message)
        return out
    text = load_text(job.path, job.data, report)
    if text is None:
        return out
    out.read = True
    out.text = out.output = text
    ctx_path = job.display if job.display != "-" else None
    res = run_engine(text, ctx_path, settings, job.mode, _SHARED, unfixable_too=job.unfixable_too)
    if res.parse_error is not None:
        err = res.parse_error
        report(job.display, err.line, err.col, err.message)
        out.parse_error = True
        return out
    out.output = res.output
    out.applied = res.applied
    out.remaining = res.remaining
    out.errors = res.errors
    out.notes = res.notes
    out.minimum = int(threshold(settings))
    out.side_files = dict(getattr(res, "side_files", None) or {})
    out.side_originals = dict(getattr(res, "side_originals", None) or {})
    if job.findings_too and job.mode != "report":
        out.findings = check_text(text, ctx_path, settings, select_transforms(settings, ctx_path), _SHARED).remaining
    return out


def _strip(f) -> None:
    f.instruction = None  # the tree stays behind; everything shown is on the finding
    if f.extra:
        f.extra = {k: v for k, v in f.extra.items() if isinstance(v, (str, int, float, bool, type(None), list, tuple, dict))}


def _remote(batch: list) -> list:
    """Some jobs, each processed as if no earlier file had changed a side file;
    each outcome says which side files it looked up (see ``run``)."""
    outs = []
    for i, job in batch:
        _SHARED["pending_files"] = {}
        reads: set = set()
        _SHARED["side_reads"] = reads
        try:
            out = process(job)
        finally:
            del _SHARED["side_reads"]
        out.side_reads = sorted(reads)
        for f in (*out.applied, *out.remaining, *(out.findings or ())):
            _strip(f)
        outs.append((i, out))
    return outs


def _redo(job: Job, written: dict) -> Outcome:
    """``job`` again, here, seeing the side files earlier files changed."""
    _SHARED["pending_files"] = dict(written)
    out = process(job)
    for f in (*out.applied, *out.remaining, *(out.findings or ())):
        _strip(f)
    return out


def _init_worker() -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # the parent's handler raises; a worker just stops


def _prefetch(jobs: list[Job]) -> None:
    """A transform with ``prefetch(paths, settings, shared)`` (network look-ups: pin-digest) gets
    the files of the run that select it, before any worker is forked, to resolve them concurrently;
    forked workers inherit what it left in the per-process shared dict."""
    from dockfix.fixing import registry

    pre = {c.name for c in registry.load_all().values() if callable(getattr(c, "prefetch", None))}
    if not pre:
        return
    from dockfix.fixing.config import override
    from dockfix.fixing.engine import select_transforms

    wanted: dict = {}
    by_config: dict = {}  # one configuration (and the same command line): the same transforms
    for j in jobs:
        if j.path == "-":
            continue
        try:
            base = _finder(j.config).for_file(j.path)
        except Exception:  # noqa: BLE001 - reported when the file itself is processed
            continue
        hit = by_config.get((id(base), id(j.cli)))
        if hit is None:
            settings = override(base, **j.cli)
            ts = [] if settings.select is None and not settings.extend_select else \
                [t for t in select_transforms(settings, None) if t.name in pre]
            hit = by_config[(id(base), id(j.cli))] = (settings, ts)
        settings, ts = hit
        if settings.per_file_ignores and ts:
            ts = [t for t in select_transforms(settings, j.display) if t.name in pre]
        for t in ts:
            key = (t.name, repr(sorted(settings.options.items(), key=str)))
            wanted.setdefault(key, (t, settings, []))[2].append(j.path)
    for t, settings, paths in wanted.values():
        try:
            t.prefetch(paths, settings, _SHARED)
        except Exception:  # noqa: BLE001 - the per-file run reports problems
            pass


def run(jobs: list[Job], workers: int, started=None) -> Iterator[Outcome]:
    """The outcomes of ``jobs``, in order, the same whatever ``workers`` is.

    With several workers every file is processed on its own, as if no earlier
    file had changed a side file (``.dockerignore``); a file that looked up a
    side file an earlier file (in the order of ``jobs``) changed is processed
    again here, seeing those changes, as one process would have.

    ``started()`` is called once the workers exist (threads such as a
    progress bar's are best started after the fork)."""
    _prefetch(jobs)
    workers = min(workers, len(jobs))
    if workers <= 1 or any(j.path == "-" for j in jobs):
        if started is not None:
            started()
        for j in jobs:
            yield process(j)
        return
    written: dict = {}  # side file -> text, as the files so far left it
    for i, o in _pooled(jobs, workers, started):
        if written and any(p in written for p in o.side_reads):
            o = _redo(jobs[i], written)
        written.update(o.side_files)
        yield o


def _quiet_manager(ex) -> None:
    """Python 3.11's pool manager thread, finding the workers we stopped, marks every pending
    future broken, cancelled ones too, and prints an InvalidStateError traceback (Python 3.12
    checks first).  Only that error of that thread is dropped; the run is ending anyway."""
    import threading
    from concurrent.futures import InvalidStateError

    manager = getattr(ex, "_executor_manager_thread", None)
    previous = threading.excepthook

    def hook(args) -> None:
        if args.thread is manager and issubclass(args.exc_type, InvalidStateError):
            return
        previous(args)

    threading.excepthook = hook


def _pooled(jobs: list[Job], workers: int, started) -> Iterator[tuple[int, Outcome]]:
    """(index, outcome) of every job, in order, from a pool of worker processes
    that take small batches of files as they become free."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from dockfix.fixing import registry

    registry.load_all()  # forked workers inherit the loaded transforms
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else None)
    size = max(1, min(4, len(jobs) // (workers * 16)))
    pairs = list(enumerate(jobs))
    batches = [pairs[k:k + size] for k in range(0, len(pairs), size)]
    ex = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_init_worker)
    try:
        results = ex.map(_remote, batches)  # forks the workers
        if started is not None:
            started()
        for outs in results:
            yield from outs
    except BaseException:
        # interrupted (Ctrl-C, SIGTERM, a closed pipe): stop the workers too, not only the queue
        procs = list((getattr(ex, "_processes", None) or {}).values())
        _quiet_manager(ex)
        ex.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            try:
                proc.terminate()
            except (OSError, AttributeError):
                pass
        raise
    ex.shutdown(wait=True)
