# golden: --unsafe-fixes
# finding: 2:1: add-tarball-to-curl ADD of a remote tarball keeps the archive in a layer; download and extract it in the RUN [unsafe]
FROM golang:1.22
ADD https://example.com/data.tar.gz /var/tmp/
RUN tar -xzf /var/tmp/data.tar.gz -C /usr/share && rm -rf /var/tmp/data.tar.gz /var/cache/x
# ---- output ----
FROM golang:1.22
RUN mkdir -p /var/tmp && curl -fsSL "https://example.com/data.tar.gz" | tar -xzf - -C /usr/share && rm -rf /var/cache/x
