# golden: --unsafe-fixes
# finding: 1:6: base-image FROM ubuntu has no tag (it pulls `latest`): the build changes whenever a new version is pushed (DL3006) (not fixed: needs the registry: run with --pin to replace it by the version tag that serves the same image)
# finding: 2:6: base-image FROM debian:latest uses the `latest` tag: the build changes whenever a new version is pushed (DL3007) (not fixed: needs the registry: run with --pin to replace it by the version tag that serves the same image)
FROM ubuntu
FROM debian:latest AS base
RUN echo hi
