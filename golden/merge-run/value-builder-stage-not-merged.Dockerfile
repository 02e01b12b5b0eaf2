# golden: --unsafe-fixes
# finding: 3:1: merge-run consecutive RUN instructions (not fixed: a builder stage: only COPY --from reads it, so its layers are thrown away and fewer of them gain nothing)
# finding: 4:1: merge-run consecutive RUN instructions (not fixed: a builder stage: only COPY --from reads it, so its layers are thrown away and fewer of them gain nothing)
# finding: 9:1: merge-run 2 consecutive RUN instructions can be one [unsafe]
FROM golang:1.22 AS build
RUN go env
RUN mkdir -p /out
RUN go version > /out/version

FROM debian:12-slim
COPY --from=build /out /out
RUN apt-get update
RUN apt-get install -y curl
# ---- output ----
FROM golang:1.22 AS build
RUN go env
RUN mkdir -p /out
RUN go version > /out/version

FROM debian:12-slim
COPY --from=build /out /out
RUN apt-get update && \
    apt-get install -y curl
