# golden: --unsafe-fixes
FROM golang:1.22
WORKDIR /src
COPY . .
RUN go build -o /bin/app .
RUN apt-get update && apt-get install -y ffmpeg
CMD ["/bin/app"]
