# golden: --unsafe-fixes
# finding: 1:1: multi-stage single-stage build ships its toolchain (not fixed: CMD/ENTRYPOINT does not run the built binary /bin/app)
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go build -o /bin/app .
CMD ["go", "run", "."]
