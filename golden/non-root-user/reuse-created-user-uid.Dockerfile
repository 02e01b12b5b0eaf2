# golden: --unsafe-fixes
# finding: 2:1: non-root-user the final stage runs as root (no USER); switch to '1500' [unsafe]
# the file's own account has a literal uid: USER gets the number (its passwd entry gives the groups)
FROM debian:12
RUN useradd --create-home --uid 1500 -G audio worker
COPY worker /usr/bin/worker
CMD ["worker"]
# ---- output ----
# the file's own account has a literal uid: USER gets the number (its passwd entry gives the groups)
FROM debian:12
RUN useradd --create-home --uid 1500 -G audio worker
COPY worker /usr/bin/worker
USER 1500
CMD ["worker"]
