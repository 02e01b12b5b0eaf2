# golden: --unsafe-fixes
# finding: 4:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail [unsafe]
# finding: 5:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail [unsafe]
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
SHELL ["/bin/sh", "-c"]
