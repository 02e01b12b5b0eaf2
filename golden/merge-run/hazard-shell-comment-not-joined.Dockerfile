# golden: --unsafe-fixes --option merge-run-only-gains=false
# finding: 3:1: merge-run consecutive RUN instructions (not fixed: the first RUN: a shell comment in the RUN would comment out the joined commands)
# finding: 4:1: merge-run 2 consecutive RUN instructions can be one [unsafe]
# finding: 5:1: merge-run consecutive RUN instructions (not fixed: a shell comment in the RUN would comment out the joined commands)
FROM debian:12
RUN apt-get update # needed by scripts
RUN apt-get install -y curl
RUN rm -f /one
RUN echo two # trailing
# ---- output ----
FROM debian:12
RUN apt-get update # needed by scripts
RUN apt-get install -y curl && \
    rm -f /one
RUN echo two # trailing
