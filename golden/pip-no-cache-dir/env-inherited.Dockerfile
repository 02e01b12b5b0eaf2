# findings: none
FROM python:3.12-slim AS base
ENV PIP_NO_CACHE_DIR=on
FROM base
RUN pip install requests
