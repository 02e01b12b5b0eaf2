# golden: --unsafe-fixes
FROM debian:12
ADD https://github.com/just-containers/s6-overlay/releases/download/v3.2.0.0/s6-overlay-noarch.tar.xz /tmp
ENTRYPOINT ["/init"]
