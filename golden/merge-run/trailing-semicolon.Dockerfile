# golden: --unsafe-fixes --option merge-run-only-gains=false
# finding: 3:1: merge-run 4 consecutive RUN instructions can be one [unsafe]
FROM debian:12
RUN touch /a; chmod 600 /a;
RUN echo a ;
RUN cd /x;
RUN echo last;
# ---- output ----
FROM debian:12
RUN touch /a; chmod 600 /a && \
    echo a && \
    ( cd /x; ) && \
    echo last;
