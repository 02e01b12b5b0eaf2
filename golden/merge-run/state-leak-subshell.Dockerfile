# golden: --unsafe-fixes --option merge-run-only-gains=false
# finding: 3:1: merge-run 3 consecutive RUN instructions can be one [unsafe]
# finding: 5:1: merge-run consecutive RUN instructions (not fixed: a RUN before sets A, which this RUN uses; joined, that RUN would run in a subshell and shellcheck would report the lost value (SC2031))
# finding: 6:1: merge-run consecutive RUN instructions (not fixed: the RUN is not an && chain and uses $$/PPID (a subshell would change it))
# finding: 7:1: merge-run consecutive RUN instructions (not fixed: the previous RUN runs 'cd', which changes the shell's state and uses $$/PPID (a subshell would change it))
FROM debian:12
RUN cd /app && ./prepare.sh
RUN ./build.sh
RUN export A=1; set -e
RUN echo $A
RUN echo $$ > /pid; cd /
RUN echo next
# ---- output ----
FROM debian:12
RUN ( cd /app && ./prepare.sh ) && \
    ./build.sh && \
    ( export A=1; set -e ) && \
    echo $A
RUN echo $$ > /pid; cd /
RUN echo next
