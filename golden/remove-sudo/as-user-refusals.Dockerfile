# golden: --unsafe-fixes
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
