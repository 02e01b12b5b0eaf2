# golden: --option offline=true --option pin-cache=false
ARG PY=3.12
ARG REGISTRY=docker.io
FROM python:${PY}-slim
FROM ${REGISTRY}/library/python:${PY}
COPY --from=$REGISTRY/library/alpine:3 /etc/os-release /x
RUN --mount=type=bind,from=alpine:${PY},target=/m true
