# finding: 2:46: apk-no-cache apk add keeps its cache (not fixed: apk's cache is a RUN --mount=type=cache target)
FROM alpine:3.19
RUN --mount=type=cache,target=/var/cache/apk apk add curl
