# golden: --unsafe-fixes
# finding: 2:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail [unsafe]
FROM registry.access.redhat.com/ubi8/ubi-minimal:8.9
RUN curl -fsSL https://example.com/x.tgz | tar xz && echo "a\nb" > /etc/motd
# ---- output ----
FROM registry.access.redhat.com/ubi8/ubi-minimal:8.9
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/x.tgz | tar xz && echo "a\nb" > /etc/motd
SHELL ["/bin/sh", "-c"]
