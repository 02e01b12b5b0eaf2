"""Fix-all through `dockfix server` gives exactly the bytes of `dockfix --fix` (and, with unsafe
fixes allowed, of `dockfix --fix --unsafe-fixes`), side files included, on every golden case,
with each case's selection and options (and --offline: the server never asks a registry)."""

from __future__ import annotations

import contextlib
import io
import shutil
from pathlib import Path

import pytest
import pytest_lsp
from lsp_helpers import (
    SERVER,
    actions,
    apply_workspace_edit,
    capabilities,
    close_doc,
    disk,
    initialize,
    open_doc,
    uri_of,
)
from lsprotocol import types as T
from pytest_lsp import LanguageClient

from dockfix.app.cli import main as dockfix_main
from golden import all_cases

pytestmark = pytest.mark.asyncio(loop_scope="module")

ROOT = Path(__file__).resolve().parent.parent
CASES = all_cases(ROOT / "golden")


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False


def groups() -> dict[tuple, list]:
    """Cases by (selection, options) as their flags say (a case's own transform by default)."""
    out: dict[tuple, list] = {}
    for c in CASES:
        if not _utf8(c.input):
            continue  # an editor's buffer is text: bytes that are not UTF-8 never reach a server
        select, options = [c.transform], []
        it = iter(c.flags)
        for f in it:
            if f == "--select":
                select = [s for s in next(it).split(",") if s]
            elif f == "--option":
                options.append(next(it))
        out.setdefault((tuple(select), tuple(options)), []).append(c)
    return out


def lay_out(case, base: Path) -> Path:
    """The case's input in a folder of its own under ``base`` (with its build context); its path."""
    rel = case.path.relative_to(ROOT / "golden")
    if case.context is not None:
        dest = base / rel.parent
        shutil.copytree(case.context, dest)
    else:
        dest = base / rel.parent / rel.stem
        dest.mkdir(parents=True)
    target = dest / case.path.name
    target.write_bytes(case.input)
    return target


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("parity")


@pytest_lsp.fixture(scope="module", config=SERVER)
async def client(lsp_client: LanguageClient, tree: Path):
    caps = capabilities("visual-studio-code")
    caps.text_document.diagnostic = T.DiagnosticClientCapabilities()  # pull: nothing is checked on open
    await initialize(lsp_client, caps, tree)
    yield
    await lsp_client.shutdown_session()


def cli_fix(paths: list[Path], select: tuple, options: tuple, unsafe: bool) -> int:
    argv = ["--fix", "-j", "1", "-q", "--offline", "--select", ",".join(select)]
    argv += [a for o in options for a in ("--option", o)]
    argv += ["--unsafe-fixes"] if unsafe else []
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return dockfix_main(argv + [str(p) for p in paths])


async def server_fix(client: LanguageClient, path: Path) -> dict[str, str]:
    """Open, fix all, close; the document and the files the edit writes, as they would be."""
    text = path.read_bytes().decode("utf-8")
    uri = open_doc(client, path, text)
    try:
        got = await actions(client, uri, 0, only=[T.CodeActionKind.SourceFixAll])
    finally:
        close_doc(client, uri)
    files = {uri: text}
    for a in got:
        for ch in a.edit.document_changes or []:
            if isinstance(ch, T.TextDocumentEdit) and ch.text_document.uri != uri:
                files.update(disk(ch.text_document.uri))
        files = apply_workspace_edit(a.edit, files)
    return files


@pytest.mark.parametrize("unsafe", [False, True], ids=["fix", "fix-unsafe"])
async def test_fix_all_parity_on_golden_cases(client: LanguageClient, tree: Path, unsafe: bool):
    mode = "unsafe" if unsafe else "safe"
    checked = changed = 0
    for (select, options), cases in groups().items():
        mine = [lay_out(c, tree / mode / "server") for c in cases]
        theirs = [lay_out(c, tree / mode / "cli") for c in cases]
        code = cli_fix(theirs, select, options, unsafe)
        client.messages.clear()
        client.workspace_did_change_configuration(T.DidChangeConfigurationParams({"dockfix": {
            "select": list(select), "unsafeFixes": unsafe,
            "options": dict(o.split("=", 1) for o in options)}}))
        if code == 2:  # a usage error (an option of the wrong type): the editor is told, the setting dropped
            await server_fix(client, mine[0])
            assert any("setting options" in m.message for m in client.messages), options
            continue
        for m, t in zip(mine, theirs):
            files = await server_fix(client, m)
            assert files.pop(uri_of(m)).encode("utf-8") == t.read_bytes(), f"{m.relative_to(tree)}: fix-all differs from dockfix --fix"
            changed += m.read_bytes() != t.read_bytes()
            for uri, content in files.items():
                side = t.parent / Path(uri).name
                assert side.is_file() and content.encode("utf-8") == side.read_bytes(), f"{uri}: side file differs"
            written = {p.name for p in t.parent.iterdir()} - {p.name for p in m.parent.iterdir()}
            assert written <= {Path(u).name for u in files}, f"{t}: dockfix --fix wrote {written}, the server's edit does not"
            checked += 1
    assert checked > 300 and changed > 50, (checked, changed)  # the comparison covers cases that change
