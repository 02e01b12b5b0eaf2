FROM alpine:3.19
RUN apk add curl
RUN apk --update add git
# ---- output ----
FROM alpine:3.19
RUN apk add --no-cache curl
RUN apk --update add --no-cache git
