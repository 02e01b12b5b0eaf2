# golden: --unsafe-fixes
# finding: 4:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
# finding: 12:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
# finding: 16:8: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
# finding: 20:32: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
FROM ubuntu:22.04 AS build
RUN useradd -m app
# sudo -u only: the RUN runs under USER app, no restore (only COPY --from uses this stage)
RUN sudo -u app git clone https://example.com/src.git /home/app/src
LABEL stage=build

FROM ubuntu:22.04
ARG USERNAME=dev
RUN apt-get update && apt-get install -y git && useradd -m "$USERNAME"

# clone as the user, then root again for the rest
RUN sudo -u "${USERNAME}" git clone https://example.com/src.git /home/dev/src
RUN make -C /home/dev/src install
# the sudo -u part first: the RUN is split at the && (comments stay above the new RUN)
RUN export DEBIAN_FRONTEND=noninteractive \
    && sudo -Hu app npm install -g yarn \
    # system packages
    && apt-get install -y curl
# the root part first
RUN apt-get install -y wget && sudo -u app wget -q https://example.com/x -O /home/app/x
COPY --from=build /home/app/src /src
USER 1000
# ---- output ----
FROM ubuntu:22.04 AS build
RUN useradd -m app
USER app
# sudo -u only: the RUN runs under USER app, no restore (only COPY --from uses this stage)
RUN git clone https://example.com/src.git /home/app/src
LABEL stage=build

FROM ubuntu:22.04
ARG USERNAME=dev
RUN apt-get update && apt-get install -y git && useradd -m "$USERNAME"

USER ${USERNAME}
# clone as the user, then root again for the rest
RUN git clone https://example.com/src.git /home/dev/src
USER 0
RUN make -C /home/dev/src install
USER app
# the sudo -u part first: the RUN is split at the && (comments stay above the new RUN)
RUN export DEBIAN_FRONTEND=noninteractive \
    && npm install -g yarn
USER 0
    # system packages
RUN export DEBIAN_FRONTEND=noninteractive && apt-get install -y curl
# the root part first
RUN apt-get install -y wget
USER app
RUN wget -q https://example.com/x -O /home/app/x
USER 0
COPY --from=build /home/app/src /src
USER 1000
