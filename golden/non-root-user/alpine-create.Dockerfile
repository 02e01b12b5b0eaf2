# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER); create and switch to '10001:10001' [unsafe]
FROM alpine:3.20
RUN apk add --no-cache python3
COPY run.py /srv/
EXPOSE 8080
ENTRYPOINT ["python3", "/srv/run.py"]
# ---- output ----
FROM alpine:3.20
RUN apk add --no-cache python3
COPY run.py /srv/
RUN addgroup -S -g 10001 app && adduser -S -u 10001 -G app app
USER 10001:10001
EXPOSE 8080
ENTRYPOINT ["python3", "/srv/run.py"]
