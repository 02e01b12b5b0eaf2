# golden: --unsafe-fixes --select curl-tarball-to-add
# finding: 2:1: curl-tarball-to-add download checked with sha256sum: ADD --checksum does both and follows the remote file (not fixed: the download uses -H, which ADD cannot do)
FROM debian:12
RUN curl -fsSL -H "Authorization: token abc" -o /tmp/x.tgz https://example.com/x.tgz && echo "26700f8d3e78112ad4a2618a9c8e2816e38a49ecf0213ece80e54c38cb02563f  /tmp/x.tgz" | sha256sum -c - && tar -xzf /tmp/x.tgz
