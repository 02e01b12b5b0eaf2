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
