# golden: --unsafe-fixes --option merge-run-only-gains=false
# finding: 3:1: merge-run 2 consecutive RUN instructions can be one [unsafe]
# finding: 4:1: merge-run consecutive RUN instructions (not fixed: the script ends in ';;' or '&')
# finding: 6:1: merge-run consecutive RUN instructions (not fixed: the first RUN: the script ends in ';;' or '&')
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
