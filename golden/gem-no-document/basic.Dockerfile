# finding: 2:5: gem-no-document gem install builds documentation; add --no-document [safe]
# finding: 3:5: gem-no-document gem install builds documentation; add --no-document [safe]
FROM ruby:3.3
RUN gem install bundler
RUN gem install rails -v 7.1.0 && bundle install
# ---- output ----
FROM ruby:3.3
RUN gem install --no-document bundler
RUN gem install --no-document rails -v 7.1.0 && bundle install
