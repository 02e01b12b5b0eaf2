"""apt-get-yes: Add -y to apt-get commands that would stop at a confirmation prompt."""

from __future__ import annotations

import pytest
from fixcase import assert_fix, assert_noop, findings, fix


def test_apt_yes_not_added_when_quiet_level_two():
    text = "FROM debian:12\nRUN apt-get -qq install a && apt-get install -q -q b\n"
    assert findings(text, "apt-get-yes", path="Dockerfile") == []


def test_apt_get_yes_at_end_of_file_without_newline():
    text = "FROM debian:12\nRUN apt-get install curl"
    assert_fix(text, "FROM debian:12\nRUN apt-get install -y curl", "apt-get-yes", path="Dockerfile")
    text = "FROM debian:12\nRUN apt-get upgrade"
    assert_fix(text, "FROM debian:12\nRUN apt-get upgrade -y", "apt-get-yes", path="Dockerfile")


def test_yes_already_given_is_left_alone():
    assert_noop("FROM debian:12\nRUN apt-get update && apt-get install -y curl\n", "apt-get-yes")


@pytest.mark.parametrize("cmd, fixed", [
    ("apt-get purge", False),  # no package: removes nothing, never asks
    ("apt-get remove", False),
    ("apt-get purge --auto-remove", True),  # removes what is no longer needed: asks
    ("apt-get purge curl", True),
    ("apt-get autoremove", True),
])
def test_argument_less_purge_gets_no_y(cmd, fixed):
    text = f"FROM debian:12\nRUN {cmd}\n"
    assert (fix(text, "apt-get-yes") != text) is fixed
