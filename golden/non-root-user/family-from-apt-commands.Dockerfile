# golden: --unsafe-fixes
# finding: 2:1: non-root-user the final stage runs as root (no USER); create and switch to '10001:10001' [unsafe]
ARG BASE
FROM ${BASE}
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY tool /usr/local/bin/tool
CMD ["tool"]
# ---- output ----
ARG BASE
FROM ${BASE}
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY tool /usr/local/bin/tool
RUN groupadd -r -g 10001 app && useradd --no-log-init -r -m -u 10001 -g app app
USER 10001:10001
CMD ["tool"]
