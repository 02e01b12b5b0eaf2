# golden: --unsafe-fixes
FROM debian:12
RUN set -x && apt-get update
RUN echo z
RUN \
    apt-get install -y x &
RUN echo y
# ---- output ----
FROM debian:12
RUN set -x && apt-get update && \
    echo z
RUN \
    apt-get install -y x &
RUN echo y
