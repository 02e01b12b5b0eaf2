# golden: --unsafe-fixes
# finding: 1:6: base-image FROM ubuntu has no tag (it pulls `latest`): the build changes whenever a new version is pushed (DL3006); on 2026-08-21 the Official Images' ubuntu:latest was ubuntu:26.04 [display-only]
# finding: 2:6: base-image FROM debian:latest uses the `latest` tag: the build changes whenever a new version is pushed (DL3007); on 2026-08-21 the Official Images' debian:latest was debian:13 [display-only]
FROM ubuntu
FROM debian:latest AS base
RUN echo hi
