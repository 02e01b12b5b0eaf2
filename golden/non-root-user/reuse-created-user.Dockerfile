# golden: --unsafe-fixes --option user-by-name=true
# finding: 1:1: non-root-user the final stage runs as root (no USER); switch to 'svc' [unsafe]
FROM debian:12
RUN groupadd -r svc && useradd -r -g svc svc
COPY svc /usr/bin/svc
CMD ["svc"]
# ---- output ----
FROM debian:12
RUN groupadd -r svc && useradd -r -g svc svc
COPY svc /usr/bin/svc
USER svc
CMD ["svc"]
