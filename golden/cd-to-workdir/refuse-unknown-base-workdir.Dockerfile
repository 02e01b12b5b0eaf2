# golden: --unsafe-fixes
# finding: 2:1: cd-to-workdir use WORKDIR instead of cd (not fixed: later instructions need the previous WORKDIR, which is unknown (base image))
# finding: 3:1: cd-to-workdir use WORKDIR instead of cd (not fixed: relative directory and the current WORKDIR is unknown)
FROM registry.example.com/team/builder:1
RUN cd /go/src && go build
RUN cd x && go build
COPY . .
