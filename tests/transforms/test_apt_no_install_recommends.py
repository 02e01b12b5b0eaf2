"""apt-no-install-recommends: Add --no-install-recommends to apt-get install."""

from __future__ import annotations

from fixcase import assert_fix, assert_noop


def test_install_gets_no_install_recommends_as_an_unsafe_fix():
    src = "FROM debian:12\nRUN apt-get install -y curl\n"
    assert_fix(src, "FROM debian:12\nRUN apt-get install --no-install-recommends -y curl\n",
               "apt-no-install-recommends")
    assert_noop(src, "apt-no-install-recommends", unsafe=False)


def test_flag_already_given_is_left_alone():
    assert_noop("FROM debian:12\nRUN apt-get install -y --no-install-recommends curl\n", "apt-no-install-recommends")
