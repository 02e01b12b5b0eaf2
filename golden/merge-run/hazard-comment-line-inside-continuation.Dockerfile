# golden: --unsafe-fixes
FROM debian:12
RUN apt-get update \
# a comment line inside the continuation
    && apt-get install -y make
RUN make --version
RUN echo last
# ---- output ----
FROM debian:12
RUN apt-get update \
# a comment line inside the continuation
    && apt-get install -y make && \
    make --version && \
    echo last
