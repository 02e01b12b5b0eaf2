FROM ubuntu:22.04
RUN sudo -u bob ls && sudo -H pip install x && sudo && DEBIAN_FRONTEND=noninteractive sudo apt-get install -y x
ONBUILD RUN sudo mkdir /x
FROM ubuntu:22.04 AS two
USER $APP_USER
RUN sudo mkdir /y
