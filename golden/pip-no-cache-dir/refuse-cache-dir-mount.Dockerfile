FROM python:3.12-slim
# the cache directory named on the command line is a cache mount: --no-cache-dir would defeat it
RUN --mount=type=cache,target=/cache/pip pip install --cache-dir=/cache/pip -r requirements.txt
ENV XDG_CACHE_HOME=/xdg
RUN --mount=type=cache,target=/xdg pip install -r requirements.txt
