"""apt-to-apt-get: Use apt-get instead of apt in scripts."""

from __future__ import annotations

from fixcase import assert_fix, assert_noop, refusals


def test_apt_output_only_commands_are_refused():
    text = "FROM debian:12\nRUN apt list --installed && apt show curl\n"
    assert_noop(text, "apt-to-apt-get", path="Dockerfile")
    assert all("only prints" in r for r in refusals(text, "apt-to-apt-get", path="Dockerfile"))


def test_apt_becomes_apt_get():
    assert_fix("FROM debian:12\nRUN apt update && apt install -y curl\n",
               "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n", "apt-to-apt-get", unsafe=False)
