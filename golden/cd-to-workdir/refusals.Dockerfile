# golden: --unsafe-fixes
FROM debian:12
RUN wget https://e.com/a && export X=1 && cd /opt && make
RUN cd $HOME && ls
RUN cd /only
RUN cd /a && make && cd - && ls
RUN --mount=type=cache,target=cache cd /w && make
RUN (cd /x && make)
RUN cd ~ && ls
