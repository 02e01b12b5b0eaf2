# findings: none
FROM ruby:3.3
RUN gem install --no-document bundler
RUN gem install -N rails && gem install --no-rdoc --no-ri rake
RUN gem update --system && gem list
