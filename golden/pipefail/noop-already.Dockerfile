# golden: --unsafe-fixes
# findings: none
FROM debian:12
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl x | tar x
RUN bash -c "curl x | tar x"
RUN ["sh", "-c", "a | b"]
