# golden: --unsafe-fixes
FROM debian:12
RUN apt-get update && apt-get install -y gosu
COPY docker-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["docker-entrypoint.sh"]
