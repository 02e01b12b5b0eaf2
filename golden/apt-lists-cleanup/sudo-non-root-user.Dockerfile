# golden: --unsafe-fixes
# finding: 5:1: apt-lists-cleanup apt-get update leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN [unsafe]
FROM ubuntu:22.04
RUN useradd -m app
USER app
# the update runs through sudo: so does the clean-up (a bare rm is denied to app)
RUN sudo apt-get update \
    && sudo apt-get install -y --no-install-recommends git
# a later install through sudo gets `sudo apt-get update` in front
RUN sudo apt-get install -y --no-install-recommends curl
# ---- output ----
FROM ubuntu:22.04
RUN useradd -m app
USER app
# the update runs through sudo: so does the clean-up (a bare rm is denied to app)
RUN sudo apt-get update \
    && sudo apt-get install -y --no-install-recommends git \
    && sudo rm -rf /var/lib/apt/lists/*
# a later install through sudo gets `sudo apt-get update` in front
RUN sudo apt-get update && sudo apt-get install -y --no-install-recommends curl && sudo rm -rf /var/lib/apt/lists/*
