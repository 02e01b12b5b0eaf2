# golden: --unsafe-fixes
# finding: 2:1: copy-order-for-cache COPY of the whole source before `pip install -r requirements.txt` defeats the build cache; copy the manifests first [unsafe]
FROM python:3.12-slim
COPY . /app
WORKDIR /app
RUN pip install -r requirements.txt
CMD ["python", "main.py"]
# ---- output ----
FROM python:3.12-slim
COPY requirements.txt /app/
WORKDIR /app
RUN pip install -r requirements.txt
COPY . /app
CMD ["python", "main.py"]
