# finding: 2:17: apk-no-cache apk add without --no-cache keeps the package index in the layer [safe]
FROM alpine:3.20
RUN apk update; apk add curl
RUN ln -sf /dev/stdout /var/log/app.log && touch /var/log/app.err && chmod 644 /var/log/app.err
# ---- output ----
FROM alpine:3.20
RUN apk add --no-cache curl
RUN ln -sf /dev/stdout /var/log/app.log && touch /var/log/app.err && chmod 644 /var/log/app.err
