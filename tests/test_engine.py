"""The fix engine: edits, applicability, fixed point, dropped broken fixes, suppression, config."""

import pytest

from dockfix.fixing.config import ConfigError, ConfigFinder, Settings, override
from dockfix.fixing.edit import DISPLAY_ONLY, SAFE, UNSAFE, Applicability, Edit, Fix, apply_edits
from dockfix.fixing.engine import check_text, choose, fix_text, select_transforms
from dockfix.fixing.registry import Transform, load_all, matches


class Upper(Transform, register=False):
    """Upper-cases lower-case keywords, one instruction per finding."""

    name = "toy-upper"
    code = "TOY1"
    hadolint = ("DL9999",)

    def check(self, ctx):
        for ins in ctx.doc.instructions:
            if not ins.keyword.text.isupper():
                yield ctx.finding(self, ins, "lower", fix=Fix.safe(Edit(ins.keyword.start, ins.keyword.end, ins.cmd)))


class AddLabel(Transform, register=False):
    """Adds a LABEL after FROM (unsafe), once."""

    name = "toy-label"
    code = "TOY2"

    def check(self, ctx):
        doc = ctx.doc
        if any(i.cmd == "LABEL" for i in doc.instructions):
            return
        f = doc.instructions[0]
        yield ctx.finding(self, f, "no label", fix=Fix.unsafe(Edit.insert(f.end, "LABEL a=b" + doc.newline)))


class Breaker(Transform, register=False):
    """Produces output that does not parse (an unterminated heredoc)."""

    name = "toy-breaker"
    code = "TOY3"

    def check(self, ctx):
        for ins in ctx.doc.instructions:
            if ins.cmd == "RUN" and "<<" not in ins.args:
                yield ctx.finding(self, ins, "break", fix=Fix.safe(Edit(ins.args_start, ins.args_start, "cat <<EOF && ")))


class Swallower(Transform, register=False):
    """Adds a continuation that swallows the next instruction."""

    name = "toy-swallow"
    code = "TOY4"

    def check(self, ctx):
        ins = ctx.doc.instructions[0]
        if not ins.args.endswith("\\"):
            yield ctx.finding(self, ins, "swallow", fix=Fix.safe(Edit(ins.args_end, ins.args_end, " \\")))


class FlipFlop(Transform, register=False):
    name = "toy-flipflop"
    code = "TOY5"

    def check(self, ctx):
        ins = ctx.doc.instructions[0]
        w = ins.plain_words()[0]
        new = "b" if w.text == "a" else "a"
        yield ctx.finding(self, ins, "flip", fix=Fix.safe(Edit(w.start, w.end, new)))


class Crasher(Transform, register=False):
    name = "toy-crash"
    code = "TOY6"

    def check(self, ctx):
        raise RuntimeError("boom")
        yield  # pragma: no cover


class DisplayOnly(Transform, register=False):
    name = "toy-display"
    code = "TOY7"

    def check(self, ctx):
        ins = ctx.doc.instructions[0]
        yield ctx.finding(self, ins, "display", fix=Fix.display_only(Edit.insert(ins.start, "# hi\n")))


S = Settings()


def test_edit_overlap_and_apply_back_to_front():
    a, b, c = Edit(0, 2, "x"), Edit(2, 4, "y"), Edit(1, 3, "z")
    assert not a.overlaps(b) and a.overlaps(c) and b.overlaps(c)
    assert Edit.insert(2, "p").overlaps(Edit.insert(2, "q"))
    assert apply_edits("abcdef", [b, a, Edit.insert(6, "!")]) == "xyef!"


def test_applicability_order():
    assert SAFE > UNSAFE > DISPLAY_ONLY
    assert Applicability.UNSAFE.label == "unsafe"


def test_fix_rejects_overlapping_edits():
    assert not Fix.safe(Edit(0, 3, "a"), Edit(2, 4, "b")).is_valid()
    assert not Fix.safe().is_valid()
    assert Fix.safe(Edit(0, 1, "a"), Edit(1, 2, "b")).is_valid()


def test_choose_skips_overlaps():
    from dockfix.fixing.edit import Finding

    f1 = Finding("x", "X", "m", 0, 5, fix=Fix.safe(Edit(0, 5, "a")))
    f2 = Finding("y", "Y", "m", 3, 8, fix=Fix.safe(Edit(3, 8, "b")))
    f3 = Finding("z", "Z", "m", 9, 9, fix=Fix.unsafe(Edit(9, 9, "c")))
    assert choose([f2, f1, f3], SAFE) == [f1]
    assert choose([f2, f1, f3], UNSAFE) == [f1, f3]


def test_fixed_point_and_applicability():
    text = "from a\nrun b\nrun c\n"
    res = fix_text(text, None, S, [Upper(), AddLabel()])
    assert res.output == "FROM a\nRUN b\nRUN c\n"
    assert [f.name for f in res.remaining] == ["toy-label"]  # unsafe, not applied
    res = fix_text(text, None, Settings(unsafe_fixes=True), [Upper(), AddLabel()])
    assert res.output == "FROM a\nLABEL a=b\nRUN b\nRUN c\n"
    assert res.remaining == [] and not res.errors
    # idempotent
    assert fix_text(res.output, None, Settings(unsafe_fixes=True), [Upper(), AddLabel()]).output == res.output


def test_crlf_kept_by_new_lines():
    res = fix_text("FROM a\r\nRUN b\r\n", None, Settings(unsafe_fixes=True), [AddLabel()])
    assert res.output == "FROM a\r\nLABEL a=b\r\nRUN b\r\n"


def test_broken_fix_is_dropped_and_reported():
    text = "FROM a\nRUN b\n"
    res = fix_text(text, None, S, [Breaker(), Upper()])
    assert res.output == text
    assert any("toy-breaker" in e and "does not parse" in e for e in res.errors)


def test_swallowing_fix_is_dropped_other_fixes_kept():
    text = "from a\nRUN b\n"
    res = fix_text(text, None, S, [Swallower(), Upper()])
    assert res.output == "FROM a\nRUN b\n"
    assert any("toy-swallow" in e for e in res.errors)


def test_non_convergence_leaves_file_alone():
    res = fix_text("FROM a\n", None, S, [FlipFlop()])
    assert res.output == "FROM a\n"
    assert any("did not converge" in e for e in res.errors)


def test_crashing_transform_is_an_internal_error_not_a_crash():
    res = fix_text("from a\n", None, S, [Crasher(), Upper()])
    assert res.output == "FROM a\n"
    assert any("toy-crash" in e and "boom" in e for e in res.errors)


def test_display_only_is_never_applied():
    res = fix_text("FROM a\n", None, Settings(unsafe_fixes=True), [DisplayOnly()])
    assert res.output == "FROM a\n"
    assert res.remaining[0].fix.applicability == DISPLAY_ONLY


def test_parse_error_means_no_change():
    res = fix_text("from a\nRUN <<EOF\nx\n", None, S, [Upper()])
    assert res.parse_error is not None and res.output == res.original


@pytest.mark.parametrize("comment,suppressed", [
    ("# dockfix: ignore", True),
    ("# dockfix: ignore=toy-upper", True),
    ("# dockfix: ignore=TOY1", True),
    ("# dockfix: ignore=other", False),
    ("# hadolint ignore=DL9999", True),
    ("# hadolint ignore=DL3008,DL9999", True),
    ("# hadolint ignore=DL3008", False),
    ("# just a comment", False),
])
def test_suppression_comments(comment, suppressed):
    text = f"FROM a\n{comment}\nrun b\n"
    res = check_text(text, None, S, [Upper()])
    assert (res.remaining == []) is suppressed


def test_hadolint_global_ignore():
    res = check_text("# hadolint global ignore=DL9999\nfrom a\nrun b\n", None, S, [Upper()])
    assert res.remaining == []


def test_registry_loads_transforms_and_matches():
    reg = load_all()
    assert "maintainer-to-label" in reg
    t = reg["maintainer-to-label"]
    for sel in ("maintainer-to-label", "DF001", "dl4000", "MaintainerDeprecated", "ALL"):
        assert matches(t, sel)
    assert not matches(t, "merge-run")
    from dockfix.fixing.registry import IMPORT_ERRORS

    assert IMPORT_ERRORS == {}


def test_every_transform_is_described():
    for t in load_all().values():
        assert t.summary and t.code and t.explanation.strip(), t.name
        for word in ("What", "Why", "Fix safety"):
            assert word in t.explanation, f"{t.name}: explanation lacks {word!r}"


def test_select_ignore_and_opt_in():
    names = lambda s: {t.name for t in select_transforms(s)}  # noqa: E731
    assert "maintainer-to-label" in names(Settings())
    assert names(Settings(select=("DL4000",))) == {"maintainer-to-label"}
    assert "maintainer-to-label" not in names(Settings(ignore=("maintainer-to-label",)))
    # opt-in transforms are not part of ALL
    opt_in = [t.name for t in load_all().values() if not t.default_enabled]
    for n in opt_in:
        assert n not in names(Settings(select=("ALL",)))
        assert n in names(Settings(extend_select=(n,)))


def test_config_nearest_wins_and_cli_overrides(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.dockfix]\nignore = ["merge-run"]\nunsafe-fixes = true\n')
    sub = tmp_path / "svc"
    sub.mkdir()
    (sub / ".dockfix.toml").write_text('select = ["maintainer-to-label"]\n[per-file-ignores]\n"legacy.Dockerfile" = ["DF001"]\n')
    other = tmp_path / "other"
    other.mkdir()
    finder = ConfigFinder()
    s_sub = finder.for_file(str(sub / "Dockerfile"))
    assert s_sub.select == ("maintainer-to-label",) and s_sub.unsafe_fixes is False
    assert s_sub.ignores_for(str(sub / "legacy.Dockerfile")) == ("DF001",)
    s_other = finder.for_file(str(other / "Dockerfile"))
    assert s_other.ignore == ("merge-run",) and s_other.unsafe_fixes is True
    assert override(s_other, unsafe_fixes=False, select=None).unsafe_fixes is False


def test_config_errors(tmp_path):
    (tmp_path / ".dockfix.toml").write_text("select = [\n")
    with pytest.raises(ConfigError) as e:
        ConfigFinder().for_file(str(tmp_path / "Dockerfile"))
    assert e.value.line >= 1
    (tmp_path / ".dockfix.toml").write_text("unsafe-fixes = 'yes'\n")
    with pytest.raises(ConfigError):
        ConfigFinder().for_file(str(tmp_path / "Dockerfile"))


def test_safe_fix_wins_over_an_overlapping_unsafe_one():
    from dockfix.fixing.edit import Finding

    unsafe = Finding("big", "B", "m", 0, 10, fix=Fix.unsafe(Edit(0, 10, "x")))
    safe = Finding("small", "S", "m", 5, 6, fix=Fix.safe(Edit(5, 6, "y")))
    assert choose([unsafe, safe], UNSAFE) == [safe]
    assert choose([unsafe], UNSAFE) == [unsafe]


def test_engine_accepts_an_append_to_a_last_line_without_newline():
    # core fix: an insertion at the end of an instruction whose last line has no
    # newline extends that instruction; the engine used to drop it as "moved"
    from dockfix.fixing.edit import Edit, Fix
    from dockfix.fixing.registry import Transform

    class Append(Transform, register=False):
        name = "test-append"
        code = "DF999"

        def check(self, ctx):
            for ins in ctx.doc.instructions:
                if ins.cmd == "RUN" and not ins.args.endswith("clean"):
                    yield ctx.finding(self, ins, "x", fix=Fix.safe(Edit(ins.args_end, ins.args_end, " && clean")))

    text = "FROM alpine\nRUN install"
    res = fix_text(text, None, Settings(select=("test-append",)), transforms=[Append()])
    assert not res.errors, res.errors
    assert res.output == "FROM alpine\nRUN install && clean"


class CountingLabel(AddLabel, register=False):
    """AddLabel that declares its fixes never safe and counts its runs."""

    name = "toy-counting-label"
    code = "TOY9"
    max_applicability = UNSAFE
    runs = 0

    def check(self, ctx):
        type(self).runs += 1
        yield from super().check(ctx)


def test_never_safe_transform_runs_only_in_the_last_round_of_a_safe_run():
    CountingLabel.runs = 0
    res = fix_text("from a\nrun b\n", None, S, [Upper(), CountingLabel()])
    assert res.output == "FROM a\nRUN b\n" and res.rounds == 1
    assert CountingLabel.runs == 1  # not in round 0, which applied Upper's fixes
    assert [f.name for f in res.remaining] == ["toy-counting-label"]  # its finding is still reported
    CountingLabel.runs = 0
    res = fix_text("from a\nrun b\n", None, Settings(unsafe_fixes=True), [Upper(), CountingLabel()])
    assert "LABEL a=b" in res.output and CountingLabel.runs == res.rounds + 1 == 2  # with unsafe fixes: every round


class LyingLabel(Upper, register=False):
    """Declares its fixes never safe, then makes safe ones."""

    name = "toy-lying"
    code = "TOY10"
    max_applicability = UNSAFE


def test_a_fix_above_the_declared_ceiling_is_held_to_it():
    res = fix_text("from a\n", None, S, [LyingLabel()])
    assert res.output == "from a\n"
    assert [f.fix.applicability for f in res.remaining] == [UNSAFE]
    assert any("above its declared unsafe" in e for e in res.errors)
    assert fix_text("from a\n", None, Settings(unsafe_fixes=True), [LyingLabel()]).output == "FROM a\n"


# -- generated files (issue 16) ---------------------------------------------------------------------

@pytest.mark.parametrize("header", [
    "# Code generated by gen.go. DO NOT EDIT.",
    "# DO NOT EDIT: this file is generated",
    "#\n# NOTE: THIS DOCKERFILE IS GENERATED VIA \"apply-templates.sh\"\n#",
    "# This file was generated by update.sh",
])
def test_generated_file_is_reported_with_one_note_and_not_edited(header):
    from dockfix.fixing.config import Settings
    from dockfix.fixing.engine import check_text, fix_text

    text = f"{header}\nFROM debian:12\nRUN apt-get update && apt-get install curl\n"
    s = Settings(select=("apt-get-yes",), unsafe_fixes=True)
    res = fix_text(text, None, s)
    assert res.output == text and not res.applied and not res.remaining
    assert len(res.notes) == 1 and "generated" in res.notes[0] and "template" in res.notes[0]
    assert check_text(text, None, s).notes == res.notes
    on = Settings(select=("apt-get-yes",), unsafe_fixes=True, options={"edit-generated": "true"})
    assert "install -y curl" in fix_text(text, None, on).output


@pytest.mark.parametrize("text", [
    "FROM debian:12\n# DO NOT EDIT below this line\nRUN apt-get install curl\n",  # not in the header
    "# builds the API server\nFROM debian:12\nRUN apt-get install curl\n",
])
def test_files_that_do_not_say_they_are_generated_are_fixed(text):
    from dockfix.fixing.config import Settings
    from dockfix.fixing.engine import fix_text

    res = fix_text(text, None, Settings(select=("apt-get-yes",), unsafe_fixes=True))
    assert "install -y curl" in res.output and not res.notes


def test_fixes_only_skips_transforms_that_cannot_fix_and_keeps_the_output():
    """``unfixable_too=False`` (a quiet --diff / --check) does not run transforms whose fixes stay
    below the threshold; the fixed text is the same, only their findings are missing."""
    text = ("FROM python:3.12-slim\nMAINTAINER Jane <j@x>\nWORKDIR /app\nCOPY . .\n"
            "RUN pip install -r requirements.txt\nCMD python app.py\n")
    full = fix_text(text, None, Settings())
    quick = fix_text(text, None, Settings(), unfixable_too=False)
    assert quick.output == full.output != text
    assert [f.name for f in quick.applied] == [f.name for f in full.applied]
    full_names = {f.name for f in full.remaining}
    assert "non-root-user" in full_names  # unsafe-only: below the safe threshold
    assert "non-root-user" not in {f.name for f in quick.remaining}
    # with --unsafe-fixes it can fix, so it runs either way
    unsafe = Settings(unsafe_fixes=True)
    assert fix_text(text, None, unsafe, unfixable_too=False).output == fix_text(text, None, unsafe).output
