FROM debian:12
RUN apt-get update && apt-get install -y curl || (echo failed; exit 1)
# ---- output ----
FROM debian:12
RUN apt-get update && apt-get install -y curl || (echo failed; exit 1) && rm -rf /var/lib/apt/lists/*
