# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER); switch to '2001' [unsafe]
FROM debian:12
RUN groupadd -r -g 2001 svc && useradd -r -u 2001 -g svc svc
COPY svc /usr/bin/svc
CMD ["svc"]
# ---- output ----
FROM debian:12
RUN groupadd -r -g 2001 svc && useradd -r -u 2001 -g svc svc
COPY svc /usr/bin/svc
USER 2001
CMD ["svc"]
