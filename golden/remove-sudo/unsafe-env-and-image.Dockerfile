# golden: --unsafe-fixes
# finding: 3:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself [unsafe]
# finding: 5:5: remove-sudo sudo in a Dockerfile RUN: the build can run as root itself (not fixed: base image someorg/image:1 is not known to run as root and no step of the stage proves it: the file's sudo suggests its user is another one (add `USER root` before the RUN if the build is meant to run as root))
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
RUN sudo apt-get install -y x
