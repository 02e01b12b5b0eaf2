# golden: --unsafe-fixes
FROM mycompany/base-image:2.1
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY tool /usr/local/bin/tool
CMD ["tool"]
# ---- output ----
FROM mycompany/base-image:2.1
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY tool /usr/local/bin/tool
RUN groupadd -r app && useradd --no-log-init -r -g app app
USER app
CMD ["tool"]
