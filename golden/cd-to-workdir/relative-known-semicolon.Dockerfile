# golden: --unsafe-fixes
# finding: 3:1: cd-to-workdir use WORKDIR instead of cd [unsafe]
FROM alpine:3.20
WORKDIR /app
RUN cd build; make install
CMD ["./run"]
# ---- output ----
FROM alpine:3.20
WORKDIR /app
WORKDIR /app/build
RUN make install
WORKDIR /app
CMD ["./run"]
