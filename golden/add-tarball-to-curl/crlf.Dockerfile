# golden: --unsafe-fixes
# finding: 3:1: add-tarball-to-curl ADD of a remote tarball keeps the archive in a layer; download and extract it in the RUN [unsafe]
FROM debian:12
RUN apt-get update && apt-get install -y wget
ADD https://example.com/a.tar.bz2 /opt/a/
RUN tar -xjf /opt/a/a.tar.bz2 -C /opt/a && rm /opt/a/a.tar.bz2
# ---- output ----
FROM debian:12
RUN apt-get update && apt-get install -y wget
RUN mkdir -p /opt/a && wget -qO- "https://example.com/a.tar.bz2" | tar -xjf - -C /opt/a
