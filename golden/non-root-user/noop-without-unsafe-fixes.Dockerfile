# finding: 1:1: non-root-user the final stage runs as root (no USER); create and switch to '10001:10001' [unsafe]
FROM debian:12
RUN apt-get update
CMD ["/usr/local/bin/app"]
