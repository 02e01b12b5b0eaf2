# golden: --unsafe-fixes
# finding: 3:1: copy-order-for-cache COPY of the whole source before `pip install -r requirements.txt` defeats the build cache; copy the manifests first [unsafe]
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install -r requirements.txt
CMD ["python", "app.py"]
# ---- output ----
FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt
COPY . .
CMD ["python", "app.py"]
