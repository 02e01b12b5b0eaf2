# golden: --unsafe-fixes
FROM debian:12
# build it
RUN cd /src && make
CMD ["x"]
# ---- output ----
FROM debian:12
# build it
WORKDIR /src
RUN make
WORKDIR /
CMD ["x"]
