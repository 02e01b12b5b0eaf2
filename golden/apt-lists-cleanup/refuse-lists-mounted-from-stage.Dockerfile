# golden: --unsafe-fixes
ARG VARIANT
FROM debian:12 AS base-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
# a mount of the lists out of that stage: the clean-up is refused
FROM debian:12 AS other
RUN --mount=type=bind,from=base-slim,source=/var/lib/apt/lists,target=/var/lib/apt/lists \
    apt-get install -y --no-install-recommends git
