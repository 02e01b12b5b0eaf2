FROM ubuntu:14.04
RUN apt-get update && apt-get install -y python-pip && pip install requests
