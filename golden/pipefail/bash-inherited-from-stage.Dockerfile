# golden: --unsafe-fixes
# finding: 5:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail [unsafe]
# finding: 8:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail (not fixed: the RUN shell is /bin/zsh, not one whose pipefail support is known)
FROM ubuntu:22.04 AS base
SHELL ["/bin/bash", "-c"]
RUN echo ready
FROM base
RUN curl -fsSL https://example.com/x.tgz | tar xz
FROM base AS other
SHELL ["/bin/zsh", "-c"]
RUN a | b
# ---- output ----
FROM ubuntu:22.04 AS base
SHELL ["/bin/bash", "-c"]
RUN echo ready
FROM base
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/x.tgz | tar xz
FROM base AS other
SHELL ["/bin/zsh", "-c"]
RUN a | b
