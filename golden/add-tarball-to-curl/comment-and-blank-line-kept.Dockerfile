# golden: --unsafe-fixes
# finding: 3:1: add-tarball-to-curl ADD of a remote tarball keeps the archive in a layer; download and extract it in the RUN [unsafe]
FROM python:3.12
# the tool
ADD https://example.com/t.tar.gz /tmp/

# unpack it
RUN tar xzf /tmp/t.tar.gz -C /usr/local
# ---- output ----
FROM python:3.12
# the tool

# unpack it
RUN curl -fsSL "https://example.com/t.tar.gz" | tar xzf - -C /usr/local
