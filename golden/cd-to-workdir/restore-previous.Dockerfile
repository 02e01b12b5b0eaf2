# golden: --unsafe-fixes
FROM debian:12
RUN cd /src && make
COPY app.conf .
# ---- output ----
FROM debian:12
WORKDIR /src
RUN make
WORKDIR /
COPY app.conf .
