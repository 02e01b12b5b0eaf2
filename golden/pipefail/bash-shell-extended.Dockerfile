# golden: --unsafe-fixes
# finding: 3:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail [unsafe]
FROM ubuntu:22.04
SHELL ["/bin/bash", "-c"]
RUN curl -fsSL https://example.com/x.sh | bash
# ---- output ----
FROM ubuntu:22.04
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/x.sh | bash
