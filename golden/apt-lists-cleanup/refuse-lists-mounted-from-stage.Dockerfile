# golden: --unsafe-fixes
# finding: 3:1: apt-lists-cleanup apt-get update leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN (not fixed: line 6 mounts the package lists of this stage)
ARG VARIANT
FROM debian:12 AS base-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl
# a mount of the lists out of that stage: the clean-up is refused
FROM debian:12 AS other
RUN --mount=type=bind,from=base-slim,source=/var/lib/apt/lists,target=/var/lib/apt/lists \
    apt-get install -y --no-install-recommends git
