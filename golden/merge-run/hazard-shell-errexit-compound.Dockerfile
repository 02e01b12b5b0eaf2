# golden: --unsafe-fixes --option merge-run-only-gains=false
# finding: 7:1: merge-run consecutive RUN instructions (not fixed: the RUN before runs under set -e and has several commands in a row; joined, it would sit left of `&&`, where the shell ignores set -e: a failing command there would no longer fail the build)
# finding: 8:1: merge-run 2 consecutive RUN instructions can be one [unsafe]
# finding: 9:1: merge-run consecutive RUN instructions (not fixed: the RUN before runs under set -e and has a loop; joined, it would sit left of `&&`, where the shell ignores set -e: a failing command there would no longer fail the build)
# finding: 10:1: merge-run 2 consecutive RUN instructions can be one [unsafe]
# finding: 11:1: merge-run consecutive RUN instructions (not fixed: the RUN before runs under set -e and has several commands in a row; joined, it would sit left of `&&`, where the shell ignores set -e: a failing command there would no longer fail the build)
# finding: 12:1: merge-run 2 consecutive RUN instructions can be one [unsafe]
FROM debian:12
SHELL ["/bin/bash", "-euxo", "pipefail", "-c"]
RUN if [ -f /etc/os-release ]; then \
      false; \
      echo after; \
    fi
RUN echo done
RUN for f in a b; do test -e "$f"; done
RUN echo two
RUN apt-get update; apt-get install -y curl
RUN if [ -f /x ]; then rm /x; fi
RUN echo three
# ---- output ----
FROM debian:12
SHELL ["/bin/bash", "-euxo", "pipefail", "-c"]
RUN if [ -f /etc/os-release ]; then \
      false; \
      echo after; \
    fi
RUN echo done && \
    for f in a b; do test -e "$f"; done
RUN echo two && \
    ( apt-get update; apt-get install -y curl )
RUN if [ -f /x ]; then rm /x; fi && \
    echo three
