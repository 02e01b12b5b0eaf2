# golden: --unsafe-fixes
# finding: 3:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail (not fixed: line 6: a pipe into `head` can kill the writer with SIGPIPE, which fails under pipefail)
FROM debian:12 AS base
SHELL ["/bin/bash", "-c"]
RUN curl -fsSL https://example.com/x.tgz | tar xz -C /opt
# the child inherits base's SHELL: with pipefail, `seq | head` fails (SIGPIPE, 141)
FROM base AS child
RUN seq 1 100000 | head -n 1 > /first
