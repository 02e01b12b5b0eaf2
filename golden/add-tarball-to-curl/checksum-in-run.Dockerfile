# golden: --unsafe-fixes
# finding: 3:1: add-tarball-to-curl ADD of a remote tarball keeps the archive in a layer; download and extract it in the RUN [unsafe]
FROM debian:12
RUN apt-get update && apt-get install -y curl
ADD https://example.com/app.tgz /tmp/app.tgz
RUN echo "0123abcd  /tmp/app.tgz" | sha256sum -c - \
 && tar -xzf /tmp/app.tgz -C /srv \
 && rm /tmp/app.tgz
# ---- output ----
FROM debian:12
RUN apt-get update && apt-get install -y curl
RUN curl -fsSLo /tmp/app.tgz "https://example.com/app.tgz" && echo "0123abcd  /tmp/app.tgz" | sha256sum -c - \
 && tar -xzf /tmp/app.tgz -C /srv \
 && rm /tmp/app.tgz
