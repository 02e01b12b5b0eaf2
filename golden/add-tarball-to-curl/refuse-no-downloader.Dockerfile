# golden: --unsafe-fixes
FROM debian:bookworm-slim
ADD https://example.com/x.tar.gz /opt/
RUN tar -xzf /opt/x.tar.gz -C /opt
