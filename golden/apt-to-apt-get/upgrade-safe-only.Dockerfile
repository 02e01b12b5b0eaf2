FROM ubuntu:22.04
RUN apt upgrade -y && apt install -y ./local.deb && apt install -y curl
# ---- output ----
FROM ubuntu:22.04
RUN apt upgrade -y && apt install -y ./local.deb && apt-get install -y curl
