FROM ubuntu:22.04
RUN sudo -H apt-get update && sudo -EH chmod 1 /x && sudo -u root mkdir /y && sudo -S rm -f /z
FROM ubuntu:22.04
ENV HOME=/home/app
RUN sudo -H mkdir /x && sudo -u app mkdir /y
# ---- output ----
FROM ubuntu:22.04
RUN apt-get update && chmod 1 /x && mkdir /y && rm -f /z
FROM ubuntu:22.04
ENV HOME=/home/app
RUN sudo -H mkdir /x && sudo -u app mkdir /y
