FROM ubuntu:22.04
USER app
RUN sudo apt-get update && sudo apt-get install -y git
