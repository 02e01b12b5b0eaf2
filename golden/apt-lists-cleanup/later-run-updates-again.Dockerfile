# finding: 2:1: apt-lists-cleanup apt-get update leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN [safe]
FROM debian:12
RUN apt-get update && apt-get install -y curl
RUN apt-get update && apt-get install -y vim && rm -rf /var/lib/apt/lists/*
FROM debian:12
RUN apt-get install -y late
# ---- output ----
FROM debian:12
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y vim && rm -rf /var/lib/apt/lists/*
FROM debian:12
RUN apt-get install -y late
