# golden: --unsafe-fixes
# finding: 1:1: multi-stage single-stage build ships its toolchain; build in a stage and run from python:3.11-slim-bookworm (check: a compiled wheel may link a library no -dev package of the file names (its .so files tell, at build time); files written outside the WORKDIR are not copied) [unsafe]
FROM python:3.11-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends gcc python3-dev
COPY requirements.txt /tmp/
COPY src /usr/src/app
RUN pip install --no-cache-dir -r /tmp/requirements.txt
COPY conf/ /etc/app/
CMD ["python", "/usr/src/app/main.py"]
# ---- output ----
FROM python:3.11-bookworm AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc python3-dev
COPY requirements.txt /tmp/
COPY src /usr/src/app
RUN pip install --no-cache-dir -r /tmp/requirements.txt

FROM python:3.11-slim-bookworm
COPY --from=build /usr/local/lib/python3.11/site-packages /usr/local/lib/python3.11/site-packages
COPY --from=build /usr/local/bin /usr/local/bin
COPY --from=build /tmp/requirements.txt /tmp/requirements.txt
COPY --from=build /usr/src/app /usr/src/app
COPY conf/ /etc/app/
CMD ["python", "/usr/src/app/main.py"]
