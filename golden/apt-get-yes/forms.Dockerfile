# finding: 2:5: apt-get-yes `apt-get install` without -y aborts at the confirmation prompt [safe]
# finding: 4:5: apt-get-yes `apt-get upgrade` without -y aborts at the confirmation prompt [safe]
# finding: 5:5: apt-get-yes `apt-get dist-upgrade` without -y aborts at the confirmation prompt [safe]
# finding: 6:19: apt-get-yes `apt-get remove` without -y aborts at the confirmation prompt [safe]
# finding: 8:1: apt-get-yes `apt-get install` without -y aborts at the confirmation prompt [safe]
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
