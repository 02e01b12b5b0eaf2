"""add-tarball-to-curl: Download and extract a remote tarball in one RUN instead of ADD + tar."""

from __future__ import annotations

import pytest
from fixcase import assert_fix, assert_noop, refused_of, result

_CURL = "FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\n"


def test_add_tarball_archive_read_by_a_later_heredoc_run():
    text = (_CURL + "ADD https://example.com/x.tar.gz /opt/\nRUN tar -xzf /opt/x.tar.gz -C /opt\n"
            "RUN <<EOF\nsha256sum /opt/x.tar.gz > /sums\nEOF\n")
    res = result(text, "add-tarball-to-curl")
    assert res.output == text
    assert any("used again" in r for r in refused_of(res))


def test_add_tarball_archive_matched_by_a_later_glob():
    # `ls /opt/*.tar.gz` found the kept archive; without it the RUN fails
    text = _CURL + "ADD https://example.com/x.tar.gz /opt/\nRUN tar -xzf /opt/x.tar.gz -C /opt\nRUN ls /opt/*.tar.gz\n"
    res = result(text, "add-tarball-to-curl")
    assert res.output == text
    assert any("glob" in r for r in refused_of(res))


def test_add_tarball_unrelated_later_glob_still_fixed():
    text = _CURL + "ADD https://example.com/x.tar.gz /opt/\nRUN tar -xzf /opt/x.tar.gz -C /opt\nRUN mv /opt/x/* /srv/\n"
    res = result(text, "add-tarball-to-curl")
    assert 'curl -fsSL "https://example.com/x.tar.gz" | tar -xzf - -C /opt\nRUN mv' in res.output


def test_remote_tarball_downloaded_and_extracted_in_one_run():
    assert_fix("FROM debian:12\nRUN apt-get update && apt-get install -y curl\nADD https://example.com/tool.tar.gz /tmp/\n"
               "RUN tar -xzf /tmp/tool.tar.gz -C /opt && rm /tmp/tool.tar.gz\n",
               "FROM debian:12\nRUN apt-get update && apt-get install -y curl\n"
               'RUN curl -fsSL "https://example.com/tool.tar.gz" | tar -xzf - -C /opt\n', "add-tarball-to-curl")


def test_remote_file_nothing_extracts_is_left_alone():
    assert_noop("FROM debian:12\nADD https://example.com/tool.jar /opt/tool.jar\n", "add-tarball-to-curl")


@pytest.mark.parametrize("url", ["https://github.com/o/r/archive/master.tar.gz",
                                 "https://github.com/o/r/archive/refs/heads/main.tar.gz",
                                 "https://example.com/releases/latest/download/tool.tar.gz",
                                 "https://example.com/tool-nightly.tar.gz"])
def test_add_tarball_to_curl_refuses_moving_urls(url):
    # ADD re-fetches every build; RUN curl is cached by its text (review of seed 20261205, 045)
    text = f"FROM buildpack-deps:bookworm\nADD {url} /src.tgz\nRUN tar -C /opt -xzf /src.tgz && rm /src.tgz\n"
    res = result(text, "add-tarball-to-curl")
    assert res.output == text
    assert any("moving content" in r for r in refused_of(res))


def test_add_tarball_to_curl_keeps_fixing_versioned_urls():
    text = ("FROM buildpack-deps:bookworm\nADD https://github.com/o/r/archive/v1.2.3.tar.gz /src.tgz\n"
            "RUN tar -C /opt -xzf /src.tgz && rm /src.tgz\n")
    assert "curl" in result(text, "add-tarball-to-curl").output
