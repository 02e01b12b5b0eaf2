# golden: --unsafe-fixes
# finding: 2:1: non-root-user the final stage runs as root (no USER) (not fixed: the account the file creates (svc) gets its uid when the image is built: USER svc would be a name (hadolint DL3066; Kubernetes runAsNonRoot cannot check it). Give it a fixed uid (useradd -u N) or use --option user-by-name=true)
# the uid of svc is chosen when the image is built: USER svc would be a name (DL3066)
FROM debian:12
RUN groupadd -r svc && useradd -r -g svc svc
COPY svc /usr/bin/svc
CMD ["svc"]
