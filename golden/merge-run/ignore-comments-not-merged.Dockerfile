# golden: --unsafe-fixes
FROM debian:12
RUN echo a
# dockfix: ignore
RUN echo b
RUN echo c
# hadolint ignore=DL3008
RUN apt-get install -y x
RUN echo d
