# findings: none
FROM alpine:3.19
# apk upgrade needs the index: apk update stays, and so does the cache removal
RUN apk update && apk upgrade && apk add x && rm -rf /var/cache/apk/*
