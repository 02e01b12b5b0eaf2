FROM ubuntu:22.04
RUN sudo pip install x
FROM someorg/image:1
RUN sudo apt-get install -y x
