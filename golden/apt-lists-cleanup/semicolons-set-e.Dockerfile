# finding: 2:1: apt-lists-cleanup apt-get update leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN [safe]
FROM debian:12
RUN set -eux; \
    apt-get update; \
    apt-get install -y curl; \
    curl --version
# ---- output ----
FROM debian:12
RUN set -eux; \
    apt-get update; \
    apt-get install -y curl; \
    curl --version && \
    rm -rf /var/lib/apt/lists/*
