# golden: --unsafe-fixes
# finding: 2:1: non-root-user the final stage runs as root (no USER) (not fixed: the command runs dockerd-entrypoint.sh, which needs root)
# docker-in-docker: dockerd needs root; dockremap is only the user-namespace remapping range
FROM debian:12
RUN groupadd dockremap && useradd -g dockremap dockremap \
    && echo 'dockremap:165536:65536' >> /etc/subuid \
    && echo 'dockremap:165536:65536' >> /etc/subgid
COPY dockerd-entrypoint.sh /usr/local/bin/
ENTRYPOINT ["dockerd-entrypoint.sh"]
