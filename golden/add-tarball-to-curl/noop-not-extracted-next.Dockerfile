# golden: --unsafe-fixes
# findings: none
FROM python:3.12
ADD https://example.com/x.tar.gz /opt/
RUN echo hello
