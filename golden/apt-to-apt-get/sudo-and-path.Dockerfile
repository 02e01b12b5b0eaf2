FROM ubuntu:22.04
USER bob
RUN sudo apt install -y curl && /usr/bin/apt update
# ---- output ----
FROM ubuntu:22.04
USER bob
RUN sudo apt-get install -y curl && /usr/bin/apt-get update
