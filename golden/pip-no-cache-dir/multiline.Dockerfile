# finding: 3:5: pip-no-cache-dir pip install keeps its download cache in the image; add --no-cache-dir [safe]
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
