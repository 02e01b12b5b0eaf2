# golden: --unsafe-fixes
# finding: 1:1: multi-stage single-stage build ships its toolchain (not fixed: RUN on line 5 follows the build; the runtime stage would need it too)
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go build -o /bin/app .
RUN apt-get update && apt-get install -y ffmpeg
CMD ["/bin/app"]
