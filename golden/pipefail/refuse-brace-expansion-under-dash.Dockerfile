# golden: --unsafe-fixes
# finding: 2:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail (not fixed: line 4: `/usr/share/man/man{1,8}`: bash expands the braces, dash keeps them as written)
FROM debian:12
RUN curl -fsSL https://example.com/x.tgz | tar xz -C /opt
# dash keeps the braces: one directory named "man{1,8}"; bash would make two
RUN mkdir -p /usr/share/man/man{1,8}
