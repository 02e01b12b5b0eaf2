# golden: --unsafe-fixes
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
RUN groupadd -r app && useradd --no-log-init -r -g app app && chown app:app /app
USER app

# the web port
EXPOSE 8000
CMD ["python", "app.py"]
