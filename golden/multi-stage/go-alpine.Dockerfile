# golden: --unsafe-fixes
# finding: 1:1: multi-stage single-stage build ships its toolchain; build in a stage and run from alpine:3.20 (check: files the binary reads at run time are not copied; a cgo binary needs the runtime image's C library) [unsafe]
FROM golang:1.22-alpine3.20
WORKDIR /app
COPY . .
RUN go build -o /usr/local/bin/tool .
CMD tool --serve
# ---- output ----
FROM golang:1.22-alpine3.20 AS build
WORKDIR /app
COPY . .
RUN go build -o /usr/local/bin/tool .

FROM alpine:3.20
WORKDIR /app
COPY --from=build /usr/local/bin/tool /usr/local/bin/tool
CMD tool --serve
