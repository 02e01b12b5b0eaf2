# golden: --unsafe-fixes --option merge-run-only-gains=false
# finding: 3:1: merge-run 4 consecutive RUN instructions can be one [unsafe]
FROM debian:12
RUN a; b
RUN c
RUN d || e
RUN f; g
# ---- output ----
FROM debian:12
RUN a; b && \
    c && \
    ( d || e ) && \
    ( f; g )
