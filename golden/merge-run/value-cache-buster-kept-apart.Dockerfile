# golden: --unsafe-fixes
# finding: 4:1: merge-run consecutive RUN instructions (not fixed: a RUN that uses `$CACHEBUST` is a cache boundary kept apart on purpose)
FROM debian:12
ARG CACHEBUST=1
RUN echo "cache bust: $CACHEBUST"
RUN mkdir -p /srv && touch /srv/ready
