# golden: --unsafe-fixes
FROM ubuntu:22.04
SHELL ["/bin/bash", "-c"]
RUN curl -fsSL https://example.com/x.sh | bash
# ---- output ----
FROM ubuntu:22.04
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/x.sh | bash
