# golden: --unsafe-fixes --select apt-no-install-recommends,apt-get-yes
FROM ubuntu:22.04
RUN apt-get update && apt-get install \
      ca-certificates
# ---- output ----
FROM ubuntu:22.04
RUN apt-get update && apt-get install --no-install-recommends -y \
      ca-certificates
