# finding: 2:5: apk-no-cache apk add without --no-cache keeps the package index in the layer [safe]
# finding: 3:5: apk-no-cache apk add without --no-cache keeps the package index in the layer [safe]
FROM alpine:3.19
RUN apk add curl
RUN apk --update add git
# ---- output ----
FROM alpine:3.19
RUN apk add --no-cache curl
RUN apk --update add --no-cache git
