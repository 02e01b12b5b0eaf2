# golden: --unsafe-fixes --select curl-tarball-to-add
# findings: none
FROM debian:12
RUN curl -fsSLo /tmp/x.tgz https://example.com/x.tgz && tar -xzf /tmp/x.tgz
