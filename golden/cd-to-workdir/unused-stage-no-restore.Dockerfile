# golden: --unsafe-fixes
# finding: 2:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
FROM debian:12 AS build
RUN cd /src && make
FROM scratch
COPY --from=build /src/app /app
# ---- output ----
FROM debian:12 AS build
WORKDIR /src
RUN make
FROM scratch
COPY --from=build /src/app /app
