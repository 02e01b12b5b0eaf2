# finding: 3:6: stale-base-image FROM ${BASE} (= node:16-alpine by default): node:16-alpine has not been rebuilt since 2023-09-11 (no security fixes); maintained: node:24-alpine (the LTS line; also node:22-alpine, node:26-alpine) [display-only]
# finding: 4:6: stale-base-image FROM python:${PYTHON_VERSION}-slim (= python:3.8-slim by default): python:3.8-slim has not been rebuilt since 2024-10-07 (no security fixes); maintained: python:3.14-slim (the line `latest` names; also python:3.10-slim, python:3.11-slim, python:3.12-slim, python:3.13-slim) (not fixed: the tag is built from build arguments: change their defaults)
ARG BASE=node:16-alpine
ARG PYTHON_VERSION=3.8
FROM ${BASE} AS web
FROM python:${PYTHON_VERSION}-slim AS api
