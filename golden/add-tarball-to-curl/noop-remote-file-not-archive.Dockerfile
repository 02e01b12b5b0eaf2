# golden: --unsafe-fixes
# findings: none
FROM debian:12
ADD https://example.com/install.sh /tmp/install.sh
RUN sh /tmp/install.sh
