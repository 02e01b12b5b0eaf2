# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER) (not fixed: the account the file creates (admin) has uid 0, which is root)
FROM debian:12
RUN useradd -o -u 0 -g 0 admin
COPY tool /usr/bin/tool
CMD ["tool"]
