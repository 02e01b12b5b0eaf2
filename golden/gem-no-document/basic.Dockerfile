FROM ruby:3.3
RUN gem install bundler
RUN gem install rails -v 7.1.0 && bundle install
# ---- output ----
FROM ruby:3.3
RUN gem install --no-document bundler
RUN gem install --no-document rails -v 7.1.0 && bundle install
