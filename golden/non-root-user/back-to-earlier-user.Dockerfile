# golden: --unsafe-fixes
# finding: 5:1: non-root-user the final stage switches back to root with USER root; switch to 'worker' [unsafe]
FROM ubuntu:22.04
RUN useradd -m worker
USER worker
RUN echo hello > /home/worker/x
USER root
RUN apt-get update && apt-get install -y jq
CMD ["jq", "--version"]
# ---- output ----
FROM ubuntu:22.04
RUN useradd -m worker
USER worker
RUN echo hello > /home/worker/x
USER root
RUN apt-get update && apt-get install -y jq
USER worker
CMD ["jq", "--version"]
