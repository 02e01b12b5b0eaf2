# golden: --unsafe-fixes
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
RUN if [ -f /x ]; then echo one; fi
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
RUN if [ -f /x ]; then echo one; fi && \
    echo three
