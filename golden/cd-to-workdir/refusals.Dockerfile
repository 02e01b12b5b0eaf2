# golden: --unsafe-fixes
# finding: 2:1: cd-to-workdir use WORKDIR instead of cd (not fixed: splitting the RUN at cd would lose the shell state (export) set before it)
# finding: 3:1: cd-to-workdir use WORKDIR instead of cd (not fixed: the directory uses $HOME, which no ENV of this file fixes)
# finding: 4:1: cd-to-workdir use WORKDIR instead of cd (not fixed: the RUN only changes directory (it has no effect; remove it by hand))
# finding: 5:1: cd-to-workdir use WORKDIR instead of cd (not fixed: the directory has variables, options or special characters)
# finding: 6:1: cd-to-workdir use WORKDIR instead of cd (not fixed: a --mount target is relative to the working directory)
# finding: 7:1: cd-to-workdir use WORKDIR instead of cd (not fixed: cd inside a subshell, pipeline, condition or function)
# finding: 8:1: cd-to-workdir use WORKDIR instead of cd (not fixed: the directory has variables, options or special characters)
FROM debian:12
RUN wget https://e.com/a && export X=1 && cd /opt && make
RUN cd $HOME && ls
RUN cd /only
RUN cd /a && make && cd - && ls
RUN --mount=type=cache,target=cache cd /w && make
RUN (cd /x && make)
RUN cd ~ && ls
