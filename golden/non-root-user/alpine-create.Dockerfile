# golden: --unsafe-fixes
FROM alpine:3.20
RUN apk add --no-cache python3
COPY run.py /srv/
ENTRYPOINT ["python3", "/srv/run.py"]
# ---- output ----
FROM alpine:3.20
RUN apk add --no-cache python3
COPY run.py /srv/
RUN addgroup -S app && adduser -S -G app app
USER app
ENTRYPOINT ["python3", "/srv/run.py"]
