# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER) (not fixed: the file creates users or groups itself (useradd/adduser/groupadd) in a way this fix cannot read; add USER for that account by hand)
FROM alpine:3.20
RUN addgroup -S dockremap && adduser -S -G dockremap dockremap \
    && echo 'dockremap:165536:65536' >> /etc/subuid
CMD ["/usr/local/bin/app"]
