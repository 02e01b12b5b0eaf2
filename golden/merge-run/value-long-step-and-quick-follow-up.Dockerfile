# golden: --unsafe-fixes
# finding: 3:1: merge-run consecutive RUN instructions (not fixed: the RUN only sets up an account (`useradd`): its own small layer, so that changing the account does not rebuild the steps before it)
# finding: 4:1: merge-run consecutive RUN instructions (not fixed: joining gains nothing: the RUN removes nothing the RUNs before added and left, uses no package index they fetched and restarts none of their services; one layer fewer is no smaller image, and a change to either RUN would rebuild both)
# finding: 5:1: merge-run 3 consecutive RUN instructions can be one [unsafe]
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends make gcc
RUN useradd --create-home app
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl
RUN rm -rf /var/lib/apt/lists/*
# ---- output ----
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends make gcc
RUN useradd --create-home app
RUN apt-get update && \
    apt-get install -y --no-install-recommends curl && \
    rm -rf /var/lib/apt/lists/*
