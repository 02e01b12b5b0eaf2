"""The language server's pieces that need no protocol: positions, settings, suppressions, edits."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from dockfix.app.editor import DocumentSettings, EditorSettings, Positions, analyse, middle_edit, parse_editor_settings
from dockfix.app.explain import fix_safety
from dockfix.fixing import registry
from dockfix.fixing.edit import apply_edits
from dockfix.fixing.engine import check_text, select_transforms
from dockfix.fixing.suppressions import comments, suppress_edit, unused
from dockfix.syntax.cst import parse


@pytest.mark.parametrize("encoding,col", [("utf-16", 11), ("utf-8", 13), ("utf-32", 10)])
def test_positions_count_characters_in_the_negotiated_encoding(encoding, col):
    text = "FROM x\r\nLABEL a=\"\U0001F600b\"\rRUN c\n"
    pos = Positions(text, encoding)
    b = text.index("b")
    assert pos.position(b) == (1, col)  # LABEL a=" (9 characters) and the emoji (2, 4 or 1 units) before b
    assert pos.offset(1, col) == b
    assert pos.position(text.index("RUN")) == (2, 0)  # a lone CR ends a line too
    assert pos.offset(0, 99) == text.index("\r\n")  # clamped to the line, before its break
    assert pos.offset(9, 0) == len(text)


def test_middle_edit_turns_old_into_new_without_splitting_crlf():
    old = "FROM a\r\nRUN x\r\nCMD y\r\n"
    for new in ("FROM a\r\nRUN x && z\r\nCMD y\r\n", "FROM a\r\nCMD y\r\n", "FROM a\nRUN x\r\nCMD y\r\n", old + "USER 1\r\n"):
        s, e, content = middle_edit(old, new)
        assert old[:s] + content + old[e:] == new
        assert not (0 < s < len(old) and old[s - 1] == "\r" and old[s] == "\n")
        assert not (0 < e < len(old) and old[e - 1] == "\r" and old[e] == "\n")


def test_suppress_edit_adds_a_comment_line_or_a_name():
    text = "FROM a\r\n  RUN apt-get install x\r\n"
    doc = parse(text)
    new = apply_edits(text, [suppress_edit(doc.instructions[1], "apt-get-yes")])
    assert new == "FROM a\r\n  # dockfix: ignore=apt-get-yes\r\n  RUN apt-get install x\r\n"
    doc = parse(new)
    assert apply_edits(new, [suppress_edit(doc.instructions[1], "DF001")]).splitlines()[1] == \
        "  # dockfix: ignore=apt-get-yes,DF001"
    # ONBUILD's instruction: the comment goes above ONBUILD
    text = "FROM a\nONBUILD RUN apt-get install x\n"
    doc = parse(text)
    assert apply_edits(text, [suppress_edit(doc.instructions[1].sub or doc.instructions[1], "apt-get-yes")]) == \
        "FROM a\n# dockfix: ignore=apt-get-yes\nONBUILD RUN apt-get install x\n"


def test_a_suppression_added_by_its_edit_suppresses_the_finding():
    text = "FROM debian:bookworm-slim\nRUN apt-get update && apt-get install curl\n"
    settings = _settings(["apt-get-yes", "apt-no-install-recommends"])
    res = check_text(text, None, settings)
    for f in res.remaining:
        new = apply_edits(text, [suppress_edit(f.instruction, f.name)])
        assert f.name not in {g.name for g in check_text(new, None, settings).remaining}
        assert {g.name for g in check_text(new, None, settings).remaining} == {g.name for g in res.remaining} - {f.name}


def _settings(select):
    from dockfix.fixing.config import Settings

    return Settings(select=tuple(select))


def _unused(text: str, select: list[str]):
    settings = _settings(select)
    suppressed: list = []
    check_text(text, None, settings, shared={}, suppressed=suppressed)
    doc = parse(text)
    return doc, unused(doc, select_transforms(settings), suppressed, registry.load_all().values())


def test_unused_suppressions():
    text = ("FROM debian:bookworm-slim\n"
            "# dockfix: ignore=apt-get-yes, no-such-thing, pin-digest\n"
            "RUN apt-get install -y --no-install-recommends curl\n"
            "# dockfix: ignore\n"
            "RUN echo hi\n"
            "# dockfix: ignore=apt-get-yes\n"
            "RUN apt-get install --no-install-recommends curl\n")
    doc, found = _unused(text, ["apt-get-yes"])
    by = {(u.comment.start, u.name) for u in found}
    first, bare, used = (c for ins in doc.instructions for c in comments(ins))
    # pin-digest is not selected here: another run may need it, left alone
    assert by == {(first.start, "apt-get-yes"), (first.start, "no-such-thing"), (bare.start, None)}
    fixed = apply_edits(text, [next(u.edit for u in found if u.name == "apt-get-yes")])
    assert fixed.splitlines()[1] == "# dockfix: ignore=pin-digest"
    fixed = apply_edits(text, [next(u.edit for u in found if u.name is None)])
    assert "# dockfix: ignore\n" not in fixed and "RUN echo hi\n" in fixed
    assert not any(u.comment.start == used.start for u in found)


def test_editor_settings_report_what_is_wrong():
    s, problems = parse_editor_settings({"settings": {"select": ["apt-get-yes", "nope"], "unsafeFixes": "yes",
                                                      "configurationPreference": "mine", "options": {"user-uid": "x"},
                                                      "configuration": "cfg/dockfix.toml"}}, "/ws")
    assert s.select == ("apt-get-yes",) and s.unsafe_fixes is None
    assert s.configuration_preference == "editorFirst" and s.options == ()
    assert s.configuration == "/ws/cfg/dockfix.toml"
    assert len(problems) == 4 and any("nope" in p for p in problems)


def test_configuration_is_reread_when_it_changes(tmp_path: Path):
    (tmp_path / "sub").mkdir()
    path = str(tmp_path / "sub" / "Dockerfile")
    docs = DocumentSettings(EditorSettings())
    text = "FROM debian:bookworm-slim\nMAINTAINER me\nRUN apt-get install -y --no-install-recommends x\n"
    assert "maintainer-to-label" in {f.name for f in analyse(text, path, docs).findings}
    cfg = tmp_path / ".dockfix.toml"
    cfg.write_text('ignore = ["maintainer-to-label"]\n')
    assert "maintainer-to-label" not in {f.name for f in analyse(text, path, docs).findings}
    cfg.write_text('ignore = ["apt-get-yes"]\n')
    os.utime(cfg, ns=(time.time_ns(), time.time_ns() + 10**9))
    a = analyse(text, path, docs)
    assert "maintainer-to-label" in {f.name for f in a.findings}
    assert a.settings is not None and a.settings.config_path == str(cfg)
    assert a.settings.options.get("offline") is True  # image look-ups: the cache only
    off = DocumentSettings(parse_editor_settings({"registry": "off"})[0]).for_document(path)
    assert "pin-digest" in off.ignore


def test_fix_safety_is_the_explanations_paragraph():
    t = registry.get("apt-no-install-recommends")
    assert t is not None
    assert fix_safety(t).startswith("unsafe.") and "\n" not in fix_safety(t)
