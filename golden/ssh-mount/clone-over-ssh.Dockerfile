# golden: --unsafe-fixes
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends git openssh-client && rm -rf /var/lib/apt/lists/*
RUN mkdir -p -m 0700 ~/.ssh && ssh-keyscan github.com >> ~/.ssh/known_hosts
# the private library
RUN git clone --depth 1 git@github.com:acme/lib.git /src/lib
RUN pip install --no-cache-dir git+ssh://git@github.com/acme/tools.git
ONBUILD RUN git fetch ssh://git@git.example.com/acme/app.git
# ---- output ----
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends git openssh-client && rm -rf /var/lib/apt/lists/*
RUN mkdir -p -m 0700 ~/.ssh && ssh-keyscan github.com >> ~/.ssh/known_hosts
# the private library
RUN --mount=type=ssh git clone --depth 1 git@github.com:acme/lib.git /src/lib
RUN --mount=type=ssh pip install --no-cache-dir git+ssh://git@github.com/acme/tools.git
ONBUILD RUN --mount=type=ssh git fetch ssh://git@git.example.com/acme/app.git
