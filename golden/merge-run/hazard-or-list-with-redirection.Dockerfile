# golden: --unsafe-fixes
# finding: 4:1: merge-run 3 consecutive RUN instructions can be one [unsafe]
FROM debian:12
RUN ./configure
# `a >> log || b >> log` joined bare after `&&` would run b when configure failed
RUN make >> build.log || cat build.log >> errors.log
RUN make install
# ---- output ----
FROM debian:12
RUN ./configure && \
# `a >> log || b >> log` joined bare after `&&` would run b when configure failed
    ( make >> build.log || cat build.log >> errors.log ) && \
    make install
