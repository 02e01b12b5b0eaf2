# finding: 2:19: apk-no-cache apk add without --no-cache keeps the package index in the layer [safe]
FROM alpine:3.19
RUN apk update && apk add x
# this RUN relies on the index left by apk update: it must stay
RUN apk search -v x
# ---- output ----
FROM alpine:3.19
RUN apk update && apk add --no-cache x
# this RUN relies on the index left by apk update: it must stay
RUN apk search -v x
