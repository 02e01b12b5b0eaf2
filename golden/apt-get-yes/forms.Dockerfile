FROM debian:12
RUN apt-get -o Dpkg::Options::=--force-confold install \
      curl \
 && sudo apt-get upgrade \
 && /usr/bin/apt-get -q dist-upgrade \
 && if true; then apt-get remove foo; fi
RUN <<EOF2
apt-get install wget
EOF2
# ---- output ----
FROM debian:12
RUN apt-get -o Dpkg::Options::=--force-confold install -y \
      curl \
 && sudo apt-get upgrade -y \
 && /usr/bin/apt-get -q dist-upgrade -y \
 && if true; then apt-get remove -y foo; fi
RUN <<EOF2
apt-get install -y wget
EOF2
