# golden: --unsafe-fixes
# finding: 6:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
# finding: 6:28: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
# finding: 7:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
# finding: 9:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
FROM debian:bookworm
RUN useradd -m app
# drop privileges
USER app
ENV GEM_HOME=/usr/local/bundle
RUN sudo apt-get update && sudo apt-get install -y ruby
RUN sudo gem install bundler
WORKDIR /home/app
RUN sudo mkdir -p /data && echo done
# ---- output ----
FROM debian:bookworm
RUN useradd -m app
ENV GEM_HOME=/usr/local/bundle
RUN apt-get update && apt-get install -y ruby
RUN gem install bundler
# drop privileges
USER app
WORKDIR /home/app
USER 0
RUN mkdir -p /data && echo done
USER app
