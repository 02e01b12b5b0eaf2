# finding: 3:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
# finding: 5:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [safe]
FROM ubuntu:22.04
USER app
RUN sudo mkdir /data
USER root
RUN sudo mkdir /data2
# ---- output ----
FROM ubuntu:22.04
USER app
RUN sudo mkdir /data
USER root
RUN mkdir /data2
