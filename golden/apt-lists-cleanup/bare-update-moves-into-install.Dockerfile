# golden: --unsafe-fixes
# finding: 2:1: apt-lists-cleanup apt-get update leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN [unsafe]
FROM debian:12
RUN apt-get update
RUN apt-get install -y curl
# ---- output ----
FROM debian:12
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
