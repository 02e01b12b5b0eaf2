# golden: --unsafe-fixes
FROM continuumio/miniconda3
# bash takes its long options only before the one-letter ones
SHELL ["/bin/bash", "--login", "-c"]
RUN conda list | grep numpy
# ---- output ----
FROM continuumio/miniconda3
# bash takes its long options only before the one-letter ones
SHELL ["/bin/bash", "--login", "-o", "pipefail", "-c"]
RUN conda list | grep numpy
