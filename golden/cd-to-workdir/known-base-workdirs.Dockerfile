# golden: --unsafe-fixes
# finding: 2:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
# finding: 6:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
FROM golang:1.22 AS build
RUN cd src && go build -o /out/app .
COPY app.conf .

FROM public.ecr.aws/ubuntu/ubuntu:24.04
RUN cd /opt && curl -fsSLo tool.tgz https://e.com/tool.tgz
CMD ["tool"]
# ---- output ----
FROM golang:1.22 AS build
WORKDIR /go/src
RUN go build -o /out/app .
WORKDIR /go
COPY app.conf .

FROM public.ecr.aws/ubuntu/ubuntu:24.04
WORKDIR /opt
RUN curl -fsSLo tool.tgz https://e.com/tool.tgz
WORKDIR /
CMD ["tool"]
