FROM alpine
ADD ["my file.txt", "/x/"]
ONBUILD ADD run.sh /run.sh
# ---- output ----
FROM alpine
COPY ["my file.txt", "/x/"]
ONBUILD COPY run.sh /run.sh
