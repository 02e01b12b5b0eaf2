"""maintainer-to-label: Replace the deprecated MAINTAINER with an OCI authors LABEL."""

from __future__ import annotations

import pytest
from fixcase import assert_fix, assert_noop, fix


def test_maintainer_becomes_an_authors_label():
    assert_fix("FROM debian:12\nMAINTAINER Jane <jane@example.com>\n",
               'FROM debian:12\nLABEL org.opencontainers.image.authors="Jane <jane@example.com>"\n',
               "maintainer-to-label", unsafe=False)


def test_authors_label_is_left_alone():
    assert_noop('FROM debian:12\nLABEL org.opencontainers.image.authors="Jane <jane@example.com>"\n',
                "maintainer-to-label")


@pytest.mark.parametrize("maintainer,author", [
    ('"navkkrnair@gmail.com"', "navkkrnair@gmail.com"),
    ('Cesar Lopez "cesar.lopez@example.com"', "Cesar Lopez <cesar.lopez@example.com>"),
    ("Jane Doe <jane@example.com>", "Jane Doe <jane@example.com>"),
    ('"Jane" Doe', '\\"Jane\\" Doe'),
])
def test_maintainer_quotes_become_the_usual_author_form(maintainer, author):
    # MAINTAINER takes its text as is: a quoted value gave a label with escaped quotes
    # (review of seed 20261207, 046/051/052: BAD-TEXT)
    out = fix(f"FROM alpine\nMAINTAINER {maintainer}\n", "maintainer-to-label")
    assert out == f'FROM alpine\nLABEL org.opencontainers.image.authors="{author}"\n'
