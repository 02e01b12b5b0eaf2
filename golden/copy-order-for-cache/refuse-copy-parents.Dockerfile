# golden: --unsafe-fixes
# finding: 4:1: copy-order-for-cache COPY of the whole source before `pip install -r requirements.txt` defeats the build cache (not fixed: the COPY uses --parents/--exclude)
# syntax=docker/dockerfile:1.7-labs
FROM python:3.12
WORKDIR /app
COPY --parents . .
RUN pip install -r requirements.txt
