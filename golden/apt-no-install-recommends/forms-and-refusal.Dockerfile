# golden: --unsafe-fixes
# finding: 4:5: apt-no-install-recommends `apt-get install` without --no-install-recommends also installs recommended packages (not fixed: the command asks for --install-recommends explicitly)
# finding: 5:27: apt-no-install-recommends `apt-get install` without --no-install-recommends also installs recommended packages [unsafe]
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
