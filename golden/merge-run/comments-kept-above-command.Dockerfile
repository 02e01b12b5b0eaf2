# golden: --unsafe-fixes --option merge-run-only-gains=false
# finding: 4:1: merge-run 3 consecutive RUN instructions can be one [unsafe]
FROM debian:12
RUN apt-get update
# tools we need
RUN apt-get install -y curl \
    && rm -rf /var/lib/apt/lists/*

RUN rm -f /done
# ---- output ----
FROM debian:12
RUN apt-get update && \
# tools we need
    apt-get install -y curl \
    && rm -rf /var/lib/apt/lists/* && \
    rm -f /done
