# findings: none
FROM alpine:3.19
RUN apk add --no-cache curl
RUN apk --no-cache add git && apk del git
RUN ["apk", "add", "curl"]
