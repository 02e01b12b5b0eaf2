# findings: none
FROM alpine
ADD rootfs.tar.gz /
ADD app.tgz /opt/
ADD https://example.com/x.sh /x.sh
ADD git@github.com:moby/buildkit.git /bk
