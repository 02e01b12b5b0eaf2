# finding: 3:34: apk-no-cache apk add without --no-cache keeps the package index in the layer [safe]
FROM alpine:3.19
# apk upgrade needs the index: apk update stays, and so does the cache removal
RUN apk update && apk upgrade && apk add x && rm -rf /var/cache/apk/*
# ---- output ----
FROM alpine:3.19
# apk upgrade needs the index: apk update stays, and so does the cache removal
RUN apk update && apk upgrade && apk add --no-cache x && rm -rf /var/cache/apk/*
