# golden: --unsafe-fixes
FROM ubuntu:22.04
RUN apt update && apt upgrade -y && apt install -y ./local.deb
# ---- output ----
FROM ubuntu:22.04
RUN apt-get update && apt-get upgrade --with-new-pkgs -y && apt-get install -y ./local.deb
