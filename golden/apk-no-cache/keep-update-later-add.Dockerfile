FROM alpine:3.19
RUN apk update && apk add curl
# hadolint ignore=DL3019
RUN apk add git
# ---- output ----
FROM alpine:3.19
RUN apk update && apk add --no-cache curl
# hadolint ignore=DL3019
RUN apk add git
