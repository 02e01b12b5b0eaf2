# golden: --unsafe-fixes
# finding: 1:1: multi-stage single-stage build ships its toolchain (not fixed: USER app (line 6) may not exist in the runtime image gcr.io/distroless/static-debian12)
FROM golang:1.22
WORKDIR /src
RUN useradd -r app
COPY . .
RUN CGO_ENABLED=0 go build -o /bin/app .
USER app
CMD ["/bin/app"]
