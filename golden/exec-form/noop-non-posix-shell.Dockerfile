# golden: --unsafe-fixes
FROM alpine
SHELL ["/usr/bin/fish", "-c"]
CMD app
