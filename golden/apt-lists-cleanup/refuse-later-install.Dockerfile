FROM debian:12
RUN apt-get update
RUN apt-get install -y curl
