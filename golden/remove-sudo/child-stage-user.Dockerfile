# finding: 4:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
FROM ubuntu:22.04 AS base
USER app
FROM base
RUN sudo mkdir /x
