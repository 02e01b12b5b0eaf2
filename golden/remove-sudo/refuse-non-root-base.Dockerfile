# golden: --unsafe-fixes
FROM jupyter/base-notebook:latest
RUN sudo apt-get install -y x
FROM bitnami/python:3.11
RUN sudo mkdir /x
