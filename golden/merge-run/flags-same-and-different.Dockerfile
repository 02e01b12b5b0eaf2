# golden: --unsafe-fixes
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
