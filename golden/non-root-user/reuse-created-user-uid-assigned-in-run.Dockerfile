# golden: --unsafe-fixes --option user-by-name=true
# finding: 2:1: non-root-user the final stage runs as root (no USER); switch to 'svc' [unsafe]
# the RUN sets SVC_UID itself: the ENV value is not the uid, so the name is kept
FROM debian:12
ENV SVC_UID=3000
RUN SVC_UID=$(getent passwd 1000 >/dev/null && echo 3001 || echo 1000) && useradd -u "$SVC_UID" svc
CMD ["svc"]
# ---- output ----
# the RUN sets SVC_UID itself: the ENV value is not the uid, so the name is kept
FROM debian:12
ENV SVC_UID=3000
RUN SVC_UID=$(getent passwd 1000 >/dev/null && echo 3001 || echo 1000) && useradd -u "$SVC_UID" svc
USER svc
CMD ["svc"]
