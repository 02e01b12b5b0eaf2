# finding: 2:1: maintainer-to-label MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors [safe]
FROM alpine
MAINTAINER Jane
RUN true
# ---- output ----
FROM alpine
LABEL org.opencontainers.image.authors="Jane"
RUN true
