# golden: --unsafe-fixes --option user-uid=2000 --option user-gid=3000
# finding: 1:1: non-root-user the final stage runs as root (no USER); create and switch to '2000:3000' [unsafe]
FROM alpine:3.20
WORKDIR /srv
COPY run.py .
EXPOSE 8080
ENTRYPOINT ["python3", "run.py"]
# ---- output ----
FROM alpine:3.20
WORKDIR /srv
COPY run.py .
RUN addgroup -S -g 3000 app && adduser -S -u 2000 -G app app && chown 2000:3000 /srv
USER 2000:3000
EXPOSE 8080
ENTRYPOINT ["python3", "run.py"]
