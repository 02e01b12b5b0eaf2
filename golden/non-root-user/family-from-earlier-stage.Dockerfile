# golden: --unsafe-fixes
FROM debian:bookworm-slim AS base
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates

FROM base
COPY bin/server /usr/local/bin/server
CMD ["server"]
# ---- output ----
FROM debian:bookworm-slim AS base
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates

FROM base
COPY bin/server /usr/local/bin/server
RUN groupadd -r app && useradd --no-log-init -r -g app app
USER app
CMD ["server"]
