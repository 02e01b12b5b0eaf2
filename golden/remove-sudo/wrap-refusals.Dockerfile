# golden: --unsafe-fixes
# finding: 4:23: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: the build runs as USER app here and `mkdir` runs without sudo: as root it could create root-owned files or behave differently)
# finding: 6:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: the build runs as USER app here and a redirect writes a file: as root it would be root-owned)
# finding: 8:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: the build runs as USER app here and sudo option -u is not modelled (it may change user or environment))
# finding: 9:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: the build runs as USER app here and sudo option -iu is not modelled (it may change user or environment))
# finding: 10:19: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: the build runs as USER app here and sudo option -S reads a password from stdin)
# finding: 12:21: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: the build runs as USER app here and `test` runs without sudo: as root it could create root-owned files or behave differently)
# finding: 15:1: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: the build runs as USER app here and a RUN with a heredoc is not run as root instead)
# finding: 20:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: base image jupyter/base-notebook runs as a non-root user this file does not name)
# finding: 27:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: USER $U uses variables that change before the RUN)
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
