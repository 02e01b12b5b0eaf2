FROM alpine
ADD --checksum=sha256:abc local.txt /x
ADD *.txt /x/
ADD $SRC /x
ADD a.tar b.txt /x/
