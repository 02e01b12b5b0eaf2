# golden: --unsafe-fixes
# finding: 1:6: stale-base-image FROM python:3.11.4-slim: python:3.11.4-slim has not been rebuilt since 2023-08-25 (no security fixes); maintained: python:3.11.16-slim (the same minor line) [unsafe]
FROM python:3.11.4-slim
COPY app.py /app/
CMD ["python", "/app/app.py"]
# ---- output ----
FROM python:3.11.16-slim
COPY app.py /app/
CMD ["python", "/app/app.py"]
