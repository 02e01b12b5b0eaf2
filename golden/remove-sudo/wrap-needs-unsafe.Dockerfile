# finding: 3:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
# finding: 3:28: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
FROM ubuntu:22.04
USER app
RUN sudo apt-get update && sudo apt-get install -y git
