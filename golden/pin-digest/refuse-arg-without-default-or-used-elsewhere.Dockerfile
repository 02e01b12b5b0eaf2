# golden: --option offline=true --option pin-cache=false
ARG NODEF
ARG USED=python:3.12
FROM $NODEF
FROM ${USED} AS app
RUN echo "built from $USED"
