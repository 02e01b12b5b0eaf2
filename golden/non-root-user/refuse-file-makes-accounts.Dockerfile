# golden: --unsafe-fixes
FROM debian:12
RUN groupadd -g 1500 shared
COPY run.sh /usr/local/bin/
CMD ["run.sh"]
