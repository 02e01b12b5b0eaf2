# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER) (not fixed: the image installs gosu to drop privileges in its entrypoint)
FROM debian:12
RUN apt-get update && apt-get install -y gosu
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
