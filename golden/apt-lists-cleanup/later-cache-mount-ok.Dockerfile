FROM debian:12
RUN apt-get update && apt-get install -y curl
RUN --mount=type=cache,target=/var/lib/apt/lists apt-get install -y git
# ---- output ----
FROM debian:12
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
RUN --mount=type=cache,target=/var/lib/apt/lists apt-get install -y git
