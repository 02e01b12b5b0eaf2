# finding: 1:6: base-image FROM registry.example.com/acme/app:latest uses the `latest` tag: the build changes whenever a new version is pushed (DL3007) (not fixed: needs the registry: run with --pin to replace it by the version tag that serves the same image)
# finding: 1:6: base-image FROM registry.example.com/acme/app:latest: not a Docker Official Image, not from a known verified publisher, and not on your allow-list (DL3026) (not fixed: display only: review the publisher, then add it to `trusted-images` or `allowed-registries` in the config)
# finding: 2:6: base-image FROM ghcr.io/acme/tool has no tag (it pulls `latest`): the build changes whenever a new version is pushed (DL3006) (not fixed: needs the registry: run with --pin to replace it by the version tag that serves the same image)
# finding: 2:6: base-image FROM ghcr.io/acme/tool: not a Docker Official Image, not from a known verified publisher, and not on your allow-list (DL3026) (not fixed: display only: review the publisher, then add it to `trusted-images` or `allowed-registries` in the config)
FROM registry.example.com/acme/app:latest AS app
FROM ghcr.io/acme/tool AS tool
