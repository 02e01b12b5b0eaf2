# golden: --unsafe-fixes
# finding: 2:1: add-tarball-to-curl ADD of a remote tarball keeps the archive in a layer (not fixed: neither curl nor wget is known to be in the image (install one first, or keep ADD))
FROM debian:bookworm-slim
ADD https://example.com/x.tar.gz /opt/
RUN tar -xzf /opt/x.tar.gz -C /opt
