# golden: --unsafe-fixes
FROM public.ecr.aws/ubuntu/ubuntu:22.04
  RUN curl -fsSL https://example.com/x.tgz | tar xz
# ---- output ----
FROM public.ecr.aws/ubuntu/ubuntu:22.04
  SHELL ["/bin/bash", "-o", "pipefail", "-c"]
  RUN curl -fsSL https://example.com/x.tgz | tar xz
