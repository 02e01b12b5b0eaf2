# golden: --unsafe-fixes
FROM debian:12
RUN apt-get update && apt-get install -y curl
# ---- output ----
FROM debian:12
RUN apt-get update && apt-get install --no-install-recommends -y curl
