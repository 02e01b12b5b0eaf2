# findings: none
FROM alpine
LABEL org.opencontainers.image.authors="Jane"
