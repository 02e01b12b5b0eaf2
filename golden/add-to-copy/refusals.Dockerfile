FROM alpine
ADD --checksum=sha256:abc local.txt /x
ADD bin/* /x/
ADD Gemfile* /x/
ADD $SRC /x
ADD a.tar b.txt /x/
