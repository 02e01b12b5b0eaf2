# finding: 5:1: apk-no-cache apk add without --no-cache keeps the package index in the layer [safe]
# syntax=docker/dockerfile:1
FROM alpine:3.19
RUN <<EOS
set -e
apk add curl
EOS
# ---- output ----
# syntax=docker/dockerfile:1
FROM alpine:3.19
RUN <<EOS
set -e
apk add --no-cache curl
EOS
