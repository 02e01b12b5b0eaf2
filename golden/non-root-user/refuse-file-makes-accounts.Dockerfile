# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER) (not fixed: the file creates users or groups itself (useradd/adduser/groupadd) in a way this fix cannot read; add USER for that account by hand)
FROM debian:12
RUN groupadd -g 1500 shared
COPY worker /usr/local/bin/
CMD ["worker"]
