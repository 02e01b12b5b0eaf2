# finding: 2:1: maintainer-to-label MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors [safe]
FROM debian:12
MAINTAINER Bob <bob@example.com>
LABEL org.opencontainers.image.authors="Platform team <platform@example.com>"
# ---- output ----
FROM debian:12
LABEL org.opencontainers.image.authors="Bob <bob@example.com>"
LABEL org.opencontainers.image.authors="Platform team <platform@example.com>"
