"""keyword-case: ConsistentInstructionCasing,FromAsCasing Write instruction keywords and FROM's AS in upper case."""

from __future__ import annotations

from fixcase import fix


def test_keyword_case_only_touches_keywords():
    text = "from alpine as b\nrun echo run from as\nCopy --chown=a:b x y\n"
    out = fix(text, "keyword-case")
    assert out == "FROM alpine AS b\nRUN echo run from as\nCOPY --chown=a:b x y\n"
