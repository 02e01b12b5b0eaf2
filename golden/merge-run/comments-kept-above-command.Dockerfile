# golden: --unsafe-fixes
FROM debian:12
RUN apt-get update
# tools we need
RUN apt-get install -y curl \
    && rm -rf /var/lib/apt/lists/*

RUN echo done
# ---- output ----
FROM debian:12
RUN apt-get update && \
# tools we need
    apt-get install -y curl \
    && rm -rf /var/lib/apt/lists/* && \
    echo done
