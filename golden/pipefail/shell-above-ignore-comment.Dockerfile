# golden: --unsafe-fixes
# finding: 5:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail [unsafe]
FROM debian:12
RUN mkdir -p /opt

# hadolint ignore=DL3008,DL3015
RUN apt-get update && apt-get install -y curl | tee /log
# ---- output ----
FROM debian:12
RUN mkdir -p /opt

SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# hadolint ignore=DL3008,DL3015
RUN apt-get update && apt-get install -y curl | tee /log
SHELL ["/bin/sh", "-c"]
