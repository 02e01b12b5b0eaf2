# golden: --unsafe-fixes
# finding: 3:23: apt-no-install-recommends `apt-get install` without --no-install-recommends also installs recommended packages; the fix installs ca-certificates (recommended by wget: TLS downloads (curl, wget, git over https) fail without the CA bundle) by name [unsafe]
FROM debian:bookworm
# ca-certificates comes after the download: too late, so the wget install keeps it by name
RUN apt-get update && apt-get install -y wget \
    && wget -O /tmp/x.tgz https://example.com/x.tgz \
    && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
# ---- output ----
FROM debian:bookworm
# ca-certificates comes after the download: too late, so the wget install keeps it by name
RUN apt-get update && apt-get install --no-install-recommends -y wget ca-certificates \
    && wget -O /tmp/x.tgz https://example.com/x.tgz \
    && apt-get install -y --no-install-recommends ca-certificates && rm -rf /var/lib/apt/lists/*
