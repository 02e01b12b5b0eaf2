# golden: --unsafe-fixes
FROM jupyter/base-notebook
USER root
RUN sudo pip install x
FROM someorg/image:1
RUN sudo apt-get install -y x
# ---- output ----
FROM jupyter/base-notebook
USER root
RUN pip install x
FROM someorg/image:1
RUN apt-get install -y x
