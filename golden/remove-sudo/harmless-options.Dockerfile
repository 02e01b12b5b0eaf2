# finding: 2:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [safe]
# finding: 2:31: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [safe]
# finding: 2:54: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [safe]
# finding: 2:79: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [safe]
# finding: 5:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: sudo option -H is not modelled (it may change user or environment))
# finding: 5:25: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: sudo -u another user and sudo to root in one RUN)
FROM ubuntu:22.04
RUN sudo -H apt-get update && sudo -EH chmod 1 /x && sudo -u root mkdir /y && sudo -S rm -f /z
FROM ubuntu:22.04
ENV HOME=/home/app
RUN sudo -H mkdir /x && sudo -u app mkdir /y
# ---- output ----
FROM ubuntu:22.04
RUN apt-get update && chmod 1 /x && mkdir /y && rm -f /z
FROM ubuntu:22.04
ENV HOME=/home/app
RUN sudo -H mkdir /x && sudo -u app mkdir /y
