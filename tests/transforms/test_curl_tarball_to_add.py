"""curl-tarball-to-add: Fetch a checksummed download with ADD --checksum instead of curl + sha256sum (opt-in)."""

from __future__ import annotations

from fixcase import assert_fix, assert_noop

from dockfix.fixing.config import Settings
from dockfix.fixing.engine import check_text


def test_curl_tarball_to_add_is_opt_in_and_explains_refusals():
    text = ("FROM debian:12\nRUN curl -fsSL -H 'X: y' -o /tmp/x.tgz https://example.com/x.tgz"
            " && echo \"" + "a" * 64 + "  /tmp/x.tgz\" | sha256sum -c - && tar -xzf /tmp/x.tgz\n")
    assert not [f for f in check_text(text, None, Settings()).remaining if f.name == "curl-tarball-to-add"]
    res = check_text(text, None, Settings(select=("curl-tarball-to-add",), unsafe_fixes=True))
    (f,) = res.remaining
    assert f.fix is None and "-H" in f.refused


def test_checksummed_curl_becomes_add_checksum():
    sha = "a" * 64
    assert_fix("FROM debian:12\nRUN curl -fsSL -o /tmp/t.tgz https://example.com/t.tgz"
               f' && echo "{sha}  /tmp/t.tgz" | sha256sum -c - && tar -xzf /tmp/t.tgz -C /opt && rm /tmp/t.tgz\n',
               f"FROM debian:12\nADD --checksum=sha256:{sha} https://example.com/t.tgz /tmp/t.tgz\n"
               "RUN tar -xzf /tmp/t.tgz -C /opt && rm /tmp/t.tgz\n", "curl-tarball-to-add")


def test_download_without_a_checksum_is_left_alone():
    assert_noop("FROM debian:12\nRUN curl -fsSL https://example.com/t.tgz | tar -xz -C /opt\n", "curl-tarball-to-add")
