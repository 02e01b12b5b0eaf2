# golden: --unsafe-fixes
FROM python:3.12@sha256:4a6b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f708192a3b4c5d6e7f
COPY app.py /app/
