# golden: --unsafe-fixes --select apt-no-install-recommends,apt-get-yes
# finding: 2:23: apt-get-yes `apt-get install` without -y aborts at the confirmation prompt [safe]
# finding: 2:23: apt-no-install-recommends `apt-get install` without --no-install-recommends also installs recommended packages [unsafe]
FROM ubuntu:22.04
RUN apt-get update && apt-get install \
      ca-certificates
# ---- output ----
FROM ubuntu:22.04
RUN apt-get update && apt-get install --no-install-recommends -y \
      ca-certificates
