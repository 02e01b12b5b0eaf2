# golden: --unsafe-fixes
FROM debian:12
ADD https://example.com/install.sh /tmp/install.sh
RUN sh /tmp/install.sh
