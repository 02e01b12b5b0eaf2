# golden: --unsafe-fixes
# finding: 3:1: add-tarball-to-curl ADD of a remote tarball keeps the archive in a layer (not fixed: ENV on line 4 changes a variable the URL uses)
FROM python:3.12
ARG V=1.0
ADD https://example.com/x-${V}.tar.gz /opt/
ENV V=2.0
RUN tar -xzf /opt/x-1.0.tar.gz -C /opt
