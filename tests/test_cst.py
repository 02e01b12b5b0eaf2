"""The lossless CST: round trip, structure, spans, and parity with BuildKit's parser."""

import dockerfile
import pytest

from dockfix.semantic.model import model_of
from dockfix.semantic.variables import expand, resolve_image, scope_before
from dockfix.shell.facts import and_list
from dockfix.syntax.cst import parse

ROUND_TRIP = [
    b"",
    b"\n\n",
    b"# only a comment",
    b"FROM a",  # no final newline
    b"FROM a\r\nRUN x \\\r\n  y\r\n",  # CRLF
    b"\xef\xbb\xbfFROM a\n",  # BOM
    b"\tFROM a  \n\tRUN  b \t\n",  # tabs, trailing spaces
    b"from a\nrun b\n",  # lower-case keywords
    b"FROM a\n# caf\xe9 \xff\xfe\nRUN b\n",  # non-UTF-8 bytes in a comment
    b"FROM a\nRUN echo \xe2\x82\xac \\\n  # c\n\n  b\n",  # UTF-8 and a comment/blank line in a continuation
    b"# escape=`\nFROM a\nRUN x `\n  y\n",
    b"FROM a\nRUN <<EOF\nx\nEOF",  # heredoc without final newline
    b"FROM a\r\nRUN <<EOF\r\nx\r\nEOF\r\n",
    b"FROM a\nRUN x \\",  # continuation at end of file
]


@pytest.mark.parametrize("data", ROUND_TRIP)
def test_round_trip(data):
    doc = parse(data)
    assert doc.to_bytes() == data
    assert str(doc) == data.decode("utf-8", "surrogateescape")


def _buildkit(data: bytes):
    return [(c.cmd, c.start_line, c.end_line, c.value, tuple((h.name, h.content) for h in c.heredocs), c.json)
            for c in dockerfile.parse_string(data.decode("utf-8", "surrogateescape"))]


def _ours(data: bytes):
    return [(i.keyword.text, i.line, i.end_line, i.values(), tuple((h.name, h.content) for h in i.heredocs), i.json)
            for i in parse(data).instructions]


PARITY = [
    b"FROM a\nRUN echo \\\\\nRUN b\n",  # an escaped escape at the end of a line is not a continuation
    b"FROM a\nRUN echo \\\n\n# c\n  b",
    b"  FROM a  \n\tRUN  --mount=type=cache,target=/x  --network=none  echo  \n",
    b"FROM a\nENV A \\\n  b \\\n  c\nLABEL a=\"b c\" d='e'\nARG X=\"1 2\"\n",
    b"FROM a\nRUN <<EOF <<-B cat\na\nEOF\n\tb\n\tB\nCOPY <<'X' /y\n$x\nX\n",
    b"FROM a\nRUN 2<<EOF cat\nx\nEOF\n",
    b"FROM a\nCMD [\"a\", \"b\"] trailing\nENTRYPOINT [\"x\"\nHEALTHCHECK --interval=5s CMD [\"a\",\"b\"]\n",
    b"FROM a\nUSER\nEXPOSE 80 443/tcp\nFOO bar\n",
    b"#syntax=docker/dockerfile:1\n# check=skip=all\n#escape=\\\nFROM a\n",
    b"FROM a\nCOPY --from=x --chown=\"a b\" a b c/\n",
    b"FROM a\nRUN echo '<<EOF' \"<<X\"\n",  # quoted: not heredocs
]


@pytest.mark.parametrize("data", PARITY)
def test_parity_with_buildkit(data):
    assert _ours(data) == _buildkit(data)


def test_directives_and_escape():
    doc = parse(b"# syntax=docker/dockerfile:1.7\n# escape=`\n# check=skip=JSONArgsRecommended\nFROM a\nRUN x `\n  y\n")
    assert [(d.name, d.value) for d in doc.directives] == [
        ("syntax", "docker/dockerfile:1.7"), ("escape", "`"), ("check", "skip=JSONArgsRecommended")]
    assert doc.escape == "`"
    run = doc.instructions[1]
    assert run.line_text == "RUN x   y"
    d = doc.directives[0]
    assert doc.text[d.value_start:d.value_end] == "docker/dockerfile:1.7"


def test_directive_after_comment_is_a_comment():
    doc = parse(b"# hello\n# escape=`\nFROM a\nRUN x \\\n y\n")
    assert doc.directives == []
    assert doc.escape == "\\"
    assert doc.instructions[1].line_text == "RUN x  y"


def test_invalid_escape_is_an_error():
    doc = parse(b"# escape=x\nFROM a\n")
    assert doc.errors and doc.errors[0].line == 1


def test_continuation_with_comments_and_blank_lines():
    src = b"FROM a\nRUN apt-get update \\\n    # why\n\n    && apt-get install -y x\nUSER app\n"
    doc = parse(src)
    run = doc.instructions[1]
    assert run.line == 2 and run.end_line == 5
    assert run.args == "apt-get update     && apt-get install -y x"
    assert doc.instructions[2].line == 6
    # an argument range that crosses the continuation maps back across it
    s = run.line_text.index("&&")
    fs, fe = run.span_of(s, s + 2)
    assert doc.text[fs:fe] == "&&"
    assert not run.logical.is_contiguous(0, len(run.line_text))


def test_heredocs():
    src = "FROM a\nRUN <<EOF\nset -e\necho hi\nEOF\nCOPY <<-\"A\" /a <<B /b\n\tx $y\n\tA\nz\nB\nRUN cat <<EOF\nunterminated\n"
    doc = parse(src)
    run, copy = doc.instructions[1], doc.instructions[2]
    assert [h.name for h in run.heredocs] == ["EOF"]
    assert run.heredocs[0].content == "set -e\necho hi\n"
    assert src[run.heredocs[0].body_start:run.heredocs[0].body_end] == "set -e\necho hi\n"
    assert run.end == src.index("COPY")
    a, b = copy.heredocs
    assert (a.name, a.chomp, a.expand) == ("A", True, False)
    assert (b.name, b.chomp, b.expand) == ("B", False, True)
    assert src[a.marker.start:a.marker.end] == '<<-"A"'
    assert doc.errors and doc.errors[0].message == "unterminated heredoc"


def test_exec_and_shell_form():
    doc = parse('FROM a\nCMD ["a", "b c"]\nCMD a b\nRUN ["x", 1]\n')
    assert doc.instructions[1].json and doc.instructions[1].json_values == ["a", "b c"]
    assert not doc.instructions[2].json and doc.instructions[2].args == "a b"
    assert doc.errors and "string arrays" in doc.errors[0].message


def test_flags_with_spans():
    src = 'FROM a AS b\nCOPY --from=b --chown="app user" --chmod=0755 --link src dst\n'
    doc = parse(src)
    copy = doc.instructions[1]
    assert [(f.name, f.value) for f in copy.flags] == [("from", "b"), ("chown", "app user"), ("chmod", "0755"), ("link", None)]
    for f in copy.flags:
        assert src[f.start:f.end] == f.raw
    assert [w.text for w in copy.plain_words()] == ["src", "dst"]
    assert src[copy.args_start:copy.args_end] == "src dst"


def test_onbuild():
    doc = parse("FROM a\nONBUILD RUN --mount=type=cache,target=/c echo hi\n")
    ob = doc.instructions[1]
    assert ob.cmd == "ONBUILD" and ob.sub.cmd == "RUN"
    assert [f.name for f in ob.sub.flags] == ["mount"]
    assert ob.sub.args == "echo hi"


def test_comments_belong_to_the_next_instruction():
    src = "FROM a\n\n# install things\n# more\nRUN x\n# trailing\n"
    doc = parse(src)
    run = doc.instructions[1]
    assert run.comments == ["# install things", "# more"]
    assert src[run.leading_start:run.start] == "\n# install things\n# more\n"
    assert src[doc.trailing_start:] == "# trailing\n"


def test_stages_and_args():
    src = ("ARG BASE=debian\nARG TAG=12\nFROM ${BASE}:${TAG:-11} AS Build\nARG TAG\nENV P=/opt/$TAG\nRUN x\n"
           "FROM build AS final\nSHELL [\"/bin/bash\", \"-c\"]\nRUN y\n")
    doc = parse(src)
    assert [s.name for s in doc.stages] == ["build", "final"]
    assert doc.stage_named("BUILD") is doc.stages[0]
    assert doc.stage_named("1") is doc.stages[1]
    assert len(doc.global_args) == 2
    assert resolve_image(doc, doc.stages[0]) == "debian:12"
    run = doc.instructions[5]
    assert scope_before(doc, run) == {"TAG": "12", "P": "/opt/12"}
    # ENV of the parent stage is inherited by a stage built FROM it
    final_run = doc.instructions[-1]
    assert scope_before(doc, final_run)["P"] == "/opt/12"
    assert model_of(doc).shell_of(run) == ["/bin/sh", "-c"]
    assert model_of(doc).shell_of(final_run) == ["/bin/bash", "-c"]


@pytest.mark.parametrize("text,env,expected", [
    ("$A", {"A": "1"}, "1"),
    ("${A}x", {"A": "1"}, "1x"),
    ("${A:-d}", {}, "d"),
    ("${A:-d}", {"A": ""}, "d"),
    ("${A-d}", {"A": ""}, ""),
    ("${A:+s}", {"A": "1"}, "s"),
    ("${A:+s}", {}, ""),
    ("$A", {}, None),
    ("${A%.x}", {"A": "1"}, None),
    ("plain", {}, "plain"),
])
def test_expand(text, env, expected):
    assert expand(text, env) == expected


def test_line_col_and_newline():
    doc = parse("FROM a\r\nRUN b\r\n")
    assert doc.newline == "\r\n"
    assert doc.line_col(doc.instructions[1].keyword.start) == (2, 1)
    assert parse("FROM a\n").newline == "\n"


def test_windows_detection():
    assert parse("# escape=`\nFROM a\n").is_windows
    assert parse("FROM mcr.microsoft.com/windows/servercore:ltsc2022\n").is_windows
    assert parse('FROM a\nSHELL ["powershell", "-Command"]\n').is_windows
    assert not parse("FROM debian\n").is_windows


# -- shell view ----------------------------------------------------------------

def test_shell_view_maps_through_continuations():
    src = "FROM a\nRUN apt-get update \\\n  # note\n  && apt-get install -y \"x\" \\\n  && rm -rf /var/lib/apt/lists/*\n"
    doc = parse(src)
    view = model_of(doc).shell_view(doc.instructions[1])
    assert view is not None and not view.has_error
    cmds = view.commands()
    assert [c.name for c in cmds] == ["apt-get", "apt-get", "rm"]
    for c in cmds:
        for w in c.argv:
            assert src[w.start:w.end] == w.text
    assert [w.value for w in cmds[1].argv] == ["apt-get", "install", "-y", "x"]
    assert cmds[2].argv[2].value is None  # a glob is not a literal
    assert len(and_list(view)) == 3


@pytest.mark.parametrize("run, n", [
    ("a && b && c", 3), ("a || b", None),
    # tree-sitter reads these as a redirection of the whole list; the shell
    # redirects the last command only.  An or-list is no && chain: `x && `
    # in front of `a || b >> log` would run b when x fails
    ("a || b >> log", None), ("x && a || b > f", None),
    ("a && b >> log && c", 2),  # `a && b >> log` stays one part, with its redirection
])
def test_and_list_is_only_an_and_chain(run, n):
    doc = parse(f"FROM a\nRUN {run}\n")
    parts = and_list(model_of(doc).shell_view(doc.instructions[1]))
    assert (None if parts is None else len(parts)) == n


def test_shell_view_of_heredoc_body():
    src = "FROM a\nRUN <<EOF\nset -e\necho $A\nEOF\n"
    doc = parse(src)
    view = model_of(doc).shell_view(doc.instructions[1])
    assert view.from_heredoc
    echo = view.commands()[1]
    assert src[echo.start:echo.end] == "echo $A"


def test_shell_view_non_ascii_offsets():
    src = "FROM a\nRUN echo \u00e9\u00e9 && ls /t\u00e9\n"
    doc = parse(src)
    cmds = model_of(doc).shell_view(doc.instructions[1]).commands()
    assert src[cmds[1].argv[1].start:cmds[1].argv[1].end] == "/t\u00e9"


@pytest.mark.parametrize("src", [
    "# escape=`\nFROM a\nRUN echo hi\n",
    'FROM a\nSHELL ["powershell", "-Command"]\nRUN echo hi\n',
    'FROM a\nRUN ["echo", "hi"]\n',
    "FROM a\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1)\nEOF\n",
])
def test_no_shell_view(src):
    doc = parse(src)
    assert model_of(doc).shell_view(doc.instructions[-1]) is None


@pytest.mark.parametrize("src,message", [
    ("FROM a\nRUN apt-get install \\\n  a\n  b-devel \\\n  c\n", "unknown instruction: b-devel"),
    ("FROM\n", "FROM requires"),
    ("FROM a b\n", "FROM requires"),
    ("FROM a AS b c\n", "FROM requires"),
    ("RUN x\nFROM a\n", "no build stage"),
    ("FROM a\nONBUILD FROM b\n", "isn't allowed as an ONBUILD trigger"),
])
def test_instruction_errors(src, message):
    doc = parse(src)
    assert doc.errors and message in doc.errors[0].message


def test_valid_files_have_no_errors():
    for src in ("ARG V=1\nFROM a:$V AS b\nRUN x\n", "FROM a\nONBUILD RUN x\n", "# c\n\nFROM scratch\n"):
        assert parse(src).errors == []


def test_shell_is_inherited_from_the_parent_stage():
    doc = parse('FROM debian AS base\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nFROM base\nRUN a | b\nFROM debian\nRUN c\n')
    assert model_of(doc).shell_of(doc.instructions[3]) == ["/bin/bash", "-o", "pipefail", "-c"]
    assert model_of(doc).shell_of(doc.instructions[5]) == ["/bin/sh", "-c"]


def test_parent_of_and_last_in_effect_follow_from_stage_links():
    from dockfix.syntax.cst import parse

    doc = parse("ARG BASE=build\nFROM debian:12 AS build\nUSER a\nSHELL [\"/bin/bash\", \"-c\"]\n"
                "FROM ${BASE} AS next\nRUN x\nUSER b\nRUN y\nFROM alpine\nRUN z\n")
    build, nxt, last = doc.stages
    assert model_of(doc).parent(nxt) is build and model_of(doc).parent(build) is None and model_of(doc).parent(last) is None
    x, y = [i for i in nxt.instructions if i.cmd == "RUN"]
    assert model_of(doc).last_in_effect(x, "USER").args == "a"  # inherited from the stage it is built FROM
    assert model_of(doc).last_in_effect(y, "USER").args == "b"
    assert model_of(doc).shell_of(y) == ["/bin/bash", "-c"]
    z = last.instructions[-1]
    assert model_of(doc).last_in_effect(z, "USER") is None and model_of(doc).shell_of(z) == ["/bin/sh", "-c"]


def test_stage_runs_are_a_stages_own_runs_with_a_shell_view():
    from dockfix.syntax.cst import parse

    doc = parse("FROM debian:12 AS a\nRUN echo 1\nONBUILD RUN echo 2\nRUN [\"echo\", \"3\"]\n"
                "FROM a\nRUN echo 4\nRUN if then fi (\n")
    a, b = doc.stages
    assert [v.script for _, v in model_of(doc).stage_runs(a)] == ["echo 1"]
    assert [v.script for _, v in model_of(doc).stage_runs(b)] == ["echo 4"]  # the unparsable script is skipped
    assert [v.script for _, v in model_of(doc).stage_runs([b, a])] == ["echo 1", "echo 4"]  # file order
