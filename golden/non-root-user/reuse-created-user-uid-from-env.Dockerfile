# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER); switch to '3000' [unsafe]
FROM debian:12
ENV SVC_UID="3000" \
    SVC_HOME=/srv/svc
RUN useradd -u "$SVC_UID" -d "$SVC_HOME" -m svc
COPY svc /usr/bin/svc
CMD ["svc"]
# ---- output ----
FROM debian:12
ENV SVC_UID="3000" \
    SVC_HOME=/srv/svc
RUN useradd -u "$SVC_UID" -d "$SVC_HOME" -m svc
COPY svc /usr/bin/svc
USER 3000
CMD ["svc"]
