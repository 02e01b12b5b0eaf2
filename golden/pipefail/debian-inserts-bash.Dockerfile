# golden: --unsafe-fixes
FROM debian:12
RUN echo start
# fetch and unpack
RUN curl -fsSL https://example.com/x.tgz | tar xz
RUN cat /etc/os-release | grep ID
# ---- output ----
FROM debian:12
RUN echo start
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# fetch and unpack
RUN curl -fsSL https://example.com/x.tgz | tar xz
RUN cat /etc/os-release | grep ID
