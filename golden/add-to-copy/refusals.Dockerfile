# finding: 2:1: add-to-copy use COPY instead of ADD for local files and folders (not fixed: flag --checksum is only valid on ADD)
# finding: 3:1: add-to-copy use COPY instead of ADD for local files and folders (not fixed: the glob bin/* could match a tar archive, which ADD unpacks)
# finding: 4:1: add-to-copy use COPY instead of ADD for local files and folders (not fixed: the glob Gemfile* could match a tar archive, which ADD unpacks)
# finding: 5:1: add-to-copy use COPY instead of ADD for local files and folders (not fixed: $SRC has a variable of unknown value: it could name a tar archive or a URL)
# finding: 6:1: add-to-copy use COPY instead of ADD for local files and folders (not fixed: some sources are archives that ADD unpacks)
FROM alpine
ADD --checksum=sha256:abc local.txt /x
ADD bin/* /x/
ADD Gemfile* /x/
ADD $SRC /x
ADD a.tar b.txt /x/
