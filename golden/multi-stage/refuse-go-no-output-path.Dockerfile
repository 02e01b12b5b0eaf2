# golden: --unsafe-fixes
# finding: 1:1: multi-stage single-stage build ships its toolchain (not fixed: `go build` has no -o (or it uses a variable): the binary's path is not known)
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go build
CMD ["./src"]
