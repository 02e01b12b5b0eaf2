# golden: --unsafe-fixes
FROM golang:1.22
RUN cd /go/src && go build
RUN cd x && go build
COPY . .
