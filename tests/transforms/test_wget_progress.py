"""wget-progress: Give wget a quiet progress style so build logs are not flooded."""

from __future__ import annotations

from fixcase import result


def test_busybox_wget_never_gets_progress():
    for img in ("alpine:3.19", "busybox", "mycompany/base:1", "python:3.12-alpine"):
        out = result(f"FROM {img}\nRUN wget http://x/y\n", ["wget-progress"], path="Dockerfile").output
        assert "--progress" not in out and "wget -q http://x/y" in out
    out = result("FROM debian:12\nRUN wget http://x/y\n", ["wget-progress"], path="Dockerfile").output
    assert "wget --progress=dot:giga http://x/y" in out
    # a stage that installs with apk is busybox-based whatever its name
    out = result("FROM mycompany/base\nRUN apk add --no-cache curl\nRUN wget http://x/y\n", ["wget-progress"], path="Dockerfile").output
    assert "wget -q http://x/y" in out
