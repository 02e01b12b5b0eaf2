# golden: --unsafe-fixes
# finding: 3:1: add-tarball-to-curl ADD of a remote tarball keeps the archive in a layer (not fixed: the stage runs as USER nobody here; mkdir/extract may need root)
FROM python:3.12
USER nobody
ADD https://example.com/x.tar.gz /tmp/
RUN tar -xzf /tmp/x.tar.gz -C /tmp
