# golden: --unsafe-fixes
# finding: 3:1: curl-tarball-to-add download checked with sha256sum: ADD --checksum does both and follows the remote file [unsafe]
FROM debian:12
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
RUN curl -fsSL -o /tmp/tool.tgz https://example.com/tool-1.2.tgz \
    && echo "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa  /tmp/tool.tgz" | sha256sum -c - \
    && tar -xzf /tmp/tool.tgz -C /opt \
    && rm /tmp/tool.tgz
# ---- output ----
FROM debian:12
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
ADD --checksum=sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa https://example.com/tool-1.2.tgz /tmp/tool.tgz
RUN tar -xzf /tmp/tool.tgz -C /opt \
    && rm /tmp/tool.tgz
