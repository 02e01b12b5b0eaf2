FROM python:3.12-slim
# the cache is a cache mount: --no-cache-dir would defeat it
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
RUN --mount=type=cache,target=/root/.cache pip install flask
