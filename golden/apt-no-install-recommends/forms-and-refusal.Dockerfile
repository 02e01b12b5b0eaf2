# golden: --unsafe-fixes
FROM debian:12
RUN apt-get install -y --no-install-recommends a \
 && apt-get -o APT::Install-Recommends=false install -y b \
 && apt-get install -y --install-recommends c \
 && apt-get upgrade -y && apt-get install -y sudo
# ---- output ----
FROM debian:12
RUN apt-get install -y --no-install-recommends a \
 && apt-get -o APT::Install-Recommends=false install -y b \
 && apt-get install -y --install-recommends c \
 && apt-get upgrade -y && apt-get install --no-install-recommends -y sudo
