# golden: --unsafe-fixes
FROM alpine
ADD data /srv/data
# ---- output ----
FROM alpine
COPY data /srv/data
