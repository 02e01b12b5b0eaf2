"""wget-progress: Give wget a quiet progress style so build logs are not flooded."""

from __future__ import annotations

from fixcase import assert_fix, assert_noop, result


def test_busybox_wget_never_gets_progress():
    for img in ("alpine:3.19", "busybox", "mycompany/base:1", "python:3.12-alpine"):
        out = result(f"FROM {img}\nRUN wget http://x/y\n", ["wget-progress"], path="Dockerfile").output
        assert "--progress" not in out and "wget -q http://x/y" in out
    out = result("FROM debian:12\nRUN wget http://x/y\n", ["wget-progress"], path="Dockerfile").output
    assert "wget --progress=dot:giga http://x/y" in out
    # a stage that installs with apk is busybox-based whatever its name
    out = result("FROM mycompany/base\nRUN apk add --no-cache curl\nRUN wget http://x/y\n", ["wget-progress"],
                 path="Dockerfile").output
    assert "wget -q http://x/y" in out


def test_wget_gets_a_quiet_progress_style():
    assert_fix("FROM debian:12\nRUN wget https://example.com/a.tgz\n",
               "FROM debian:12\nRUN wget --progress=dot:giga https://example.com/a.tgz\n", "wget-progress", unsafe=False)


def test_progress_already_given_is_left_alone():
    assert_noop("FROM debian:12\nRUN wget --progress=dot:giga https://example.com/a.tgz\n", "wget-progress")
