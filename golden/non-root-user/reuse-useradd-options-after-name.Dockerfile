# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER); switch to '1001' [unsafe]
FROM debian:12
RUN /usr/sbin/useradd worker -m -s /bin/bash -u 1001
COPY worker /usr/local/bin/
CMD ["worker"]
# ---- output ----
FROM debian:12
RUN /usr/sbin/useradd worker -m -s /bin/bash -u 1001
COPY worker /usr/local/bin/
USER 1001
CMD ["worker"]
