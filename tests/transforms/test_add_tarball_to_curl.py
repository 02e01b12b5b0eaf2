"""add-tarball-to-curl: Download and extract a remote tarball in one RUN instead of ADD + tar."""

from __future__ import annotations

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
