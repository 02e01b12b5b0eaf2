"""Helpers for the language server's end-to-end tests (tests/test_server*.py): start the real
server process with a real client's capabilities, wait for diagnostics, apply workspace edits
(positions counted independently of the server's own code)."""

from __future__ import annotations

import asyncio
import os
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest_lsp
from lsprotocol import types as T
from pytest_lsp import ClientServerConfig, LanguageClient

SERVER = ClientServerConfig(server_command=[sys.executable, "-m", "dockfix", "server"],
                            server_env={**os.environ, "NO_COLOR": "1"})


def uri_of(path: Path | str) -> str:
    return Path(path).resolve().as_uri()


def path_of(uri: str) -> str:
    return unquote(urlparse(uri).path)


def capabilities(editor: str) -> T.ClientCapabilities:
    """A real editor's client capabilities (pytest-lsp ships them)."""
    return pytest_lsp.client_capabilities(editor)


REGISTRATIONS: dict[int, list[T.Registration]] = {}  # id(client) -> what the server registered


async def initialize(client: LanguageClient, caps: T.ClientCapabilities, root: Path, options: dict | None = None) -> T.InitializeResult:
    got = REGISTRATIONS.setdefault(id(client), [])

    @client.feature(T.CLIENT_REGISTER_CAPABILITY)
    def register(ls: LanguageClient, params: T.RegistrationParams) -> None:
        got.extend(params.registrations)

    return await client.initialize_session(T.InitializeParams(
        capabilities=caps, root_uri=uri_of(root), initialization_options=options,
        workspace_folders=[T.WorkspaceFolder(uri_of(root), "root")]))


async def published(client: LanguageClient, uri: str, timeout: float = 30) -> list[T.Diagnostic]:
    """The next diagnostics pushed for ``uri``."""
    async def wait() -> list[T.Diagnostic]:
        while uri not in client.diagnostics:
            await client.wait_for_notification(T.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
        return list(client.diagnostics.pop(uri))

    return await asyncio.wait_for(wait(), timeout)


def open_doc(client: LanguageClient, path: Path, text: str, version: int = 1, language: str = "dockerfile") -> str:
    uri = uri_of(path)
    client.diagnostics.pop(uri, None)
    client.text_document_did_open(T.DidOpenTextDocumentParams(T.TextDocumentItem(uri, language, version, text)))
    return uri


def change_doc(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.diagnostics.pop(uri, None)
    client.text_document_did_change(T.DidChangeTextDocumentParams(
        T.VersionedTextDocumentIdentifier(version, uri), [T.TextDocumentContentChangeWholeDocument(text)]))


def close_doc(client: LanguageClient, uri: str) -> None:
    client.text_document_did_close(T.DidCloseTextDocumentParams(T.TextDocumentIdentifier(uri)))


async def pull(client: LanguageClient, uri: str, previous: str | None = None):
    return await client.text_document_diagnostic_async(T.DocumentDiagnosticParams(
        T.TextDocumentIdentifier(uri), previous_result_id=previous))


async def actions(client: LanguageClient, uri: str, line: int, only: list | None = None,
                  diagnostics: list | None = None) -> list[T.CodeAction]:
    got = await client.text_document_code_action_async(T.CodeActionParams(
        T.TextDocumentIdentifier(uri), T.Range(T.Position(line, 0), T.Position(line, 1000)),
        T.CodeActionContext(diagnostics=diagnostics or [], only=only)))
    return [a if isinstance(a, T.CodeAction) else _action(a) for a in got or []]


def _action(c: T.Command) -> T.CodeAction:
    """A code action with a command, which lsprotocol's converter reads as a Command (its hook takes
    any object with a "command" key for one, and the inner command becomes its repr)."""
    import ast

    inner: object = c.command
    if isinstance(inner, str) and inner.startswith("{"):
        inner = ast.literal_eval(inner)
    if isinstance(inner, dict):
        return T.CodeAction(c.title, command=T.Command(inner["title"], inner["command"], arguments=inner.get("arguments")))
    return T.CodeAction(c.title, command=c)


def offset(text: str, pos: T.Position) -> int:
    """The offset of an LSP position (lines end at \\n, \\r\\n or \\r; characters in UTF-16)."""
    line, i = 0, 0
    while line < pos.line and i < len(text):
        if text[i] == "\r" and text[i + 1:i + 2] == "\n":
            i += 1
        if text[i] in "\r\n":
            line += 1
        i += 1
    units = 0
    while units < pos.character and i < len(text) and text[i] not in "\r\n":
        units += 2 if ord(text[i]) > 0xFFFF else 1
        i += 1
    return i


def apply_text_edits(text: str, edits) -> str:
    spans = sorted(((offset(text, e.range.start), offset(text, e.range.end), e.new_text) for e in edits), reverse=True)
    for s, e, new in spans:
        text = text[:s] + new + text[e:]
    return text


def apply_workspace_edit(edit: T.WorkspaceEdit, files: dict[str, str]) -> dict[str, str]:
    """``files`` (uri -> text; a missing uri is a file not created yet) after ``edit``."""
    out = dict(files)
    for uri, edits in (edit.changes or {}).items():
        out[uri] = apply_text_edits(out.get(uri, ""), edits)
    for change in edit.document_changes or []:
        if isinstance(change, T.CreateFile):
            assert change.uri not in out or (change.options and change.options.ignore_if_exists)
            out.setdefault(change.uri, "")
        elif isinstance(change, T.TextDocumentEdit):
            assert change.text_document.uri in out, f"edit of {change.text_document.uri}, neither open nor created"
            out[change.text_document.uri] = apply_text_edits(out[change.text_document.uri], change.edits)
    return out


def disk(uri: str) -> dict[str, str]:
    """``{uri: text}`` when the file exists on disk, else {}."""
    p = path_of(uri)
    return {uri: Path(p).read_text()} if os.path.exists(p) else {}
