FROM alpine
MAINTAINER Jane
RUN true
# ---- output ----
FROM alpine
LABEL org.opencontainers.image.authors="Jane"
RUN true
