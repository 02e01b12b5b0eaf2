# golden: --unsafe-fixes
FROM alpine
ARG MODEL=model.onnx
ARG CONF="app.json"
ENV DIST=dist/
ARG PKG=app.tar.gz
ARG BASE_URL=https://example.com/files
ADD "${MODEL}" /models/
ADD $CONF ${DIST} /srv/
# an archive, a URL and an unknown value: refused
ADD ${PKG} /opt/
ADD ${BASE_URL}/app.json /srv/
ADD ${UNKNOWN}/app.json /srv/
ADD '$MODEL' /models/
# ---- output ----
FROM alpine
ARG MODEL=model.onnx
ARG CONF="app.json"
ENV DIST=dist/
ARG PKG=app.tar.gz
ARG BASE_URL=https://example.com/files
COPY "${MODEL}" /models/
COPY $CONF ${DIST} /srv/
# an archive, a URL and an unknown value: refused
ADD ${PKG} /opt/
ADD ${BASE_URL}/app.json /srv/
ADD ${UNKNOWN}/app.json /srv/
ADD '$MODEL' /models/
