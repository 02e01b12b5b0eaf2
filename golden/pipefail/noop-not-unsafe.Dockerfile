# finding: 2:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail [unsafe]
FROM debian:12
RUN curl -fsSL https://example.com/x.tgz | tar xz
