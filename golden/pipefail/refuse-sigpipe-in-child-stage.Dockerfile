# golden: --unsafe-fixes
FROM debian:12 AS base
SHELL ["/bin/bash", "-c"]
RUN curl -fsSL https://example.com/x.tgz | tar xz -C /opt
# the child inherits base's SHELL: with pipefail, `seq | head` fails (SIGPIPE, 141)
FROM base AS child
RUN seq 1 100000 | head -n 1 > /first
