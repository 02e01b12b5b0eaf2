FROM ubuntu:22.04 AS base
USER app
FROM base
RUN sudo mkdir /x
