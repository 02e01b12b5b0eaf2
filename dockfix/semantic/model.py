"""The semantic model of one Dockerfile, computed once and shared.

The syntax tree (``dockfix.syntax.cst``) says what is written; the model says
what it means: which stage a stage is built FROM (through ``FROM ${ARG}`` and
stage names), the external image at the root of that chain and its family,
which SHELL/USER/WORKDIR and variables are in force at an instruction, which
stages ship in the final image and which are builders, and the shell view of
every RUN.  Every transform reads these facts from here
(``ctx.model``, or ``model_of(doc)`` in helpers that only have the tree);
none re-derives them.

A model is built lazily, the first time a fact is asked for, and kept for as
long as its document lives (one per parse: the engine re-parses each round).

"Unknown" is ``None`` everywhere: ``base_image``, ``workdir_at`` and
``workdir_after`` return None when the file does not fix the value (an ARG
without a default, a variable in WORKDIR, a relative WORKDIR over a base
image whose working directory is not known); ``family`` returns
``images.UNKNOWN`` (a string, like every other family).  ``user_at`` returns
None for "no USER in the file" (the base image's user), which is a different
fact: callers combine it with ``base_image``.  Transforms refuse on unknown.
"""

from __future__ import annotations

import bisect
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dockfix.semantic import images as im
from dockfix.semantic.variables import (
    env_decls,
    expand,
    resolve_image,
    scope_before,
    variables_in,
)
from dockfix.shell.view import ShellView, shell_view_for

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.syntax.cst import Dockerfile, Instruction, Stage

DEFAULT_SHELL = ("/bin/sh", "-c")

# a directory a transform may write into an instruction as it is: no quotes,
# spaces, variables or escapes
_SAFE_DIR = re.compile(r"^[A-Za-z0-9_@%+=:,./\-]+$")

# families whose userland is GNU coreutils/wget (not busybox)
GNU_FAMILIES = frozenset({im.DEBIAN, im.UBUNTU, im.RHEL, im.RHEL_MINIMAL, im.AMAZON, im.SUSE})
BUSYBOX_FAMILIES = frozenset({im.ALPINE, im.BUSYBOX})


@dataclass(frozen=True)
class WorkdirState:
    """The working-directory facts before one instruction.

    ``cwd``: absolute, normalised working directory (None: unknown).
    ``env``: ENV variables whose value the file fixes (not an ARG, which a
    build argument can override, nor the base image's); used to read
    ``WORKDIR $VAR``.  ``made``: directories known to exist (``/``, the base
    image's working directory and every directory a WORKDIR created).
    ``set_by``: the WORKDIR in force (None: the base image's)."""

    cwd: str | None
    env: dict[str, str]
    made: frozenset[str]
    set_by: Instruction | None


def dir_value(text: str, env: Mapping[str, str]) -> str | None:
    """The directory ``text`` names: literal, or with variables of ``env``."""
    if not text:
        return None
    if "$" in text:
        names = variables_in(text)
        if not names or any(n not in env for n in names):
            return None
        text = expand(text, env) or ""
    return text if _SAFE_DIR.match(text) else None


def absdir(base: str | None, d: str) -> str | None:
    """``d`` made absolute against ``base`` and normalised (None: relative to an unknown base)."""
    if not d.startswith("/"):
        if base is None:
            return None
        d = posixpath.join(base, d)
    d = posixpath.normpath(d)
    return "/" + d.lstrip("/") if d.startswith("//") else d


def _env_step(ins: Instruction, env: dict[str, str]) -> dict[str, str]:
    """``env`` after an ENV instruction: only values the file fixes are kept."""
    before = env
    out = dict(env)
    for k, v in env_decls(ins):
        names = variables_in(v)
        val = expand(v, before) if all(n in before for n in names) else None
        if val is None:
            out.pop(k, None)
        else:
            out[k] = val
    return out


class Model:
    """Facts about one parsed Dockerfile; each computed at most once."""

    def __init__(self, doc: Dockerfile):
        self.doc = doc
        self._parents: dict[int, Stage | None] = {}
        self._views: dict[int, ShellView | None] = {}
        self._runs: list[tuple[Instruction, Instruction, ShellView]] | None = None
        self.cache: dict[str, object] = {}  # per-document facts of other semantic modules
        self._built_on: dict[int, list[Stage]] | None = None
        self._families: dict[int, str] = {}
        self._workdirs: dict[int, list[WorkdirState]] = {}
        self._ships: set[int] | None = None
        self._read_from: set[int] | None = None
        self._positions: dict[int, int] = {}  # id(instruction) -> index in its stage
        self._indexed: set[int] = set()  # stages whose positions are in _positions
        self._by_cmd: dict[int, dict[str, list[Instruction]]] = {}  # stage -> command -> instructions

    # -- stages -----------------------------------------------------------
    def parent(self, st: Stage) -> Stage | None:
        """The earlier stage ``st`` is built FROM (``FROM <stage>``, global
        ARG defaults substituted), if any."""
        if st.index not in self._parents:
            found = None
            if st.image:
                img = resolve_image(self.doc, st) or st.image
                p = self.doc.stage_named(img)
                found = p if p is not None and p.index < st.index else None
            self._parents[st.index] = found
        return self._parents[st.index]

    def chain(self, st: Stage) -> list[Stage]:
        """``st`` and the stages it is built FROM, nearest first."""
        out: list[Stage] = []
        seen: set[int] = set()
        cur: Stage | None = st
        while cur is not None and cur.index not in seen:
            seen.add(cur.index)
            out.append(cur)
            cur = self.parent(cur)
        return out

    def root(self, st: Stage) -> Stage:
        """The first stage of ``st``'s chain: the one built FROM an image."""
        return self.chain(st)[-1]

    def built_on(self, st: Stage) -> list[Stage]:
        """The stages built FROM ``st``, directly or through other stages, in file order
        (the map of every stage's descendants is made once per file)."""
        if self._built_on is None:
            built: dict[int, list[Stage]] = {}
            for s in self.doc.stages:
                for a in self.chain(s)[1:]:
                    if a is not s:
                        built.setdefault(a.index, []).append(s)
            self._built_on = built
        return list(self._built_on.get(st.index, ()))

    def base_image(self, st: Stage) -> str | None:
        """The external image ``st`` is finally built on (global ARG
        defaults substituted); None when unknown (an ARG without a default)."""
        return resolve_image(self.doc, self.root(st))

    def family(self, st: Stage) -> str:
        """The distribution family of ``st`` (one of ``images``' family
        constants): from its base image's name and tag, else from the package
        managers its chain runs; ``images.UNKNOWN`` if neither tells."""
        if st.index not in self._families:
            fam = im.family_of_image(self.base_image(st))
            if fam == im.UNKNOWN:
                fam = self._family_from_commands(st)
            elif fam == im.RHEL and self._family_from_commands(st) == im.RHEL_MINIMAL:
                fam = im.RHEL_MINIMAL  # a RHEL-family image that uses microdnf is a minimal one
            elif fam in (im.DEBIAN, im.UBUNTU, im.RHEL) and im.family_from_basename_only(self.base_image(st)) and self._runs_apk(st):
                fam = im.ALPINE  # apk runs only on Alpine: the name misled (linuxserver/nginx, demisto/python)
            self._families[st.index] = fam
        return self._families[st.index]

    def ubuntu_release(self, st: Stage | None) -> tuple[int, int] | None:
        """The Ubuntu release (year, month) ``st`` is built on, when its family is Ubuntu and the
        base image's tag names the release (a version or a code name); None otherwise."""
        if st is None or self.family(st) != im.UBUNTU:
            return None
        return im.ubuntu_release(self.base_image(st))

    def _family_from_commands(self, st: Stage) -> str:
        for s in self.chain(st):
            for ins in s.instructions:
                fam = im.family_from_run(im.run_text(ins))
                if fam != im.UNKNOWN:
                    return fam
        return im.UNKNOWN

    def _runs_apk(self, st: Stage) -> bool:
        return any(im.runs_apk(im.run_text(ins)) for s in self.chain(st) for ins in s.instructions)

    def busybox_userland(self, st: Stage | None) -> bool | None:
        """True when ``st`` has a busybox userland (Alpine, BusyBox), False
        when a GNU one (Debian/Ubuntu, RHEL family, SUSE), None when unknown."""
        if st is None:
            return None
        fam = self.family(st)
        if fam in BUSYBOX_FAMILIES:
            return True
        if fam in GNU_FAMILIES:
            return False
        return None

    def tool_installed_before(self, ins: Instruction, tool: str) -> bool:
        """``tool`` (curl, wget) was installed or run by an earlier RUN of
        ``ins``'s stage chain, or the base image is known to have it."""
        stage = ins.stage
        if stage is None:
            return False
        for st in self.chain(stage):
            for other in st.instructions:
                if st is stage and other.start >= ins.start:
                    break
                if im.run_installs_or_uses(im.run_text(other), tool):
                    return True
        return im.image_has_tool(self.base_image(stage), tool)

    # -- ships / builders ---------------------------------------------------
    def ships(self, st: Stage) -> bool:
        """Whether ``st``'s filesystem ends up in the final image: the last
        stage and the stages it is built FROM."""
        if self._ships is None:
            self._ships = {s.index for s in self.chain(self.doc.stages[-1])} if self.doc.stages else set()
        return st.index in self._ships

    def is_builder(self, st: Stage) -> bool:
        """Whether ``st`` does not ship and is only read by ``COPY --from`` /
        ``RUN --mount=from=`` (directly, or through a stage built FROM it).
        A stage nothing reads (a ``--target`` stage, dead code) is neither."""
        if self.ships(st):
            return False
        if self._read_from is None:
            self._read_from = self._stages_read_from()
        return st.index in self._read_from

    def _stages_read_from(self) -> set[int]:
        read: set[int] = set()
        for ins in self.doc.instructions:
            target = ins.sub if ins.sub is not None else ins
            names = [f.value for f in target.flags_named("from") if f.value] if target.cmd in ("COPY", "ADD") else []
            if target.cmd == "RUN":
                for f in target.flags_named("mount"):
                    for part in (f.value or "").split(","):
                        k, _, v = part.partition("=")
                        if k.strip().lower() == "from" and v.strip():
                            names.append(v.strip().strip("\"'"))
            for name in names:
                src = self.doc.stage_named(expand(name, scope_before(self.doc, ins), strict=False) or name)
                if src is not None:
                    read.update(s.index for s in self.chain(src))
        return read

    # -- variables, WORKDIR and USER at an instruction ---------------------------
    def scope_at(self, ins: Instruction, build_args: dict[str, str] | None = None) -> dict[str, str]:
        """ARG and ENV variables with known values visible to ``ins``."""
        return scope_before(self.doc, ins, build_args)

    def _workdir_states(self, st: Stage) -> list[WorkdirState]:
        """The state before each of ``st``'s instructions, then at its end."""
        if st.index not in self._workdirs:
            self._workdirs[st.index] = []  # a FROM loop reads an empty list: unknown
            parent = self.parent(st)
            if parent is not None and self._workdir_states(parent):
                state = self._workdir_states(parent)[-1]
            else:
                cwd = im.image_workdir(self.base_image(st)) if parent is None else None
                state = WorkdirState(cwd, {}, frozenset({"/"} | ({cwd} if cwd else set())), None)
            states = [state]
            for other in st.instructions:
                if other.cmd == "ENV":
                    state = WorkdirState(state.cwd, _env_step(other, state.env), state.made, state.set_by)
                elif other.cmd == "WORKDIR":
                    d = dir_value(other.args, state.env)
                    cwd = None if d is None else absdir(state.cwd, d)
                    state = WorkdirState(cwd, state.env, state.made | ({cwd} if cwd else set()), other)
                states.append(state)
            self._workdirs[st.index] = states
        return self._workdirs[st.index]

    def workdir_state(self, ins: Instruction) -> WorkdirState | None:
        """Working-directory facts before ``ins`` (None outside a stage)."""
        if ins.stage is None:
            return None
        states = self._workdir_states(ins.stage)
        i = self.position(ins)
        return states[i] if i < len(states) else None

    def workdir_end_state(self, st: Stage) -> WorkdirState:
        """Working-directory facts at the end of ``st``."""
        states = self._workdir_states(st)
        return states[-1] if states else WorkdirState(None, {}, frozenset({"/"}), None)

    def workdir_at(self, ins: Instruction) -> str | None:
        """The working directory ``ins`` runs in (None: unknown)."""
        state = self.workdir_state(ins)
        return state.cwd if state is not None else None

    def workdir_after(self, st: Stage) -> str | None:
        """The working directory at the end of ``st`` (None: unknown)."""
        return self.workdir_end_state(st).cwd

    def user_at(self, ins: Instruction) -> str | None:
        """The USER value in force at ``ins`` as written (it may hold
        variables); None when no USER of the stage chain sets one: the base
        image's user."""
        found = self.last_in_effect(ins, "USER")
        return found.args.strip() if found is not None else None

    def user_after(self, st: Stage) -> tuple[str | None, Instruction | None]:
        """(USER value, its instruction) at the end of ``st``; (None, None)
        when no USER of the chain sets one."""
        for s in self.chain(st):
            found = None
            for other in s.instructions:
                if other.cmd == "USER":
                    found = other
            if found is not None:
                return found.args.strip(), found
        return None, None

    def last_in_effect(self, ins: Instruction, cmd: str,
                       accept: Callable[[Instruction], bool] | None = None) -> Instruction | None:
        """The last ``cmd`` instruction (that ``accept`` takes, if given) in
        force at ``ins``: before it in its stage, else in the stages that
        stage is built FROM."""
        stop: Instruction | None = ins
        if ins.stage is None:
            return None
        for st in self.chain(ins.stage):
            of_cmd = self.instructions_of(st, cmd)
            end = len(of_cmd) if stop is None else bisect.bisect_left(of_cmd, self.position(stop), key=self.position)
            for other in reversed(of_cmd[:end]):
                if accept is None or accept(other):
                    return other
            stop = None
        return None

    def position(self, ins: Instruction) -> int:
        """The index of ``ins`` among its stage's instructions (past the end when it is not one of them)."""
        st = ins.stage
        if st is not None and st.index not in self._indexed:
            self._indexed.add(st.index)
            for k, other in enumerate(st.instructions):
                self._positions[id(other)] = k
        return self._positions.get(id(ins), 1 << 60)

    def instructions_of(self, st: Stage, cmd: str) -> list[Instruction]:
        """The ``cmd`` instructions of ``st``, in order (one pass over the stage for all commands)."""
        by_cmd = self._by_cmd.get(st.index)
        if by_cmd is None:
            by_cmd = self._by_cmd[st.index] = {}
            for other in st.instructions:
                by_cmd.setdefault(other.cmd, []).append(other)
        return by_cmd.get(cmd, [])

    # -- shell ------------------------------------------------------------
    def shell_of(self, ins: Instruction) -> list[str]:
        """The SHELL in force for ``ins`` (default ``/bin/sh -c``); a stage
        built FROM an earlier stage starts with that stage's SHELL."""
        found = self.last_in_effect(ins, "SHELL", lambda i: bool(i.json_values))
        return list(found.json_values or ()) if found is not None else list(DEFAULT_SHELL)

    def shell_view(self, ins: Instruction) -> ShellView | None:
        """The shell view of a RUN (None if not a POSIX shell RUN)."""
        key = id(ins)
        if key not in self._views:
            target = ins.sub if ins.sub is not None else ins
            if target.cmd != "RUN" or target.json or self.doc.is_windows:
                self._views[key] = None
            else:
                self._views[key] = shell_view_for(self.doc, ins, self.shell_of(ins))
        return self._views[key]

    def shell_runs(self) -> Iterator[tuple[Instruction, Instruction, ShellView]]:
        """(instruction, its RUN, shell view) for every RUN (ONBUILD RUN
        included) with a usable POSIX shell view; exec form, Windows files,
        non-POSIX SHELLs and scripts the shell parser rejects are skipped."""
        if self._runs is None:
            runs = []
            for ins in self.doc.instructions:
                target = ins.sub if ins.sub is not None else ins
                if target.cmd != "RUN":
                    continue
                view = self.shell_view(ins)
                if view is None or view.has_error:
                    continue
                runs.append((ins, target, view))
            self._runs = runs
        return iter(self._runs)

    def run_views(self) -> Iterator[tuple[Instruction, ShellView]]:
        """(instruction, shell view) of every usable RUN (``shell_runs`` without the target)."""
        for ins, _target, view in self.shell_runs():
            yield ins, view

    def stage_runs(self, stages: Stage | Iterable[Stage]) -> Iterator[tuple[Instruction, ShellView]]:
        """(RUN, shell view) of the RUNs of ``stages`` (a stage or several;
        ONBUILD triggers excluded) with a usable shell view, in file order."""
        from dockfix.syntax.cst import Stage

        wanted = {id(stages)} if isinstance(stages, Stage) else {id(s) for s in stages}
        for ins, target, view in self.shell_runs():
            if ins is target and id(ins.stage) in wanted:
                yield ins, view


def model_of(doc: Dockerfile) -> Model:
    """The model of ``doc``, built on first use and shared by every caller.

    It is kept on the document itself: the model refers to its document, so a weak-keyed table
    of models would keep every document of a run alive (memory growing with the number of
    files); on the document, the pair goes away with it."""
    m = doc.__dict__.get("_model")
    if m is None:
        m = doc.__dict__["_model"] = Model(doc)
    return m
