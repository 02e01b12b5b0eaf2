# golden: --unsafe-fixes --option user-uid=app
# finding: 1:1: non-root-user the final stage runs as root (no USER) (not fixed: option user-uid='app' is not a user/group id (a number from 1 to 2147483647))
FROM debian:12
COPY app /usr/local/bin/app
CMD ["app"]
