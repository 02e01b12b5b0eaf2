FROM ruby:1.9
RUN gem install bundler
