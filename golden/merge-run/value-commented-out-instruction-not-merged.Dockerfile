# golden: --unsafe-fixes
# finding: 5:1: merge-run consecutive RUN instructions (not fixed: a commented-out `RUN` instruction sits before the RUN: joined into the continuation, uncommenting it would turn it into a shell command)
FROM debian:12
RUN mkdir -p /srv/app
# Uncomment to enable debugging:
# RUN touch /srv/app/debug
RUN chmod 755 /srv/app
