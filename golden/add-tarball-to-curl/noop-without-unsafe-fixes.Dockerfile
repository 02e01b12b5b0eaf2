# finding: 2:1: add-tarball-to-curl ADD of a remote tarball keeps the archive in a layer; download and extract it in the RUN [unsafe]
FROM python:3.12
ADD https://example.com/x.tar.gz /opt/
RUN tar -xzf /opt/x.tar.gz -C /opt
