# golden: --unsafe-fixes
# finding: 4:1: non-root-user the final stage runs as root (no USER); create and switch to '10001:10001' [unsafe]
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
RUN groupadd -r -g 10001 app && useradd --no-log-init -r -m -u 10001 -g app app
USER 10001:10001
CMD ["server"]
