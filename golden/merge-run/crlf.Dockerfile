# golden: --unsafe-fixes --option merge-run-only-gains=false
# finding: 4:1: merge-run 2 consecutive RUN instructions can be one [unsafe]
FROM debian:12
RUN echo a

RUN echo b \
    && echo c
# ---- output ----
FROM debian:12
RUN echo a && \
    echo b \
    && echo c
