# golden: --unsafe-fixes
FROM ubuntu
FROM debian:latest AS base
RUN echo hi
