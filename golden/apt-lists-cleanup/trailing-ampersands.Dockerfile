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
