# golden: --unsafe-fixes
# finding: 1:1: multi-stage single-stage build ships its toolchain; build in a stage and run from gcr.io/distroless/static-debian12 (check: files the binary reads at run time are not copied) [unsafe]
FROM golang:1.22
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /bin/app ./cmd/app

# the API port
EXPOSE 8080
USER 65532:65532
CMD ["/bin/app"]
# ---- output ----
FROM golang:1.22 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -o /bin/app ./cmd/app

FROM gcr.io/distroless/static-debian12
WORKDIR /src
COPY --from=build /bin/app /bin/app

# the API port
EXPOSE 8080
USER 65532:65532
CMD ["/bin/app"]
