# golden: --unsafe-fixes --option cd-workdir-allow-growth=true
# finding: 2:1: cd-to-workdir use WORKDIR instead of cd (not fixed: splitting the RUN would put `git clone` and its `git checkout` in different layers)
FROM debian:12
RUN ./prepare.sh && git clone https://example.com/r.git /src && cd /src && git checkout v1.2 && ./build.sh
CMD ["app"]
