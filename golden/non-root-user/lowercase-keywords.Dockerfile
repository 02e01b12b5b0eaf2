# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER); create and switch to '10001:10001' [unsafe]
from alpine:3.20
run apk add --no-cache curl
cmd ["curl", "--version"]
# ---- output ----
from alpine:3.20
run apk add --no-cache curl
run addgroup -S -g 10001 app && adduser -S -u 10001 -G app app
user 10001:10001
cmd ["curl", "--version"]
