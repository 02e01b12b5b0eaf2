# golden: --unsafe-fixes
# finding: 3:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
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
