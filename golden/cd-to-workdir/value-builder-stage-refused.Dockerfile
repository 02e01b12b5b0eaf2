# golden: --unsafe-fixes
# finding: 2:1: cd-to-workdir use WORKDIR instead of cd (not fixed: a builder stage: only COPY --from reads it, so a WORKDIR there changes no shipped image and only churns the diff)
FROM debian:12 AS build
RUN cd /src && make
FROM scratch
COPY --from=build /src/app /app
