# golden: --unsafe-fixes
FROM python:3.12
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \
 && rm -rf /var/lib/apt/lists/*
COPY app.py /app/
CMD ["python", "/app/app.py"]
# ---- output ----
FROM python:3.12-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 \
 && rm -rf /var/lib/apt/lists/*
COPY app.py /app/
CMD ["python", "/app/app.py"]
