# golden: --unsafe-fixes --select curl-tarball-to-add
# finding: 2:1: curl-tarball-to-add download checked with sha256sum: ADD --checksum does both and follows the remote file [unsafe]
FROM alpine:3.20
RUN mkdir -p /opt/t && wget -qO /opt/t/t.tar.xz https://example.com/t.tar.xz && echo "26700f8d3e78112ad4a2618a9c8e2816e38a49ecf0213ece80e54c38cb02563f  /opt/t/t.tar.xz" | sha256sum -c - && tar -xJf /opt/t/t.tar.xz -C /opt/t
# ---- output ----
FROM alpine:3.20
ADD --checksum=sha256:26700f8d3e78112ad4a2618a9c8e2816e38a49ecf0213ece80e54c38cb02563f https://example.com/t.tar.xz /opt/t/t.tar.xz
RUN mkdir -p /opt/t && tar -xJf /opt/t/t.tar.xz -C /opt/t
