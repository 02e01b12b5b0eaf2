# golden: --unsafe-fixes
# findings: none
FROM debian:12
ADD vendor/tool.tar.gz /opt/
