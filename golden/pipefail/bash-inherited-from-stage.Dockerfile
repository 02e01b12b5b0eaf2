# golden: --unsafe-fixes
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
