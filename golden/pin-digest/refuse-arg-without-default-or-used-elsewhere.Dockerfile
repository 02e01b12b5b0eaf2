# golden: --option offline=true --option pin-cache=false
# finding: 3:6: pin-digest FROM image $NODEF is not pinned to a digest (not fixed: ARG NODEF has no default)
# finding: 4:6: pin-digest ARG USED default image ${USED} is not pinned to a digest (not fixed: ARG USED is also used outside FROM image references; pinning its default would change those)
ARG NODEF
ARG USED=python:3.12
FROM $NODEF
FROM ${USED} AS app
RUN echo "built from $USED"
