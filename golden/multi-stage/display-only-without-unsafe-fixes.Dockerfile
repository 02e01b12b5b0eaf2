# finding: 1:1: multi-stage single-stage build ships its toolchain; build in a stage and run from gcr.io/distroless/static-debian12 (check: files the binary reads at run time are not copied) [display-only]
FROM golang:1.22
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /bin/app .
CMD ["/bin/app"]
