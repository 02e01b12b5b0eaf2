"""env-key-value: Use the key=value form of ENV and LABEL."""

from __future__ import annotations

import dockerfile
import pytest
from fixcase import assert_fix, assert_noop, fix


def test_hazard_phpize_deps_continued_value_stays_valid_and_equal():
    text = "FROM php:8\nENV PHPIZE_DEPS \\\n\t\tautoconf \\\n\t\tdpkg-dev \\\n\t\tfile\nRUN echo\n"
    out = fix(text, "env-key-value")
    assert "PHPIZE_DEPS=\\" not in out
    (before,) = [c.value for c in dockerfile.parse_string(text) if c.cmd == "ENV"]
    (after,) = [c.value for c in dockerfile.parse_string(out) if c.cmd == "ENV"]
    assert after[0] == "PHPIZE_DEPS"
    assert after[1] == '"' + before[1] + '"'  # same value once the quotes are processed


@pytest.mark.parametrize("line,expected", [
    ('ENV A "x y"', 'ENV A="x y"'),  # quotes already there: kept byte for byte
    ("ENV PATH /x:$PATH", "ENV PATH=/x:$PATH"),
    ("LABEL a b c", 'LABEL a="b c"'),
    ('ENV B "x" y', 'ENV B "x" y'),  # refused: re-quoting could change it
])
def test_env_key_value_forms(line, expected):
    out = fix(f"FROM alpine\n{line}\n", "env-key-value")
    assert out == f"FROM alpine\n{expected}\n"


def test_legacy_env_and_label_get_key_value():
    assert_fix("FROM debian:12\nENV PATH /opt/bin:$PATH\nLABEL version 1.0\n",
               "FROM debian:12\nENV PATH=/opt/bin:$PATH\nLABEL version=1.0\n", "env-key-value", unsafe=False)


def test_key_value_form_is_left_alone():
    assert_noop("FROM debian:12\nENV PATH=/opt/bin:$PATH A=1\nLABEL version=1.0\n", "env-key-value")
