# golden: --unsafe-fixes --select remove-sudo,non-root-user
# finding: 1:1: non-root-user the final stage runs as root (no USER); switch to '1001' [unsafe]
# finding: 3:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: USER 0 (root) written after the sudo -u part would be the last USER of the stage (hadolint DL3002): add a USER for the image first)
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y git && useradd -u 1001 -m app
RUN sudo -u app git clone https://example.com/src.git /home/app/src
RUN make -C /home/app/src install
CMD ["/home/app/src/bin/server"]
# ---- output ----
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y git && useradd -u 1001 -m app
USER 1001
RUN git clone https://example.com/src.git /home/app/src
USER 0
RUN make -C /home/app/src install
USER 1001
CMD ["/home/app/src/bin/server"]
