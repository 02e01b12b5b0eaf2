FROM ubuntu:22.04
USER app
RUN sudo mkdir /data
USER root
RUN sudo mkdir /data2
# ---- output ----
FROM ubuntu:22.04
USER app
RUN sudo mkdir /data
USER root
RUN mkdir /data2
