# golden: --unsafe-fixes
FROM debian:12
RUN useradd -o -u 0 -g 0 admin
COPY tool /usr/bin/tool
CMD ["tool"]
