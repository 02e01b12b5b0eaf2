# golden: --unsafe-fixes
# finding: 2:1: add-tarball-to-curl ADD of a remote tarball keeps the archive in a layer (not fixed: the archive is used again on line 5)
FROM python:3.12
ADD https://example.com/x.tar.gz /opt/x.tar.gz
RUN tar -xzf /opt/x.tar.gz -C /opt
COPY --chown=1000 ./cfg /opt/cfg
RUN sha256sum /opt/x.tar.gz > /opt/SUMS
