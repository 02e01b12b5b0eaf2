# golden: --unsafe-fixes
# finding: 2:1: apt-lists-cleanup apt-get update leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN [unsafe]
FROM debian:12 AS base
RUN apt-get update && apt-get install -y curl
RUN apt-get install -y \
      git \
 && git --version
FROM base AS dev
RUN apt-get install -y vim
# ---- output ----
FROM debian:12 AS base
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y \
      git \
 && git --version \
 && rm -rf /var/lib/apt/lists/*
FROM base AS dev
RUN apt-get update && apt-get install -y vim && rm -rf /var/lib/apt/lists/*
