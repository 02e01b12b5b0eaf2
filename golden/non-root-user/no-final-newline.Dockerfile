# golden: --unsafe-fixes
FROM debian:12
RUN apt-get update && apt-get install -y jq
# ---- output ----
FROM debian:12
RUN apt-get update && apt-get install -y jq
RUN groupadd -r app && useradd --no-log-init -r -g app app
USER app
