# golden: --unsafe-fixes
# finding: 5:1: ssh-mount git reaches git@github.com:acme/lib.git over SSH: lend the build your SSH agent, not a key; build with: docker build --ssh default ... [unsafe]
# finding: 6:1: ssh-mount pip reaches git+ssh://git@github.com/acme/tools.git over SSH: lend the build your SSH agent, not a key; build with: docker build --ssh default ... [unsafe]
# finding: 7:1: ssh-mount git reaches ssh://git@git.example.com/acme/app.git over SSH: lend the build your SSH agent, not a key; build with: docker build --ssh default ... [unsafe]
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
