# golden: --unsafe-fixes
# finding: 2:3: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail [unsafe]
FROM public.ecr.aws/ubuntu/ubuntu:22.04
  RUN curl -fsSL https://example.com/x.tgz | tar xz
# ---- output ----
FROM public.ecr.aws/ubuntu/ubuntu:22.04
  SHELL ["/bin/bash", "-o", "pipefail", "-c"]
  RUN curl -fsSL https://example.com/x.tgz | tar xz
  SHELL ["/bin/sh", "-c"]
