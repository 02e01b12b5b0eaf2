# golden: --unsafe-fixes
# findings: none
FROM debian:12
RUN echo "deb http://deb.debian.org/debian bookworm main" | tee /etc/apt/sources.list.d/extra.list
RUN yes | ./configure --prefix=/usr/local
RUN printf 'a\nb\n' | sort > /sorted
