# golden: --unsafe-fixes
FROM myorg/base:1.4
FROM ghcr.io/acme/tool:2 AS tool
