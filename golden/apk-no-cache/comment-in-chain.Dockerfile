FROM alpine:3.19
RUN apk update \
# fetch the index first
    && apk add curl
# ---- output ----
FROM alpine:3.19
RUN apk update \
# fetch the index first
    && apk add --no-cache curl
