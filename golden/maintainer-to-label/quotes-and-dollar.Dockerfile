FROM alpine
maintainer "Bob" $HOME \ <b@x>
# ---- output ----
FROM alpine
label org.opencontainers.image.authors="\"Bob\" \$HOME \\ <b@x>"
