# finding: 2:50: gem-no-document gem install builds documentation; add --no-document [unsafe]
FROM ubuntu:14.04
RUN apt-get update && apt-get install -y ruby && gem install bundler
