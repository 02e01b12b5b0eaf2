# golden: --unsafe-fixes
# finding: 2:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail [unsafe]
# finding: 3:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail [unsafe]
FROM debian:12
RUN curl -fsSL https://example.com/install.sh | sh
RUN wget -qO- https://example.com/x.tgz | tar xz -C /opt
RUN echo done > /done
CMD ["/opt/x/run"]
# ---- output ----
FROM debian:12
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/install.sh | sh
RUN wget -qO- https://example.com/x.tgz | tar xz -C /opt
SHELL ["/bin/sh", "-c"]
RUN echo done > /done
CMD ["/opt/x/run"]
