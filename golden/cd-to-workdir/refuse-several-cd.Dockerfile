# golden: --unsafe-fixes
FROM debian:12
RUN cd /tmp && wget -q https://e.com/s.tgz && tar xzf s.tgz && cd s && make
