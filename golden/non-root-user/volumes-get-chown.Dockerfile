# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER); create and switch to '10001:10001' [unsafe]
FROM python:3.12-slim
WORKDIR /app
RUN pip install --no-cache-dir datasette
VOLUME ["/data", "/app"]
EXPOSE 8001
CMD ["datasette", "serve", "/data/db.sqlite"]
# ---- output ----
FROM python:3.12-slim
WORKDIR /app
RUN pip install --no-cache-dir datasette
RUN groupadd -r -g 10001 app && useradd --no-log-init -r -m -u 10001 -g app app && chown 10001:10001 /app && mkdir -p /data && chown 10001:10001 /data
USER 10001:10001
VOLUME ["/data", "/app"]
EXPOSE 8001
CMD ["datasette", "serve", "/data/db.sqlite"]
