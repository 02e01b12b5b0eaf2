# golden: --unsafe-fixes
# finding: 3:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
# finding: 5:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
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
