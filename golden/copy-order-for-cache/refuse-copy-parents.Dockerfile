# golden: --unsafe-fixes
# syntax=docker/dockerfile:1.7-labs
FROM python:3.12
WORKDIR /app
COPY --parents . .
RUN pip install -r requirements.txt
