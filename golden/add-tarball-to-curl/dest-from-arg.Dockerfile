# golden: --unsafe-fixes
# finding: 3:1: add-tarball-to-curl ADD of a remote tarball keeps the archive in a layer; download and extract it in the RUN [unsafe]
FROM python:3.12
ARG DIR=/opt/tool
ADD https://example.com/x.tar.gz $DIR/
RUN tar -xzf /opt/tool/x.tar.gz -C /opt/tool && rm /opt/tool/x.tar.gz
# ---- output ----
FROM python:3.12
ARG DIR=/opt/tool
RUN mkdir -p $DIR && curl -fsSL "https://example.com/x.tar.gz" | tar -xzf - -C /opt/tool
