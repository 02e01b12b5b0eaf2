"""gem-no-document: Skip RubyGems documentation: gem install --no-document."""

from __future__ import annotations

from fixcase import assert_fix, assert_noop, result


def test_gem_old_ruby_refused():
    res = result("FROM ruby:1.9.3\nRUN gem install bundler\n", ["gem-no-document"], path="Dockerfile")
    assert res.output.endswith("gem install bundler\n") and res.remaining[0].refused


def test_gem_install_gets_no_document():
    assert_fix("FROM ruby:3.3\nRUN gem install bundler\n", "FROM ruby:3.3\nRUN gem install --no-document bundler\n",
               "gem-no-document", unsafe=False)


def test_no_document_already_given_is_left_alone():
    assert_noop("FROM ruby:3.3\nRUN gem install --no-document bundler\n", "gem-no-document")
