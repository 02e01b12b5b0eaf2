# golden: --unsafe-fixes
# finding: 3:1: copy-order-for-cache COPY of the whole source before the dependency install on line 5 defeats the build cache (not fixed: a RUN between the COPY and `pip install -r requirements.txt` (line 4) may need the source)
FROM python:3.12
WORKDIR /app
COPY . .
RUN python tools/generate.py
RUN pip install -r requirements.txt
