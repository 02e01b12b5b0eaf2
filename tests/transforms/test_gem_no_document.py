"""gem-no-document: Skip RubyGems documentation: gem install --no-document."""

from __future__ import annotations

from fixcase import result


def test_gem_old_ruby_refused():
    res = result("FROM ruby:1.9.3\nRUN gem install bundler\n", ["gem-no-document"], path="Dockerfile")
    assert res.output.endswith("gem install bundler\n") and res.remaining[0].refused
