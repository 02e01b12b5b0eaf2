FROM ubuntu:22.04
RUN sudo apt-get update && sudo -E apt-get install -y sudo curl && sudo chmod 755 /opt
# ---- output ----
FROM ubuntu:22.04
RUN apt-get update && apt-get install -y sudo curl && chmod 755 /opt
