# golden: --unsafe-fixes
FROM debian:12
RUN apt-get update # needed by scripts
RUN apt-get install -y curl
RUN echo one
RUN echo two # trailing
# ---- output ----
FROM debian:12
RUN apt-get update # needed by scripts
RUN apt-get install -y curl && \
    echo one
RUN echo two # trailing
