# golden: --unsafe-fixes
# finding: 2:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
FROM debian:12 AS tools
RUN cd /src && make
FROM scratch
COPY app /app
# ---- output ----
FROM debian:12 AS tools
WORKDIR /src
RUN make
FROM scratch
COPY app /app
