# golden: --unsafe-fixes
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
RUN groupadd -r app && useradd --no-log-init -r -g app app && chown app:app /app && mkdir -p /data && chown app:app /data
USER app
VOLUME ["/data", "/app"]
EXPOSE 8001
CMD ["datasette", "serve", "/data/db.sqlite"]
