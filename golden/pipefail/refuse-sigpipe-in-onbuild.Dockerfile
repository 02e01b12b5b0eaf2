# golden: --unsafe-fixes
FROM debian:12
RUN curl -fsSL https://example.com/x.tgz | tar xz -C /opt
ONBUILD RUN yes | apt-get install -y something
