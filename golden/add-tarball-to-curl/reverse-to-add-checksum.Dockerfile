# golden: --unsafe-fixes --select curl-tarball-to-add
# finding: 5:1: curl-tarball-to-add download checked with sha256sum: ADD --checksum does both and follows the remote file [unsafe]
FROM debian:12
ARG V=1.0
RUN apt-get update && apt-get install -y curl
# fetch the tool
RUN curl -fsSLo /tmp/x.tgz "https://example.com/x-${V}.tgz" \
 && echo "24454f6ba0e10ad1b43c0fca5c4ab6b8ab2af5ecb3e6b6a1f0a3d1c3d7e8f9a0  /tmp/x.tgz" | sha256sum -c - \
 && tar -xzf /tmp/x.tgz -C /opt \
 && rm /tmp/x.tgz
# ---- output ----
FROM debian:12
ARG V=1.0
RUN apt-get update && apt-get install -y curl
# fetch the tool
ADD --checksum=sha256:24454f6ba0e10ad1b43c0fca5c4ab6b8ab2af5ecb3e6b6a1f0a3d1c3d7e8f9a0 https://example.com/x-${V}.tgz /tmp/x.tgz
RUN tar -xzf /tmp/x.tgz -C /opt \
 && rm /tmp/x.tgz
