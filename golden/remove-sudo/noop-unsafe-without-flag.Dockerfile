# finding: 2:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
# finding: 4:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
FROM ubuntu:22.04
RUN sudo pip install x
FROM someorg/image:1
RUN sudo apt-get install -y x
