# golden: --unsafe-fixes
# findings: none
ARG BASE=python:3.12
FROM ${BASE} AS build
FROM build AS test
FROM scratch
COPY --from=build /app /app
