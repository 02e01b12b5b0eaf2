# golden: --unsafe-fixes
# finding: 2:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
FROM debian:12
RUN cd /src && make
COPY app.conf .
# ---- output ----
FROM debian:12
WORKDIR /src
RUN make
WORKDIR /
COPY app.conf .
