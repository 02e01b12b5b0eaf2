# finding: 2:1: add-to-copy use COPY instead of ADD for local files and folders [safe]
# finding: 3:9: add-to-copy use COPY instead of ADD for local files and folders [safe]
FROM alpine
ADD ["my file.txt", "/x/"]
ONBUILD ADD run.sh /run.sh
# ---- output ----
FROM alpine
COPY ["my file.txt", "/x/"]
ONBUILD COPY run.sh /run.sh
