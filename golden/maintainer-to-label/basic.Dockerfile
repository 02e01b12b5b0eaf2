# finding: 2:1: maintainer-to-label MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors [safe]
FROM debian:bookworm
MAINTAINER Jane Doe <jane@example.com>
RUN echo hi
# ---- output ----
FROM debian:bookworm
LABEL org.opencontainers.image.authors="Jane Doe <jane@example.com>"
RUN echo hi
