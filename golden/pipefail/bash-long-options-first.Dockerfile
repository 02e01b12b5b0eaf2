# golden: --unsafe-fixes
# finding: 4:1: pipefail a pipe in RUN hides failures of all but its last command; use a SHELL with -o pipefail [unsafe]
FROM continuumio/miniconda3
# bash takes its long options only before the one-letter ones
SHELL ["/bin/bash", "--login", "-c"]
RUN conda list | grep numpy
# ---- output ----
FROM continuumio/miniconda3
# bash takes its long options only before the one-letter ones
SHELL ["/bin/bash", "--login", "-o", "pipefail", "-c"]
RUN conda list | grep numpy
