# golden: --unsafe-fixes
FROM ubuntu:22.04
USER app
# a command without sudo would run as root: refused
RUN mkdir -p build && sudo apt-get install -y git
# a redirect writes a file as the user: refused
RUN sudo apt-get install -y git > install.log
# sudo -u another user / -i / -S: refused
RUN sudo -u postgres initdb -D /data
RUN sudo -iu postgres psql -c 'select 1'
RUN echo secret | sudo -S apt-get install -y git
# a test of permissions gives another answer as root: refused
RUN test -w /opt && sudo rm -rf /opt/cache
# a heredoc RUN: refused
RUN <<EOT
sudo apt-get install -y git
EOT

FROM jupyter/base-notebook
# the user this image runs as is not named in the file: refused
RUN sudo apt-get install -y git

FROM ubuntu:22.04 AS two
ARG U=app
USER $U
ARG U=other
# USER $U would not mean the same after the RUN: refused
RUN sudo mkdir /y
