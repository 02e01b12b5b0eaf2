"""maintainer-to-label: Replace the deprecated MAINTAINER with an OCI authors LABEL."""

from __future__ import annotations

from fixcase import assert_fix, assert_noop


def test_maintainer_becomes_an_authors_label():
    assert_fix("FROM debian:12\nMAINTAINER Jane <jane@example.com>\n",
               'FROM debian:12\nLABEL org.opencontainers.image.authors="Jane <jane@example.com>"\n',
               "maintainer-to-label", unsafe=False)


def test_authors_label_is_left_alone():
    assert_noop('FROM debian:12\nLABEL org.opencontainers.image.authors="Jane <jane@example.com>"\n',
                "maintainer-to-label")
