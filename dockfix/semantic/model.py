"""The semantic model of one Dockerfile, computed once and shared.

The syntax tree (``dockfix.syntax.cst``) says what is written; the model says
what it means: which stage a stage is built FROM (through ``FROM ${ARG}`` and
stage names), which SHELL/USER/WORKDIR is in force at an instruction, and the
shell view of every RUN.  Every transform reads these facts from here
(``ctx.model``, or ``model_of(doc)`` in helpers that only have the tree);
none re-derives them.

A model is built lazily, the first time a fact is asked for, and kept for as
long as its document lives (one per parse: the engine re-parses each round).
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from dockfix.semantic.variables import resolve_image
from dockfix.shell.view import ShellView, shell_view_for

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.syntax.cst import Dockerfile, Instruction, Stage

DEFAULT_SHELL = ("/bin/sh", "-c")


class Model:
    """Facts about one parsed Dockerfile; each computed at most once."""

    def __init__(self, doc: "Dockerfile"):
        self.doc = doc
        self._parents: dict[int, "Stage | None"] = {}
        self._views: dict[int, ShellView | None] = {}
        self._runs: list[tuple["Instruction", "Instruction", ShellView]] | None = None
        self.cache: dict[str, object] = {}  # per-document facts of other semantic modules

    # -- stages -----------------------------------------------------------
    def parent(self, st: "Stage") -> "Stage | None":
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

    def chain(self, st: "Stage") -> list["Stage"]:
        """``st`` and the stages it is built FROM, nearest first."""
        out: list["Stage"] = []
        seen: set[int] = set()
        cur: "Stage | None" = st
        while cur is not None and cur.index not in seen:
            seen.add(cur.index)
            out.append(cur)
            cur = self.parent(cur)
        return out

    def root(self, st: "Stage") -> "Stage":
        """The first stage of ``st``'s chain: the one built FROM an image."""
        return self.chain(st)[-1]

    def last_in_effect(self, ins: "Instruction", cmd: str,
                       accept: Callable[["Instruction"], bool] | None = None) -> "Instruction | None":
        """The last ``cmd`` instruction (that ``accept`` takes, if given) in
        force at ``ins``: before it in its stage, else in the stages that
        stage is built FROM."""
        stop: "Instruction | None" = ins
        if ins.stage is None:
            return None
        for st in self.chain(ins.stage):
            found = None
            for other in st.instructions:
                if other is stop:
                    break
                if other.cmd == cmd and (accept is None or accept(other)):
                    found = other
            if found is not None:
                return found
            stop = None
        return None

    # -- shell ------------------------------------------------------------
    def shell_of(self, ins: "Instruction") -> list[str]:
        """The SHELL in force for ``ins`` (default ``/bin/sh -c``); a stage
        built FROM an earlier stage starts with that stage's SHELL."""
        found = self.last_in_effect(ins, "SHELL", lambda i: bool(i.json_values))
        return list(found.json_values) if found is not None else list(DEFAULT_SHELL)

    def shell_view(self, ins: "Instruction") -> ShellView | None:
        """The shell view of a RUN (None if not a POSIX shell RUN)."""
        key = id(ins)
        if key not in self._views:
            target = ins.sub if ins.sub is not None else ins
            if target.cmd != "RUN" or target.json or self.doc.is_windows:
                self._views[key] = None
            else:
                self._views[key] = shell_view_for(self.doc, ins, self.shell_of(ins))
        return self._views[key]

    def shell_runs(self) -> Iterator[tuple["Instruction", "Instruction", ShellView]]:
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

    def stage_runs(self, stages: "Stage | Iterable[Stage]") -> Iterator[tuple["Instruction", ShellView]]:
        """(RUN, shell view) of the RUNs of ``stages`` (a stage or several;
        ONBUILD triggers excluded) with a usable shell view, in file order."""
        from dockfix.syntax.cst import Stage

        wanted = {id(stages)} if isinstance(stages, Stage) else {id(s) for s in stages}
        for ins, target, view in self.shell_runs():
            if ins is target and id(ins.stage) in wanted:
                yield ins, view


_MODELS: "weakref.WeakKeyDictionary[Dockerfile, Model]" = weakref.WeakKeyDictionary()


def model_of(doc: "Dockerfile") -> Model:
    """The model of ``doc``, built on first use and shared by every caller."""
    m = _MODELS.get(doc)
    if m is None:
        m = _MODELS[doc] = Model(doc)
    return m
