# golden: --unsafe-fixes
# finding: 4:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: USER 0 (root) written after the sudo -u part would be the last USER of the stage (hadolint DL3002): add a USER for the image first)
# finding: 10:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: sudo -i runs a login or user shell (its HOME as working directory, the login environment): USER cannot reproduce it)
# finding: 12:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: sudo option -g is not modelled with -u)
# finding: 13:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: sudo -u app and sudo -u bob in one RUN)
# finding: 13:25: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: sudo -u app and sudo -u bob in one RUN)
# finding: 14:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: sudo -u another user and sudo to root in one RUN)
# finding: 14:25: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: sudo option -s is not modelled (it may change user or environment))
# finding: 16:23: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: commands that need root run before and after the sudo -u commands)
# finding: 17:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: `apt-get` runs without sudo in the same `&&` part as sudo -u app: as app it could not write where root does, or behave differently)
# finding: 19:16: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: `cd /src` changes the shell state the rest of the RUN uses)
# finding: 21:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: a redirect writes a file in the same `&&` part as sudo -u app: as app it could not write where root does, or behave differently)
# finding: 24:14: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: $U is not an ARG or ENV with a value before the RUN)
# finding: 25:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: $BUILDER is not an ARG or ENV with a value before the RUN)
# finding: 31:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: an ENV sets HOME: sudo -u app gives the command app's home, USER app would keep the ENV value)
# finding: 36:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: base image example.com/custom:1 is not known to run as root and no step of the stage proves it: the file's sudo suggests its user is another one (add `USER root` before the RUN if the build is meant to run as root))
FROM ubuntu:22.04
RUN useradd -m app
# USER 0 written back after the RUN would be the last USER of the stage (hadolint DL3002): refused
RUN sudo -u app git clone https://example.com/src.git /home/app/src
RUN make -C /home/app/src install
CMD ["bash"]

FROM ubuntu:22.04 AS two
# a login shell (-i) starts in the user's home with a login environment: refused
RUN sudo -iu app git clone https://example.com/src.git
# another group, two users, sudo to root beside sudo -u: refused
RUN sudo -u app -g staff make
RUN sudo -u app make && sudo -u bob make install
RUN sudo -u app make && sudo -s make install
# root commands on both sides, or in the same && part: refused
RUN apt-get update && sudo -u app make && apt-get install -y git
RUN sudo -u app make || apt-get install -y git
# the first part changes the shell state the second part uses: refused
RUN cd /src && sudo -u app make && make install
# a redirect written by the root shell: refused
RUN sudo -u app make > /var/log/build.log && apt-get install -y git
# the user is a variable the RUN itself sets, or no ARG gives it a value: refused
ARG BUILDER
RUN U=app && sudo -u "$U" make
RUN sudo -u "$BUILDER" make
USER app

FROM ubuntu:22.04 AS three
ENV HOME=/root
# an ENV sets HOME: sudo -u gives the command the user's home, USER would not: refused
RUN sudo -u app make
USER app

FROM example.com/custom:1
# the image is not known to run as root and nothing proves it: refused
RUN sudo -u app make
USER app
