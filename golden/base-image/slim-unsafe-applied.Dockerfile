# golden: --unsafe-fixes
# finding: 1:6: base-image FROM python:3.12 is the full image; python:3.12-slim has the same version with far fewer packages (smaller, fewer CVEs). Caveat: no compilers, headers, git or curl [unsafe]
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
