# golden: --unsafe-fixes
FROM ubuntu:22.04
# ubuntu sets no WORKDIR: the working directory is /
ADD requirements.txt .
ADD start.sh start.sh
ADD ./src "src/"

FROM python:3.12-slim AS app
ADD ./conf/ ./conf/

FROM app
ADD app.py ./

FROM nvcr.io/nvidia/pytorch:24.01-py3
# the base image's WORKDIR is not known: refused
ADD requirements.txt .
# ---- output ----
FROM ubuntu:22.04
# ubuntu sets no WORKDIR: the working directory is /
COPY requirements.txt /
COPY start.sh /start.sh
COPY ./src "/src/"

FROM python:3.12-slim AS app
COPY ./conf/ /conf/

FROM app
COPY app.py /

FROM nvcr.io/nvidia/pytorch:24.01-py3
# the base image's WORKDIR is not known: refused
ADD requirements.txt .
