# golden: --unsafe-fixes
FROM registry.access.redhat.com/ubi8/ubi-minimal:8.9
RUN curl -fsSL https://example.com/x.tgz | tar xz && echo "a\nb" > /etc/motd
# ---- output ----
FROM registry.access.redhat.com/ubi8/ubi-minimal:8.9
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/x.tgz | tar xz && echo "a\nb" > /etc/motd
