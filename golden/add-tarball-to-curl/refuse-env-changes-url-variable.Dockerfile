# golden: --unsafe-fixes
FROM python:3.12
ARG V=1.0
ADD https://example.com/x-${V}.tar.gz /opt/
ENV V=2.0
RUN tar -xzf /opt/x-1.0.tar.gz -C /opt
