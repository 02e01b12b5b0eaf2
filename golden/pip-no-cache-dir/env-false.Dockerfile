# finding: 4:5: pip-no-cache-dir pip install keeps its download cache in the image; add --no-cache-dir [safe]
FROM python:3.12-slim
# pip disables its cache for any valid value, even false: the flag changes nothing
ENV PIP_NO_CACHE_DIR=false
RUN pip install requests
# ---- output ----
FROM python:3.12-slim
# pip disables its cache for any valid value, even false: the flag changes nothing
ENV PIP_NO_CACHE_DIR=false
RUN pip install --no-cache-dir requests
