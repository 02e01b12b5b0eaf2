# golden: --unsafe-fixes
# finding: 2:23: apt-no-install-recommends `apt-get install` without --no-install-recommends also installs recommended packages; the fix installs ca-certificates (recommended by curl: TLS downloads (curl, wget, git over https) fail without the CA bundle) by name [unsafe]
FROM debian:12
RUN apt-get update && apt-get install -y curl
# ---- output ----
FROM debian:12
RUN apt-get update && apt-get install --no-install-recommends -y curl ca-certificates
