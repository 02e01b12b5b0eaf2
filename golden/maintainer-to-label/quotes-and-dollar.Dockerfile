# finding: 2:1: maintainer-to-label MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors [safe]
FROM alpine
maintainer "Bob" $HOME \ <b@x>
# ---- output ----
FROM alpine
label org.opencontainers.image.authors="\"Bob\" \$HOME \\ <b@x>"
