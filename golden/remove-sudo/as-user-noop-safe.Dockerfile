# finding: 4:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
FROM ubuntu:22.04
RUN useradd -m app
# running as another user instead of sudo -u is UNSAFE: without --unsafe-fixes nothing changes
RUN sudo -u app git clone https://example.com/src.git /home/app/src
RUN make -C /home/app/src install
USER app
