# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER); create and switch to '10001:10001' [unsafe]
FROM debian:12
RUN apt-get update
CMD ["/usr/local/bin/app"]
# ---- output ----
FROM debian:12
RUN apt-get update
RUN groupadd -r -g 10001 app && useradd --no-log-init -r -m -u 10001 -g app app
USER 10001:10001
CMD ["/usr/local/bin/app"]
