FROM python:3.12
ADD https://example.com/x.tar.gz /opt/
RUN tar -xzf /opt/x.tar.gz -C /opt
