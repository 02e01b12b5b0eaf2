# golden: --unsafe-fixes
# finding: 2:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail [unsafe]
FROM alpine:3.20
RUN echo -n "building " \
 && wget -qO- https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin
# ---- output ----
FROM alpine:3.20
SHELL ["/bin/ash", "-o", "pipefail", "-c"]
RUN echo -n "building " \
 && wget -qO- https://example.com/tool.tar.gz | tar -xz -C /usr/local/bin
SHELL ["/bin/sh", "-c"]
