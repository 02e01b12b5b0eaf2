# golden: --unsafe-fixes
# finding: 3:1: add-tarball-to-curl ADD of a remote tarball keeps the archive in a layer; download and extract it in the RUN [unsafe]
FROM alpine:3.20
ARG NODE_VERSION=20.15.1
ADD --checksum=sha256:26700f8d3e78112ad4a2618a9c8e2816e38a49ecf0213ece80e54c38cb02563f https://unofficial-builds.nodejs.org/download/release/v${NODE_VERSION}/node-v${NODE_VERSION}-linux-x64-musl.tar.xz /tmp/
RUN tar -xJf /tmp/node-v${NODE_VERSION}-linux-x64-musl.tar.xz -C /usr/local --strip-components=1
CMD ["node"]
# ---- output ----
FROM alpine:3.20
ARG NODE_VERSION=20.15.1
RUN wget -qO /tmp/node-v${NODE_VERSION}-linux-x64-musl.tar.xz "https://unofficial-builds.nodejs.org/download/release/v${NODE_VERSION}/node-v${NODE_VERSION}-linux-x64-musl.tar.xz" && echo "26700f8d3e78112ad4a2618a9c8e2816e38a49ecf0213ece80e54c38cb02563f  /tmp/node-v${NODE_VERSION}-linux-x64-musl.tar.xz" | sha256sum -c - && tar -xJf /tmp/node-v${NODE_VERSION}-linux-x64-musl.tar.xz -C /usr/local --strip-components=1 && rm -f /tmp/node-v${NODE_VERSION}-linux-x64-musl.tar.xz
CMD ["node"]
