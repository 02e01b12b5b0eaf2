# finding: 3:42: pip-no-cache-dir pip install keeps its download cache in the image (not fixed: pip's cache is a RUN --mount=type=cache target)
# finding: 5:36: pip-no-cache-dir pip install keeps its download cache in the image (not fixed: pip's cache is a RUN --mount=type=cache target)
FROM python:3.12-slim
# the cache directory named on the command line is a cache mount: --no-cache-dir would defeat it
RUN --mount=type=cache,target=/cache/pip pip install --cache-dir=/cache/pip -r requirements.txt
ENV XDG_CACHE_HOME=/xdg
RUN --mount=type=cache,target=/xdg pip install -r requirements.txt
