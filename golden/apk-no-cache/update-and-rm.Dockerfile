# finding: 2:19: apk-no-cache apk add without --no-cache keeps the package index in the layer [safe]
# finding: 4:8: apk-no-cache apk add without --no-cache keeps the package index in the layer [safe]
FROM alpine:3.19
RUN apk update && apk add curl && rm -rf /var/cache/apk/*
RUN apk update \
    && apk add --virtual .build-deps \
        gcc \
        make \
    && make \
    && apk del .build-deps \
    && rm -rf /var/cache/apk/*
# ---- output ----
FROM alpine:3.19
RUN apk add --no-cache curl
RUN apk add --no-cache --virtual .build-deps \
        gcc \
        make \
    && make \
    && apk del .build-deps
