# finding: 2:5: gem-no-document gem install builds documentation (not fixed: RubyGems before 2.0 (Ruby 1.x) has no --no-document)
FROM ruby:1.9
RUN gem install bundler
