# golden: --unsafe-fixes
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
