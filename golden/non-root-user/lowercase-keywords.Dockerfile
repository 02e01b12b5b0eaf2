# golden: --unsafe-fixes
from alpine:3.20
run apk add --no-cache curl
cmd ["curl", "--version"]
# ---- output ----
from alpine:3.20
run apk add --no-cache curl
run addgroup -S app && adduser -S -G app app
user app
cmd ["curl", "--version"]
