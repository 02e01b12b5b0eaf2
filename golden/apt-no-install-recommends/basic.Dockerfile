# golden: --unsafe-fixes
# finding: 2:23: apt-no-install-recommends `apt-get install` without --no-install-recommends also installs recommended packages [unsafe]
FROM debian:12
RUN apt-get update && apt-get install -y curl
# ---- output ----
FROM debian:12
RUN apt-get update && apt-get install --no-install-recommends -y curl ca-certificates
