# golden: --unsafe-fixes
# finding: 1:6: base-image FROM myorg/base:1.4: not a Docker Official Image, not from a known verified publisher, and not on your allow-list (DL3026) (not fixed: display only: review the publisher, then add it to `trusted-images` or `allowed-registries` in the config)
# finding: 2:6: base-image FROM ghcr.io/acme/tool:2: not a Docker Official Image, not from a known verified publisher, and not on your allow-list (DL3026) (not fixed: display only: review the publisher, then add it to `trusted-images` or `allowed-registries` in the config)
FROM myorg/base:1.4
FROM ghcr.io/acme/tool:2 AS tool
