"""The language server (pygls): diagnostics, code actions, commands.

One document at a time is checked, in a worker thread (the event loop keeps reading messages);
a change waits ``lintDelay`` ms for the next one (debounce) and a check whose version is
outdated when it ends is not published.  Diagnostics are pushed, or pulled when the client
supports ``textDocument/diagnostic`` (never both).
"""

from __future__ import annotations

import asyncio
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lsprotocol import types as T
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from dockfix import __version__
from dockfix.app.discover import is_dockerfile_name
from dockfix.app.editor import (
    Analysis,
    DocumentSettings,
    EditorSettings,
    Positions,
    analyse,
    fix_is_sound,
    fixable,
    is_config_file,
    middle_edit,
    parse_editor_settings,
    prepare,
)

if TYPE_CHECKING:  # pragma: no cover
    from dockfix.fixing.edit import Edit, Finding

FIX_ALL = "source.fixAll.dockfix"
SOURCE = "dockfix"
EXPLAIN = "dockfix.explain"
DEBUG = "dockfix.debugInformation"
PREVIEW = "dockfix.previewFix"
APPLY_FIX_ALL = "dockfix.applyFixAll"
LANGUAGES = ("dockerfile", "containerfile")
WATCHED = (".dockfix.toml", "pyproject.toml", ".dockerignore")  # what a document's findings depend on


@dataclass
class State:
    """The last analysis of an open document."""

    version: int | None
    generation: int  # of the settings it was made with
    stamp: tuple  # of the configuration files it was made with
    analysis: Analysis
    result_id: str = ""


class DockfixServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("dockfix", __version__, text_document_sync_kind=T.TextDocumentSyncKind.Full)
        self.editor = EditorSettings()
        self.init_options: Any = None
        self.docs = DocumentSettings(self.editor)
        self.generation = 0
        self.states: dict[str, State] = {}
        self.running: dict[tuple, asyncio.Future] = {}
        self.timers: dict[str, asyncio.TimerHandle] = {}
        self.worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="dockfix-check")
        self.counter = 0

    # -- what the client can do -----------------------------------------------------------------
    @property
    def pull(self) -> bool:
        td = self.client_capabilities.text_document
        return td is not None and td.diagnostic is not None

    @property
    def encoding(self) -> str:
        enc = self.server_capabilities.position_encoding
        return str(enc.value if isinstance(enc, T.PositionEncodingKind) else enc or "utf-16")

    def _workspace_edit_caps(self) -> tuple[bool, bool, bool]:
        """(documentChanges, create files, change annotations) the client supports."""
        ws = self.client_capabilities.workspace
        we = ws.workspace_edit if ws is not None else None
        if we is None:
            return False, False, False
        ops = [str(getattr(o, "value", o)) for o in (we.resource_operations or [])]
        return bool(we.document_changes), "create" in ops, we.change_annotation_support is not None

    def root(self) -> str | None:
        try:
            return self.workspace.root_path
        except Exception:  # noqa: BLE001 - no workspace folder
            return None

    # -- settings --------------------------------------------------------------------------------
    def set_settings(self, raw: Any, announce: bool = True) -> None:
        editor, problems = parse_editor_settings(raw, self.root())
        for p in problems:
            self.window_show_message(T.ShowMessageParams(T.MessageType.Warning, f"dockfix: {p}"))
        self.editor = editor
        self.docs = DocumentSettings(editor)
        if announce:
            self.settings_changed()

    def settings_changed(self) -> None:
        """Settings or configuration files changed: every open document again."""
        self.generation += 1
        if self.pull:
            if not self.states:
                return
            ws = self.client_capabilities.workspace
            if ws is not None and ws.diagnostics is not None and ws.diagnostics.refresh_support:
                self.workspace_diagnostic_refresh(None)
            return
        for uri in list(self.states):
            self.schedule(uri, 0)

    async def watch_files(self) -> None:
        """Ask the client to tell about configuration files and .dockerignore files (when it can)."""
        ws = self.client_capabilities.workspace
        if ws is None or ws.did_change_watched_files is None or not ws.did_change_watched_files.dynamic_registration:
            return
        opts = T.DidChangeWatchedFilesRegistrationOptions([T.FileSystemWatcher(f"**/{n}") for n in WATCHED])
        try:
            await self.client_register_capability_async(T.RegistrationParams(
                [T.Registration("dockfix-watch", T.WORKSPACE_DID_CHANGE_WATCHED_FILES, opts)]))
        except Exception:  # noqa: BLE001 - without it, changes are noticed at the next check
            pass

    async def pull_settings(self) -> None:
        ws = self.client_capabilities.workspace
        if ws is None or not ws.configuration:
            return
        try:
            got = await self.workspace_configuration_async(T.ConfigurationParams([T.ConfigurationItem(section="dockfix")]))
        except Exception:  # noqa: BLE001 - a client that cannot answer keeps the initialization options
            return
        if got and isinstance(got[0], dict) and got[0]:
            merged = dict(_flat(self.init_options))
            merged.update(_flat(got[0]))
            self.set_settings(merged)

    # -- checking --------------------------------------------------------------------------------
    def wanted(self, uri: str) -> bool:
        doc = self.workspace.get_text_document(uri)
        path = to_fs_path(uri) if uri.startswith("file:") else None
        return (doc.language_id or "").lower() in LANGUAGES or (path is not None and is_dockerfile_name(os.path.basename(path)))

    def schedule(self, uri: str, delay_ms: int | None = None) -> None:
        """Check ``uri`` after the debounce delay and publish (push mode)."""
        if self.pull:
            return
        old = self.timers.pop(uri, None)
        if old is not None:
            old.cancel()
        delay = (self.editor.lint_delay_ms if delay_ms is None else delay_ms) / 1000
        loop = asyncio.get_running_loop()
        self.timers[uri] = loop.call_later(delay, lambda: asyncio.ensure_future(self.publish(uri)))

    async def publish(self, uri: str) -> None:
        self.timers.pop(uri, None)
        if uri not in self.workspace.text_documents:
            return
        state = await self.state(uri)
        doc = self.workspace.text_documents.get(uri)
        if state is None or doc is None or doc.version != state.version:
            return  # a newer version is on its way
        self.text_document_publish_diagnostics(
            T.PublishDiagnosticsParams(uri, self.diagnostics(uri, state.analysis), version=state.version))

    async def state(self, uri: str) -> State | None:
        """The analysis of the document's current version (made now if it is not there yet)."""
        doc = self.workspace.text_documents.get(uri)
        if doc is None:
            return None
        path = to_fs_path(uri) if uri.startswith("file:") else None
        stamp = self.docs.stamp(path)
        st = self.states.get(uri)
        if st is not None and (st.version, st.generation, st.stamp) == (doc.version, self.generation, stamp):
            return st
        key = (uri, doc.version, self.generation, stamp)
        fut = self.running.get(key)
        if fut is None:
            loop = asyncio.get_running_loop()
            fut = self.running[key] = loop.run_in_executor(self.worker, _safe_analyse, doc.source, path, self.docs)
        try:
            analysis = await fut
        finally:
            self.running.pop(key, None)
        st = self.states.get(uri)
        if st is not None and st.analysis is analysis:
            return st  # another request waited for the same check and stored it
        self.counter += 1
        st = State(doc.version, self.generation, stamp, analysis, f"{self.generation}-{self.counter}")
        if uri in self.workspace.text_documents:
            self.states[uri] = st
            self.log_analysis(path or uri, analysis)
        return st

    def log_analysis(self, where: str, a: Analysis) -> None:
        for e in a.errors:
            self.window_log_message(T.LogMessageParams(T.MessageType.Error, f"{where}: internal error: {e}"))
        for n in a.notes:
            self.window_log_message(T.LogMessageParams(T.MessageType.Info, f"{where}: note: {n}"))

    # -- diagnostics -----------------------------------------------------------------------------
    def diagnostics(self, uri: str, a: Analysis) -> list[T.Diagnostic]:
        from dockfix.fixing import registry

        pos = Positions(a.text, self.encoding)
        if a.problem is not None:
            d = T.Diagnostic(_range(pos, a.problem.offset, a.problem.offset), a.problem.message,
                             severity=T.DiagnosticSeverity.Error, source=SOURCE)
            if a.problem.related is not None:
                cfg, line, col = a.problem.related
                loc = T.Location(from_fs_path(cfg) or cfg, T.Range(T.Position(line - 1, col - 1), T.Position(line - 1, col - 1)))
                d.related_information = [T.DiagnosticRelatedInformation(loc, "the configuration file")]
            return [d]
        reg = registry.load_all()
        out = []
        for i, f in enumerate(a.findings):
            t = reg.get(f.name)
            link = T.CodeDescription(t.links[0]) if t is not None and t.links else None
            msg = f"{f.name}: {f.message}" + (f" (not fixed: {f.refused})" if f.refused else "")
            if f.fix is not None and f.fix.applicability == 1 and not a.unsafe_allowed:
                msg += " [unsafe fix available: enable unsafeFixes]"
            out.append(T.Diagnostic(_range(pos, *_span(a, f)), msg, severity=_severity(f), code=f.code,
                                    code_description=link, source=SOURCE, data={"finding": i}))
        for i, u in enumerate(a.unused):
            start = u.comment.start if u.name is None else u.comment.names_start
            end = u.comment.end if u.name is None else u.comment.names_end
            out.append(T.Diagnostic(_range(pos, start, end), u.message, severity=T.DiagnosticSeverity.Information,
                                    code="unused-suppression", source=SOURCE, tags=[T.DiagnosticTag.Unnecessary],
                                    data={"unused": i}))
        return out

    # -- code actions ----------------------------------------------------------------------------
    async def code_actions(self, params: T.CodeActionParams) -> list[T.CodeAction]:
        uri = params.text_document.uri
        if uri not in self.workspace.text_documents or not self.wanted(uri):
            return []
        only = [str(getattr(k, "value", k)) for k in (params.context.only or [])]
        if only and not _wants(only, "quickfix"):
            # source actions only (fix-all on save): the fixes, without the findings
            if not (self.editor.fix_all and _wants(only, FIX_ALL)):
                return []
            doc = self.workspace.get_text_document(uri)
            path = to_fs_path(uri) if uri.startswith("file:") else None
            loop = asyncio.get_running_loop()
            light = await loop.run_in_executor(self.worker, prepare, doc.source, path, self.docs)
            action = await self.fix_all_action(uri, doc.version, light)
            return [action] if action is not None else []
        st = await self.state(uri)
        if st is None or st.analysis.problem is not None:
            return []
        a = st.analysis
        pos = Positions(a.text, self.encoding)
        lo = pos.offset(params.range.start.line, params.range.start.character)
        hi = pos.offset(params.range.end.line, params.range.end.character)
        out: list[T.CodeAction] = []
        diags = {d.data.get("finding") for d in params.context.diagnostics
                 if d.source == SOURCE and isinstance(d.data, dict) and "finding" in d.data}
        for i, f in enumerate(a.findings):
            s, e = _span(a, f)
            if i in diags or (s <= hi and lo <= e):
                out.extend(self.finding_actions(uri, st, i, f, pos))
        for u in a.unused:
            if u.comment.line_start <= hi and lo <= u.comment.line_end:
                we = self.edit(uri, st.version, a.text, [u.edit], ())
                if we is not None:
                    out.append(T.CodeAction(f"Remove unused suppression{' ' + u.name if u.name else ''}",
                                            kind=T.CodeActionKind.QuickFix, edit=we, is_preferred=True))
        if self.editor.fix_all and _wants(only, FIX_ALL):
            if not only and self.resolves_edits:
                # listed with everything else: the fixes are computed only when it is chosen
                out.append(T.CodeAction("dockfix: fix all", kind=FIX_ALL, data={"fixAll": uri, "version": st.version}))
            else:
                action = await self.fix_all_action(uri, st.version, a)
                if action is not None:
                    out.append(action)
        return out

    @property
    def resolves_edits(self) -> bool:
        td = self.client_capabilities.text_document
        ca = td.code_action if td is not None else None
        return bool(ca and ca.resolve_support and "edit" in ca.resolve_support.properties)

    async def resolve(self, action: T.CodeAction) -> T.CodeAction:
        data = action.data if isinstance(action.data, dict) else {}
        uri = data.get("fixAll")
        if not isinstance(uri, str) or uri not in self.workspace.text_documents:
            return action
        st = await self.state(uri)
        if st is None or st.version != data.get("version"):
            return action  # the document changed: nothing to apply
        done = await self.fix_all_action(uri, st.version, st.analysis)
        if done is not None:
            action.edit = done.edit
            action.title = done.title
        return action

    def finding_actions(self, uri: str, st: State, i: int, f: "Finding", pos: Positions) -> list[T.CodeAction]:
        from dockfix.fixing.suppressions import suppress_edit

        a = st.analysis
        out: list[T.CodeAction] = []
        if fixable(f, a.unsafe_allowed) and fix_is_sound(a, f) and f.fix is not None:
            unsafe = f.fix.applicability != 2
            what = f.fix.message or f.message
            title = f"Fix {f.name}: {what}" + (" (unsafe)" if unsafe else "")
            we = self.edit(uri, st.version, a.text, list(f.fix.edits), f.fix.files, _unsafe_note(f) if unsafe else None)
            if we is not None:
                out.append(T.CodeAction(title, kind=T.CodeActionKind.QuickFix, edit=we, is_preferred=not unsafe,
                                        diagnostics=None))
                out.append(T.CodeAction(f"Preview the fix of {f.name} as a diff" + (" (unsafe: why)" if unsafe else ""),
                                        kind=T.CodeActionKind.Empty,
                                        command=T.Command("Preview fix", PREVIEW, arguments=[uri, st.version, i])))
        if f.instruction is not None:
            we = self.edit(uri, st.version, a.text, [suppress_edit(f.instruction, f.name)], ())
            if we is not None:
                out.append(T.CodeAction(f"Suppress {f.name} for this instruction (# dockfix: ignore={f.name})",
                                        kind=T.CodeActionKind.QuickFix, edit=we))
        out.append(T.CodeAction(f"Explain {f.name} (dockfix explain)", kind=T.CodeActionKind.Empty,
                                command=T.Command(f"Explain {f.name}", EXPLAIN, arguments=[f.name])))
        return out

    async def fix_all_action(self, uri: str, version: int | None, a: Analysis) -> T.CodeAction | None:
        loop = asyncio.get_running_loop()
        res = await loop.run_in_executor(self.worker, a.fix_all)
        if res is None or not (res.changed or res.side_files):
            return None
        s, e, new = middle_edit(a.text, res.output)
        from dockfix.fixing.edit import Edit

        edits = [Edit(s, e, new)] if res.changed else []
        files = tuple(sorted(res.side_files.items()))
        we = self.edit(uri, version, a.text, edits, files)
        if we is None:
            return None
        n = len(res.applied)
        return T.CodeAction(f"dockfix: fix all ({n} fix{'es' if n != 1 else ''})", kind=FIX_ALL, edit=we)

    def edit(self, uri: str, version: int | None, text: str, edits: list["Edit"], files: tuple,
             note: str | None = None) -> T.WorkspaceEdit | None:
        """A workspace edit: ``edits`` on the document (offsets in the analysed text) and whole new
        contents for side files (created when absent).  None when the client cannot apply it."""
        doc_changes, create, annotations = self._workspace_edit_caps()
        pos = Positions(text, self.encoding)
        ann_id = "dockfix-unsafe" if note and annotations and doc_changes else None
        text_edits: list[T.TextEdit | T.AnnotatedTextEdit] = [
            T.AnnotatedTextEdit(ann_id, _range(pos, e.start, e.end), e.content) if ann_id else
            T.TextEdit(_range(pos, e.start, e.end), e.content) for e in edits]
        if not doc_changes:
            if any(_disk(p) is None for p, _ in files):
                return None
            changes: dict[str, list[T.TextEdit]] = {uri: [T.TextEdit(e.range, e.new_text) for e in text_edits]} if text_edits else {}
            for p, content in files:
                changes[from_fs_path(p) or p] = [_whole(_disk(p) or "", content, self.encoding)]
            return T.WorkspaceEdit(changes=changes)
        out: list[Any] = []
        if text_edits:
            out.append(T.TextDocumentEdit(T.OptionalVersionedTextDocumentIdentifier(uri, version), list(text_edits)))
        for p, content in files:
            old = _disk(p)
            furi = from_fs_path(p) or p
            if old is None:
                if not create:
                    return None
                out.append(T.CreateFile(furi, options=T.CreateFileOptions(overwrite=False, ignore_if_exists=True)))
            out.append(T.TextDocumentEdit(T.OptionalVersionedTextDocumentIdentifier(furi, None),
                                          [_whole(old or "", content, self.encoding)]))
        ann = {ann_id: T.ChangeAnnotation("dockfix: unsafe fix", needs_confirmation=True, description=note)} if ann_id else None
        return T.WorkspaceEdit(document_changes=out, change_annotations=ann)

    # -- commands --------------------------------------------------------------------------------
    def debug_information(self) -> str:
        import platform

        import lsprotocol
        import pygls

        lines = [f"dockfix {__version__} (language server)", f"python {platform.python_version()} ({sys.executable})",
                 f"pygls {getattr(pygls, '__version__', '?')}, lsprotocol {getattr(lsprotocol, '__version__', '?')}",
                 f"diagnostics: {'pull' if self.pull else 'push'}; position encoding: {self.encoding}",
                 f"workspace root: {self.root()}", f"settings: {self.editor}", "open documents:"]
        for uri, st in sorted(self.states.items()):
            a = st.analysis
            cfg = a.settings.config_path if a.settings is not None else "(bad configuration)"
            lines.append(f"  {uri} (version {st.version}): configuration {cfg or '(none: defaults)'}; "
                         f"{len(a.findings)} finding(s){'; ' + a.problem.message if a.problem else ''}")
        return "\n".join(lines)

    def preview(self, uri: str, version: int, index: int) -> str:
        from dockfix.app.explain import fix_safety
        from dockfix.app.files import side_file_diff
        from dockfix.fixing import registry
        from dockfix.fixing.diff import unified
        from dockfix.fixing.edit import apply_edits

        st = self.states.get(uri)
        if st is None or st.version != version or not 0 <= index < len(st.analysis.findings):
            return "dockfix: the document changed since; ask for the code actions again"
        a = st.analysis
        f = a.findings[index]
        if f.fix is None:
            return f"{f.name}: no fix"
        shown = a.path or uri
        text = unified(a.text, apply_edits(a.text, f.fix.edits), shown)
        for p, content in f.fix.files:
            text += side_file_diff(p, _disk(p), content)
        t = registry.load_all().get(f.name)
        if f.fix.applicability != 2 and t is not None:
            text = f"{f.name} is an {f.fix.applicability.label} fix: {fix_safety(t)}\n\n" + text
        return text


# -- helpers ----------------------------------------------------------------------------------------
def _flat(raw: Any) -> dict:
    from dockfix.app.editor import unwrap

    return unwrap(raw)


def _safe_analyse(text: str, path: str | None, docs: DocumentSettings) -> Analysis:
    """``analyse``, with a bug reported as an error diagnostic instead of a dead server."""
    from dockfix.app.editor import Problem

    try:
        return analyse(text, path, docs)
    except Exception as e:  # noqa: BLE001 - a bug must not take the editor's server down
        import traceback

        traceback.print_exc(file=sys.stderr)
        a = Analysis(path, text)
        a.problem = Problem(f"dockfix internal error: {type(e).__name__}: {e}")
        return a


def _span(a: Analysis, f: "Finding") -> tuple[int, int]:
    s, e = f.start, max(f.start, f.end)
    while e > s and a.text[e - 1:e] in ("\n", "\r"):
        e -= 1
    return s, e


def _range(pos: Positions, start: int, end: int) -> T.Range:
    (sl, sc), (el, ec) = pos.position(start), pos.position(end)
    return T.Range(T.Position(sl, sc), T.Position(el, ec))


def _severity(f: "Finding") -> T.DiagnosticSeverity:
    if f.refused or (f.fix is not None and f.fix.applicability == 0):
        return T.DiagnosticSeverity.Information
    return T.DiagnosticSeverity.Warning


def _wants(only: list[str], kind: str) -> bool:
    """Whether a request limited to the kinds ``only`` (none: all) takes actions of ``kind``."""
    return not only or any(kind == k or kind.startswith(k + ".") for k in only)


def _disk(path: str) -> str | None:
    from dockfix.fixing.context import read_side_file

    return read_side_file(path)


def _whole(old: str, new: str, encoding: str) -> T.TextEdit:
    """Replace a whole file's text."""
    pos = Positions(old, encoding)
    return T.TextEdit(_range(pos, 0, len(old)), new)


def _unsafe_note(f: "Finding") -> str:
    from dockfix.app.explain import fix_safety
    from dockfix.fixing import registry

    t = registry.load_all().get(f.name)
    return (fix_safety(t) if t is not None else "") or f"{f.name}: an unsafe fix changes behaviour; review it"


def build() -> DockfixServer:
    server = DockfixServer()
    _features(server)
    _commands(server)
    return server


def _features(server: DockfixServer) -> None:
    @server.feature(T.INITIALIZE)
    def initialize(ls: DockfixServer, params: T.InitializeParams) -> None:
        ls.init_options = params.initialization_options
        if params.initialization_options:
            ls.set_settings(params.initialization_options, announce=False)

    @server.feature(T.INITIALIZED)
    async def initialized(ls: DockfixServer, params: T.InitializedParams) -> None:
        await ls.watch_files()
        await ls.pull_settings()

    @server.feature(T.WORKSPACE_DID_CHANGE_CONFIGURATION)
    async def did_change_configuration(ls: DockfixServer, params: T.DidChangeConfigurationParams) -> None:
        if _flat(params.settings):
            ls.set_settings(params.settings)
        else:
            await ls.pull_settings()

    @server.feature(T.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched(ls: DockfixServer, params: T.DidChangeWatchedFilesParams) -> None:
        names = {os.path.basename(to_fs_path(c.uri) or "") for c in params.changes}
        if names & set(WATCHED):
            ls.settings_changed()

    @server.feature(T.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: DockfixServer, params: T.DidOpenTextDocumentParams) -> None:
        if ls.wanted(params.text_document.uri):
            ls.schedule(params.text_document.uri, 0)

    @server.feature(T.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: DockfixServer, params: T.DidChangeTextDocumentParams) -> None:
        if ls.wanted(params.text_document.uri):
            ls.schedule(params.text_document.uri)

    @server.feature(T.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: DockfixServer, params: T.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        path = to_fs_path(uri) if uri.startswith("file:") else None
        if is_config_file(path) or os.path.basename(path or "") == ".dockerignore":
            ls.settings_changed()
        elif uri in ls.states:
            ls.schedule(uri, 0)  # the files beside it (.dockerignore) may have changed too

    @server.feature(T.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: DockfixServer, params: T.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        timer = ls.timers.pop(uri, None)
        if timer is not None:
            timer.cancel()
        if ls.states.pop(uri, None) is not None and not ls.pull:
            ls.text_document_publish_diagnostics(T.PublishDiagnosticsParams(uri, []))

    @server.feature(T.TEXT_DOCUMENT_DIAGNOSTIC,
                    T.DiagnosticOptions(identifier="dockfix", inter_file_dependencies=False, workspace_diagnostics=False))
    async def diagnostic(ls: DockfixServer, params: T.DocumentDiagnosticParams) -> T.DocumentDiagnosticReport:
        uri = params.text_document.uri
        if uri not in ls.workspace.text_documents or not ls.wanted(uri):
            return T.RelatedFullDocumentDiagnosticReport(items=[])
        st = await ls.state(uri)
        if st is None:
            return T.RelatedFullDocumentDiagnosticReport(items=[])
        if params.previous_result_id and params.previous_result_id == st.result_id:
            return T.RelatedUnchangedDocumentDiagnosticReport(result_id=st.result_id)
        return T.RelatedFullDocumentDiagnosticReport(items=ls.diagnostics(uri, st.analysis), result_id=st.result_id)

    @server.feature(T.TEXT_DOCUMENT_CODE_ACTION,
                    T.CodeActionOptions(code_action_kinds=[T.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=True))
    async def code_action(ls: DockfixServer, params: T.CodeActionParams) -> list[T.CodeAction]:
        return await ls.code_actions(params)

    @server.feature(T.CODE_ACTION_RESOLVE)
    async def code_action_resolve(ls: DockfixServer, params: T.CodeAction) -> T.CodeAction:
        return await ls.resolve(params)

    @server.feature(T.SHUTDOWN)
    def shutdown(ls: DockfixServer, params: None) -> None:
        ls.worker.shutdown(wait=False, cancel_futures=True)


def _commands(server: DockfixServer) -> None:
    def show(ls: DockfixServer, text: str) -> str:
        ls.window_log_message(T.LogMessageParams(T.MessageType.Info, text))
        ls.window_show_message(T.ShowMessageParams(T.MessageType.Info, text))
        return text

    @server.command(EXPLAIN)
    def explain(ls: DockfixServer, *args: Any) -> str:
        from dockfix.app.explain import explain_text, find_transform

        name = str(args[0]) if args else ""
        t = find_transform(name)
        return show(ls, explain_text(t) if t is not None else f"dockfix: unknown transform {name!r}")

    @server.command(DEBUG)
    def debug(ls: DockfixServer, *args: Any) -> str:
        return show(ls, ls.debug_information())

    @server.command(PREVIEW)
    def preview(ls: DockfixServer, *args: Any) -> str:
        if len(args) < 3:
            return show(ls, "dockfix.previewFix takes a document, its version and the finding's number")
        return show(ls, ls.preview(str(args[0]), int(args[1]), int(args[2])))

    @server.command(APPLY_FIX_ALL)
    async def apply_fix_all(ls: DockfixServer, *args: Any) -> bool:
        uri = str(args[0]) if args else ""
        if uri not in ls.workspace.text_documents:
            return False
        st = await ls.state(uri)
        action = await ls.fix_all_action(uri, st.version, st.analysis) if st is not None else None
        if action is None or action.edit is None:
            return False
        res = await ls.workspace_apply_edit_async(T.ApplyWorkspaceEditParams(action.edit, label="dockfix: fix all"))
        return bool(res.applied)


def serve() -> None:
    build().start_io()
