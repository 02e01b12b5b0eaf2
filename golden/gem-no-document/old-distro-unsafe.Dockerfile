FROM ubuntu:14.04
RUN apt-get update && apt-get install -y ruby && gem install bundler
