FROM alpine
ADD run.sh run.sh
WORKDIR /app
ADD conf.json conf/
# ---- output ----
FROM alpine
ADD run.sh run.sh
WORKDIR /app
COPY conf.json conf/
