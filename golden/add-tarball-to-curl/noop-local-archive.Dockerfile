# golden: --unsafe-fixes
FROM debian:12
ADD vendor/tool.tar.gz /opt/
