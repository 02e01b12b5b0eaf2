# golden: --unsafe-fixes
# finding: 6:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail [unsafe]
FROM public.ecr.aws/amazonlinux/amazonlinux:2023 AS core
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/a.tgz | tar -xz -C /opt
FROM core AS tools
# hadolint reads each stage on its own: the SHELL is said again, as it is
RUN curl -fsSL https://example.com/b.tgz | tar -xz -C /opt
FROM core AS plain
RUN echo no pipe here
# ---- output ----
FROM public.ecr.aws/amazonlinux/amazonlinux:2023 AS core
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/a.tgz | tar -xz -C /opt
FROM core AS tools
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# hadolint reads each stage on its own: the SHELL is said again, as it is
RUN curl -fsSL https://example.com/b.tgz | tar -xz -C /opt
FROM core AS plain
RUN echo no pipe here
