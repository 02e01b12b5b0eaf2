# golden: --unsafe-fixes
FROM debian:12
RUN echo a

RUN echo b \
    && echo c
# ---- output ----
FROM debian:12
RUN echo a && \
    echo b \
    && echo c
