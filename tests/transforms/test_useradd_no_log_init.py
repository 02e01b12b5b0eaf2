"""useradd-no-log-init: Add -l (--no-log-init) to useradd with a high UID."""

from __future__ import annotations

from fixcase import assert_fix, assert_noop


def test_useradd_only_for_high_or_unknown_uids():
    text = "FROM debian:12\nRUN useradd -u 1000 a && useradd -u 99999 b\n"
    assert_noop(text, "useradd-no-log-init", path="Dockerfile")
    text = "FROM debian:12\nRUN useradd -m -u 100000 a\n"
    assert_fix(text, "FROM debian:12\nRUN useradd -l -m -u 100000 a\n", "useradd-no-log-init", path="Dockerfile")
