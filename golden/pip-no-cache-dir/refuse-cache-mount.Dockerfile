# finding: 3:48: pip-no-cache-dir pip install keeps its download cache in the image (not fixed: pip's cache is a RUN --mount=type=cache target)
# finding: 4:44: pip-no-cache-dir pip install keeps its download cache in the image (not fixed: pip's cache is a RUN --mount=type=cache target)
FROM python:3.12-slim
# the cache is a cache mount: --no-cache-dir would defeat it
RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt
RUN --mount=type=cache,target=/root/.cache pip install flask
