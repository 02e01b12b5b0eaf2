# golden: --unsafe-fixes
# finding: 2:1: add-tarball-to-curl ADD of a remote tarball keeps the archive in a layer; download and extract it in the RUN [unsafe]
FROM fedora:40
ADD https://example.com/tool-1.0.tar.gz /opt/
RUN tar -xf /opt/tool-1.0.tar.gz -C /opt && ln -s /opt/tool-1.0/bin/tool /usr/local/bin/tool
# ---- output ----
FROM fedora:40
RUN mkdir -p /opt && curl -fsSLo /opt/tool-1.0.tar.gz "https://example.com/tool-1.0.tar.gz" && tar -xf /opt/tool-1.0.tar.gz -C /opt && ln -s /opt/tool-1.0/bin/tool /usr/local/bin/tool && rm -f /opt/tool-1.0.tar.gz
