# golden: --unsafe-fixes --option trusted-images=myorg/* --option allowed-registries=ghcr.io
# findings: none
FROM myorg/base:1.4
FROM ghcr.io/acme/tool:2 AS tool
