# golden: --unsafe-fixes --select scan-stage
FROM python:3.12-slim
COPY app.py /app/
CMD ["python", "/app/app.py"]
