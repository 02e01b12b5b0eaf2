FROM ubuntu:22.04
RUN apt update && apt install -y curl && apt full-upgrade -y && apt autoremove -y && apt clean
# ---- output ----
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y curl && apt-get dist-upgrade -y && apt-get autoremove -y && apt-get clean
