# golden: --unsafe-fixes
# finding: 7:8: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
# finding: 8:8: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
# finding: 9:50: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
# finding: 10:53: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
# finding: 11:8: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
# finding: 13:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
# finding: 18:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
# finding: 24:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
FROM ubuntu:22.04
RUN useradd -m app
USER app:app
WORKDIR /home/app
# every command that matters runs through sudo: USER root around the RUNs
RUN set -ex \
    && sudo apt-get update \
    && sudo apt-get install -y --no-install-recommends curl \
    && curl -fsSL https://example.com/setup.sh | sudo -E bash - \
    && echo "deb https://example.com stable main" | sudo tee /etc/apt/sources.list.d/x.list \
    && sudo rm -rf /var/lib/apt/lists/*
ENV PREFIX=/usr/local
RUN sudo make -j"$(nproc)" install
RUN ./build.sh
CMD ["bash"]

FROM circleci/node:20.1
RUN sudo npm install -g yarn

FROM debian:bookworm AS base
ARG APP_USER=worker
RUN useradd -m "$APP_USER"
USER ${APP_USER}
RUN sudo mkdir -p /opt/data
# ---- output ----
FROM ubuntu:22.04
RUN useradd -m app
USER app:app
WORKDIR /home/app
USER 0
# every command that matters runs through sudo: USER root around the RUNs
RUN set -ex \
    && apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && curl -fsSL https://example.com/setup.sh | bash - \
    && echo "deb https://example.com stable main" | tee /etc/apt/sources.list.d/x.list \
    && rm -rf /var/lib/apt/lists/*
ENV PREFIX=/usr/local
RUN make -j"$(nproc)" install
USER app:app
RUN ./build.sh
CMD ["bash"]

FROM circleci/node:20.1
USER 0
RUN npm install -g yarn
USER 3434

FROM debian:bookworm AS base
ARG APP_USER=worker
RUN useradd -m "$APP_USER"
RUN mkdir -p /opt/data
USER ${APP_USER}
