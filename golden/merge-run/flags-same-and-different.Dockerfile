# golden: --unsafe-fixes --option merge-run-only-gains=false
# finding: 3:1: merge-run 2 consecutive RUN instructions can be one [unsafe]
# finding: 4:1: merge-run consecutive RUN instructions (not fixed: the RUN flags differ (--mount/--network/--security))
# finding: 5:1: merge-run consecutive RUN instructions (not fixed: the RUN flags differ (--mount/--network/--security))
FROM python:3.12
RUN --mount=type=cache,target=/root/.cache pip install a
RUN --mount=type=cache,target=/root/.cache pip install b
RUN pip install c
RUN --network=none make
# ---- output ----
FROM python:3.12
RUN --mount=type=cache,target=/root/.cache pip install a && \
    pip install b
RUN pip install c
RUN --network=none make
