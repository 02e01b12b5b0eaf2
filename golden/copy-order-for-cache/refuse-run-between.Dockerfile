# golden: --unsafe-fixes
FROM python:3.12
WORKDIR /app
COPY . .
RUN python tools/generate.py
RUN pip install -r requirements.txt
