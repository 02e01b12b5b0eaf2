# golden: --option offline=true --option pin-cache=false
# finding: 3:6: pin-digest FROM image python:${PY}-slim is not pinned to a digest (not fixed: the reference is built from variables; a pin would silently ignore --build-arg overrides)
# finding: 4:6: pin-digest FROM image ${REGISTRY}/library/python:${PY} is not pinned to a digest (not fixed: the reference is built from variables; a pin would silently ignore --build-arg overrides)
# finding: 5:6: pin-digest COPY --from image $REGISTRY/library/alpine:3 is not pinned to a digest (not fixed: the reference is built from variables)
# finding: 6:5: pin-digest RUN --mount from image alpine:${PY} is not pinned to a digest (not fixed: the reference is built from variables)
ARG PY=3.12
ARG REGISTRY=docker.io
FROM python:${PY}-slim
FROM ${REGISTRY}/library/python:${PY}
COPY --from=$REGISTRY/library/alpine:3 /etc/os-release /x
RUN --mount=type=bind,from=alpine:${PY},target=/m true
