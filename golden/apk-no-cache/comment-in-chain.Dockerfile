# finding: 4:8: apk-no-cache apk add without --no-cache keeps the package index in the layer [safe]
FROM alpine:3.19
RUN apk update \
# fetch the index first
    && apk add curl
# ---- output ----
FROM alpine:3.19
RUN apk update \
# fetch the index first
    && apk add --no-cache curl
