# golden: --unsafe-fixes --option merge-run-only-gains=false
# finding: 6:1: merge-run consecutive RUN instructions (not fixed: the RUN before runs under set -e and has several commands in a row; joined, it would sit left of `&&`, where the shell ignores set -e: a failing command there would no longer fail the build)
# finding: 7:1: merge-run 3 consecutive RUN instructions can be one [unsafe]
FROM debian:12
RUN set -eux; \
    apt-get update; \
    apt-get install -y curl; \
    rm -rf /var/lib/apt/lists/*
RUN rm -f /done
RUN set -x; a; b
RUN c
# ---- output ----
FROM debian:12
RUN set -eux; \
    apt-get update; \
    apt-get install -y curl; \
    rm -rf /var/lib/apt/lists/*
RUN rm -f /done && \
    ( set -x; a; b ) && \
    c
