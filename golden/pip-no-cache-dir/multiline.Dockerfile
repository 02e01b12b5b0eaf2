FROM python:3.12-slim
RUN set -eux; \
    pip install \
        requests \
        flask; \
    echo ok
# ---- output ----
FROM python:3.12-slim
RUN set -eux; \
    pip install --no-cache-dir \
        requests \
        flask; \
    echo ok
