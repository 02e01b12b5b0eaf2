# golden: --unsafe-fixes
FROM registry.example.com/team/builder:1
RUN cd /go/src && go build
RUN cd x && go build
COPY . .
