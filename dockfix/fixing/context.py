"""What a transform sees: the parsed file, its model, its path and the settings."""

from __future__ import annotations

import os
from typing import Any, Protocol

from dockfix.fixing.edit import Finding, Fix
from dockfix.semantic.model import Model, model_of
from dockfix.syntax.cst import Dockerfile, Instruction
from dockfix.syntax.regular import MAX_FILE_SIZE, UnreadableFile, read_regular

__all__ = ["MAX_FILE_SIZE", "UnreadableFile", "read_regular"]


BUILDER_STAGE = ("a builder stage: only COPY --from reads it, so its layers are thrown away and a smaller "
                 "layer gains nothing")


class RunSettings(Protocol):
    """What a transform may read of the run's settings (``dockfix.fixing.config.Settings``)."""

    @property
    def unsafe_fixes(self) -> bool: ...

    @property
    def options(self) -> dict: ...

    @property
    def context(self) -> str | None: ...

    @property
    def select(self) -> tuple[str, ...] | None: ...

    @property
    def extend_select(self) -> tuple[str, ...]: ...


class Configurable(Protocol):
    """What ``Context.option`` needs of a transform: its declared options."""

    def option_named(self, name: str) -> Any: ...


class Named(Protocol):
    """What a finding needs of its transform (a Transform class or instance)."""

    @property
    def name(self) -> str: ...

    @property
    def code(self) -> str: ...

    @property
    def hadolint(self) -> tuple[str, ...]: ...


class Context:
    """What a transform sees: the parsed file, its path and the settings."""

    def __init__(self, doc: Dockerfile, path: str | None, settings: RunSettings, shared: dict | None = None,
                 pending: dict | None = None):
        self.doc = doc
        self.path = path
        self.settings = settings
        self.shared = shared if shared is not None else {}
        self.notes: list[str] = []
        self.pending = pending if pending is not None else {}  # side files changed by earlier fixes

    def read_file(self, path: str) -> str | None:
        """A file beside the Dockerfile as fixes so far left it (None if absent)."""
        if path in self.pending:
            return self.pending[path]
        return read_side_file(path)

    @property
    def model(self) -> Model:
        """The semantic model of ``doc`` (built once, shared by every transform)."""
        return model_of(self.doc)

    @property
    def unsafe_fixes(self) -> bool:
        return self.settings.unsafe_fixes

    @property
    def options(self) -> dict:
        return self.settings.options

    def option(self, transform: "Configurable", name: str) -> Any:
        """Option ``name`` of ``transform`` (or a global one) as its declared type, its default when not set.

        KeyError when the transform does not declare it; OptionError when the value does not fit
        (the command line and configuration files are validated before any transform runs)."""
        return transform.option_named(name).read(self.settings.options.get(name))

    @property
    def context_dir(self) -> str | None:
        """The build context: ``--context``/config, else the Dockerfile's folder."""
        if self.settings.context:
            return self.settings.context
        if self.path and self.path != "-":
            return os.path.dirname(os.path.abspath(self.path))
        return None

    def finding(
        self,
        transform: Named,
        where: "Instruction | tuple[int, int] | int",
        message: str,
        fix: Fix | None = None,
        refused: str | None = None,
        instruction: Instruction | None = None,
        **extra,
    ) -> Finding:
        ins: Instruction | None
        if isinstance(where, Instruction):
            ins = where
            start, end = where.keyword.start, where.end
        elif isinstance(where, tuple):
            start, end = where
            ins = instruction or self.instruction_at(start)
        else:
            start = end = where
            ins = instruction or self.instruction_at(start)
        if fix is not None and ins is not None and getattr(transform, "shipped_stages_only", False) and \
                ins.stage is not None and self.model.is_builder(ins.stage):
            fix, refused = None, BUILDER_STAGE
        line, col = self.doc.line_col(start)
        end_line, end_col = self.doc.line_col(end)
        return Finding(
            name=transform.name, code=transform.code, message=message, start=start, end=end,
            line=line, col=col, end_line=end_line, end_col=end_col, fix=fix, refused=refused,
            instruction=ins, dl_codes=tuple(transform.hadolint), extra=extra,
        )

    def instruction_at(self, offset: int) -> Instruction | None:
        for ins in self.doc.instructions:
            if ins.leading_start <= offset < ins.end or ins.start == offset:
                return ins
        return None

    def note(self, message: str) -> None:
        self.notes.append(message)


def read_side_file(path: str) -> str | None:
    """A file beside the Dockerfile (``.dockerignore``...) as text, None when it does not exist;
    UnreadableFile when it exists and cannot be read (the run reports it as bad input)."""
    try:
        return read_regular(path).decode("utf-8", "surrogateescape")
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
