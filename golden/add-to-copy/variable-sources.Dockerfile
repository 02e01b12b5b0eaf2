# golden: --unsafe-fixes
# finding: 7:1: add-to-copy use COPY instead of ADD for local files and folders [unsafe]
# finding: 8:1: add-to-copy use COPY instead of ADD for local files and folders [unsafe]
# finding: 10:1: add-to-copy use COPY instead of ADD for local files and folders (not fixed: ${PKG} is app.tar.gz, an archive that ADD unpacks)
# finding: 11:1: add-to-copy use COPY instead of ADD for local files and folders (not fixed: ${BASE_URL}/app.json is the URL https://example.com/files/app.json: ADD downloads it)
# finding: 12:1: add-to-copy use COPY instead of ADD for local files and folders (not fixed: ${UNKNOWN}/app.json has a variable of unknown value: it could name a tar archive or a URL)
# finding: 13:1: add-to-copy use COPY instead of ADD for local files and folders (not fixed: '$MODEL': a single-quoted source is not expanded)
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
