# finding: 2:1: add-to-copy use COPY instead of ADD for local files and folders [unsafe]
# finding: 4:1: add-to-copy use COPY instead of ADD for local files and folders [safe]
FROM alpine
ADD run.sh run.sh
WORKDIR /app
ADD conf.json conf/
# ---- output ----
FROM alpine
ADD run.sh run.sh
WORKDIR /app
COPY conf.json conf/
