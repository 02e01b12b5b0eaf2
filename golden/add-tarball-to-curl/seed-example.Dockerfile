# golden: --unsafe-fixes
# finding: 3:1: add-tarball-to-curl ADD of a remote tarball keeps the archive in a layer; download and extract it in the RUN [unsafe]
FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates xz-utils make
ADD http://example.com/big.tar.xz /usr/src/things/
RUN tar -xJf /usr/src/things/big.tar.xz -C /usr/src/things \
    && rm /usr/src/things/big.tar.xz \
    && make -C /usr/src/things all
# ---- output ----
FROM debian:bookworm
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates xz-utils make
RUN mkdir -p /usr/src/things && curl -fsSL "http://example.com/big.tar.xz" | tar -xJf - -C /usr/src/things \
    && make -C /usr/src/things all
