# golden: --unsafe-fixes
# finding: 3:1: copy-order-for-cache COPY of the whole source before `pip install -e .` defeats the build cache (not fixed: `pip install -e .` installs an editable project, which needs the source)
FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install -e .
