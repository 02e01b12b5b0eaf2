"""`dockfix server` end to end: the real server process, driven by pytest-lsp's client with the
capabilities of real editors (VS Code: pushed diagnostics, workspace edits with file creation and
change annotations; Neovim 0.11: pulled diagnostics, plain ``changes`` edits)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsp_helpers import (
    SERVER,
    actions,
    apply_text_edits,
    apply_workspace_edit,
    capabilities,
    change_doc,
    close_doc,
    disk,
    initialize,
    open_doc,
    published,
    pull,
    uri_of,
)
from lsprotocol import types as T
from pytest_lsp import LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

TEXT = ("FROM debian:bookworm\n"
        "MAINTAINER someone@example.com\n"
        "RUN apt-get update && apt-get install curl\n"
        "COPY . /app\n"
        'CMD ["/app/run"]\n')


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("ws")


@pytest_lsp.fixture(scope="module", config=SERVER)
async def vscode(lsp_client: LanguageClient, root: Path):
    await initialize(lsp_client, capabilities("visual-studio-code"), root, {"settings": {"lintDelay": 5}})
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(scope="module", config=SERVER)
async def neovim(lsp_client: LanguageClient, root: Path):
    await initialize(lsp_client, capabilities("neovim"), root)
    yield
    await lsp_client.shutdown_session()


def folder(root: Path, name: str) -> Path:
    d = root / name
    d.mkdir()
    return d


def by_name(diags: list[T.Diagnostic]) -> dict[str, T.Diagnostic]:
    return {d.message.split(":", 1)[0]: d for d in diags}


def cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dockfix", *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          timeout=120)


async def set_settings(client: LanguageClient, settings: dict) -> None:
    client.workspace_did_change_configuration(T.DidChangeConfigurationParams({"dockfix": settings}))


# -- pushed diagnostics ------------------------------------------------------------------------------
async def test_push_open_change_save_close(vscode: LanguageClient, root: Path):
    d = folder(root, "push")
    uri = open_doc(vscode, d / "Dockerfile", TEXT)
    diags = by_name(await published(vscode, uri))
    # the same findings as the command line reports on the file
    (d / "Dockerfile").write_text(TEXT)
    lines = [ln for ln in cli("Dockerfile", cwd=d).stdout.splitlines() if ln.startswith("Dockerfile:")]
    assert sorted(diags) == sorted(ln.split(" ")[1] for ln in lines)
    m = diags["maintainer-to-label"]
    assert (m.range.start.line, m.range.start.character, m.range.end.line, m.range.end.character) == (1, 0, 1, 30)
    assert m.source == "dockfix" and m.code and m.code.startswith("DF")
    assert m.severity == T.DiagnosticSeverity.Warning
    assert m.code_description is not None and m.code_description.href.startswith("https://")
    y = diags["apt-get-yes"]
    assert (y.range.start.line, y.range.start.character) == (2, 22)
    # an unsafe fix the settings do not allow is said so
    assert "unsafeFixes" in diags["apt-no-install-recommends"].message
    # change: the buffer's text is checked, not the file on disk
    change_doc(vscode, uri, TEXT.replace("MAINTAINER someone@example.com\n", ""), 2)
    after = by_name(await published(vscode, uri))
    assert "maintainer-to-label" not in after and "apt-get-yes" in after
    assert after["apt-get-yes"].range.start.line == 1
    vscode.text_document_did_save(T.DidSaveTextDocumentParams(T.TextDocumentIdentifier(uri)))
    assert by_name(await published(vscode, uri)).keys() == after.keys()
    close_doc(vscode, uri)
    assert await published(vscode, uri) == []


async def test_refused_findings_are_information_with_the_reason(vscode: LanguageClient, root: Path):
    d = folder(root, "refused")
    text = "FROM debian:bookworm-slim\nRUN useradd -m app\nMAINTAINER me\nCMD [\"/bin/app\"]\n"
    uri = open_doc(vscode, d / "Dockerfile", text)
    diags = await published(vscode, uri)
    refused = [x for x in diags if "(not fixed: " in x.message]
    assert refused, [x.message for x in diags]
    assert all(x.severity == T.DiagnosticSeverity.Information for x in refused)
    assert all(x.severity == T.DiagnosticSeverity.Warning for x in diags if x not in refused)
    assert len(diags) > len(refused)
    close_doc(vscode, uri)


async def test_quick_fixes_suppression_and_explanation(vscode: LanguageClient, root: Path):
    d = folder(root, "actions")
    uri = open_doc(vscode, d / "Dockerfile", TEXT)
    await published(vscode, uri)
    got = await actions(vscode, uri, 2)
    titles = [a.title for a in got]
    fixes = [a for a in got if a.title.startswith("Fix ")]
    # safe fixes: preferred; the unsafe one is not offered without the setting
    assert {a.title.split(":")[0] for a in fixes} == {"Fix apt-get-yes", "Fix apt-lists-cleanup"}
    assert all(a.is_preferred and "(unsafe)" not in a.title for a in fixes)
    yes = next(a for a in fixes if a.title.startswith("Fix apt-get-yes"))
    new = apply_workspace_edit(yes.edit, {uri: TEXT})[uri]
    assert new == TEXT.replace("apt-get install curl", "apt-get install -y curl")
    # suppression of each finding, for the instruction
    sup = next(a for a in got if a.title.startswith("Suppress apt-no-install-recommends"))
    new = apply_workspace_edit(sup.edit, {uri: TEXT})[uri]
    assert new.splitlines()[2] == "# dockfix: ignore=apt-no-install-recommends"
    change_doc(vscode, uri, new, 2)
    assert "apt-no-install-recommends" not in by_name(await published(vscode, uri))
    got = await actions(vscode, uri, 3)
    sup = next(a for a in got if a.title.startswith("Suppress apt-get-yes"))
    assert apply_workspace_edit(sup.edit, {uri: new})[uri].splitlines()[2] == \
        "# dockfix: ignore=apt-no-install-recommends,apt-get-yes"
    assert any(t.startswith("Explain ") for t in titles)
    explain = next(a for a in got if a.title == "Explain apt-get-yes (dockfix explain)")
    assert explain.command is not None
    text = await vscode.workspace_execute_command_async(T.ExecuteCommandParams(explain.command.command, explain.command.arguments))
    assert text == cli("explain", "apt-get-yes", cwd=d).stdout.rstrip("\n")
    close_doc(vscode, uri)


async def test_unsafe_fixes_only_with_the_setting(vscode: LanguageClient, root: Path):
    d = folder(root, "unsafe")
    (d / ".git").mkdir()  # something a .dockerignore keeps out of the context
    uri = open_doc(vscode, d / "Dockerfile", TEXT)
    await published(vscode, uri)
    await set_settings(vscode, {"unsafeFixes": True, "lintDelay": 5})
    try:
        await published(vscode, uri)
        got = await actions(vscode, uri, 2)
        unsafe = next(a for a in got if a.title.startswith("Fix apt-no-install-recommends"))
        assert unsafe.title.endswith("(unsafe)") and not unsafe.is_preferred
        # VS Code: the edit asks for confirmation, with why it is unsafe
        assert unsafe.edit.change_annotations
        note = next(iter(unsafe.edit.change_annotations.values()))
        assert note.needs_confirmation and "recommended" in (note.description or "")
        new = apply_workspace_edit(unsafe.edit, {uri: TEXT})[uri]
        assert "apt-get install --no-install-recommends curl" in new
        # the diff preview, with why the fix is unsafe
        preview = next(a for a in got if a.title.startswith("Preview the fix of apt-no-install-recommends"))
        diff = await vscode.workspace_execute_command_async(
            T.ExecuteCommandParams(preview.command.command, preview.command.arguments))
        assert "unsafe" in diff.split("\n", 1)[0]
        assert ("-RUN apt-get update && apt-get install curl\n"
                "+RUN apt-get update && apt-get install --no-install-recommends curl ca-certificates\n") in diff
        # a new .dockerignore: created through the workspace edit
        ign = next(a for a in await actions(vscode, uri, 3) if a.title.startswith("Fix dockerignore"))
        kinds = [type(c).__name__ for c in ign.edit.document_changes]
        assert kinds == ["CreateFile", "TextDocumentEdit"]
        files = apply_workspace_edit(ign.edit, {uri: TEXT})
        assert "Dockerfile" in files[uri_of(d / ".dockerignore")].splitlines()
    finally:
        await set_settings(vscode, {"lintDelay": 5})
    close_doc(vscode, uri)


async def test_fix_all_is_dockfix_fix(vscode: LanguageClient, root: Path):
    d = folder(root, "fixall")
    (d / ".git").mkdir()  # something a .dockerignore keeps out of the context
    uri = open_doc(vscode, d / "Dockerfile", TEXT)
    await published(vscode, uri)
    got = await actions(vscode, uri, 0, only=[T.CodeActionKind.SourceFixAll])
    assert [a.kind for a in got] == ["source.fixAll.dockfix"]
    mine = apply_workspace_edit(got[0].edit, {uri: TEXT})
    (d / "Dockerfile").write_text(TEXT)
    cli("--fix", "Dockerfile", cwd=d)
    assert mine[uri] == (d / "Dockerfile").read_text()
    assert mine.keys() == {uri}  # the .dockerignore fix is unsafe
    # among all the actions (the light bulb): computed only when chosen (codeAction/resolve)
    listed = next(a for a in await actions(vscode, uri, 0) if a.kind == "source.fixAll.dockfix")
    assert listed.edit is None
    resolved = await vscode.code_action_resolve_async(listed)
    assert apply_workspace_edit(resolved.edit, {uri: TEXT})[uri] == (d / "Dockerfile").read_text()
    # with unsafe fixes allowed: as --fix --unsafe-fixes, the new .dockerignore included
    await set_settings(vscode, {"unsafeFixes": True, "lintDelay": 5})
    try:
        await published(vscode, uri)
        got = await actions(vscode, uri, 0, only=[T.CodeActionKind.SourceFixAll])
        mine = apply_workspace_edit(got[0].edit, {uri: TEXT})
    finally:
        await set_settings(vscode, {"lintDelay": 5})
    (d / "Dockerfile").write_text(TEXT)
    cli("--fix", "--unsafe-fixes", "Dockerfile", cwd=d)
    assert mine[uri] == (d / "Dockerfile").read_text()
    assert mine[uri_of(d / ".dockerignore")] == (d / ".dockerignore").read_text()
    close_doc(vscode, uri)


async def test_configuration_file_is_per_document_and_reread(vscode: LanguageClient, root: Path):
    d = folder(root, "config")
    (d / "sub").mkdir()
    (d / ".dockfix.toml").write_text('ignore = ["maintainer-to-label"]\n')
    uri = open_doc(vscode, d / "sub" / "Dockerfile", TEXT)
    assert "maintainer-to-label" not in by_name(await published(vscode, uri))
    # the server asked to be told about configuration files (VS Code registers watchers dynamically)
    from lsp_helpers import REGISTRATIONS

    watched = [w["globPattern"] for r in REGISTRATIONS[id(vscode)] if r.method == T.WORKSPACE_DID_CHANGE_WATCHED_FILES
               for w in r.register_options["watchers"]]  # the client keeps the options as JSON
    assert {"**/.dockfix.toml", "**/pyproject.toml", "**/.dockerignore"} <= set(watched)
    # a nearer configuration appears: announced as a watched file change
    (d / "sub" / "pyproject.toml").write_text('[tool.dockfix]\nignore = ["apt-get-yes"]\n')
    vscode.workspace_did_change_watched_files(T.DidChangeWatchedFilesParams(
        [T.FileEvent(uri_of(d / "sub" / "pyproject.toml"), T.FileChangeType.Created)]))
    names = by_name(await published(vscode, uri))
    assert "maintainer-to-label" in names and "apt-get-yes" not in names
    # changed without a notification: noticed on the next check
    (d / "sub" / "pyproject.toml").write_text('[tool.dockfix]\nignore = ["apt-get-yes", "base-image"]\n')
    change_doc(vscode, uri, TEXT + "\n", 2)
    names = by_name(await published(vscode, uri))
    assert "base-image" not in names and "maintainer-to-label" in names
    # the debug information names the configuration file of the document
    info = await vscode.workspace_execute_command_async(T.ExecuteCommandParams("dockfix.debugInformation"))
    assert str(d / "sub" / "pyproject.toml") in info and "push" in info
    close_doc(vscode, uri)


async def test_editor_settings_select_and_ignore(vscode: LanguageClient, root: Path):
    d = folder(root, "settings")
    uri = open_doc(vscode, d / "Dockerfile", TEXT)
    await published(vscode, uri)
    vscode.messages.clear()
    await set_settings(vscode, {"select": ["apt-get-yes", "DL3009", "no-such-transform"], "lintDelay": 5})
    try:
        names = by_name(await published(vscode, uri))
        assert set(names) == {"apt-get-yes", "apt-lists-cleanup"}
        assert any("no-such-transform" in m.message for m in vscode.messages)
        # the configuration file wins with filesystemFirst
        (d / ".dockfix.toml").write_text('select = ["maintainer-to-label"]\n')
        await set_settings(vscode, {"select": ["apt-get-yes"], "configurationPreference": "filesystemFirst", "lintDelay": 5})
        assert set(by_name(await published(vscode, uri))) == {"maintainer-to-label"}
        await set_settings(vscode, {"select": ["apt-get-yes"], "configurationPreference": "editorOnly", "lintDelay": 5})
        assert set(by_name(await published(vscode, uri))) == {"apt-get-yes"}
    finally:
        await set_settings(vscode, {"lintDelay": 5})
    close_doc(vscode, uri)


async def test_bad_input_is_an_error_diagnostic(vscode: LanguageClient, root: Path):
    d = folder(root, "bad")
    uri = open_doc(vscode, d / "Dockerfile", "FROM debian:bookworm\nFOO bar\n")
    diags = await published(vscode, uri)
    assert len(diags) == 1 and diags[0].severity == T.DiagnosticSeverity.Error
    assert "unknown instruction" in diags[0].message and diags[0].range.start.line == 1
    assert await actions(vscode, uri, 1) == []
    close_doc(vscode, uri)
    # a bad configuration file: an error on the Dockerfile, pointing at the configuration
    e = folder(root, "badconfig")
    (e / ".dockfix.toml").write_text("select = [\n")
    uri = open_doc(vscode, e / "Dockerfile", TEXT)
    diags = await published(vscode, uri)
    assert len(diags) == 1 and diags[0].severity == T.DiagnosticSeverity.Error
    assert str(e / ".dockfix.toml") in diags[0].message
    assert diags[0].related_information and diags[0].related_information[0].location.uri == uri_of(e / ".dockfix.toml")
    (e / ".dockfix.toml").write_text('select = ["apt-get-yes"]\n')
    change_doc(vscode, uri, TEXT, 2)
    assert set(by_name(await published(vscode, uri))) == {"apt-get-yes"}
    close_doc(vscode, uri)


async def test_unused_suppression_has_a_removal_fix(vscode: LanguageClient, root: Path):
    d = folder(root, "unused")
    text = ("FROM debian:bookworm-slim\n"
            "# dockfix: ignore=apt-get-yes,maintainer-to-label\n"
            "RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\n"
            "# dockfix: ignore=apt-get-yes\n"
            "RUN apt-get install curl\n")
    uri = open_doc(vscode, d / "Dockerfile", text)
    diags = [x for x in await published(vscode, uri) if x.code == "unused-suppression"]
    assert len(diags) == 2 and all(x.range.start.line == 1 for x in diags)
    assert all(T.DiagnosticTag.Unnecessary in (x.tags or []) for x in diags)
    fix = next(a for a in await actions(vscode, uri, 1) if a.title.startswith("Remove unused suppression"))
    assert apply_workspace_edit(fix.edit, {uri: text})[uri] == text.replace(
        "# dockfix: ignore=apt-get-yes,maintainer-to-label\n", "")
    close_doc(vscode, uri)


# -- pulled diagnostics -----------------------------------------------------------------------------
async def test_pull_client_gets_no_push(neovim: LanguageClient, root: Path):
    d = folder(root, "pull")
    uri = open_doc(neovim, d / "Dockerfile", TEXT)
    report = await pull(neovim, uri)
    assert report.kind == "full"
    names = by_name(report.items)
    assert "maintainer-to-label" in names
    again = await pull(neovim, uri, report.result_id)
    assert again.kind == "unchanged"
    change_doc(neovim, uri, TEXT.replace("MAINTAINER someone@example.com\n", ""), 2)
    report2 = await pull(neovim, uri, report.result_id)
    assert report2.kind == "full" and "maintainer-to-label" not in by_name(report2.items)
    # Neovim's edits: plain changes (no documentChanges)
    fix = next(a for a in await actions(neovim, uri, 1) if a.title.startswith("Fix apt-get-yes"))
    assert fix.edit.document_changes is None
    assert "install -y curl" in apply_text_edits(TEXT.replace("MAINTAINER someone@example.com\n", ""), fix.edit.changes[uri])
    # not a Dockerfile: nothing
    other = open_doc(neovim, d / "notes.txt", TEXT, language="plaintext")
    assert list((await pull(neovim, other)).items) == []
    close_doc(neovim, uri)
    close_doc(neovim, other)
    await asyncio.sleep(0.2)
    assert neovim.diagnostics == {}  # never pushed


async def test_server_without_pygls_says_how_to_install(tmp_path: Path):
    # a python that cannot import pygls: the error names the extra to install
    (tmp_path / "pygls").mkdir()
    (tmp_path / "pygls" / "__init__.py").write_text("raise ImportError('no pygls here')\n")
    import os

    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    r = subprocess.run([sys.executable, "-m", "dockfix", "server"], capture_output=True, text=True, env=env,
                       timeout=60, stdin=subprocess.DEVNULL)
    assert r.returncode == 2
    assert "pip install 'dockfix[server]'" in r.stderr
    assert "Traceback" not in r.stderr
    assert disk(uri_of(tmp_path / "nothing")) == {}
