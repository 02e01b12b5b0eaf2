# golden: --unsafe-fixes
# finding: 4:1: merge-run 3 consecutive RUN instructions can be one [unsafe]
FROM debian:12
RUN apt-get update
# `a >> log || b >> log` joined bare after `&&` would run b when the update failed
RUN apt-get install -y make >> build.log || cat build.log >> errors.log
RUN rm -f build.log
# ---- output ----
FROM debian:12
RUN apt-get update && \
# `a >> log || b >> log` joined bare after `&&` would run b when the update failed
    ( apt-get install -y make >> build.log || cat build.log >> errors.log ) && \
    rm -f build.log
