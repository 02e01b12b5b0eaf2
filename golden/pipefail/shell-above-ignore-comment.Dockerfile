# golden: --unsafe-fixes
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
