# golden: --unsafe-fixes
# finding: 1:1: multi-stage single-stage build ships its toolchain; build in a stage and run from gcr.io/distroless/base-debian12 (check: files the binary reads at run time are not copied; a cgo binary needs the runtime image's C library) [unsafe]
FROM golang:1.22-bookworm
WORKDIR /src
ENV APP_MODE=production
COPY . .
RUN go build -o server .
ENTRYPOINT ["/src/server"]
# ---- output ----
FROM golang:1.22-bookworm AS build
WORKDIR /src
ENV APP_MODE=production
COPY . .
RUN go build -o server .

FROM gcr.io/distroless/base-debian12
WORKDIR /src
ENV APP_MODE=production
COPY --from=build /src/server /src/server
ENTRYPOINT ["/src/server"]
