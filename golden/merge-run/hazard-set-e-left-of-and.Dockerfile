# golden: --unsafe-fixes
FROM debian:12
RUN set -eux; \
    apt-get update; \
    apt-get install -y curl; \
    rm -rf /var/lib/apt/lists/*
RUN echo done
RUN set -x; a; b
RUN c
# ---- output ----
FROM debian:12
RUN set -eux; \
    apt-get update; \
    apt-get install -y curl; \
    rm -rf /var/lib/apt/lists/*
RUN echo done && \
    ( set -x; a; b ) && \
    c
