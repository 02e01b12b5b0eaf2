"""``dockfix verify --run``: run the images built before and after, and compare.

The file tree and config comparison (``imagediff``) cannot see a program that
fails at start in the fixed image (a database it can no longer write, a
``$HOME`` it cannot create).  Here both images run their own ENTRYPOINT/CMD
(or ``--smoke`` commands) with their own user, working directory and
environment, and the runs are compared: exit code, stdout, whether a
long-running program is still up after ``run_for`` seconds and whether it
listens on its EXPOSEd ports (buildah with chroot isolation shares this
machine's network namespace, so the sockets of the program's processes are
read from ``/proc``).

An image that declares no CMD/ENTRYPOINT of its own is a base image: a child
``FROM`` it runs the family's package-manager update and a write to a system
path, and must build from the fixed image when it builds from the original.

Processes are stopped and containers removed afterwards, also on Ctrl-C.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.verify.command import Builder

STDERR_TAIL = 12  # lines of a run's stderr kept in the report
OUTPUT_LIMIT = 64 * 1024  # bytes of stdout/stderr kept per run

# the package-manager update a child of a base image runs, per family
UPDATE_COMMANDS = {
    "debian": "apt-get update",
    "ubuntu": "apt-get update",
    "alpine": "apk update",
    "rhel": "(dnf -y makecache || yum -y makecache)",
    "rhel-minimal": "microdnf makecache",
    "amazonlinux": "(dnf -y makecache || yum -y makecache)",
    "suse": "zypper --non-interactive refresh",
}
PROBE_DIR = "/usr/local/share/dockfix-probe"
# what buildah adds to a program's stderr when it exits non-zero
_BUILDAH_NOISE = ("subprocess exited with status", "Error: exit status", "error running container")


@dataclass
class RunResult:
    """One run of one image."""

    label: str  # "CMD", "ENTRYPOINT", "smoke: ...", "child build"
    argv: list[str] | None = None
    exit_code: int | None = None  # None: still up when stopped (or never started)
    up: bool = False  # still running after run_for seconds
    stdout: str = ""
    stderr_tail: str = ""
    ports: list[int] = field(default_factory=list)  # TCP ports its processes listened on
    seconds: float = 0.0
    error: str | None = None  # could not run at all (not the program's failure)

    def as_dict(self) -> dict:
        return {"label": self.label, "argv": self.argv, "exit_code": self.exit_code, "up": self.up,
                "stdout": self.stdout[-4000:], "stderr_tail": self.stderr_tail, "ports": self.ports,
                "seconds": round(self.seconds, 2), "error": self.error}

    def brief(self) -> str:
        if self.error:
            return f"not run ({self.error})"
        if self.up:
            return "up" + (f", listening on {', '.join(map(str, self.ports))}" if self.ports else "")
        return f"exit {self.exit_code}"


# ---------------------------------------------------------------- what to run


def image_argv(config: dict | None) -> list[str] | None:
    """What ``docker run IMAGE`` starts: ENTRYPOINT + CMD (CMD alone without an ENTRYPOINT)."""
    cfg = config or {}
    ep, cmd = cfg.get("Entrypoint") or [], cfg.get("Cmd") or []
    argv = list(ep) + list(cmd)
    return argv or None


def exposed_ports(config: dict | None) -> list[int]:
    """The TCP ports the image EXPOSEs."""
    out = []
    for k in (config or {}).get("ExposedPorts") or {}:
        num, _, proto = str(k).partition("/")
        if num.isdigit() and proto in ("", "tcp"):
            out.append(int(num))
    return sorted(set(out))


def declares_start(text: str, target: str | None = None) -> bool:
    """Whether the built stage (``target``, else the last) or a stage it is built FROM
    declares CMD or ENTRYPOINT (False: a base image, its start command is its parent's)."""
    from dockfix.semantic.model import model_of
    from dockfix.syntax.cst import parse

    doc = parse(text)
    if doc.errors or not doc.stages:
        return True
    stage = doc.stage_named(target) if target else None
    stage = stage or doc.stages[-1]
    return any(ins.cmd in ("CMD", "ENTRYPOINT") for st in model_of(doc).chain(stage) for ins in st.instructions)


def family_of(text: str, target: str | None = None) -> str:
    from dockfix.semantic.model import model_of
    from dockfix.syntax.cst import parse

    doc = parse(text)
    if doc.errors or not doc.stages:
        return "unknown"
    stage = (doc.stage_named(target) if target else None) or doc.stages[-1]
    return model_of(doc).family(stage)


def child_dockerfile(image: str, family: str) -> str:
    """A child of a base image: the family's package-manager update and a write to a system path."""
    steps = [UPDATE_COMMANDS[family]] if family in UPDATE_COMMANDS else []
    steps += [f"mkdir -p {PROBE_DIR}", f"echo ok > {PROBE_DIR}/probe"]
    return f"FROM {image}\nRUN " + " && ".join(steps) + "\n"


# ---------------------------------------------------------------- processes


def _children() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and fields[1].isdigit():
            out.setdefault(int(fields[1]), []).append(int(d))
    return out


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux /proc)."""
    kids = _children()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        if p in out:
            continue
        out.append(p)
        todo.extend(kids.get(p, ()))
    return out


def listening_ports(pids: list[int]) -> list[int]:
    """TCP ports in LISTEN state whose sockets belong to ``pids``."""
    inodes: set[str] = set()
    for p in pids:
        try:
            fds = os.listdir(f"/proc/{p}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(f"/proc/{p}/fd/{fd}")
            except OSError:
                continue
            if target.startswith("socket:["):
                inodes.add(target[8:-1])
    ports: set[int] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f, None)
                for line in f:
                    parts = line.split()
                    if len(parts) > 9 and parts[3] == "0A" and parts[9] in inodes:
                        ports.add(int(parts[1].rsplit(":", 1)[1], 16))
        except OSError:
            continue
    return sorted(ports)


def _signal_all(pids: list[int], sig: int) -> None:
    for p in pids:
        try:
            os.kill(p, sig)
        except OSError:
            pass


def stop(proc: subprocess.Popen) -> None:
    """Stop a run and everything it started: TERM, then KILL after a grace period."""
    if proc.poll() is not None:
        return
    pids = process_tree(proc.pid)
    for sig, grace in ((signal.SIGTERM, 5), (signal.SIGKILL, 10)):
        if sig == signal.SIGKILL:  # what is left, and what it started meanwhile
            pids = list(dict.fromkeys(pids + (process_tree(proc.pid) if proc.poll() is None else [])))
        try:
            os.killpg(proc.pid, sig)
        except OSError:
            pass
        _signal_all(pids, sig)
        try:
            proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass


def _tail(text: str, n: int = STDERR_TAIL) -> str:
    lines = [ln for ln in text.splitlines() if not any(ln.startswith(x) for x in _BUILDAH_NOISE)]
    return "\n".join(lines[-n:])


def watch(argv: list[str], run_for: float, label: str, pass_argv: list[str] | None = None) -> RunResult:
    """Start ``argv`` (a builder's run command), let it run up to ``run_for`` seconds, stop it."""
    res = RunResult(label, pass_argv)
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        try:
            proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, start_new_session=True)
        except OSError as e:
            res.error = f"cannot start: {e}"
            return res
        try:
            try:
                proc.wait(timeout=run_for)
            except subprocess.TimeoutExpired:
                res.up = True
                res.ports = listening_ports(process_tree(proc.pid))
        finally:
            stop(proc)
        res.seconds = time.monotonic() - t0
        if not res.up:
            res.exit_code = proc.returncode
        for f, name in ((out, "stdout"), (err, "stderr")):
            f.seek(0)
            data = f.read(OUTPUT_LIMIT).decode("utf-8", "replace")
            if name == "stdout":
                res.stdout = data
            else:
                res.stderr_tail = _tail(data)
    return res


# ---------------------------------------------------------------- comparing runs


def compare(before: RunResult, after: RunResult, expected_ports: list[int], rerun: Callable[[], RunResult] | None = None,
            run_for: float = 5) -> list[str]:
    """What the fixed image's run does differently (empty: it runs like the original).  ``rerun``
    runs the original again to tell a program's own nondeterminism from a difference."""
    if before.error or after.error:
        return [f"{after.label}: could not run the fixed image: {after.error}"] if after.error and not before.error else []
    what = after.label
    if before.up and not after.up:
        return [f"{what}: exits with code {after.exit_code} where the original is still up after {run_for:g}s"]
    if after.up and not before.up:
        return [f"{what}: still running after {run_for:g}s where the original exits with code {before.exit_code}"]
    if before.up:
        missing = [p for p in before.ports if p not in after.ports]
        if missing:
            exp = [p for p in missing if p in expected_ports]
            note = " (EXPOSEd)" if exp else ""
            return [f"{what}: not listening on port {', '.join(map(str, missing))}{note} where the original does"]
        return []
    if before.exit_code != after.exit_code:
        return [f"{what}: exit code {before.exit_code} -> {after.exit_code}"]
    if before.stdout != after.stdout:
        if rerun is not None:
            again = rerun()
            if again.stdout != before.stdout and not again.error:
                return []  # the original does not print the same twice
        return [f"{what}: prints differently on stdout ({_first_difference(before.stdout, after.stdout)})"]
    return []


def _first_difference(a: str, b: str) -> str:
    la, lb = a.splitlines(), b.splitlines()
    for i, (x, y) in enumerate(zip(la, lb)):
        if x != y:
            return f"line {i + 1}: {x[:60]!r} -> {y[:60]!r}"
    if len(la) != len(lb):
        return f"{len(la)} lines -> {len(lb)} lines"
    return "whitespace"


# ---------------------------------------------------------------- a builder's runs


class Runs:
    """Runs images with one builder; remembers the original's runs by image id, and
    removes every container it created (``close``)."""

    _cache: dict = {}

    def __init__(self, builder: Builder, run_for: float = 5, say: Callable[[str], None] = lambda m: None):
        self.b = builder
        self.run_for = run_for
        self.say = say

    def run(self, tag: str, image_id: str | None, argv: list[str] | None, label: str, smoke: bool = False,
            cached: bool = True) -> RunResult:
        key = (self.b.name, getattr(self.b, "root", None), image_id, tuple(argv or ()), smoke, self.run_for)
        if cached and image_id and key in Runs._cache:
            return Runs._cache[key]
        if argv is None:
            return RunResult(label, None, error="the image has no ENTRYPOINT or CMD")
        res = self.b.run_image(tag, argv, self.run_for, label, smoke)
        if image_id and not res.error:
            if len(Runs._cache) >= 32:
                Runs._cache.pop(next(iter(Runs._cache)))
            Runs._cache[key] = res
        return res


def new_name() -> str:
    return "dockfix-run-" + uuid.uuid4().hex[:12]
