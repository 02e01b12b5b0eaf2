# finding: 2:1: apt-lists-cleanup apt-get update leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN [unsafe]
FROM debian:12
RUN apt-get update && apt-get install -y curl
RUN ./install.sh
