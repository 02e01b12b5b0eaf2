# finding: 2:19: apk-no-cache apk add without --no-cache keeps the package index in the layer [safe]
FROM alpine:3.19
RUN apk update && apk add curl
# hadolint ignore=DL3019
RUN apk add git
# ---- output ----
FROM alpine:3.19
RUN apk update && apk add --no-cache curl
# hadolint ignore=DL3019
RUN apk add git
