# golden: --unsafe-fixes
# finding: 3:1: add-to-copy use COPY instead of ADD for local files and folders [unsafe]
# finding: 4:1: add-to-copy use COPY instead of ADD for local files and folders [unsafe]
# finding: 5:1: add-to-copy use COPY instead of ADD for local files and folders [unsafe]
# finding: 8:1: add-to-copy use COPY instead of ADD for local files and folders [unsafe]
# finding: 11:1: add-to-copy use COPY instead of ADD for local files and folders [unsafe]
# finding: 15:1: add-to-copy use COPY instead of ADD for local files and folders (not fixed: relative destination and no WORKDIR in the stage: set a WORKDIR first (as COPY it would be DL3045))
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
