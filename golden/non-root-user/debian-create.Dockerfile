# golden: --unsafe-fixes
# finding: 1:1: non-root-user the final stage runs as root (no USER); create and switch to '10001:10001' [unsafe]
FROM python:3.12-slim
WORKDIR /app
RUN pip install --no-cache-dir flask
COPY app.py .

# the web port
EXPOSE 8000
CMD ["python", "app.py"]
# ---- output ----
FROM python:3.12-slim
WORKDIR /app
RUN pip install --no-cache-dir flask
COPY app.py .
RUN groupadd -r -g 10001 app && useradd --no-log-init -r -m -u 10001 -g app app && chown 10001:10001 /app
USER 10001:10001

# the web port
EXPOSE 8000
CMD ["python", "app.py"]
