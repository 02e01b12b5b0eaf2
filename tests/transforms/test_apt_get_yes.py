"""apt-get-yes: Add -y to apt-get commands that would stop at a confirmation prompt."""

from __future__ import annotations

from fixcase import assert_fix, assert_noop, findings


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
