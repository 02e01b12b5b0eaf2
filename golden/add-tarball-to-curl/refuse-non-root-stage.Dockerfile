# golden: --unsafe-fixes
FROM python:3.12
USER nobody
ADD https://example.com/x.tar.gz /tmp/
RUN tar -xzf /tmp/x.tar.gz -C /tmp
