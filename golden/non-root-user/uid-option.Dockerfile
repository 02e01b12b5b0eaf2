# golden: --unsafe-fixes --option user-uid=2000 --option user-gid=3000
FROM alpine:3.20
WORKDIR /srv
COPY run.py .
ENTRYPOINT ["python3", "run.py"]
# ---- output ----
FROM alpine:3.20
WORKDIR /srv
COPY run.py .
RUN addgroup -S -g 3000 app && adduser -S -u 2000 -G app app && chown 2000:3000 /srv
USER 2000:3000
ENTRYPOINT ["python3", "run.py"]
