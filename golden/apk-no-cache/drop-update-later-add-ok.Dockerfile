# finding: 2:19: apk-no-cache apk add without --no-cache keeps the package index in the layer [safe]
FROM alpine:3.19
RUN apk update && apk add curl
COPY . /src
RUN apk add --no-cache git && apk del curl
# ---- output ----
FROM alpine:3.19
RUN apk add --no-cache curl
COPY . /src
RUN apk add --no-cache git && apk del curl
