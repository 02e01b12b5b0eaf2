FROM ubuntu:22.04
RUN apt list --installed && apt show curl && apt search vim && apt-get install -y apt
RUN apt-key add key.gpg && echo apt install
