# golden: --unsafe-fixes
FROM debian:12 AS base
LABEL org.opencontainers.image.authors="Platform team <platform@example.com>"
FROM base
# converted, this would replace the authors label the stage inherits
MAINTAINER Bob <bob@example.com>
