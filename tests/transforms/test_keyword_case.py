"""keyword-case: ConsistentInstructionCasing,FromAsCasing Write instruction keywords and FROM's AS in upper case."""

from __future__ import annotations

from fixcase import assert_fix, assert_noop, fix


def test_keyword_case_only_touches_keywords():
    text = "from alpine as b\nrun echo run from as\nCopy --chown=a:b x y\n"
    out = fix(text, "keyword-case")
    assert out == "FROM alpine AS b\nRUN echo run from as\nCOPY --chown=a:b x y\n"


def test_lower_case_keywords_and_as_are_upper_cased():
    assert_fix("from debian:12 as build\nrun echo hi\n", "FROM debian:12 AS build\nRUN echo hi\n",
               "keyword-case", unsafe=False)


def test_words_in_arguments_are_not_keywords():
    assert_noop("FROM debian:12 AS build\nRUN echo from run as\n", "keyword-case")
