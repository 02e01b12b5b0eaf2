# golden: --unsafe-fixes --select scan-stage
# finding: 1:1: scan-stage the final image is not scanned for vulnerabilities (add a `scan` stage, built with --target scan) [display-only]
FROM python:3.12-slim
COPY app.py /app/
CMD ["python", "/app/app.py"]
