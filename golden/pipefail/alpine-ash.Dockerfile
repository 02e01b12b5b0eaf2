# golden: --unsafe-fixes
# finding: 2:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail [unsafe]
FROM alpine:3.19
RUN wget -qO- https://example.com/x.tgz | tar xz
# ---- output ----
FROM alpine:3.19
SHELL ["/bin/ash", "-o", "pipefail", "-c"]
RUN wget -qO- https://example.com/x.tgz | tar xz
SHELL ["/bin/sh", "-c"]
