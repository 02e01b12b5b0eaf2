# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER) (not fixed: the entrypoint is /init (s6-overlay), which manages users itself)
FROM debian:12
ADD https://github.com/just-containers/s6-overlay/releases/download/v3.2.0.0/s6-overlay-noarch.tar.xz /tmp
ENTRYPOINT ["/init"]
