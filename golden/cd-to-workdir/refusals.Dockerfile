# golden: --unsafe-fixes
FROM debian:12
RUN apt-get update && cd /opt && ls
RUN cd $HOME && ls
RUN cd /only
RUN cd /a && make && cd - && ls
RUN --mount=type=cache,target=cache cd /w && make
RUN (cd /x && make)
RUN cd ~ && ls
