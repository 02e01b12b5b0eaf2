# golden: --unsafe-fixes
FROM debian:12
RUN curl -fsSL https://example.com/x.tgz | tar xz -C /opt
# dash keeps the braces: one directory named "man{1,8}"; bash would make two
RUN mkdir -p /usr/share/man/man{1,8}
