# finding: 2:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: sudo -u another user and sudo to root in one RUN)
# finding: 2:23: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
# finding: 2:48: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: sudo without a command)
# finding: 2:56: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: variables assigned before sudo)
# finding: 3:13: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: ONBUILD trigger: the user is only known in the child image)
# finding: 6:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
FROM ubuntu:22.04
RUN sudo -u bob ls && sudo -H pip install x && sudo && DEBIAN_FRONTEND=noninteractive sudo apt-get install -y x
ONBUILD RUN sudo mkdir /x
FROM ubuntu:22.04 AS two
USER $APP_USER
RUN sudo mkdir /y
