# finding: 2:1: apt-lists-cleanup apt-get update leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN [safe]
FROM debian:12
RUN apt-get update && \
    apt-get install -y \
      wget \
      git
# ---- output ----
FROM debian:12
RUN apt-get update && \
    apt-get install -y \
      wget \
      git && \
    rm -rf /var/lib/apt/lists/*
