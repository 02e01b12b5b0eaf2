FROM debian:12
MAINTAINER Bob <bob@example.com>
LABEL org.opencontainers.image.authors="Platform team <platform@example.com>"
# ---- output ----
FROM debian:12
LABEL org.opencontainers.image.authors="Bob <bob@example.com>"
LABEL org.opencontainers.image.authors="Platform team <platform@example.com>"
