# golden: --unsafe-fixes --option merge-run-only-gains=false
# finding: 5:1: merge-run 3 consecutive RUN instructions can be one [unsafe]
FROM debian:12
RUN apt-get update \
# a comment line inside the continuation
    && apt-get install -y make
RUN apt-get clean
RUN rm -f /last
# ---- output ----
FROM debian:12
RUN apt-get update \
# a comment line inside the continuation
    && apt-get install -y make && \
    apt-get clean && \
    rm -f /last
