# golden: --unsafe-fixes --option user-uid=app
FROM debian:12
COPY app /usr/local/bin/app
CMD ["app"]
