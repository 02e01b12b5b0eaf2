# golden: --unsafe-fixes
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
