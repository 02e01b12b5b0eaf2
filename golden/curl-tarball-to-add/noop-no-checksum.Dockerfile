# golden: --unsafe-fixes
# findings: none
FROM debian:12
RUN curl -fsSL https://example.com/tool-1.2.tgz | tar -xz -C /opt
