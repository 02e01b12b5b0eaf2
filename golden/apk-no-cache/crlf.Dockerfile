# finding: 3:5: apk-no-cache apk add without --no-cache keeps the package index in the layer [safe]
FROM alpine:3.19
RUN apk update && \
    apk add curl && \
    rm -rf /var/cache/apk/*
# ---- output ----
FROM alpine:3.19
RUN apk add --no-cache curl
