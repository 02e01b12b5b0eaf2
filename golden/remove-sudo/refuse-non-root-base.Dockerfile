# golden: --unsafe-fixes
# finding: 2:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: base image jupyter/base-notebook:latest runs as a non-root user this file does not name)
# finding: 4:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: base image bitnami/python:3.11 runs as a non-root user this file does not name)
FROM jupyter/base-notebook:latest
RUN sudo apt-get install -y x
FROM bitnami/python:3.11
RUN sudo mkdir /x
