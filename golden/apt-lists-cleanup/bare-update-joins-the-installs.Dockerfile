# golden: --unsafe-fixes --select apt-lists-cleanup,merge-run
# finding: 2:1: apt-lists-cleanup apt-get update leaves the package lists in the layer; remove /var/lib/apt/lists/* in the same RUN [unsafe]
# finding: 3:1: merge-run 3 consecutive RUN instructions can be one [unsafe]
FROM debian:12
RUN apt-get update
RUN apt-get install -y curl
RUN apt-get install -y git
CMD ["bash"]
# ---- output ----
FROM debian:12
RUN apt-get update && apt-get install -y curl && \
    apt-get install -y git && \
    rm -rf /var/lib/apt/lists/*
CMD ["bash"]
